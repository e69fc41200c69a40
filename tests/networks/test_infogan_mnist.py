"""InfoGAN's MNIST networks: their shapes, their layers' settings, and the exact
reparametrizations of the authors' U(-1, 1) noise, [0, 1] images and sigmoid output."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from tfgan_zoo.layers import UniformLatent
from tfgan_zoo.networks.infogan_mnist import LEAKINESS, infogan_mnist_discriminator, infogan_mnist_generator


def test_the_generator_reads_a_one_hot_code_and_uniform_noise_and_ends_in_2_sigmoid_minus_1():
    keras.utils.set_random_seed(0)
    generator = infogan_mnist_generator()
    z = np.random.default_rng(0).normal(size=(5, 74)).astype(np.float32)
    images = generator(z, training=False).numpy()
    assert images.shape == (5, 28, 28, 1) and np.abs(images).max() < 1
    # What the first dense layer receives: one_hot(argmax z[:10]) beside erf(z[10:] / sqrt 2).
    first_dense = next(layer for layer in generator.layers if isinstance(layer, layers.Dense))
    received = keras.Model(generator.input, first_dense.input)(z).numpy()
    np.testing.assert_array_equal(received[:, :10], np.eye(10)[z[:, :10].argmax(-1)])
    np.testing.assert_allclose(received[:, 10:], UniformLatent()(z[:, 10:]).numpy(), rtol=0, atol=0)
    # The output is 2 sigmoid(a) - 1 of the last up-convolution's a.
    last = [layer for layer in generator.layers if isinstance(layer, layers.Conv2DTranspose)][-1]
    logits = keras.Model(generator.input, last.output)(z, training=False).numpy().astype(np.float64)
    np.testing.assert_allclose(images, 2 / (1 + np.exp(-logits)) - 1, atol=4 * np.finfo(np.float32).eps)


def test_the_discriminator_sees_their_0_1_images_and_gives_d_and_q_from_shared_features():
    keras.utils.set_random_seed(0)
    discriminator = infogan_mnist_discriminator(num_classes=12)
    x = np.random.default_rng(1).uniform(-1, 1, (4, 28, 28, 1)).astype(np.float32)
    logit, codes = discriminator(x, training=False)
    assert logit.shape == (4, 1) and codes.shape == (4, 12)
    first_conv = next(layer for layer in discriminator.layers if isinstance(layer, layers.Conv2D))
    np.testing.assert_allclose(keras.Model(discriminator.input, first_conv.input)(x).numpy(), (x + 1) / 2,
                               atol=np.finfo(np.float32).eps)
    slopes = {layer.negative_slope for layer in discriminator.layers if isinstance(layer, layers.LeakyReLU)}
    assert slopes == {LEAKINESS}
    norms = [layer for layer in discriminator.layers if isinstance(layer, layers.BatchNormalization)]
    assert len(norms) == 3 and all(norm.momentum == 0.9 and norm.epsilon == 1e-5 for norm in norms)


def _reads(reader, x, outputs):
    """The reader's `outputs` on each channel of x in [-1, 1], as D feeds it: [0, 1], one channel at a
    time for the whole batch, as TimeDistributed runs it. (A single stack of batch x channels images
    gives the same values but, on an AVX2-only CPU, not the same last bits: the kernels' order of
    summation follows the batch's shape.) -> [batch, channels x len(outputs)], channel by channel."""
    channels = [reader((x[..., m:m + 1] + 1) / 2, training=False).numpy()[:, outputs] for m in range(x.shape[-1])]
    return np.concatenate(channels, axis=1)


def test_code_per_channel_reads_code_m_from_channel_m_alone_and_the_continuous_codes_from_d():
    keras.utils.set_random_seed(0)
    discriminator = infogan_mnist_discriminator(num_classes=3 * 10 + 2, channels=3, code_per_channel=True)
    x = np.random.default_rng(2).uniform(-1, 1, (4, 28, 28, 3)).astype(np.float32)
    logit, codes = (output.numpy() for output in discriminator(x, training=False))
    assert logit.shape == (4, 1) and codes.shape == (4, 32)
    # Code m's logits are the shared reader's on channel m, in [0, 1] as D sees it, to the bit.
    reader = next(layer for layer in discriminator.layers if isinstance(layer, layers.TimeDistributed)).layer
    np.testing.assert_array_equal(codes[:, :30], _reads(reader, x, slice(0, 10)))
    # Redrawing channel 1 moves code 1 and the continuous codes (read from D's features of all channels),
    # and leaves codes 0 and 2 as they were, to the bit: nothing of channel 1 reaches them.
    redrawn = x.copy()
    redrawn[..., 1] = np.random.default_rng(3).uniform(-1, 1, (4, 28, 28))
    _, moved = (output.numpy() for output in discriminator(redrawn, training=False))
    np.testing.assert_array_equal(moved[:, :10], codes[:, :10])
    np.testing.assert_array_equal(moved[:, 20:30], codes[:, 20:30])
    assert np.abs(moved[:, 10:20] - codes[:, 10:20]).max() > 0 and np.abs(moved[:, 30:] - codes[:, 30:]).max() > 0


def test_continuous_per_channel_reads_channel_m_continuous_codes_from_channel_m_alone():
    keras.utils.set_random_seed(0)
    # 3 channels x (10 logits + 2 continuous) from the reader, and 1 more continuous code from D's features.
    discriminator = infogan_mnist_discriminator(num_classes=3 * 12 + 1, channels=3, code_per_channel=True,
                                                continuous_per_channel=2)
    x = np.random.default_rng(2).uniform(-1, 1, (4, 28, 28, 3)).astype(np.float32)
    codes = discriminator(x, training=False)[1].numpy()
    assert codes.shape == (4, 37)
    reader = next(layer for layer in discriminator.layers if isinstance(layer, layers.TimeDistributed)).layer
    np.testing.assert_array_equal(codes[:, :30], _reads(reader, x, slice(0, 10)))
    np.testing.assert_array_equal(codes[:, 30:36], _reads(reader, x, slice(10, 12)))  # code m c + j: channel m
    redrawn = x.copy()
    redrawn[..., 1] = np.random.default_rng(3).uniform(-1, 1, (4, 28, 28))
    moved = discriminator(redrawn, training=False)[1].numpy()
    unchanged = [*range(0, 10), *range(20, 30), 30, 31, 34, 35]
    np.testing.assert_array_equal(moved[:, unchanged], codes[:, unchanged])
    for channel_1 in (slice(10, 20), slice(32, 34), slice(36, 37)):  # and D's features read every channel
        assert np.abs(moved[:, channel_1] - codes[:, channel_1]).max() > 0


def test_continuous_per_channel_needs_code_per_channel_and_room_in_the_head():
    with pytest.raises(ValueError, match="> 0 only with code_per_channel"):
        infogan_mnist_discriminator(num_classes=32, channels=3, continuous_per_channel=2)
    with pytest.raises(ValueError, match="and 2 continuous codes from each of the 3 channels: num_classes must be "
                                         ">= 36, got 32"):
        infogan_mnist_discriminator(num_classes=32, channels=3, code_per_channel=True, continuous_per_channel=2)


def test_code_per_channel_needs_a_code_of_logits_for_every_channel():
    with pytest.raises(ValueError, match="num_classes must be >= 30, got 12"):
        infogan_mnist_discriminator(num_classes=12, channels=3, code_per_channel=True)


def test_code_per_channel_without_continuous_codes_trains_every_weight():
    keras.utils.set_random_seed(0)
    discriminator = infogan_mnist_discriminator(num_classes=3 * 10, channels=3, code_per_channel=True)
    x = np.random.default_rng(4).uniform(-1, 1, (4, 28, 28, 3)).astype(np.float32)
    with tf.GradientTape() as tape:
        logit, codes = discriminator(x, training=True)
        loss = tf.reduce_sum(logit) + tf.reduce_sum(codes)
    gradients = tape.gradient(loss, discriminator.trainable_variables)
    assert codes.shape == (4, 30)
    assert all(gradient is not None for gradient in gradients), [
        v.path for v, g in zip(discriminator.trainable_variables, gradients, strict=True) if g is None]
