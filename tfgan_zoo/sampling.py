"""Sampling: latents from explicit seeds, and sample selection by a density ratio.

Latents from seeds (the same seed gives the same z anywhere) serve exported
`generate` signatures, so a client sends integers and the server draws the
latents, and sampling with the truncation trick (Brock et al. 2018, BigGAN,
arXiv 1809.11096). Discriminator rejection sampling (Azadi et al. 2018,
arXiv 1810.06758) keeps a generator's samples in proportion to an estimated
density ratio p_data / p_g; Metropolis-Hastings GAN sampling (Turner et al.
2019, arXiv 1811.11357) picks one of a chain of samples by the same ratio.
"""

import functools
import itertools
import math

import keras
import numpy as np
import tensorflow as tf


def _standard_normal_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def truncated_normal(shape, seed, threshold):
    """N(0, 1) conditioned on |z| <= threshold, drawn by inverting the CDF.

    u ~ U[Phi(-t), Phi(t)],  z = Phi^-1(u)

    This is exact for any threshold t > 0 (tf.random.truncated_normal is fixed
    at t = 2). The result is clipped to [-t, t] so rounding never leaves the
    interval.

    Args:
        shape: output shape.
        seed: int32/int64 tensor of shape [2] (stateless seed).
        threshold: t > 0, a Python float or a scalar tensor.
    """
    threshold = tf.cast(threshold, tf.float64)
    half_erf = tf.math.erf(threshold / math.sqrt(2.0)) * 0.5
    low, high = 0.5 - half_erf, 0.5 + half_erf
    u = tf.random.stateless_uniform(shape, seed=seed, dtype=tf.float64)
    z = tf.math.ndtri(low + u * (high - low))
    return tf.cast(tf.clip_by_value(z, -threshold, threshold), tf.float32)


def z_from_seeds(seeds, z_dim, truncation=None):
    """One latent per seed: z_i ~ N(0, I_{z_dim}) drawn statelessly from seeds[i].

    Args:
        seeds: int64 [batch].
        z_dim: latent size.
        truncation: None for the plain normal, else the threshold t of
            `truncated_normal` (a float or a scalar tensor).
    """
    seeds = tf.cast(seeds, tf.int64)

    def one(seed):
        pair = tf.stack([seed, tf.constant(0, tf.int64)])
        if truncation is None:
            return tf.random.stateless_normal([z_dim], seed=pair)
        return truncated_normal([z_dim], pair, truncation)

    return tf.map_fn(one, seeds, fn_output_signature=tf.TensorSpec([z_dim], tf.float32))


def to_uint8(images):
    """float images in [-1, 1] -> displayable uint8 pixels in [0, 255]."""
    return tf.cast(tf.clip_by_value(tf.round((tf.cast(images, tf.float32) + 1.0) * 127.5), 0.0, 255.0),
                   tf.uint8)


# ---------------------------------------------------- discriminator rejection sampling
#
# Azadi et al. 2018, "Discriminator Rejection Sampling" (arXiv 1810.06758). A
# discriminator trained with the logistic loss to optimality against a fixed
# generator has logit D~(x) = log p_data(x) / p_g(x), so accepting a sample
# x ~ p_g with probability exp(D~(x)) / M, M >= max exp(D~), draws from
# p_data exactly. The paper's practical form estimates the maximum from a
# burn-in and from every batch since, and accepts with sigmoid(F(x) - gamma):
#
#     F(x) = D~(x) - D~_M - log(1 - exp(D~(x) - D~_M - epsilon))
#
# (the log-odds of the exact acceptance probability exp(D~(x) - D~_M)), with
# gamma shifting every probability up or down.


