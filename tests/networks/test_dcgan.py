"""DCGAN networks: shapes at every resolution, and the 64x64 pair layer for layer."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.layers import ConditionalBatchNormalization
from tfgan_zoo.networks import dcgan


def trainable_count(model):
    return sum(int(np.prod(v.shape)) for v in model.trainable_variables)


@pytest.mark.parametrize("resolution", [8, 32, 64])
def test_generator_and_discriminator_shapes(resolution):
    generator = dcgan.dcgan_generator(resolution, channels=3, z_dim=16, base_filters=4)
    discriminator = dcgan.dcgan_discriminator(resolution, channels=3, base_filters=4)
    images = generator(np.zeros((2, 16), np.float32))
    assert images.shape == (2, resolution, resolution, 3)
    assert discriminator(images).shape == (2, 1)


def test_64x64_matches_pytorch_examples_dcgan_parameter_counts():
    # netG / netD of pytorch/examples dcgan/main.py with nz=100, ngf=ndf=64, nc=3
    # (conv weights, no biases, plus batch-norm gamma and beta).
    assert trainable_count(dcgan.dcgan_generator(64, 3, 100, 64)) == 3_576_704
    assert trainable_count(dcgan.dcgan_discriminator(64, 3, 64)) == 2_765_568


def test_mnist_pair_shapes():
    images = dcgan.dcgan_mnist_generator(z_dim=100)(np.zeros((2, 100), np.float32))
    assert images.shape == (2, 28, 28, 1)
    assert dcgan.dcgan_mnist_discriminator()(images).shape == (2, 1)


def test_resolution_not_a_power_of_two_is_an_error():
    with pytest.raises(ValueError, match="power of two >= 8"):
        dcgan.dcgan_generator(48)


def test_conditional_generator_draws_per_class_from_the_same_z():
    generator = dcgan.dcgan_generator(8, channels=1, z_dim=4, base_filters=4, conditional=True, num_classes=3)
    assert [tensor.name for tensor in generator.inputs] == ["z", "label"]
    for layer in generator.layers:  # class tables away from their start, so classes differ
        if isinstance(layer, ConditionalBatchNormalization):
            layer.gamma.assign(np.random.default_rng(0).normal(1.0, 0.5, layer.gamma.shape))
    z = np.random.default_rng(1).standard_normal((3, 4)).astype(np.float32)
    same_z = np.repeat(z[:1], 3, axis=0)
    images = np.asarray(generator([tf.constant(same_z), tf.constant([0, 1, 2])], training=False))
    assert images.shape == (3, 8, 8, 1)
    assert not np.allclose(images[0], images[1]) and not np.allclose(images[1], images[2])
    # With every class's table at its start, the label changes nothing: plain batch norm.
    plain = dcgan.dcgan_generator(8, channels=1, z_dim=4, base_filters=4, conditional=True, num_classes=3)
    start = np.asarray(plain([tf.constant(same_z), tf.constant([0, 1, 2])], training=False))
    np.testing.assert_allclose(start[0], start[2], atol=1e-6)


def test_projection_discriminator_adds_embed_y_dot_mean_features():
    discriminator = dcgan.dcgan_discriminator(8, channels=1, base_filters=4, conditional=True, num_classes=3)
    last_conv = discriminator.layers[[layer.__class__.__name__ for layer in discriminator.layers].index("Flatten") - 1]
    features = keras.Model(discriminator.inputs[0], last_conv.input)  # phi before averaging: [batch, 4, 4, F]
    psi = keras.Model(discriminator.inputs[0], last_conv.output)
    embedding = discriminator.get_layer("class_projection")
    table = np.random.default_rng(0).standard_normal(embedding.embeddings.shape).astype(np.float32)
    embedding.embeddings.assign(table)
    images = np.random.default_rng(1).uniform(-1, 1, (4, 8, 8, 1)).astype(np.float32)
    labels = np.array([0, 1, 2, 1])
    logits = np.asarray(discriminator([tf.constant(images), tf.constant(labels)], training=False))
    phi = np.asarray(features(images, training=False), np.float64).mean(axis=(1, 2))
    expected = np.asarray(psi(images, training=False), np.float64).reshape(4) + (table[labels] * phi).sum(-1)
    # float32 sums of F = 8 products and 16 positions: a few ulps of their magnitude.
    np.testing.assert_allclose(logits[:, 0], expected, rtol=1e-5, atol=1e-6 * (1 + np.abs(phi).sum()))


def test_a_label_embedding_reaches_the_generator_from_its_first_layer():
    generator = dcgan.dcgan_generator(8, channels=1, z_dim=4, base_filters=4, conditional=True, num_classes=3,
                                      embedding_dim=5)
    z = tf.constant(np.repeat(np.random.default_rng(1).standard_normal((1, 4)).astype(np.float32), 3, axis=0))
    # Batch norm's tables still at their start, so only the embedding tells the classes apart.
    images = np.asarray(generator([z, tf.constant([0, 1, 2])], training=False))
    assert not np.allclose(images[0], images[1]) and not np.allclose(images[1], images[2])


def test_class_head_gives_acgans_logit_and_class_logits():
    discriminator = dcgan.dcgan_discriminator(16, channels=1, base_filters=4, num_classes=5, class_head=True)
    logits, classes = discriminator(np.zeros((2, 16, 16, 1), np.float32))
    assert logits.shape == (2, 1) and classes.shape == (2, 5)
    with pytest.raises(ValueError, match="either takes the label"):
        dcgan.dcgan_discriminator(16, channels=1, conditional=True, class_head=True)
