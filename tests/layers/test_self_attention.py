"""SelfAttention (SAGAN): a numpy reference, identity at gamma = 0, softmax rows, spectral norm."""

import keras
import numpy as np
import pytest

from tfgan_zoo.layers import SelfAttention, SpectralNormalization
from tfgan_zoo.networks.aids import with_spectral_norm


def _layer(x, gamma):
    keras.utils.set_random_seed(0)
    layer = SelfAttention()
    layer.build(x.shape)
    layer.gamma.assign(gamma)
    return layer


def _numpy_attention(layer, x):
    def conv1x1(conv, features):  # a 1x1 convolution is a matmul over channels
        return features @ conv.kernel.numpy()[0, 0]

    def pooled(features):  # 2x2 max-pool of [batch, H, W, c], flattened to [batch, N/4, c]
        blocks = features.reshape(batch, height // 2, 2, width // 2, 2, -1).max(axis=(2, 4))
        return blocks.reshape(batch, height * width // 4, -1)

    batch, height, width, channels = x.shape
    flat = x.reshape(batch, height * width, channels)
    query = conv1x1(layer.query, flat)
    key, value = pooled(conv1x1(layer.key, x)), pooled(conv1x1(layer.value, x))
    scores = query @ key.transpose(0, 2, 1)
    beta = np.exp(scores - scores.max(-1, keepdims=True))
    beta /= beta.sum(-1, keepdims=True)
    out = conv1x1(layer.output_projection, beta @ value)
    return x + layer.gamma.numpy() * out.reshape(x.shape), beta


def test_output_equals_a_numpy_reference_on_a_tiny_input():
    x = np.random.default_rng(0).standard_normal((2, 4, 6, 16)).astype(np.float32)
    layer = _layer(x, 0.7)
    expected, expected_beta = _numpy_attention(layer, x)
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layer.attention_weights(x).numpy(), expected_beta, rtol=1e-5, atol=1e-6)


def test_a_new_block_is_the_identity():
    x = np.random.default_rng(1).standard_normal((2, 4, 4, 8)).astype(np.float32)
    layer = SelfAttention()
    assert float(layer(x).numpy().std()) > 0  # builds it
    assert float(layer.gamma.numpy()) == 0.0
    np.testing.assert_array_equal(layer(x).numpy(), x)


def test_attention_weights_are_a_distribution_over_positions():
    x = np.random.default_rng(2).standard_normal((3, 4, 6, 16)).astype(np.float32)
    beta = _layer(x, 1.0).attention_weights(x).numpy()
    assert beta.shape == (3, 24, 6)  # 4 x 6 queries over 2 x 3 pooled keys
    assert (beta >= 0).all()
    np.testing.assert_allclose(beta.sum(-1), 1.0, rtol=1e-6)


def test_fewer_than_eight_channels_is_a_clear_error():
    with pytest.raises(ValueError, match="needs >= 8 channels"):
        SelfAttention()(np.zeros((1, 2, 2, 4), np.float32))
    with pytest.raises(ValueError, match="height and width must be even"):
        SelfAttention()(np.zeros((1, 3, 4, 8), np.float32))


def test_the_spectral_norm_aid_normalizes_the_attention_convolutions():
    inputs = keras.Input((4, 4, 16))
    model = keras.Model(inputs, SelfAttention(name="attention")(inputs))
    normalized = with_spectral_norm(model).get_layer("attention")
    assert normalized.spectral_norm
    inner = [normalized.query, normalized.key, normalized.value, normalized.output_projection]
    assert all(isinstance(layer, SpectralNormalization) for layer in inner)
