"""Each loss against values computed by hand from its formula."""

import math

import numpy as np
import pytest

from tfgan_zoo import losses

REAL = np.array([2.0, -1.0], np.float32)
FAKE = np.array([-3.0, 0.5], np.float32)


def softplus(x):
    return math.log1p(math.exp(x))


def log_sigmoid(x):
    return -softplus(-x)


def log_one_minus_sigmoid(x):
    return -softplus(x)


def check(fn, expected):
    result = fn(REAL, FAKE).numpy()
    assert result.shape == (2,), "losses are unreduced: one value per example"
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)


def test_minimax_pair():
    check(losses.minimax_discriminator_loss,
          [-log_sigmoid(r) - log_one_minus_sigmoid(f) for r, f in zip(REAL, FAKE, strict=True)])
    check(losses.minimax_generator_loss, [log_one_minus_sigmoid(f) for f in FAKE])


def test_one_sided_label_smoothing_only_moves_real_targets():
    s = 0.1
    expected = [-(1 - s) * log_sigmoid(r) - s * log_one_minus_sigmoid(r) - log_one_minus_sigmoid(f)
                for r, f in zip(REAL, FAKE, strict=True)]
    result = losses.non_saturating_discriminator_loss(REAL, FAKE, label_smoothing=s).numpy()
    np.testing.assert_allclose(result, expected, rtol=1e-5)


def test_label_smoothing_out_of_range_is_an_error():
    with pytest.raises(ValueError, match="label_smoothing must be in"):
        losses.minimax_discriminator_loss(REAL, FAKE, label_smoothing=1.0)


def test_non_saturating_generator():
    check(losses.non_saturating_generator_loss, [-log_sigmoid(f) for f in FAKE])


def test_wasserstein_pair():
    check(losses.wasserstein_discriminator_loss, [-3.0 - 2.0, 0.5 + 1.0])
    check(losses.wasserstein_generator_loss, [3.0, -0.5])


def test_least_squares_pair():
    check(losses.least_squares_discriminator_loss,
          [0.5 * (2 - 1) ** 2 + 0.5 * 9, 0.5 * (-1 - 1) ** 2 + 0.5 * 0.25])
    check(losses.least_squares_generator_loss, [0.5 * 16, 0.5 * 0.25])


def test_hinge_pair():
    check(losses.hinge_discriminator_loss, [0.0 + 0.0, 2.0 + 1.5])
    check(losses.hinge_generator_loss, [3.0, -0.5])


def test_relativistic_pair():
    check(losses.relativistic_discriminator_loss, [-log_sigmoid(5.0), -log_sigmoid(-1.5)])
    check(losses.relativistic_generator_loss, [-log_sigmoid(-5.0), -log_sigmoid(1.5)])


def test_relativistic_average_pair_is_halved_as_in_the_authors_code():
    # AlexiaJM/RelativisticGAN, GAN_losses_iter.py (loss_D 6, RaSGAN): errD = (BCE(...) + BCE(...)) / 2,
    # errG likewise; the code behind the paper's results, unlike the paper's equation.
    mean_real, mean_fake = REAL.mean(), FAKE.mean()  # 0.5, -1.25
    d = [(-log_sigmoid(r - mean_fake) - log_one_minus_sigmoid(f - mean_real)) / 2
         for r, f in zip(REAL, FAKE, strict=True)]
    g = [(-log_sigmoid(f - mean_real) - log_one_minus_sigmoid(r - mean_fake)) / 2
         for r, f in zip(REAL, FAKE, strict=True)]
    check(losses.relativistic_average_discriminator_loss, d)
    check(losses.relativistic_average_generator_loss, g)


def test_relativistic_average_least_squares_pair():
    # REAL mean 0.5, FAKE mean -1.25: real - mean(fake) = [3.25, 0.25], fake - mean(real) = [-3.5, 0.0].
    check(losses.relativistic_average_least_squares_discriminator_loss,
          [(2.25 ** 2 + 2.5 ** 2) / 2, (0.75 ** 2 + 1.0 ** 2) / 2])
    check(losses.relativistic_average_least_squares_generator_loss,
          [(4.5 ** 2 + 4.25 ** 2) / 2, (1.0 ** 2 + 1.25 ** 2) / 2])


def test_outputs_with_trailing_axes_average_to_one_value_per_example():
    real = np.array([[2.0], [-1.0]], np.float32)
    fake = np.array([[-3.0], [0.5]], np.float32)
    np.testing.assert_allclose(losses.hinge_discriminator_loss(real, fake).numpy(), [0.0, 3.5])
