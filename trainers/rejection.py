"""Sample selection by a fitted density ratio for a trained workdir's generator:
discriminator rejection sampling (DRS, Azadi et al. 2018, arXiv 1810.06758) or
Metropolis-Hastings chains (MH-GAN, Turner et al. 2019, arXiv 1811.11357).

Both keep samples x ~ p_g by D~(x) = log p_data(x) / p_g(x). A discriminator trained with the logistic
loss to optimality against the final generator has exactly that logit; the
one a GAN ends its training with does not (it chased a moving generator, and
under the hinge or Wasserstein loss its output is no log ratio at all). So
the ratio is fitted here, after training: a fresh network of the
discriminator's architecture is trained by logistic regression of the
config's real data against the sampling generator's samples (G fixed).

The fresh network drops spectral normalization: a 1-Lipschitz network cannot
follow a ratio that changes within a mode's width (on grid25 the trained,
spectrally normalized D, fitted further, barely left a logistic loss of
log 2; BENCHMARKS.md, "Discriminator rejection sampling").
"""

import copy
import time
import typing

import keras
import numpy as np

from tfgan_zoo import builders, sampling
from tfgan_zoo.configs._base import base_config, with_defaults
from tfgan_zoo.errors import EvaluationError

_SELECTION = base_config()["selection"]
DEFAULT_PERCENTILE = _SELECTION["percentile"]
DEFAULT_CHAIN_LENGTH = _SELECTION["chain_length"]  # MH-GAN's: 10 batches of 64 proposals per sample
METHODS = ("drs", "mh")


def selection_settings(config, **given):
    """The config's `selection` section (a preset's recipe; defaults for a workdir that
    predates it) with every given field that is not None in place of its own."""
    settings = dict(with_defaults(config)["selection"])
    unknown = sorted(set(given) - set(settings))
    if unknown:
        raise EvaluationError(f"selection has no field {unknown[0]!r}; it has {', '.join(settings)}")
    settings.update({name: value for name, value in given.items() if value is not None})
    return settings


def fit_selection(gan, config, settings, data_dir=None, seed=0):
    """`fit_rejection_sampler` with the fields of `selection_settings`."""
    _check_method(settings["method"])  # before the fit, which may take minutes
    ratio = fit_selection_ratio(gan, config, settings, data_dir, seed)
    return selecting_sampler(ratio, settings["method"], percentile=settings["percentile"],
                             chain_length=settings["chain_length"])


def fit_selection_ratio(gan, config, settings, data_dir=None, seed=0):
    """`fit_density_ratio` with the fit's fields of `selection_settings` (one fit that several
    methods can then select by)."""
    return fit_density_ratio(gan, config, settings["fit_steps"], data_dir=data_dir,
                             batch_size=settings["batch_size"] or None, seed=seed,
                             generated_pool=settings["pool"], proposal_noise=settings["noise"])


def fit_rejection_sampler(gan, config, fit_steps, data_dir=None, percentile=DEFAULT_PERCENTILE, batch_size=None,
                          learning_rate=1e-3, seed=0, method="drs", chain_length=DEFAULT_CHAIN_LENGTH,
                          generated_pool=0, proposal_noise=0.0):
    """(a sampler over the GAN's sampling generator, a dict describing the fit: method, steps,
    percentile or chain length, final logistic loss, seconds): `fit_density_ratio`, then
    `selecting_sampler`. The sampler's `sample(num_samples, seed)` gives (samples, the
    fraction of draws it accepted). Arguments as those two take them."""
    _check_method(method)  # before the fit, which may take minutes
    ratio = fit_density_ratio(gan, config, fit_steps, data_dir=data_dir, batch_size=batch_size,
                              learning_rate=learning_rate, seed=seed, generated_pool=generated_pool,
                              proposal_noise=proposal_noise)
    return selecting_sampler(ratio, method, percentile=percentile, chain_length=chain_length)


class DensityRatio(typing.NamedTuple):
    """A fitted log p_data(x) / p_g(x) and what the samplers need beside it."""

    generate: typing.Callable  # float32 z [n, z_dim] -> samples of the sampling generator
    log_density_ratio: typing.Callable  # samples -> logits [n, 1]
    z_dim: int
    real_logits: np.ndarray  # log_density_ratio of the last fit batch's real samples
    fit: dict  # steps, batch size, pool, final logistic loss, seconds


