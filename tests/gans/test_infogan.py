"""InfoGAN: the codes a step draws reach G's latent, both players add lambda L_I on
generated images only, and Q learns to read the codes back."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.gans import InfoGAN
from tfgan_zoo.networks import dcgan, infogan_mnist

CATEGORIES = 3
EPS = np.finfo(np.float32).eps


def networks(categories=CATEGORIES, head=CATEGORIES, z_dim=8):
    keras.utils.set_random_seed(0)
    generator = dcgan.dcgan_generator(resolution=8, channels=1, z_dim=z_dim, base_filters=4,
                                      latent_categories=categories)
    discriminator = dcgan.dcgan_discriminator(resolution=8, channels=1, base_filters=4, class_head=True,
                                              num_classes=head)
    return generator, discriminator


@pytest.mark.parametrize("continuous", [0, 2])
def test_the_codes_are_written_where_the_generator_reads_them(continuous):
    generator, discriminator = networks(head=CATEGORIES + continuous)
    gan = InfoGAN(generator, discriminator, continuous_codes=continuous)
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 8)).astype(np.float32)
    categories = np.array([2, 0, 1, 2])
    values = rng.normal(size=(4, continuous)).astype(np.float32)
    codes = np.concatenate([categories[:, None].astype(np.float32), values], axis=1)
    written = z.copy()
    written[:, :CATEGORIES] = np.eye(CATEGORIES)[categories]
    written[:, CATEGORIES:CATEGORIES + continuous] = values
    np.testing.assert_allclose(gan.generate(z, codes, training=False).numpy(),
                               generator(written, training=False).numpy(), rtol=1e-6)
    # Without codes (sampling, export) the codes are z's own.
    np.testing.assert_allclose(gan.generate(z, None, training=False).numpy(),
                               generator(z, training=False).numpy(), rtol=1e-6)


@pytest.mark.parametrize("continuous", [0, 2])
def test_both_players_add_lambda_times_l_i_of_generated_images_only(continuous):
    generator, discriminator = networks(head=CATEGORIES + continuous)
    gan = InfoGAN(generator, discriminator, continuous_codes=continuous, information_weight=0.5)
    rng = np.random.default_rng(1)
    real = rng.uniform(-1, 1, (4, 8, 8, 1)).astype(np.float32)
    fake = rng.uniform(-1, 1, (4, 8, 8, 1)).astype(np.float32)
    categories = np.array([0, 1, 2, 1])
    values = rng.normal(size=(4, continuous)).astype(np.float32)
    codes = np.concatenate([categories[:, None].astype(np.float32), values], axis=1)
    (real_out, _), (fake_out, outputs) = discriminator(real, training=True), discriminator(fake, training=True)
    outputs = outputs.numpy()
    # -log softmax at the category, plus half the squared error of each continuous mean.
    logits = outputs[:, :CATEGORIES].astype(np.float64)
    log_softmax = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    information = -log_softmax[np.arange(4), categories] + 0.5 * ((values - outputs[:, CATEGORIES:]) ** 2).sum(-1)
    d_expected = (tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(real_out), real_out)[:, 0]
                  + tf.nn.sigmoid_cross_entropy_with_logits(tf.zeros_like(fake_out), fake_out)[:, 0]).numpy() \
        + 0.5 * information
    d_loss, _, _ = gan.discriminator_loss(real, fake, codes)
    np.testing.assert_allclose(d_loss.numpy(), d_expected, rtol=1e-5)
    g_expected = tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(fake_out), fake_out)[:, 0].numpy() \
        + 0.5 * information
    np.testing.assert_allclose(gan.generator_loss(real, fake, codes).numpy(), g_expected, rtol=1e-5)
    # The reported bound, log K + C/2 - L_I, is a difference of numbers of the size of log K + C/2
    # and L_I: float32 rounding bounds its error absolutely, by a few eps times their size.
    bound = math.log(CATEGORIES) + continuous / 2
    np.testing.assert_allclose(gan.information_tracker.result().numpy(), bound - information.mean(),
                               rtol=0, atol=8 * EPS * (bound + information.max()))


@pytest.mark.parametrize("continuous", [0, 2])
def test_a_step_draws_its_codes_and_never_reads_the_data_labels(continuous):
    gan = InfoGAN(*networks(head=CATEGORIES + continuous), continuous_codes=continuous)
    real = np.zeros((3000, 8, 8, 1), np.float32)
    first = gan.step_labels(real, tf.constant(np.zeros(3000, np.int64))).numpy()
    second = gan.step_labels(real, tf.constant(np.ones(3000, np.int64))).numpy()
    assert first.shape == (3000, 1 + continuous)
    categories = first[:, 0].astype(int)
    assert np.array_equal(categories, first[:, 0]) and set(np.unique(categories)) == set(range(CATEGORIES))
    counts = np.bincount(categories, minlength=CATEGORIES)
    # Each count is binomial(3000, 1/3): 5 standard deviations is about 129.
    assert np.all(np.abs(counts - 1000) < 5 * math.sqrt(3000 * (1 / 3) * (2 / 3))), counts
    if continuous:
        # N(0, 1): the mean of 3000 within 5 standard errors of 0, the variance within 5 of 1.
        values = first[:, 1:]
        assert np.all(np.abs(values.mean(0)) < 5 / math.sqrt(3000))
        assert np.all(np.abs(values.var(0) - 1) < 5 * math.sqrt(2 / 3000))
    assert not np.array_equal(first, second)  # a fresh draw, whatever the labels


@pytest.mark.parametrize("continuous", [0, 2])
def test_q_learns_to_read_the_codes_back(continuous):
    generator, discriminator = networks(head=CATEGORIES + continuous)
    gan = InfoGAN(generator, discriminator, continuous_codes=continuous)
    gan.compile(keras.optimizers.Adam(2e-3, 0.5), keras.optimizers.Adam(2e-3, 0.5))
    real = np.random.default_rng(2).uniform(-1, 1, (64, 8, 8, 1)).astype(np.float32)
    history = gan.fit(real, batch_size=16, epochs=20, verbose=0)
    bound = history.history["mutual_information"]
    # Untrained, Q guesses (the continuous means' errors even push the bound below 0); it must
    # reach most of the codes' entropy log K + C/2.
    entropy = math.log(CATEGORIES) + continuous / 2
    assert bound[0] < 0.5 * entropy < bound[-1], bound[::5]


def test_it_refuses_networks_without_room_for_the_codes_or_with_a_head_of_another_size():
    generator, discriminator = networks()
    with pytest.raises(ValueError, match="latent_categories=K"):
        InfoGAN(dcgan.dcgan_generator(resolution=8, channels=1, z_dim=8, base_filters=4), discriminator)
    with pytest.raises(ValueError, match=r"\[logit, 3 code outputs\].*num_classes=3"):
        InfoGAN(generator, networks(head=4)[1])
    with pytest.raises(ValueError, match=r"\[logit, 5 code outputs\].*num_classes=5"):
        InfoGAN(generator, discriminator, continuous_codes=2)
    with pytest.raises(ValueError, match="z_dim must be > 8"):
        InfoGAN(generator, networks(head=8)[1], continuous_codes=5)
    with pytest.raises(ValueError, match="single code"):
        InfoGAN(generator, discriminator, packing=2)


def test_sampling_with_a_label_draws_that_category_and_keeps_the_continuous_codes_of_z():
    generator, discriminator = networks(head=CATEGORIES + 2)
    gan = InfoGAN(generator, discriminator, continuous_codes=2)
    assert gan.sample_classes == CATEGORIES  # a sample grid has a row per category
    z = np.random.default_rng(3).normal(size=(3, 8)).astype(np.float32)
    written = z.copy()
    written[:, :CATEGORIES] = np.eye(CATEGORIES)[[1, 1, 0]]
    np.testing.assert_allclose(gan.sample(z, [1, 1, 0]).numpy(), generator(written, training=False).numpy(),
                               rtol=1e-6)
    with pytest.raises(ValueError, match=r"label 3 is outside \[0, 3\)"):
        gan.sample(z, [0, 3, 1])


def several_code_networks(codes=3, categories=2, continuous=1, z_dim=10):
    keras.utils.set_random_seed(0)
    generator = infogan_mnist.infogan_mnist_generator(z_dim=z_dim, latent_categories=categories,
                                                      categorical_codes=codes, channels=3)
    discriminator = infogan_mnist.infogan_mnist_discriminator(num_classes=codes * categories + continuous,
                                                              channels=3)
    return generator, discriminator


def test_several_codes_are_drawn_written_and_each_read_back_by_its_own_logits():
    """M codes of K categories: a step draws M uniform categories, G reads each one-hot in its
    block of z, and L_I sums one cross-entropy per code over its own K logits."""
    codes, categories, continuous = 3, 2, 1
    generator, discriminator = several_code_networks(codes, categories, continuous)
    gan = InfoGAN(generator, discriminator, continuous_codes=continuous)
    drawn = gan.step_labels(np.zeros((3000, 28, 28, 3), np.float32), None).numpy()
    assert drawn.shape == (3000, codes + continuous)
    for m in range(codes):  # each binomial(3000, 1/2): 5 standard deviations is about 137
        assert abs(np.sum(drawn[:, m] == 1) - 1500) < 5 * math.sqrt(3000 / 4)
    rng = np.random.default_rng(4)
    z = rng.normal(size=(4, 10)).astype(np.float32)
    chosen = np.array([[0, 1, 1], [1, 0, 0], [1, 1, 0], [0, 0, 1]])
    values = rng.normal(size=(4, continuous)).astype(np.float32)
    written = z.copy()
    written[:, :6] = np.concatenate([np.eye(2)[chosen[:, m]] for m in range(codes)], axis=1)
    written[:, 6:7] = values
    labels = np.concatenate([chosen.astype(np.float32), values], axis=1)
    np.testing.assert_allclose(gan.generate(z, labels, training=False).numpy(),
                               generator(written, training=False).numpy(), rtol=1e-6)
    # A label alone (a sample grid's row) sets the first code; the others stay z's own.
    first_only = z.copy()
    first_only[:, :2] = np.eye(2)[[1, 0, 1, 1]]
    np.testing.assert_allclose(gan.sample(z, [1, 0, 1, 1]).numpy(), generator(first_only, training=False).numpy(),
                               rtol=1e-6)
    fake = rng.uniform(-1, 1, (4, 28, 28, 3)).astype(np.float32)
    outputs = discriminator(fake, training=True)[1].numpy().astype(np.float64)
    information = 0.5 * ((values[:, 0] - outputs[:, 6]) ** 2)
    for m in range(codes):
        logits = outputs[:, 2 * m:2 * m + 2]
        log_softmax = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
        information -= log_softmax[np.arange(4), chosen[:, m]]
    np.testing.assert_allclose(gan.information_loss(tf.constant(outputs, tf.float32), labels).numpy(),
                               information, rtol=1e-5)
    # The bound is M log K + C/2 - L_I.
    bound = codes * math.log(categories) + continuous / 2
    np.testing.assert_allclose(gan.information_tracker.result().numpy(), bound - information.mean(),
                               rtol=0, atol=8 * EPS * (bound + information.max()))
    with pytest.raises(ValueError, match=r"\[logit, 7 code outputs\].*3 x 2 category logits.*num_classes=7"):
        InfoGAN(generator, several_code_networks(codes, categories, continuous=0)[1], continuous_codes=continuous)