def log_acceptance_odds(logits, max_logit, epsilon=1e-8):
    """DRS's F(x) = D~(x) - D~_M - log(1 - exp(D~(x) - D~_M - epsilon)), elementwise (numpy).

    logits must not exceed max_logit; epsilon keeps F finite at the maximum
    (F = -log(1 - exp(-epsilon)), about 18.4 for the default).
    """
    delta = np.asarray(logits, np.float64) - max_logit
    if np.any(delta > 0):
        raise ValueError(f"a logit exceeds max_logit={max_logit}; update the maximum first")
    return delta - np.log(-np.expm1(delta - epsilon))


def acceptance_probabilities(logits, max_logit, percentile=None, epsilon=1e-8):
    """sigmoid(F(x) - gamma) per example (numpy). gamma is 0, or with a percentile
    q the q-th percentile of the batch's F, as implementations of DRS choose it per
    batch: then about (100 - q)% of a batch has F above gamma, so probability > 1/2."""
    odds = log_acceptance_odds(logits, max_logit, epsilon)
    if percentile is not None:
        odds = odds - np.percentile(odds, percentile)
    return 1.0 / (1.0 + np.exp(-odds))


def _draw(sampler, rng, count):
    """(count samples of a sampler's generator from z ~ N(0, I), their log density ratios as float64 [count])."""
    samples = np.asarray(sampler.generate(rng.standard_normal((count, sampler.z_dim)).astype(np.float32)))
    return samples, np.reshape(np.asarray(sampler.log_density_ratio(samples), np.float64), [-1])


class DiscriminatorRejectionSampler:
    """Draws samples of `generate` and keeps each with DRS's acceptance probability.

    Args:
        generate: float32 z [n, z_dim] -> samples [n, ...] (a numpy array or tensor).
        log_density_ratio: samples -> logits [n] or [n, 1]: an estimate of
            log p_data(x) / p_g(x), e.g. a discriminator trained with the logistic
            loss against this generator (`fit_log_density_ratio`).
        z_dim: the latent size; z ~ N(0, I).
        percentile: gamma's percentile of F per batch (None: gamma = 0, the exact
            rule, which accepts rarely when the maximum is an outlier).
        batch_size: samples scored at once.
        burn_in: samples drawn first only to estimate the maximum logit.
        max_draws: the most samples drawn per sample wanted before giving up.
        epsilon: see `log_acceptance_odds`.
    """

    def __init__(self, generate, log_density_ratio, z_dim, percentile=80.0, batch_size=1000, burn_in=10_000,
                 max_draws=1000, epsilon=1e-8):
        if percentile is not None and not 0.0 <= percentile <= 100.0:
            raise ValueError(f"percentile must be in [0, 100] or None, got {percentile}")
        if batch_size < 1 or burn_in < 0 or max_draws < 1:
            raise ValueError(f"batch_size and max_draws must be >= 1 and burn_in >= 0, got {batch_size}, "
                             f"{max_draws}, {burn_in}")
        self.generate, self.log_density_ratio, self.z_dim = generate, log_density_ratio, z_dim
        self.percentile, self.batch_size, self.burn_in = percentile, batch_size, burn_in
        self.max_draws, self.epsilon = max_draws, epsilon

    def sample(self, num_samples, seed=0):
        """(num_samples accepted samples, the fraction of drawn samples accepted); the same seed
        gives the same samples."""
        rng = np.random.default_rng(seed)
        max_logit = -np.inf
        for start in range(0, self.burn_in, self.batch_size):
            max_logit = max(max_logit, _draw(self, rng, min(self.batch_size, self.burn_in - start))[1].max())
        accepted, kept, drawn = [], 0, 0
        while kept < num_samples:
            if drawn >= self.max_draws * num_samples:
                raise RuntimeError(f"rejection sampling accepted {kept} of {drawn} samples, too few to reach "
                                   f"{num_samples}; lower the percentile or refit the density ratio")
            samples, logits = _draw(self, rng, self.batch_size)
            drawn += len(samples)
            max_logit = max(max_logit, logits.max())
            keep = rng.random(len(samples)) < acceptance_probabilities(logits, max_logit, self.percentile,
                                                                        self.epsilon)
            accepted.append(samples[keep])
            kept += int(keep.sum())
        return np.concatenate(accepted)[:num_samples], kept / drawn


