"""Discriminator rejection sampling (Azadi et al. 2018, arXiv 1810.06758): the acceptance rule,
the sampler on a known density ratio, and the logistic-regression fit of that ratio."""

import keras
import numpy as np
import pytest

from tfgan_zoo import sampling

# p_g = N(0, 1) and p_data = N(1, 1) in one dimension: log p_data(x) / p_g(x) = x - 1/2.
SHIFT = 1.0


def _generate(z):
    return z  # G is the identity: samples are N(0, 1)


def _log_ratio(samples):
    return SHIFT * samples[:, 0] - SHIFT ** 2 / 2


def test_acceptance_is_the_exact_ratio_over_its_maximum_without_gamma():
    logits = np.linspace(-30.0, 2.0, 200)
    epsilon = 1e-8
    probabilities = sampling.acceptance_probabilities(logits, 2.0, percentile=None, epsilon=epsilon)
    # sigmoid(F) = e^d / (1 + e^d (1 - e^-epsilon)) with d = logit - max: the exact rule e^d up to
    # a relative e^d * epsilon, plus float64 rounding.
    exact = np.exp(logits - 2.0)
    np.testing.assert_allclose(probabilities, exact, rtol=epsilon + 1e-12)
    # At the maximum F = -log(1 - e^-epsilon), finite.
    assert np.isfinite(sampling.log_acceptance_odds([2.0], 2.0, epsilon)).all()


def test_gamma_at_a_percentile_splits_the_batch_there():
    logits = np.random.default_rng(0).normal(size=10_000)
    for percentile in (20.0, 80.0, 95.0):
        probabilities = sampling.acceptance_probabilities(logits, logits.max(), percentile=percentile)
        # F is increasing in the logit, so the share above 1/2 is the share of F above its percentile.
        assert abs((probabilities > 0.5).mean() - (1 - percentile / 100)) < 1e-3


def test_a_logit_above_the_maximum_is_refused():
    with pytest.raises(ValueError, match="exceeds max_logit"):
        sampling.log_acceptance_odds([1.0], 0.5)


def test_the_sampler_draws_the_data_distribution_from_the_exact_ratio():
    sampler = sampling.DiscriminatorRejectionSampler(_generate, _log_ratio, z_dim=1, percentile=None)
    samples, acceptance_rate = sampler.sample(4000, seed=3)
    assert samples.shape == (4000, 1)
    # N(1, 1): the standard error of the mean of 4,000 draws is 1/63, of the variance sqrt(2/4000) = 0.022;
    # five of each. The maximum estimated from the draws truncates p_data only beyond x = 4.5, where
    # N(1, 1) has 2e-4 of its mass.
    assert abs(samples.mean() - SHIFT) < 5 / np.sqrt(4000)
    assert abs(samples.var() - 1.0) < 5 * np.sqrt(2 / 4000)
    # Accepting e^(x - 1/2 - M) of N(0, 1) keeps e^-M of it on average (E e^(x - 1/2) = 1).
    assert 0.0 < acceptance_rate < 0.2


def test_the_same_seed_gives_the_same_samples_and_gamma_trades_rate_for_fidelity():
    strict = sampling.DiscriminatorRejectionSampler(_generate, _log_ratio, z_dim=1, percentile=95.0)
    loose = sampling.DiscriminatorRejectionSampler(_generate, _log_ratio, z_dim=1, percentile=50.0)
    first, strict_rate = strict.sample(500, seed=7)
    np.testing.assert_array_equal(first, strict.sample(500, seed=7)[0])
    _, loose_rate = loose.sample(500, seed=7)
    assert strict_rate < loose_rate


def test_a_sampler_that_accepts_too_little_stops_with_a_clear_error():
    sampler = sampling.DiscriminatorRejectionSampler(_generate, _log_ratio, z_dim=1, percentile=None,
                                                     burn_in=0, batch_size=10, max_draws=1)
    # Without burn-in the first batch sets the maximum; one draw per sample wanted is too few.
    with pytest.raises(RuntimeError, match="too few to reach"):
        sampler.sample(1000, seed=0)
    with pytest.raises(ValueError, match="percentile"):
        sampling.DiscriminatorRejectionSampler(_generate, _log_ratio, z_dim=1, percentile=101.0)


def test_logistic_regression_fits_the_log_density_ratio():
    keras.utils.set_random_seed(0)
    network = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    rng = np.random.default_rng(1)
    real = (rng.normal(SHIFT, 1.0, (512, 1)).astype(np.float32) for _ in range(10_000))
    loss = sampling.fit_log_density_ratio(network, real, _generate, z_dim=1, steps=1500, learning_rate=1e-2)
    weight, bias = (float(np.squeeze(v)) for v in network.get_weights())
    # The optimum is x - 1/2. Fitted from 1,500 batches of 1,024 by Adam at 1e-2, each coefficient's
    # error is the last steps' step size and the noise of a batch's gradient (standard error about
    # 2 / sqrt(1024) = 0.06 of the slope), so 0.15 bounds it.
    assert abs(weight - SHIFT) < 0.15 and abs(bias + SHIFT ** 2 / 2) < 0.15
    # The loss per sample of the true ratio between N(0, 1) and N(1, 1): 0.60 (below log 2 = 0.69).
    assert 0.55 < loss < 0.65


def test_a_short_real_stream_is_an_error():
    network = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="ended after 2 of 5 steps"):
        sampling.fit_log_density_ratio(network, [np.zeros((4, 1), np.float32)] * 2, _generate, 1, steps=5)
