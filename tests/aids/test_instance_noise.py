"""Instance noise: its annealing, on what D sees, by the steps taken."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.aids.instance_noise import instance_noise_stddev
from tfgan_zoo.gans import GAN

from aid_fixtures import compiled, mlp_pair, real_batch


def test_instance_noise_anneals_linearly_to_zero():
    values = [float(instance_noise_stddev(step, 0.2, 10)) for step in (0, 5, 10, 20)]
    np.testing.assert_allclose(values, [0.2, 0.1, 0.0, 0.0], atol=1e-7)
    assert float(instance_noise_stddev(1000, 0.2, 0)) == pytest.approx(0.2)


def test_instance_noise_is_added_to_what_the_discriminator_sees():
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating", instance_noise=0.5))
    images = tf.zeros([256, 3])
    noisy = gan.discriminator_inputs(images).numpy()
    assert abs(noisy.std() - 0.5) < 0.05
    plain = compiled(GAN(*mlp_pair(), objective="non_saturating"))
    np.testing.assert_array_equal(plain.discriminator_inputs(images).numpy(), images.numpy())


def skipped_steps(gan, batch, steps):
    """Runs `steps` train steps whose every update is skipped (G outputs NaN)."""
    kernel = gan.generator.trainable_variables[0]
    saved = kernel.numpy()
    kernel.assign(np.full_like(saved, np.nan))
    for _ in range(steps):
        gan.train_step(batch)
    kernel.assign(saved)


def test_instance_noise_anneals_with_the_steps_taken_even_when_updates_are_skipped():
    # sigma_t follows training time: two steps of T = 2 end the noise even if
    # both steps' updates were skipped for a non-finite loss.
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating", instance_noise=1.0,
                       instance_noise_anneal_steps=2))
    skipped_steps(gan, real_batch(), 2)
    assert int(gan.g_optimizer.iterations.numpy()) == 0 and int(gan.steps_done.numpy()) == 2
    images = tf.zeros([8, 3])
    np.testing.assert_array_equal(gan.discriminator_inputs(images).numpy(), images.numpy())
