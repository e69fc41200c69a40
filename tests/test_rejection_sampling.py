"""Sample selection by a density ratio: discriminator rejection sampling (Azadi et al. 2018, arXiv
1810.06758) and its acceptance rule, Metropolis-Hastings chains (Turner et al. 2019, arXiv
1811.11357), each on a known density ratio, and the logistic-regression fit of that ratio."""

import logging

import keras
import numpy as np
import pytest
import tensorflow as tf

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


def _real_logits(count, seed):
    return _log_ratio(np.random.default_rng(seed).normal(SHIFT, 1.0, (count, 1)))


def test_metropolis_hastings_chains_draw_the_data_distribution_from_the_exact_ratio():
    sampler = sampling.MetropolisHastingsSampler(_generate, _log_ratio, z_dim=1, real_logits=_real_logits(1000, 5),
                                                 chain_length=200, batch_size=1500)
    samples, acceptance_rate = sampler.sample(4000, seed=3)
    assert samples.shape == (4000, 1)
    # A chain that starts in p_data stays in it, so every sample is N(1, 1) but for the chains that
    # never leave their start and are run again from a proposal. From a start x a proposal is
    # accepted with probability a(x) = E_{x' ~ N(0, 1)} min(1, r(x') / r(x)); integrated
    # numerically, E_{x ~ N(1, 1)} (1 - a(x))^200 = 2.6e-5 of the chains never move. So the
    # bounds of the DRS test hold: five standard errors of 4,000 draws.
    assert abs(samples.mean() - SHIFT) < 5 / np.sqrt(4000)
    assert abs(samples.var() - 1.0) < 5 * np.sqrt(2 / 4000)
    # In p_data a chain accepts E_{x ~ N(1, 1)} a(x) = 0.4795 of its proposals (the same integral);
    # 800,000 proposals put the rate within a few thousandths of it.
    assert abs(acceptance_rate - 0.4795) < 0.02


def test_metropolis_hastings_chains_are_reproducible_and_check_their_arguments():
    sampler = sampling.MetropolisHastingsSampler(_generate, _log_ratio, z_dim=1, real_logits=_real_logits(10, 0),
                                                 chain_length=5, batch_size=7)
    first, _ = sampler.sample(20, seed=4)  # three batches of chains, the last one short
    np.testing.assert_array_equal(first, sampler.sample(20, seed=4)[0])
    assert not np.array_equal(first, sampler.sample(20, seed=5)[0])
    for real_logits, chain_length, message in (([], 5, "non-empty"), ([0.0, np.nan], 5, "finite"),
                                                ([0.0], 0, "chain_length")):
        with pytest.raises(ValueError, match=message):
            sampling.MetropolisHastingsSampler(_generate, _log_ratio, 1, real_logits, chain_length=chain_length)


def test_a_chain_that_never_leaves_its_real_start_ends_on_a_generated_sample():
    # The real start's ratio is far above every proposal's, so no chain moves from it; each is run
    # again from its first proposal, which it leaves only for better ones.
    sampler = sampling.MetropolisHastingsSampler(_generate, _log_ratio, z_dim=1, real_logits=[1e3], chain_length=3)
    samples, acceptance_rate = sampler.sample(50, seed=0)
    assert acceptance_rate == 0.0 and np.isfinite(samples).all() and samples.shape == (50, 1)
    assert np.unique(samples).size == 50  # generated points, not one copy of a start


def _uniform(z):
    return tf.math.erf(tf.convert_to_tensor(z, tf.float32) / np.sqrt(2.0))  # 2 Phi(z) - 1: G is U(-1, 1)


def _standard_normal_cdf(x):
    return 0.5 * (1.0 + tf.math.erf(tf.constant(x / np.sqrt(2.0), tf.float64)).numpy())


def _standard_normal_log_density(x):
    return -0.5 * x ** 2 - 0.5 * np.log(2 * np.pi)


def test_proposal_noise_lets_selection_reach_data_the_generator_never_draws():
    # p_data = N(0, 1), p_g = U(-1, 1): no selection of G's samples reaches |x| > 1. Exact DRS draws
    # N(0, 1) cut to [-1, 1], of variance 1 - 2 phi(1) / (2 Phi(1) - 1) = 0.291.
    def uniform_log_ratio(samples):
        return _standard_normal_log_density(np.asarray(samples, np.float64)[:, 0]) - np.log(0.5)

    plain = sampling.DiscriminatorRejectionSampler(_uniform, uniform_log_ratio, z_dim=1, percentile=None)
    samples, _ = plain.sample(4000, seed=3)
    assert np.abs(samples).max() <= 1.0 and abs(samples.var() - 0.291) < 5 * np.sqrt(2 / 4000)
    # With noise of std 1 the proposals have density q(x) = (Phi(x + 1) - Phi(x - 1)) / 2, positive
    # everywhere, and p_data / q is bounded (it falls as x e^-|x| in the tails): exact DRS on them
    # draws N(0, 1) itself, within the five standard errors of the test above.
    noisy, z_dim = sampling.with_proposal_noise(_uniform, 1, (1,), stddev=1.0)
    assert z_dim == 2

    def noisy_log_ratio(samples):
        x = np.asarray(samples, np.float64)[:, 0]
        proposal = (_standard_normal_cdf(x + 1) - _standard_normal_cdf(x - 1)) / 2
        return _standard_normal_log_density(x) - np.log(proposal)

    sampler = sampling.DiscriminatorRejectionSampler(noisy, noisy_log_ratio, z_dim=z_dim, percentile=None)
    samples, _ = sampler.sample(4000, seed=3)
    assert abs(samples.mean()) < 5 / np.sqrt(4000) and abs(samples.var() - 1.0) < 5 * np.sqrt(2 / 4000)
    # The noise comes from the latent, so the seed fixes it as it fixes z.
    np.testing.assert_array_equal(samples, sampler.sample(4000, seed=3)[0])


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


def test_many_fits_in_one_process_trace_once_each_without_a_retracing_warning(caplog):
    """A fit per seed (a benchmark over seeds) is a graph per network by design; TensorFlow must
    not tell the user that it retraces too often."""
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for _ in range(7):
            network = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
            real = [np.ones((8, 1), np.float32)] * 2
            assert np.isfinite(sampling.fit_log_density_ratio(network, real, _generate, 1, steps=2))
    assert not [record for record in caplog.records if "retracing" in record.getMessage()]


def test_a_short_real_stream_is_an_error():
    network = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="ended after 2 of 5 steps"):
        sampling.fit_log_density_ratio(network, [np.zeros((4, 1), np.float32)] * 2, _generate, 1, steps=5)