class MetropolisHastingsSampler:
    """Draws each sample as the end of an independence Metropolis-Hastings chain whose
    proposals are the generator's samples (MH-GAN, Turner et al. 2019, arXiv 1811.11357).

    With r(x) = p_data(x) / p_g(x) = exp(D~(x)), a chain at x moves to a proposal
    x' ~ p_g with probability

        alpha = min(1, r(x') / r(x)),

    which leaves p_data invariant. As the authors' code does, each chain starts at a
    real sample (its ratio only; the point itself is never output), so it is in the
    target distribution from its first step and needs no burn-in; a chain that never
    leaves that start is run again from its first proposal over the rest. Unlike DRS
    this needs no maximum of the ratio, whose estimate from a few samples sets DRS's
    acceptance for every sample.

    Args:
        generate: float32 z [n, z_dim] -> samples [n, ...].
        log_density_ratio: samples -> logits [n] or [n, 1], an estimate of
            log p_data(x) / p_g(x) (`fit_log_density_ratio`).
        z_dim: the latent size; z ~ N(0, I).
        real_logits: log_density_ratio of real samples; each chain starts at one of them.
        chain_length: proposals per sample (the authors': 640).
        batch_size: chains run at once.
    """

    def __init__(self, generate, log_density_ratio, z_dim, real_logits, chain_length=640, batch_size=1000):
        real_logits = np.reshape(np.asarray(real_logits, np.float64), [-1])
        if real_logits.size == 0 or not np.isfinite(real_logits).all():
            raise ValueError("real_logits must be a non-empty set of finite logits")
        if chain_length < 1 or batch_size < 1:
            raise ValueError(f"chain_length and batch_size must be >= 1, got {chain_length}, {batch_size}")
        self.generate, self.log_density_ratio, self.z_dim = generate, log_density_ratio, z_dim
        self.real_logits, self.chain_length, self.batch_size = real_logits, chain_length, batch_size

    def _chains(self, rng, count):
        """(count samples, proposals accepted by the chains from real starts)."""
        logit = rng.choice(self.real_logits, size=count)
        state, moved = None, np.zeros(count, bool)
        accepted = 0
        for step in range(self.chain_length):
            samples, logits = _draw(self, rng, count)
            if step == 0:  # the state of the chains and of their restarts from this first proposal
                state, restart, restart_logit = np.zeros_like(samples), samples.copy(), logits.copy()
            else:
                move = np.log(rng.random(count)) < logits - restart_logit
                restart[move], restart_logit[move] = samples[move], logits[move]
            move = np.log(rng.random(count)) < logits - logit
            state[move], logit[move] = samples[move], logits[move]
            moved |= move
            accepted += int(move.sum())
        state[~moved] = restart[~moved]
        return state, accepted

    def sample(self, num_samples, seed=0):
        """(num_samples samples, the fraction of proposals the chains accepted); the same seed
        gives the same samples."""
        rng = np.random.default_rng(seed)
        batches, accepted = [], 0
        for start in range(0, num_samples, self.batch_size):
            samples, moves = self._chains(rng, min(self.batch_size, num_samples - start))
            batches.append(samples)
            accepted += moves
        return np.concatenate(batches), accepted / (num_samples * self.chain_length)


