"""Gradient penalties (R1, WGAN-GP's, DRAGAN's) in D's loss, against closed forms."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.gans import GAN

from aid_fixtures import BATCH, mlp_pair, real_batch


class SquaredNorm(keras.layers.Layer):
    """D(x) = sum x^2: grad D(x) = 2x, so every penalty has a closed form."""

    def call(self, x):
        return tf.reduce_sum(tf.square(x), axis=-1, keepdims=True)


def squared_norm_gan(**kwargs):
    generator, _ = mlp_pair()
    x = keras.Input((3,), name="images")
    return GAN(generator, keras.Model(x, SquaredNorm()(x)), objective="wasserstein", **kwargs)


@pytest.mark.parametrize("penalty", ["r1", "gp", "dragan"])
def test_a_gradient_penalty_is_added_to_the_discriminators_loss_on_its_own_inputs(penalty):
    gan = squared_norm_gan(penalty=penalty, penalty_weight=4.0)
    plain = squared_norm_gan()
    real, fake = real_batch(), real_batch(seed=2)
    base, _, _ = plain.discriminator_loss(real, fake, None)
    total, _, _, reports = gan.penalized_discriminator_loss(real, fake, None)
    added = (total - base).numpy()
    x, g = real.numpy(), fake.numpy()
    if penalty == "r1":
        # Mescheder et al.: gamma/2 ||grad D(x)||^2 on the reals only.
        expected = 4.0 / 2 * np.linalg.norm(2 * x, axis=1) ** 2
    else:
        # The same draws as the penalty's, from a twin with the same seed:
        # alpha, then (DRAGAN) u for the perturbation 0.5 std(x) u.
        twin = squared_norm_gan()
        alpha = twin.draw(tf.random.stateless_uniform, BATCH).numpy()[:, None]
        if penalty == "gp":
            other = g
        else:
            other = x + 0.5 * x.std() * twin.draw(tf.random.stateless_uniform, BATCH, (3,)).numpy()
        interpolates = alpha * x + (1 - alpha) * other
        expected = 4.0 * (np.linalg.norm(2 * interpolates, axis=1) - 1) ** 2
    np.testing.assert_allclose(added, expected, rtol=1e-4)
    (tracker, values), = reports
    assert tracker.name == "d_penalty" and values.shape == (BATCH,)


def test_r1_ignores_the_generated_batch_and_an_unknown_penalty_is_an_error():
    gan = squared_norm_gan(penalty="r1", penalty_weight=2.0)
    real = real_batch()
    first = gan.penalized_discriminator_loss(real, real_batch(seed=2), None)[0] - \
        gan.discriminator_loss(real, real_batch(seed=2), None)[0]
    second = gan.penalized_discriminator_loss(real, real_batch(seed=3), None)[0] - \
        gan.discriminator_loss(real, real_batch(seed=3), None)[0]
    np.testing.assert_allclose(first.numpy(), second.numpy(), rtol=1e-5)
    with pytest.raises(ValueError, match="penalty must be one of"):
        squared_norm_gan(penalty="r2")
    with pytest.raises(ValueError, match="penalty_weight must be >= 0"):
        squared_norm_gan(penalty="r1", penalty_weight=-1.0)
