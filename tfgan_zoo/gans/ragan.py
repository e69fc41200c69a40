"""Relativistic average GAN (Jolicoeur-Martineau 2018, arXiv 1807.00734)."""

import keras

from tfgan_zoo import replicas
from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("ragan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class RaGAN(GAN):
    """Each sample is judged against the average of the other kind.

    L_D = -log sigmoid(C(x) - E C(G(z))) - log(1 - sigmoid(C(G(z)) - E C(x)))
    L_G = -log sigmoid(C(G(z)) - E C(x)) - log(1 - sigmoid(C(x) - E C(G(z))))

    The expectations are means over the GLOBAL batch (all-reduced across
    replicas), so a step on several replicas equals the step on one device.

    Args:
        See `GAN`: generator, discriminator, d_steps, seed, z_dim.
    """

    fixed_objective = "relativistic_average"

    def discriminator_loss(self, real_images, fake_images, labels):
        real_out = self.discriminate(real_images, labels)
        fake_out = self.discriminate(fake_images, labels)
        per_example = self.objective.discriminator_loss(
            real_out, fake_out, replicas.global_mean(real_out), replicas.global_mean(fake_out))
        return per_example, real_out, fake_out

    def generator_loss(self, real_images, fake_images, labels):
        real_out = self.discriminate(real_images, labels)
        fake_out = self.discriminate(fake_images, labels)
        return self.objective.generator_loss(
            real_out, fake_out, replicas.global_mean(real_out), replicas.global_mean(fake_out))
