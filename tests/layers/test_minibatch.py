"""Minibatch discrimination and minibatch standard deviation against numpy."""

import keras
import numpy as np
import pytest

from tfgan_zoo.layers import MinibatchDiscrimination, MinibatchStddev


def numpy_minibatch_features(features, tensor, kernels, dim):
    m = (features.reshape(len(features), -1) @ tensor).reshape(len(features), kernels, dim)
    out = np.zeros((len(features), kernels))
    for i in range(len(features)):
        for j in range(len(features)):
            out[i] += np.exp(-np.abs(m[i] - m[j]).sum(axis=-1))
    return out


def test_minibatch_discrimination_features_match_numpy_on_flat_input():
    layer = MinibatchDiscrimination(num_kernels=3, kernel_dim=2)
    x = np.random.default_rng(0).normal(size=(4, 5)).astype(np.float32)
    out = layer(x).numpy()
    expected = numpy_minibatch_features(x, layer.tensor.numpy(), 3, 2)
    assert out.shape == (4, 8)
    np.testing.assert_array_equal(out[:, :5], x)
    np.testing.assert_allclose(out[:, 5:], expected, rtol=1e-5)


def test_minibatch_discrimination_on_feature_maps_appends_constant_channels():
    layer = MinibatchDiscrimination(num_kernels=2, kernel_dim=3)
    x = np.random.default_rng(1).normal(size=(3, 2, 2, 4)).astype(np.float32)
    out = layer(x).numpy()
    expected = numpy_minibatch_features(x, layer.tensor.numpy(), 2, 3)
    assert out.shape == (3, 2, 2, 6)
    for row in range(2):
        for col in range(2):
            np.testing.assert_allclose(out[:, row, col, 4:], expected, rtol=1e-5)


def test_identical_examples_score_the_batch_size():
    # c_b(x_i, x_j) = exp(0) = 1 for every pair: o(x_i)_b = n.
    layer = MinibatchDiscrimination(num_kernels=2, kernel_dim=2)
    out = layer(np.ones((5, 3), np.float32)).numpy()
    np.testing.assert_allclose(out[:, 3:], 5.0, rtol=1e-6)


def test_minibatch_stddev_matches_numpy_with_groups():
    x = np.random.default_rng(2).normal(size=(4, 3, 3, 2)).astype(np.float32)
    out = MinibatchStddev(group_size=2)(x).numpy()
    grouped = x.reshape(2, 2, 3, 3, 2)  # group member g, group index j: example g * 2 + j
    stddev = np.sqrt(grouped.var(axis=0) + 1e-8).mean(axis=(1, 2, 3))  # [2 groups]
    expected = np.tile(stddev, 2)
    assert out.shape == (4, 3, 3, 3)
    np.testing.assert_array_equal(out[..., :2], x)
    np.testing.assert_allclose(out[:, 0, 0, 2], expected, rtol=1e-5)
    np.testing.assert_allclose(out[..., 2], np.broadcast_to(expected[:, None, None], (4, 3, 3)), rtol=1e-5)


def test_minibatch_stddev_whole_batch_on_flat_input_and_bad_groups():
    x = np.array([[0.0, 2.0], [2.0, 4.0]], np.float32)
    out = MinibatchStddev(group_size=4)(x).numpy()  # batch 2 < 4: one group
    np.testing.assert_allclose(out[:, 2], [1.0, 1.0], rtol=1e-5)
    with pytest.raises(ValueError, match="do not divide the batch of 6"):
        MinibatchStddev(group_size=4)(np.zeros((6, 2), np.float32))


def test_layers_serialize():
    for layer in (MinibatchDiscrimination(4, 3), MinibatchStddev(2)):
        restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
        assert restored.get_config() == layer.get_config()
