"""The math of the variants defined by their objective, through real train steps."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.gans import BEGAN, WGAN
from tfgan_zoo.losses import energy
from tfgan_zoo.networks import autoencoder, dcgan


def networks(autoencoding=False):
    keras.utils.set_random_seed(0)
    generator = dcgan.dcgan_generator(8, channels=1, z_dim=8, base_filters=4)
    if autoencoding:
        return generator, autoencoder.autoencoder_discriminator((8, 8, 1), code_dim=4, base_filters=4)
    return generator, dcgan.dcgan_discriminator(8, channels=1, base_filters=4)


def real(rows, seed=0):
    return tf.constant(np.random.default_rng(seed).uniform(-1, 1, (rows, 8, 8, 1)).astype(np.float32))


@pytest.mark.parametrize("clip", [0.01, 0.003])
def test_weight_clipping_bounds_every_critic_weight_after_a_step(clip):
    gan = WGAN(*networks(), clip_value=clip, d_steps=2)
    gan.compile(keras.optimizers.RMSprop(0.05), keras.optimizers.RMSprop(5e-5))
    gan.train_step(real(8))
    weights = np.concatenate([v.numpy().ravel() for v in gan.discriminator.trainable_variables])
    assert np.abs(weights).max() <= clip + 1e-7
    assert np.isclose(np.abs(weights).max(), clip)  # the large learning rate pushed some to the bound


def test_began_k_follows_its_update_rule_and_stays_in_the_unit_interval():
    gan = BEGAN(*networks(autoencoding=True), gamma=0.5, lambda_k=0.5)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    history = []
    for step in range(6):
        batch = real(4, seed=step)
        k_before = float(gan.k.numpy())
        # Recompute the energies the step will see: the same z, drawn from a
        # copy of the seed state, and the discriminator before its update.
        state = gan.seed_generator.state.numpy()
        z = gan.sample_z(4)
        gan.seed_generator.state.assign(state)
        fake = gan.generator(z, training=True)
        real_energy = float(tf.reduce_mean(gan.discriminate(batch, None)))
        fake_energy = float(tf.reduce_mean(gan.discriminate(fake, None)))
        gan.train_step(batch)
        expected = np.clip(k_before + 0.5 * (0.5 * real_energy - fake_energy), 0.0, 1.0)
        np.testing.assert_allclose(float(gan.k.numpy()), expected, rtol=1e-4, atol=1e-6)
        history.append(float(gan.k.numpy()))
    assert all(0.0 <= k <= 1.0 for k in history)


def test_began_k_is_part_of_the_checkpoint():
    gan = BEGAN(*networks(autoencoding=True), k_initial=0.25)
    assert gan.checkpoint_items()["began_k"] is gan.k
    assert float(gan.k.numpy()) == 0.25


def test_ebgan_energy_is_the_reconstruction_error():
    from tfgan_zoo.gans import EBGAN

    gan = EBGAN(*networks(autoencoding=True))
    images = real(3)
    reconstruction, _ = gan.discriminator(images)
    np.testing.assert_allclose(gan.discriminate(images, None).numpy(),
                               energy.reconstruction_energy(images, reconstruction).numpy(), rtol=1e-6)


def test_began_k_survives_a_step_whose_update_is_skipped():
    gan = BEGAN(*networks(autoencoding=True), k_initial=0.3, lambda_k=0.5)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    poisoned = real(4).numpy()
    poisoned[0, 0, 0, 0] = np.nan
    outputs = gan.train_step(tf.constant(poisoned))
    assert float(gan.k.numpy()) == pytest.approx(0.3), "a skipped step must not move k_t"
    assert np.isfinite(float(outputs["m_global"])) and np.isfinite(float(outputs["k"]))
    gan.train_step(real(4, seed=1))
    assert 0.0 <= float(gan.k.numpy()) <= 1.0 and float(gan.k.numpy()) != pytest.approx(0.3)
