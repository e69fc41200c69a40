"""Gradient penalties on a tiny linear critic, where the gradient is known: D(x) = x . w + b."""

import numpy as np
import tensorflow as tf

from tfgan_zoo.losses import penalties

W = np.array([[3.0], [4.0]], np.float32)  # ||w|| = 5


def linear_critic(x):
    return tf.matmul(tf.reshape(x, [-1, 2]), W) + 0.5


REAL = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]], np.float32)
FAKE = np.array([[0.3, -0.2], [2.0, 2.0], [1.0, -1.0]], np.float32)
ALPHA = np.array([0.0, 0.5, 1.0], np.float32)


def test_wasserstein_gradient_penalty_on_a_linear_critic():
    # The gradient is w wherever x_hat lies: (||w|| - 1)^2 = 16 for every example.
    penalty = penalties.wasserstein_gradient_penalty(linear_critic, REAL, FAKE, ALPHA).numpy()
    np.testing.assert_allclose(penalty, [16.0, 16.0, 16.0], rtol=1e-5)


def test_gradient_penalty_target_and_image_shaped_inputs():
    images_real = REAL.reshape(3, 1, 2, 1)
    images_fake = FAKE.reshape(3, 1, 2, 1)
    penalty = penalties.wasserstein_gradient_penalty(linear_critic, images_real, images_fake, ALPHA, target=5.0)
    np.testing.assert_allclose(penalty.numpy(), [0.0, 0.0, 0.0], atol=1e-5)


def test_gradient_penalty_depends_on_where_the_interpolates_lie():
    def quadratic_critic(x):  # D(x) = 1/2 ||x||^2, gradient x
        return 0.5 * tf.reduce_sum(tf.square(x), axis=1, keepdims=True)

    penalty = penalties.wasserstein_gradient_penalty(quadratic_critic, REAL, FAKE, ALPHA).numpy()
    x_hat = ALPHA[:, None] * REAL + (1 - ALPHA[:, None]) * FAKE
    expected = (np.linalg.norm(x_hat, axis=1) - 1.0) ** 2
    np.testing.assert_allclose(penalty, expected, rtol=1e-4, atol=1e-5)


def test_dragan_and_r1_on_a_linear_critic():
    perturbation = np.full_like(REAL, 0.1)
    np.testing.assert_allclose(
        penalties.dragan_penalty(linear_critic, REAL, perturbation, ALPHA).numpy(), [16.0] * 3, rtol=1e-5)
    np.testing.assert_allclose(penalties.r1_penalty(linear_critic, REAL).numpy(), [25.0] * 3, rtol=1e-5)


def test_penalty_has_a_gradient_for_the_critic():
    w = tf.Variable(W)

    def critic(x):
        return tf.matmul(x, w)

    with tf.GradientTape() as tape:
        penalty = tf.reduce_sum(penalties.wasserstein_gradient_penalty(critic, REAL, FAKE, ALPHA))
    gradient = tape.gradient(penalty, w).numpy()
    # d/dw 3 (||w|| - 1)^2 = 6 (||w|| - 1) w / ||w||
    np.testing.assert_allclose(gradient, 6 * 4 * W / 5, rtol=1e-4)
