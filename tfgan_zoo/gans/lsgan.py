"""Least-squares GAN (Mao et al. 2017, arXiv 1611.04076)."""

import keras

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("lsgan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class LSGAN(GAN):
    """GAN with least-squares losses, coding a=0 (fake), b=1 (real), c=1.

    L_D = 1/2 (D(x) - 1)^2 + 1/2 D(G(z))^2,   L_G = 1/2 (D(G(z)) - 1)^2

    Minimising it minimises the Pearson chi^2 divergence; the quadratic loss
    still penalises samples on the right side of the decision boundary, which
    keeps gradients alive.

    Args:
        See `GAN`: generator, discriminator, d_steps, seed, z_dim.
    """

    fixed_objective = "least_squares"
