"""Latents from seeds and the truncation trick."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo import sampling


@pytest.mark.parametrize("threshold", [0.1, 0.5, 1.0, 2.5])
def test_truncated_sampling_never_draws_beyond_the_threshold(threshold):
    z = sampling.z_from_seeds(tf.range(500, dtype=tf.int64), 64, truncation=threshold).numpy()
    assert np.abs(z).max() <= threshold
    # Still spread over the interval, not collapsed onto its ends or its centre.
    assert np.abs(z).max() > 0.95 * threshold and z.std() > 0.25 * threshold


def test_truncated_normal_has_the_conditioned_normal_moments():
    z = sampling.truncated_normal([200_000], tf.constant([3, 4]), 1.0).numpy()
    # Var of N(0,1) conditioned on |z| <= 1: 1 - 2 phi(1) / (2 Phi(1) - 1) = 0.2911
    assert abs(z.mean()) < 0.01 and abs(z.var() - 0.2911) < 0.005


def test_the_same_seed_gives_the_same_latent():
    first = sampling.z_from_seeds(tf.constant([7, 8], tf.int64), 16).numpy()
    second = sampling.z_from_seeds(tf.constant([8, 7], tf.int64), 16).numpy()
    np.testing.assert_array_equal(first[0], second[1])
    assert not np.allclose(first[0], first[1])
