"""Hinge-loss GAN (Lim & Ye 2017, arXiv 1705.02894; Miyato et al. 2018, arXiv 1802.05957)."""

import keras

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("hinge")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class HingeGAN(GAN):
    """Geometric GAN: a margin (SVM-like) discriminator loss.

    L_D = max(0, 1 - D(x)) + max(0, 1 + D(G(z))),   L_G = -D(G(z))

    The loss of SNGAN, SAGAN and BigGAN.

    Args:
        See `GAN`: generator, discriminator, d_steps, seed, z_dim.
    """

    fixed_objective = "hinge"
