"""InfoGAN: the code a step draws reaches G's categorical latent, both players add
lambda L_I on generated images only, and Q learns to read the code back."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.gans import InfoGAN
from tfgan_zoo.networks import dcgan

CATEGORIES = 3


def networks(categories=CATEGORIES, head=CATEGORIES):
    keras.utils.set_random_seed(0)
    generator = dcgan.dcgan_generator(resolution=8, channels=1, z_dim=8, base_filters=4,
                                      latent_categories=categories)
    discriminator = dcgan.dcgan_discriminator(resolution=8, channels=1, base_filters=4, class_head=True,
                                              num_classes=head)
    return generator, discriminator


def test_a_code_is_written_where_the_categorical_latent_reads_it():
    generator, discriminator = networks()
    gan = InfoGAN(generator, discriminator)
    z = np.random.default_rng(0).normal(size=(4, 8)).astype(np.float32)
    codes = np.array([2, 0, 1, 2])
    written = z.copy()
    written[:, :CATEGORIES] = np.eye(CATEGORIES)[codes]
    np.testing.assert_allclose(gan.generate(z, codes, training=False).numpy(),
                               generator(written, training=False).numpy(), rtol=1e-6)
    # Without codes (sampling, export) the code is z's own: argmax of its first K coordinates.
    np.testing.assert_allclose(gan.generate(z, None, training=False).numpy(),
                               generator(z, training=False).numpy(), rtol=1e-6)


def test_both_players_add_lambda_times_the_code_cross_entropy_of_generated_images_only():
    generator, discriminator = networks()
    gan = InfoGAN(generator, discriminator, information_weight=0.5)
    rng = np.random.default_rng(1)
    real = rng.uniform(-1, 1, (4, 8, 8, 1)).astype(np.float32)
    fake = rng.uniform(-1, 1, (4, 8, 8, 1)).astype(np.float32)
    codes = np.array([0, 1, 2, 1])
    (real_out, _), (fake_out, code_logits) = discriminator(real, training=True), discriminator(fake, training=True)
    information = tf.nn.sparse_softmax_cross_entropy_with_logits(codes, code_logits)
    d_expected = (tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(real_out), real_out)[:, 0]
                  + tf.nn.sigmoid_cross_entropy_with_logits(tf.zeros_like(fake_out), fake_out)[:, 0]
                  + 0.5 * information)
    d_loss, _, _ = gan.discriminator_loss(real, fake, codes)
    np.testing.assert_allclose(d_loss.numpy(), d_expected.numpy(), rtol=1e-5)
    g_expected = tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(fake_out), fake_out)[:, 0] + 0.5 * information
    np.testing.assert_allclose(gan.generator_loss(real, fake, codes).numpy(), g_expected.numpy(), rtol=1e-5)
    # The reported bound is log K - L_I, averaged over the calls: a difference of two numbers
    # near log K, so float32 rounding bounds its error absolutely, by a few eps * log K.
    np.testing.assert_allclose(gan.information_tracker.result().numpy(),
                               math.log(CATEGORIES) - float(tf.reduce_mean(information)),
                               rtol=0, atol=8 * np.finfo(np.float32).eps * math.log(CATEGORIES))


def test_a_step_draws_uniform_codes_and_never_reads_the_data_labels():
    gan = InfoGAN(*networks())
    real = np.zeros((3000, 8, 8, 1), np.float32)
    first = gan.step_labels(real, tf.constant(np.zeros(3000, np.int64))).numpy()
    second = gan.step_labels(real, tf.constant(np.ones(3000, np.int64))).numpy()
    assert set(np.unique(first)) == set(range(CATEGORIES))
    counts = np.bincount(first, minlength=CATEGORIES)
    # Each count is binomial(3000, 1/3): 5 standard deviations is about 129.
    assert np.all(np.abs(counts - 1000) < 5 * math.sqrt(3000 * (1 / 3) * (2 / 3))), counts
    assert not np.array_equal(first, second)  # a fresh draw, whatever the labels


def test_q_learns_to_read_the_code_back():
    generator, discriminator = networks()
    gan = InfoGAN(generator, discriminator)
    gan.compile(keras.optimizers.Adam(2e-3, 0.5), keras.optimizers.Adam(2e-3, 0.5))
    real = np.random.default_rng(2).uniform(-1, 1, (64, 8, 8, 1)).astype(np.float32)
    history = gan.fit(real, batch_size=16, epochs=20, verbose=0)
    bound = history.history["mutual_information"]
    # Untrained, Q guesses: the bound starts near 0; it must reach most of log K.
    assert bound[0] < 0.5 * math.log(CATEGORIES) < bound[-1], bound[::5]


def test_it_refuses_networks_without_a_code_or_with_a_head_of_another_size():
    generator, discriminator = networks()
    with pytest.raises(ValueError, match="latent_categories=K"):
        InfoGAN(dcgan.dcgan_generator(resolution=8, channels=1, z_dim=8, base_filters=4), discriminator)
    with pytest.raises(ValueError, match=r"\[logit, 3 code logits\].*num_classes=3"):
        InfoGAN(generator, networks(head=4)[1])
    with pytest.raises(ValueError, match="single code"):
        InfoGAN(generator, discriminator, packing=2)