def with_proposal_noise(generate, z_dim, sample_shape, stddev):
    """(a generator of G(z) + stddev * e, its latent size z_dim + |sample|): Gaussian noise
    added to every generated sample, drawn from latent coordinates of its own.

    Both selections draw from the density ratio times the proposal density,
    p_g r = p_data, and can do so only where p_g > 0: rejection sampling needs
    p_data <= M p_g everywhere, which DRS assumes of the generator (Azadi et
    al. 2018, arXiv 1810.06758), and an independence chain reaches only what
    its proposals reach (Turner et al. 2019, arXiv 1811.11357). A generator whose modes are a
    little narrower than the data's, or off their centres, leaves data mass
    that no selection can draw, and the fitted ratio then reweights the modes
    by what each one misses. The proposals

        x = G(z) + stddev * e,   e ~ N(0, I),   p_x = p_g * N(0, stddev^2 I)

    cover the data within a few stddev of G's samples, so the fit and the
    selection see the wider density (the noise enters both). Drawn from the
    latent (z's last |sample| coordinates), the noise follows the samplers'
    seeds like z does.

    Args:
        generate: float32 z [n, z_dim] -> samples [n, *sample_shape].
        sample_shape: one sample's shape.
        stddev: the noise's standard deviation, in the samples' units.
    """
    size = int(np.prod(sample_shape))

    def noisy(z):
        z = tf.convert_to_tensor(z, tf.float32)
        noise = tf.reshape(z[:, z_dim:], [-1, *sample_shape])
        return tf.cast(generate(z[:, :z_dim]), tf.float32) + stddev * noise

    return noisy, z_dim + size


def _logistic_regression_step(network, optimizer, real, fake):
    inputs = tf.concat([tf.cast(real, tf.float32), tf.cast(fake, tf.float32)], axis=0)
    targets = tf.concat([tf.ones([tf.shape(real)[0], 1]), tf.zeros([tf.shape(fake)[0], 1])], axis=0)
    with tf.GradientTape() as tape:
        logits = tf.reshape(tf.cast(network(inputs, training=True), tf.float32), [-1, 1])
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(targets, logits))
    optimizer.apply_gradients(zip(tape.gradient(loss, network.trainable_variables), network.trainable_variables,
                                  strict=True))
    return loss


def fit_log_density_ratio(network, real_batches, generate, z_dim, steps, learning_rate=1e-3, beta_1=0.5, seed=0):
    """Trains `network` (samples -> one logit) by logistic regression of real samples (1)
    against generated ones (0), in equal numbers per step, so that at the optimum

        network(x) = log p_data(x) / p_g(x)

    (Goodfellow et al. 2014, Prop. 1): the estimate `DiscriminatorRejectionSampler`
    needs. Each step feeds the real and the generated half as one batch, so batch
    norm's statistics, and its moving averages used at inference, are those of the
    mixture the network is scored on.

    Args:
        network: a Keras model, e.g. a fresh copy of the discriminator's architecture.
        real_batches: an iterable of real batches (a tensor, or (images, labels)).
        generate: float32 z [n, z_dim] -> samples; not trained.
        steps: optimizer steps; Adam(beta_1) at learning_rate decaying linearly to 0.

    Returns: the mean logistic loss per sample over the last tenth of the steps
    (log 2 = 0.693 when real and generated samples cannot be told apart).
    """
    # The rate decays linearly to 0: the estimate is the optimum's, not a last noisy iterate's,
    # whose error per region would reweight DRS's acceptance region by region.
    schedule = keras.optimizers.schedules.PolynomialDecay(learning_rate, steps, end_learning_rate=0.0)
    optimizer = keras.optimizers.Adam(schedule, beta_1=beta_1)
    rng = np.random.default_rng(seed)

    # A graph per fit is by design (each has its own network). TensorFlow counts traces per
    # function's code, so the fifth fit in a process (a benchmark over seeds) would warn of
    # retracing; a partial is its own key, one per fit.
    step = tf.function(functools.partial(_logistic_regression_step, network, optimizer), reduce_retracing=True)
    losses = []
    for real in itertools.islice(real_batches, steps):
        real = real[0] if isinstance(real, (tuple, list)) else real
        fake = generate(rng.standard_normal((int(real.shape[0]), z_dim)).astype(np.float32))
        losses.append(float(step(real, fake)))
    if len(losses) < steps:
        raise ValueError(f"real_batches ended after {len(losses)} of {steps} steps")
    tail = losses[-max(1, steps // 10):]
    return float(np.mean(tail))
