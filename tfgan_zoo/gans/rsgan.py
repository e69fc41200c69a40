"""Relativistic standard GAN (Jolicoeur-Martineau 2018, arXiv 1807.00734)."""

import keras

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("rsgan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class RSGAN(GAN):
    """The discriminator estimates how much more realistic real data is than fake.

    L_D = -log sigmoid(C(x) - C(G(z))),   L_G = -log sigmoid(C(G(z)) - C(x))

    Each real example is paired with the generated one at the same index.

    Args:
        See `GAN`: generator, discriminator, d_steps, seed, z_dim.
    """

    fixed_objective = "relativistic"
