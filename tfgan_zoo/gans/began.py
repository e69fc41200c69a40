"""Boundary equilibrium GAN (Berthelot et al. 2017, arXiv 1703.10717)."""

import keras
import tensorflow as tf

from tfgan_zoo import replicas
from tfgan_zoo.gans.ebgan import AutoencoderDiscriminatorGAN
from tfgan_zoo.losses import energy
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("began")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class BEGAN(AutoencoderDiscriminatorGAN):
    """An autoencoder discriminator held in equilibrium with the generator.

    L(v) = mean |v - D(v)| over pixels (D an autoencoder)
    L_D = L(x) - k_t L(G(z)),   L_G = L(G(z))
    k_{t+1} = clip(k_t + lambda_k (gamma L(x) - L(G(z))), 0, 1)
    M_global = L(x) + |gamma L(x) - L(G(z))|   (logged as `m_global`)

    gamma = E L(G(z)) / E L(x) is the diversity ratio the balance aims at.
    k_t is updated after each discriminator step from that step's energies,
    averaged over the global batch, using one z for both terms as in the
    reference implementations; k_t is saved with the checkpoint.

    Args:
        generator: see `GAN`.
        discriminator: an autoencoder mapping images to [reconstruction, code].
        gamma: the diversity ratio (0.5 in most of the paper's figures).
        lambda_k: the proportional gain of the k_t update (0.001).
        k_initial: k_0 (0).
        **kwargs: `d_steps`, `seed`, `z_dim` and Keras model arguments (see `GAN`).
    """

    def __init__(self, generator, discriminator, gamma=0.5, lambda_k=0.001, k_initial=0.0, **kwargs):
        super().__init__(generator, discriminator, **kwargs)
        if not 0.0 < gamma <= 1.0:
            raise ValueError(f"gamma must be in (0, 1], got {gamma}")
        if not 0.0 <= k_initial <= 1.0:
            raise ValueError(f"k_initial must be in [0, 1], got {k_initial}")
        self.gamma = gamma
        self.lambda_k = lambda_k
        self.k_initial = k_initial
        # Every replica computes the same k from all-reduced energies.
        self.k = self.add_weight(shape=(), initializer=keras.initializers.Constant(k_initial),
                                 trainable=False, name="k", aggregation="only_first_replica")
        self.k_tracker = keras.metrics.Mean(name="k")
        self.convergence_tracker = keras.metrics.Mean(name="m_global")

    @property
    def metrics(self):
        return [*super().metrics, self.k_tracker, self.convergence_tracker]

    def checkpoint_items(self):
        return {**super().checkpoint_items(), "began_k": self.k}

    def discriminate(self, images, labels, training=True):
        del labels
        reconstruction, _ = self.discriminator(images, training=training)
        return energy.reconstruction_energy(images, reconstruction, "l1")

    def discriminator_loss(self, real_images, fake_images, labels):
        real_energy = self.discriminate(real_images, labels)
        fake_energy = self.discriminate(fake_images, labels)
        per_example = energy.began_discriminator_loss(real_energy, fake_energy, self.k)
        real_mean, fake_mean = replicas.global_mean(real_energy), replicas.global_mean(fake_energy)
        # The guard that skips non-finite updates decides after this hook, so a
        # non-finite step must not reach k_t here: one NaN would stay forever.
        finite = tf.math.is_finite(real_mean) & tf.math.is_finite(fake_mean)
        new_k = energy.began_k_update(self.k, real_mean, fake_mean, self.gamma, self.lambda_k)
        self.k.assign(tf.where(finite, new_k, self.k))
        self.k_tracker.update_state(self.k)
        replicas.update_if(self.convergence_tracker,
                   energy.began_convergence(real_mean, fake_mean, self.gamma), finite)
        return per_example, real_energy, fake_energy

    def generator_loss(self, real_images, fake_images, labels):
        return energy.began_generator_loss(None, self.discriminate(fake_images, labels))

    def get_config(self):
        return {**super().get_config(), "gamma": self.gamma, "lambda_k": self.lambda_k,
                "k_initial": self.k_initial}
