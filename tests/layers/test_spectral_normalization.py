"""Spectral normalization: the power-iteration estimate, the normalized kernel, u's persistence."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.layers import SpectralNormalization


def wrapped(layer, input_shape, iterations=1):
    keras.utils.set_random_seed(0)
    sn = SpectralNormalization(layer, power_iterations=iterations)
    sn.build(input_shape)
    return sn


@pytest.mark.parametrize("make_layer,input_shape", [
    (lambda: keras.layers.Dense(7), (None, 12)),
    (lambda: keras.layers.Conv2D(5, 3), (None, 6, 6, 4)),
    (lambda: keras.layers.Conv2DTranspose(3, 4, strides=2), (None, 4, 4, 6)),
    (lambda: keras.layers.Embedding(10, 6), (None,)),
], ids=["dense", "conv", "conv_transpose", "embedding"])
def test_estimate_matches_numpy_largest_singular_value(make_layer, input_shape):
    # The layer is made inside the test: an initializer without a seed draws
    # one when it is constructed, so a layer made at collection time gets a
    # kernel that depends on the worker's random state.
    layer = make_layer()
    sn = wrapped(layer, input_shape)
    shape = sn.weight_matrix.shape
    fan, units = int(np.prod(shape[:-1])), shape[-1]
    # A kernel with a known spectrum: sigma_1 = 2, the rest in [0.1, 1].
    # Power iteration shrinks the error by (sigma_2 / sigma_1)^2 <= 1/4 per
    # iteration, so 50 iterations leave only float32 rounding, whatever u
    # starts at; a Glorot kernel's gap varies with the draw and can leave
    # 1% after 50.
    rng = np.random.default_rng(0)
    left, _ = np.linalg.qr(rng.normal(size=(fan, fan)))
    right, _ = np.linalg.qr(rng.normal(size=(units, units)))
    rank = min(fan, units)
    singular_values = np.concatenate([[2.0], np.linspace(1.0, 0.1, rank - 1)])
    matrix = left[:, :rank] @ np.diag(singular_values) @ right[:rank]
    sn.weight_matrix.assign(matrix.reshape(shape).astype(np.float32))
    if isinstance(layer, keras.layers.Embedding):
        x = np.arange(2, dtype=np.int32)
    else:
        x = np.random.default_rng(0).normal(size=(2, *input_shape[1:])).astype(np.float32)
    for _ in range(50):  # one iteration per training call, as in training
        sn(x, training=True)
    sigma, _ = sn.spectral_norm()
    # sigma = ||v W|| after a product over fan then units terms: float32
    # rounding bounds its relative error by about (fan + units) * eps.
    tolerance = 4 * (fan + units) * np.finfo(np.float32).eps
    np.testing.assert_allclose(float(sigma), 2.0, rtol=tolerance)


def test_output_uses_kernel_over_sigma_and_leaves_the_kernel_alone():
    sn = wrapped(keras.layers.Dense(4), (None, 3), iterations=40)
    raw = sn.layer.kernel.numpy().copy()
    x = np.random.default_rng(1).normal(size=(5, 3)).astype(np.float32)
    out = sn(x, training=True).numpy()
    sigma = np.linalg.svd(raw, compute_uv=False)[0]
    np.testing.assert_allclose(out, x @ (raw / sigma) + sn.layer.bias.numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(sn.layer.kernel.numpy(), raw)
    # The normalized kernel has spectral norm 1.
    np.testing.assert_allclose(np.linalg.svd(raw / sigma, compute_uv=False)[0], 1.0, rtol=1e-4)


def test_an_embedding_looks_up_rows_of_the_normalized_table():
    sn = wrapped(keras.layers.Embedding(5, 3), (None,), iterations=40)
    table = sn.layer.embeddings.numpy().copy()
    labels = np.array([4, 0, 4], np.int32)
    out = sn(labels, training=True).numpy()
    sigma = np.linalg.svd(table, compute_uv=False)[0]
    np.testing.assert_allclose(out, table[labels] / sigma, rtol=1e-4, atol=1e-6)
    np.testing.assert_array_equal(sn.layer.embeddings.numpy(), table)


def test_u_persists_across_training_calls_and_inference_leaves_it():
    sn = wrapped(keras.layers.Dense(4), (None, 3))
    x = np.ones((2, 3), np.float32)
    u0 = sn.vector_u.numpy().copy()
    sn(x, training=False)
    np.testing.assert_array_equal(sn.vector_u.numpy(), u0)
    sn(x, training=True)
    u1 = sn.vector_u.numpy().copy()
    assert not np.allclose(u0, u1)
    np.testing.assert_allclose(np.linalg.norm(u1), 1.0, rtol=1e-5)


def test_gradient_flows_through_sigma_to_the_raw_kernel():
    sn = wrapped(keras.layers.Dense(1, use_bias=False), (None, 2), iterations=30)
    sn.layer.kernel.assign(np.array([[3.0], [4.0]], np.float32))
    x = tf.constant([[1.0, 0.0]])
    with tf.GradientTape() as tape:
        out = tf.reduce_sum(sn(x, training=True))
    gradient = tape.gradient(out, sn.layer.kernel).numpy()
    # out = w1 / ||w||: d/dw1 = (||w||^2 - w1^2) / ||w||^3 = 16/125, d/dw2 = -w1 w2 / ||w||^3 = -12/125.
    np.testing.assert_allclose(gradient[:, 0], [16 / 125, -12 / 125], rtol=1e-4)


def test_serialization_round_trip_and_bad_arguments():
    sn = wrapped(keras.layers.Dense(4), (None, 3), iterations=3)
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(sn))
    assert restored.get_config() == sn.get_config()
    with pytest.raises(ValueError, match="power_iterations must be >= 1"):
        SpectralNormalization(keras.layers.Dense(2), power_iterations=0)
    with pytest.raises(ValueError, match="needs a layer with a kernel .* or an embedding table"):
        SpectralNormalization(keras.layers.ReLU()).build((None, 3))


def test_an_enclosing_stateless_scope_reaches_every_variable_of_the_wrapped_layer():
    # An unrolled GAN feeds D look-ahead values through a StatelessScope; the
    # wrapper opens its own, and the bias must still read the caller's value.
    sn = wrapped(keras.layers.Dense(2), (None, 3), iterations=40)
    x = np.ones((1, 3), np.float32)
    kernel, bias = sn.layer.kernel, sn.layer.bias
    new_kernel = kernel.numpy() * 2.0
    new_bias = np.array([1.5, -0.5], np.float32)
    with keras.StatelessScope(state_mapping=[(kernel, new_kernel), (bias, new_bias)]):
        out = sn(x).numpy()
        sigma = float(sn.spectral_norm()[0])
    np.testing.assert_allclose(out, x @ (new_kernel / sigma) + new_bias, rtol=1e-5)
    np.testing.assert_array_equal(bias.numpy(), np.zeros(2))
