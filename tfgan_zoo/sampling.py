"""Latent sampling from explicit seeds: the same seed gives the same z anywhere.

Used by exported `generate` signatures, so a client sends integers and the
server draws the latents, and by sampling with the truncation trick (Brock
et al. 2018, BigGAN, arXiv 1809.11096).
"""

import math

import tensorflow as tf


def _standard_normal_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def truncated_normal(shape, seed, threshold):
    """N(0, 1) conditioned on |z| <= threshold, drawn by inverting the CDF.

    u ~ U[Phi(-t), Phi(t)],  z = Phi^-1(u)

    This is exact for any threshold t > 0 (tf.random.truncated_normal is fixed
    at t = 2). The result is clipped to [-t, t] so rounding never leaves the
    interval.

    Args:
        shape: output shape.
        seed: int32/int64 tensor of shape [2] (stateless seed).
        threshold: t > 0, a Python float or a scalar tensor.
    """
    threshold = tf.cast(threshold, tf.float64)
    half_erf = tf.math.erf(threshold / math.sqrt(2.0)) * 0.5
    low, high = 0.5 - half_erf, 0.5 + half_erf
    u = tf.random.stateless_uniform(shape, seed=seed, dtype=tf.float64)
    z = tf.math.ndtri(low + u * (high - low))
    return tf.cast(tf.clip_by_value(z, -threshold, threshold), tf.float32)


def z_from_seeds(seeds, z_dim, truncation=None):
    """One latent per seed: z_i ~ N(0, I_{z_dim}) drawn statelessly from seeds[i].

    Args:
        seeds: int64 [batch].
        z_dim: latent size.
        truncation: None for the plain normal, else the threshold t of
            `truncated_normal` (a float or a scalar tensor).
    """
    seeds = tf.cast(seeds, tf.int64)

    def one(seed):
        pair = tf.stack([seed, tf.constant(0, tf.int64)])
        if truncation is None:
            return tf.random.stateless_normal([z_dim], seed=pair)
        return truncated_normal([z_dim], pair, truncation)

    return tf.map_fn(one, seeds, fn_output_signature=tf.TensorSpec([z_dim], tf.float32))


def to_uint8(images):
    """float images in [-1, 1] -> displayable uint8 pixels in [0, 255]."""
    return tf.cast(tf.clip_by_value(tf.round((tf.cast(images, tf.float32) + 1.0) * 127.5), 0.0, 255.0),
                   tf.uint8)
