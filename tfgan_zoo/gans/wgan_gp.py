"""WGAN with gradient penalty (Gulrajani et al. 2017, arXiv 1704.00028)."""

import keras

from tfgan_zoo.aids.penalty import gradient_penalty
from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("wgan_gp")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class WGANGP(GAN):
    """WGAN whose Lipschitz constraint is a penalty on the critic's gradient norm.

    L_D = D(G(z)) - D(x) + lambda (||grad D(x_hat)||_2 - 1)^2,
    x_hat = alpha x + (1 - alpha) G(z),  alpha ~ U[0, 1] per example;
    L_G = -D(G(z)).

    The paper's settings are the defaults here (lambda = 10, n_critic = 5); its
    optimizer, Adam(1e-4, beta_1=0, beta_2=0.9), is set by the `wgan_gp_mnist`
    preset. The critic must not use batch norm (the penalty is per example);
    layer norm or none. The penalty is computed in float32.

    Args:
        generator, discriminator: see `GAN`.
        gp_weight: lambda.
        d_steps: critic updates per generator update (n_critic).
        **kwargs: `seed`, `z_dim` and Keras model arguments (see `GAN`).
    """

    fixed_objective = "wasserstein"

    def __init__(self, generator, discriminator, gp_weight=10.0, d_steps=5, **kwargs):
        super().__init__(generator, discriminator, d_steps=d_steps, **kwargs)
        if gp_weight < 0:
            raise ValueError(f"gp_weight must be >= 0, got {gp_weight}")
        self.gp_weight = gp_weight
        self.penalty_tracker = keras.metrics.Mean(name="gradient_penalty")

    @property
    def metrics(self):
        return [*super().metrics, self.penalty_tracker]

    def discriminator_loss(self, real_images, fake_images, labels):
        per_example, real_out, fake_out = super().discriminator_loss(real_images, fake_images, labels)
        penalty = gradient_penalty(self, "gp", real_images, fake_images, labels)
        self.penalty_tracker.update_state(penalty)
        return per_example + self.gp_weight * penalty, real_out, fake_out

    def get_config(self):
        return {**super().get_config(), "gp_weight": self.gp_weight}
