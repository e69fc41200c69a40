"""Reusable layers: a categorical latent code, a uniform latent, spectral normalization, minibatch
discrimination and stddev, conditional and per-slot BN, self-attention, maxout, and Progressive
GAN's equalized layers and pixel norm."""

from tfgan_zoo.layers.categorical_latent import CategoricalLatent, latent_codes
from tfgan_zoo.layers.conditional_batch_normalization import ConditionalBatchNormalization
from tfgan_zoo.layers.equalized import EqualizedConv2D, EqualizedDense, PixelNormalization
from tfgan_zoo.layers.fused_batch_normalization import FusedBatchNormalization
from tfgan_zoo.layers.maxout import Maxout
from tfgan_zoo.layers.minibatch_discrimination import MinibatchDiscrimination
from tfgan_zoo.layers.minibatch_stddev import MinibatchStddev
from tfgan_zoo.layers.self_attention import SelfAttention, attention_maps
from tfgan_zoo.layers.slot_batch_normalization import SlotBatchNormalization
from tfgan_zoo.layers.spectral_normalization import SpectralNormalization
from tfgan_zoo.layers.uniform_latent import UniformLatent

__all__ = ["CategoricalLatent", "ConditionalBatchNormalization", "EqualizedConv2D", "EqualizedDense", "FusedBatchNormalization", "Maxout", "PixelNormalization",
           "MinibatchDiscrimination", "MinibatchStddev",
           "SelfAttention", "SlotBatchNormalization", "SpectralNormalization", "UniformLatent", "attention_maps", "latent_codes"]
