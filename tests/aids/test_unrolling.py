"""Unrolled GAN: the unrolled generator loss against hand computations, and its checks."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.aids.unrolling import Unrolling, unrolled_generator_loss
from tfgan_zoo.gans import GAN
from tfgan_zoo.layers import SpectralNormalization

from aid_fixtures import BATCH, compiled, mlp_pair, real_batch, weights


def test_unrolling_with_zero_steps_is_the_plain_generator_loss():
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating"))
    real, fake = real_batch(), gan.generator(tf.ones([BATCH, 2]))
    np.testing.assert_allclose(unrolled_generator_loss(gan, real, fake, None, 0).numpy(),
                               gan.generator_loss(real, fake, None).numpy(), rtol=1e-6)


def test_one_unrolled_step_on_a_linear_critic_matches_the_hand_computation():
    # D(x) = x . w: wasserstein L_D = mean(D(fake) - D(real)), grad_w = mean(fake) - mean(real);
    # w' = w - eta (mean(fake) - mean(real)); L_G = -D'(fake).
    x = keras.Input((3,), name="images")
    critic = keras.Model(x, keras.layers.Dense(1, use_bias=False)(x))
    generator, _ = mlp_pair()
    gan = GAN(generator, critic, objective="wasserstein",
              aids=[Unrolling(1, unrolled_update="sgd", unrolled_learning_rate=0.5)])
    w = critic.trainable_variables[0].numpy()[:, 0]
    real, fake = real_batch(), real_batch(seed=2)
    expected_w = w - 0.5 * (fake.numpy().mean(0) - real.numpy().mean(0))
    out = gan.aid("unrolling").adversarial_generator_loss(gan, real, fake, None).numpy()
    np.testing.assert_allclose(out, -(fake.numpy() @ expected_w), rtol=1e-5)
    np.testing.assert_array_equal(critic.trainable_variables[0].numpy()[:, 0], w)


def test_unrolling_a_spectrally_normalized_critic_unrolls_its_biases_too():
    # Metz et al. (arXiv 1611.02163) unroll all of D's parameters: with a
    # bias, one SGD step on D(x) = x . w / sigma(w) + b moves b by
    # -eta * dL_D/db = -eta * (1 - 1) = 0 under the wasserstein loss, so use
    # least squares, whose bias gradient is not zero.
    x = keras.Input((3,), name="images")
    critic = keras.Model(x, SpectralNormalization(keras.layers.Dense(1, bias_initializer="ones"))(x))
    generator, _ = mlp_pair()
    gan = GAN(generator, critic, objective="least_squares", unrolled_steps=1, unrolled_update="sgd",
              unrolled_learning_rate=0.5)
    real, fake = real_batch(), real_batch(seed=2)
    out = gan.aid("unrolling").adversarial_generator_loss(gan, real, fake, None).numpy()
    # The same step by hand: differentiate L_D with respect to every variable
    # of a twin critic, step them, then take L_G on the stepped twin.
    twin = keras.models.clone_model(critic)
    twin.set_weights(critic.get_weights())
    with tf.GradientTape() as tape:
        d_loss = tf.reduce_mean(gan.objective.discriminator_loss(twin(real), twin(fake)))
    gradients = tape.gradient(d_loss, twin.trainable_variables)
    for variable, gradient in zip(twin.trainable_variables, gradients, strict=True):
        variable.assign_sub(0.5 * gradient)
    assert float(gradients[1][0]) != 0.0
    expected = gan.objective.generator_loss(None, twin(fake)).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_unrolling_with_adam_takes_the_discriminators_own_adam_steps():
    # A linear critic under the wasserstein loss has a constant gradient
    # g = mean(fake) - mean(real), so two unrolled steps are two applications
    # of Keras's Adam with g, continuing from the optimizer's moments and step.
    x = keras.Input((3,), name="images")
    critic = keras.Model(x, keras.layers.Dense(1, use_bias=False)(x))
    generator, _ = mlp_pair()
    gan = GAN(generator, critic, objective="wasserstein", unrolled_steps=2)
    gan.compile(keras.optimizers.Adam(0.1, beta_1=0.5, beta_2=0.9), keras.optimizers.Adam(0.1, beta_1=0.5,
                                                                                            beta_2=0.9))
    kernel = critic.trainable_variables[0]
    gan.d_optimizer.apply([tf.constant([[0.3], [-0.2], [0.1]])], [kernel])  # some history: moments, step 1
    real, fake = real_batch(), real_batch(seed=2)
    before = kernel.numpy().copy()
    out = gan.aid("unrolling").adversarial_generator_loss(gan, real, fake, None).numpy()
    np.testing.assert_array_equal(kernel.numpy(), before)  # the unrolling leaves D as it was
    g = (fake.numpy().mean(0) - real.numpy().mean(0))[:, None]
    gan.d_optimizer.apply([tf.constant(g)], [kernel])
    gan.d_optimizer.apply([tf.constant(g)], [kernel])
    np.testing.assert_allclose(out, -(fake.numpy() @ kernel.numpy()[:, 0]), rtol=1e-5, atol=1e-6)


def test_unrolling_with_adam_needs_an_adam_discriminator_optimizer():
    gan = GAN(*mlp_pair(), objective="non_saturating", unrolled_steps=2)
    with pytest.raises(ValueError, match="unrolls the discriminator's Adam, but its optimizer is SGD"):
        gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1))
    with pytest.raises(ValueError, match="unrolled_update must be one of adam, sgd"):
        GAN(*mlp_pair(), unrolled_steps=2, unrolled_update="rmsprop")


@pytest.mark.parametrize("update", ["adam", "sgd"])
def test_unrolling_changes_only_the_generator_update(update):
    def after_one_step(steps):
        gan = GAN(*mlp_pair(), objective="non_saturating", unrolled_steps=steps, unrolled_update=update, seed=3)
        gan.compile(keras.optimizers.Adam(0.05), keras.optimizers.Adam(0.05))
        gan.train_step(real_batch())
        return weights(gan.generator), weights(gan.discriminator)

    (g_plain, d_plain), (g_unrolled, d_unrolled) = after_one_step(0), after_one_step(3)
    for a, b in zip(d_plain, d_unrolled, strict=True):
        np.testing.assert_array_equal(a, b)
    assert any(not np.allclose(a, b) for a, b in zip(g_plain, g_unrolled, strict=True))
