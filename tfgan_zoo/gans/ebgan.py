"""Energy-based GAN (Zhao et al. 2016, arXiv 1609.03126)."""

import keras

from tfgan_zoo.gans.gan import GAN, OWN_LOSSES
from tfgan_zoo.losses import energy
from tfgan_zoo.registry import VARIANTS


class AutoencoderDiscriminatorGAN(GAN):
    """What EBGAN and BEGAN share: D is an autoencoder of single images, scored by its
    reconstruction error, and the losses are the variant's own (no objective to choose)."""

    fixed_objective = OWN_LOSSES

    refused_aids = {"packing": "packing concatenates examples for a classifier, and this discriminator is an "
                                "autoencoder of single images"}
    test_networks = {**GAN.test_networks,
                     "discriminator": {"name": "autoencoder_discriminator", "image_shape": (8, 8, 1), "code_dim": 4,
                                       "base_filters": 4}}


@VARIANTS.register("ebgan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class EBGAN(AutoencoderDiscriminatorGAN):
    """The discriminator is an autoencoder; its reconstruction error is an energy.

    D(x) = mean (Dec(Enc(x)) - x)^2 over pixels
    L_D = D(x) + max(0, m - D(G(z)))
    L_G = D(G(z)) + lambda_PT * PT(Enc(G(z)))

    PT, the pulling-away term, is the mean squared cosine similarity between
    the codes of different generated examples: it pushes the generator away
    from producing one mode. It is computed over each replica's batch.

    Args:
        generator: see `GAN`.
        discriminator: an autoencoder mapping images to [reconstruction, code]
            (e.g. networks.autoencoder_discriminator).
        margin: m. Energies here are per-pixel means, so m is on that scale.
        pt_weight: lambda_PT (0.1 in the paper).
        **kwargs: `d_steps`, `seed`, `z_dim` and Keras model arguments (see `GAN`).
    """

    def __init__(self, generator, discriminator, margin=1.0, pt_weight=0.1, **kwargs):
        super().__init__(generator, discriminator, **kwargs)
        if margin <= 0:
            raise ValueError(f"margin must be > 0, got {margin}")
        self.margin = margin
        self.pt_weight = pt_weight

    def _energy_and_code(self, images, training=True):
        reconstruction, code = self.discriminator(images, training=training)
        return energy.reconstruction_energy(images, reconstruction, "l2"), code

    def discriminate(self, images, labels, training=True):
        del labels
        return self._energy_and_code(images, training)[0]

    def discriminator_loss(self, real_images, fake_images, labels):
        real_energy = self.discriminate(real_images, labels)
        fake_energy = self.discriminate(fake_images, labels)
        per_example = energy.ebgan_discriminator_loss(real_energy, fake_energy, self.margin)
        return per_example, real_energy, fake_energy

    def generator_loss(self, real_images, fake_images, labels):
        fake_energy, code = self._energy_and_code(fake_images)
        per_example = energy.ebgan_generator_loss(None, fake_energy)
        return per_example + self.pt_weight * energy.pulling_away_term(code)

    def get_config(self):
        return {**super().get_config(), "margin": self.margin, "pt_weight": self.pt_weight}
