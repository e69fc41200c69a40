"""Relativistic average least-squares GAN (Jolicoeur-Martineau 2018, arXiv 1807.00734)."""

import keras

from tfgan_zoo.gans.ragan import RaGAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("ralsgan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class RaLSGAN(RaGAN):
    """RaGAN's relativistic average judged by least squares instead of the log loss:

    L_D = ((C(x) - E C(G(z)) - 1)^2 + (C(G(z)) - E C(x) + 1)^2) / 2
    L_G = ((C(G(z)) - E C(x) - 1)^2 + (C(x) - E C(G(z)) + 1)^2) / 2

    with C the discriminator's raw score and the expectations over the
    GLOBAL batch (RaGAN's step). The paper's best CIFAR-10 and CAT results
    are RaLSGAN's; the halving is that of the code behind them
    (see `losses.relativistic_average_least_squares_discriminator_loss`).

    Args:
        See `GAN`: generator, discriminator, d_steps, seed, z_dim.
    """

    fixed_objective = "relativistic_average_least_squares"
