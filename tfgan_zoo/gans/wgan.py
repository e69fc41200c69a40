"""Wasserstein GAN with weight clipping (Arjovsky et al. 2017, arXiv 1701.07875)."""

import keras
import tensorflow as tf

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("wgan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class WGAN(GAN):
    """A critic estimates the Wasserstein-1 distance; clipping keeps it Lipschitz.

    L_D = D(G(z)) - D(x),   L_G = -D(G(z)),
    and after every critic update every critic weight w <- clip(w, -c, c).

    The paper's settings are the defaults here (c = 0.01, n_critic = 5);
    its optimizer, RMSProp with learning rate 5e-5, is set by the `wgan_mnist`
    preset. The critic should not use batch norm with a Lipschitz constraint
    imposed this way; the paper's DCGAN critic does, at the cost of stability.

    Args:
        generator, discriminator: see `GAN`.
        clip_value: c, the bound of every critic weight.
        d_steps: critic updates per generator update (n_critic).
        **kwargs: `seed`, `z_dim` and Keras model arguments (see `GAN`).
    """

    fixed_objective = "wasserstein"

    def __init__(self, generator, discriminator, clip_value=0.01, d_steps=5, **kwargs):
        super().__init__(generator, discriminator, d_steps=d_steps, **kwargs)
        if clip_value <= 0:
            raise ValueError(f"clip_value must be > 0, got {clip_value}")
        self.clip_value = clip_value

    def after_discriminator_step(self):
        for variable in self.discriminator.trainable_variables:
            variable.assign(tf.clip_by_value(variable, -self.clip_value, self.clip_value))

    def get_config(self):
        return {**super().get_config(), "clip_value": self.clip_value}