def fit_density_ratio(gan, config, fit_steps, data_dir=None, batch_size=None, learning_rate=1e-3, seed=0,
                      generated_pool=0, proposal_noise=0.0):
    """Fits a fresh network of the discriminator's architecture (without spectral norm) to
    log p_data / p_g of the GAN's sampling generator by logistic regression
    (`sampling.fit_log_density_ratio`); returns a `DensityRatio`.

    Args:
        gan, config: a trained model and its config (`export.load_trained_gan`).
        fit_steps: logistic-regression steps, each on a batch of real and of generated samples.
        data_dir: the TFDS data directory of the config's dataset.
        batch_size: real (and generated) samples per fit step; default: the config's.
        learning_rate: Adam's, with beta_1 0.5, decaying linearly to 0.
        seed: the network's initialization and the fit's latents (it also reseeds Keras's
            global generators, as training does).
        generated_pool: 0 draws fresh generated samples for every fit step; N > 0 draws N once
            and each step takes its batch from them, as the real side does from its fixed data
            set. The generator's forward pass is then paid N times instead of fit_steps x
            batch_size times (on grid25 it took most of a fit step's time).
        proposal_noise: > 0 adds Gaussian noise of this standard deviation (in the
            samples' units) to every generated sample, in the fit and in the selection
            (`sampling.with_proposal_noise`), so that the proposals cover data a
            generator's slightly narrow or shifted modes miss.
    """
    from tfgan_zoo.trainers.train import make_dataset  # the training driver imports this module's users

    if gan.conditional:
        raise EvaluationError("sample selection by a density ratio draws unconditional samples; this model is "
                              "class-conditional")
    if fit_steps < 1:
        raise EvaluationError(f"the density ratio needs at least 1 fit step, got {fit_steps}")
    if generated_pool < 0:
        raise EvaluationError(f"generated_pool must be >= 0, got {generated_pool}")
    if not proposal_noise >= 0:  # also refuses NaN
        raise EvaluationError(f"proposal_noise must be >= 0, got {proposal_noise}")
    ratio_config = copy.deepcopy(config)
    ratio_config["discriminator"]["spectral_norm"] = False
    ratio_config["variant"]["packing"] = 1
    keras.utils.set_random_seed(seed)  # the network's initialization: the same seed, the same fit
    network = builders.build_discriminator(ratio_config)
    if network.output_shape != (None, 1):
        raise EvaluationError(f"sample selection by a density ratio needs a discriminator with one logit per "
                              f"example; {config['discriminator']['name']} gives {network.output_shape}")
    generator = gan.sampling_generator()

    def generate(z):
        return generator(z, training=False)

    z_dim = gan.z_dim
    if proposal_noise:
        generate, z_dim = sampling.with_proposal_noise(generate, z_dim, generator.output_shape[1:], proposal_noise)

    fit_config = copy.deepcopy(config)
    fit_config["train"]["seed"] = config["train"]["seed"] + 1  # another order of the data than training's
    fit_config["train"]["batch_size"] = batch_size or config["train"]["batch_size"]
    real = _RememberLast(make_dataset(fit_config, data_dir, d_steps=1, steps=fit_steps))
    start = time.perf_counter()
    fit_generate = _pooled(generate, z_dim, generated_pool, seed) if generated_pool else generate
    loss = sampling.fit_log_density_ratio(network, real, fit_generate, z_dim, fit_steps,
                                          learning_rate=learning_rate, seed=seed)
    fit = {"fit_steps": fit_steps, "batch_size": fit_config["train"]["batch_size"], "generated_pool": generated_pool,
           "proposal_noise": proposal_noise, "fit_loss": round(loss, 4),
           "fit_seconds": round(time.perf_counter() - start, 1)}

    def log_density_ratio(samples):
        return network(samples, training=False)

    last = real.last[0] if isinstance(real.last, (tuple, list)) else real.last
    real_logits = np.reshape(np.asarray(log_density_ratio(last), np.float64), [-1])
    return DensityRatio(generate, log_density_ratio, z_dim, real_logits, fit)


def selecting_sampler(ratio, method="drs", percentile=DEFAULT_PERCENTILE, chain_length=DEFAULT_CHAIN_LENGTH):
    """(a sampler that selects the generator's samples by a fitted `DensityRatio`, the fit's
    description with the method and its setting).

    Args:
        method: "drs" (`sampling.DiscriminatorRejectionSampler`) or "mh"
            (`sampling.MetropolisHastingsSampler`, whose chains start at the ratio of real samples).
        percentile: DRS's: the percentile of F per batch that gamma takes.
        chain_length: MH's: proposals per sample.
    """
    if method == "mh":
        if chain_length < 1:
            raise EvaluationError(f"chain_length must be >= 1, got {chain_length}")
        sampler = sampling.MetropolisHastingsSampler(ratio.generate, ratio.log_density_ratio, ratio.z_dim,
                                                     ratio.real_logits, chain_length=chain_length)
        return sampler, {"method": method, **ratio.fit, "chain_length": chain_length}
    _check_method(method)
    sampler = sampling.DiscriminatorRejectionSampler(ratio.generate, ratio.log_density_ratio, ratio.z_dim,
                                                     percentile=percentile)
    return sampler, {"method": method, **ratio.fit, "percentile": percentile}


def _check_method(method):
    if method not in METHODS:
        raise EvaluationError(f"unknown sample selection {method!r}; choose one of {', '.join(METHODS)}")


class _RememberLast:
    """Iterates a stream and keeps its last item: MH's chains start at the last real batch's ratio."""

    def __init__(self, stream):
        self.stream, self.last = iter(stream), None

    def __iter__(self):
        for item in self.stream:
            self.last = item
            yield item


def _pooled(generate, z_dim, size, seed, chunk=10_000):
    """A `generate` for the fit that returns rows of `size` samples drawn once (see generated_pool)."""
    rng = np.random.default_rng([seed, 1])  # apart from the fit's own latents
    pool = np.concatenate([np.asarray(generate(rng.standard_normal((min(chunk, size - start), z_dim))
                                               .astype(np.float32)))
                           for start in range(0, size, chunk)])

    def from_pool(z):
        return pool[rng.integers(0, size, len(z))]

    return from_pool
