"""Non-saturating GAN (Goodfellow et al. 2014, arXiv 1406.2661, section 3)."""

import keras

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("nsgan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class NSGAN(GAN):
    """The GAN whose generator maximises log D(G(z)) instead of minimising log(1 - D(G(z))).

    L_D = -log D(x) - log(1 - D(G(z))),   L_G = -log D(G(z))

    Same fixed point as the minimax game, but strong gradients early in
    training when D rejects every sample. With DCGAN networks this is the DCGAN
    of Radford et al. 2015 (arXiv 1511.06434).

    Args:
        See `GAN`: generator, discriminator, d_steps, seed, z_dim, and
        label_smoothing, the one-sided label smoothing of the real targets
        (Salimans et al. 2016, arXiv 1606.03498), e.g. 0.1.
    """

    fixed_objective = "non_saturating"
