"""Maxout: a numpy reference, Blocks' piece order, serialization, spectral norm."""

import keras
import numpy as np
import pytest

from tfgan_zoo.layers import Maxout, SpectralNormalization


def test_output_equals_a_numpy_reference_with_consecutive_pieces_per_unit():
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    layer = Maxout(4, 3, bias_initializer="random_normal")
    out = layer(x).numpy()
    kernel, bias = layer.kernel.numpy(), layer.bias.numpy()
    affine = x.astype(np.float64) @ kernel + bias  # [5, 12]: unit i owns columns 3i, 3i + 1, 3i + 2
    expected = np.stack([affine[:, 3 * i:3 * i + 3].max(axis=1) for i in range(4)], axis=1)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape((None, 3)) == (None, 4)


def test_one_piece_is_a_dense_layer_and_bad_sizes_are_errors():
    x = np.random.default_rng(1).standard_normal((2, 6)).astype(np.float32)
    layer = Maxout(5, 1)
    np.testing.assert_allclose(layer(x).numpy(), x @ layer.kernel.numpy() + layer.bias.numpy(), rtol=1e-5,
                               atol=1e-6)
    with pytest.raises(ValueError, match="units and pieces must be >= 1"):
        Maxout(0, 5)


def test_config_round_trip_and_spectral_norm_wraps_it():
    layer = Maxout(3, 2, kernel_initializer=keras.initializers.RandomNormal(stddev=0.02))
    clone = Maxout.from_config(layer.get_config())
    assert (clone.units, clone.pieces) == (3, 2)
    x = np.ones((2, 4), np.float32)
    wrapped = SpectralNormalization(Maxout(3, 2))
    assert wrapped(x).shape == (2, 3)
