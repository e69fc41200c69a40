"""Reusable layers: spectral normalization, minibatch discrimination and stddev, conditional BN."""

from tfgan_zoo.layers.conditional_batch_normalization import ConditionalBatchNormalization
from tfgan_zoo.layers.minibatch_discrimination import MinibatchDiscrimination
from tfgan_zoo.layers.minibatch_stddev import MinibatchStddev
from tfgan_zoo.layers.spectral_normalization import SpectralNormalization

__all__ = ["ConditionalBatchNormalization", "MinibatchDiscrimination", "MinibatchStddev",
           "SpectralNormalization"]
