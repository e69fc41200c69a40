"""Reusable layers (spectral norm, self-attention, minibatch features, ...)."""
