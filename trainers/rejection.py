"""Discriminator rejection sampling of a trained workdir's generator (Azadi et al. 2018, arXiv 1810.06758).

DRS keeps a sample x ~ p_g with a probability that grows with
D~(x) = log p_data(x) / p_g(x). A discriminator trained with the logistic
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

import keras

from tfgan_zoo import builders, sampling
from tfgan_zoo.errors import EvaluationError

DEFAULT_PERCENTILE = 80.0


def fit_rejection_sampler(gan, config, fit_steps, data_dir=None, percentile=DEFAULT_PERCENTILE, batch_size=None,
                          learning_rate=1e-3, seed=0):
    """(a `sampling.DiscriminatorRejectionSampler` over the GAN's sampling generator, a dict
    describing the fit: steps, percentile, final logistic loss, seconds).

    Args:
        gan, config: a trained model and its config (`export.load_trained_gan`).
        fit_steps: logistic-regression steps of the density-ratio network, each on
            a batch of the config's batch size of real and of generated samples.
        data_dir: the TFDS data directory of the config's dataset.
        percentile: the percentile of F per batch that DRS's gamma takes.
        batch_size: real (and generated) samples per fit step; default: the config's.
        learning_rate: Adam's, with beta_1 0.5.
        seed: the network's initialization and the fit's latents (it also reseeds Keras's
            global generators, as training does).
    """
    from tfgan_zoo.trainers.train import make_dataset  # the training driver imports this module's users

    if gan.conditional:
        raise EvaluationError("discriminator rejection sampling draws unconditional samples; this model is "
                              "class-conditional")
    if fit_steps < 1:
        raise EvaluationError(f"the density ratio needs at least 1 fit step, got {fit_steps}")
    ratio_config = copy.deepcopy(config)
    ratio_config["discriminator"]["spectral_norm"] = False
    ratio_config["variant"]["packing"] = 1
    keras.utils.set_random_seed(seed)  # the network's initialization: the same seed, the same fit
    network = builders.build_discriminator(ratio_config)
    if network.output_shape != (None, 1):
        raise EvaluationError(f"discriminator rejection sampling needs a discriminator with one logit per "
                              f"example; {config['discriminator']['name']} gives {network.output_shape}")
    generator = gan.sampling_generator()

    def generate(z):
        return generator(z, training=False)

    fit_config = copy.deepcopy(config)
    fit_config["train"]["seed"] = config["train"]["seed"] + 1  # another order of the data than training's
    fit_config["train"]["batch_size"] = batch_size or config["train"]["batch_size"]
    real = iter(make_dataset(fit_config, data_dir, d_steps=1, steps=fit_steps))
    start = time.perf_counter()
    loss = sampling.fit_log_density_ratio(network, real, generate, gan.z_dim, fit_steps, learning_rate=learning_rate,
                                          seed=seed)

    def log_density_ratio(samples):
        return network(samples, training=False)

    sampler = sampling.DiscriminatorRejectionSampler(generate, log_density_ratio, gan.z_dim, percentile=percentile)
    return sampler, {"method": "drs", "fit_steps": fit_steps, "batch_size": fit_config["train"]["batch_size"],
                     "percentile": percentile,
                     "fit_loss": round(loss, 4), "fit_seconds": round(time.perf_counter() - start, 1)}
