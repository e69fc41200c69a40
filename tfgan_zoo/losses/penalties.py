"""Gradient penalties on a critic, unreduced (one value per example).

Each takes the critic as a callable and every random quantity as an explicit
tensor, so the functions stay pure and a test can pin their values. The
gradients are taken in at least float32 whatever the critic's compute dtype,
because a squared gradient norm underflows in float16.
"""

import tensorflow as tf

from tfgan_zoo.losses.precision import at_least_float32


def _squared_input_gradient_norm(critic, inputs):
    """||d critic(x_i) / d x_i||_2^2 for each example i, in at least float32."""
    inputs = at_least_float32(inputs)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        # Each score depends on its own example only, so the gradient of the
        # sum holds every per-example gradient at once.
        total = tf.reduce_sum(at_least_float32(critic(inputs)))
    gradients = tape.gradient(total, inputs)
    squared = tf.reduce_sum(tf.reshape(tf.square(gradients), [tf.shape(gradients)[0], -1]), axis=1)
    return squared


def _interpolate(first, second, alpha):
    first, second = at_least_float32(first), at_least_float32(second)
    alpha = tf.reshape(tf.cast(alpha, first.dtype), [-1] + [1] * (first.shape.rank - 1))
    return alpha * first + (1.0 - alpha) * second


def wasserstein_gradient_penalty(critic, real, fake, alpha, target=1.0):
    """WGAN-GP penalty (Gulrajani et al. 2017, arXiv 1704.00028).

    P_i = (||grad_x D(x_hat_i)||_2 - target)^2,  x_hat_i = alpha_i x_i + (1 - alpha_i) G(z_i)

    Args:
        critic: callable images -> [batch, 1] scores.
        real, fake: [batch, ...] images.
        alpha: [batch] interpolation weights, drawn from U[0, 1] by the caller.
        target: the gradient norm pulled towards (1 in the paper).
    """
    squared = _squared_input_gradient_norm(critic, _interpolate(real, fake, alpha))
    # sqrt has an infinite gradient at 0; the epsilon keeps a zero-gradient
    # point (a constant critic) from producing NaN.
    return tf.square(tf.sqrt(squared + 1e-12) - target)


def dragan_penalty(critic, real, perturbation, alpha, target=1.0):
    """DRAGAN penalty (Kodali et al. 2017, arXiv 1705.07215).

    P_i = (||grad_x D(x_hat_i)||_2 - target)^2,
    x_hat_i = alpha_i x_i + (1 - alpha_i)(x_i + delta_i)

    The penalty acts around the real data only. The paper draws
    delta = 0.5 * std(x) * u with u ~ U[0, 1]; the caller passes delta in as
    `perturbation` ([batch, ...]).
    """
    real = at_least_float32(real)
    squared = _squared_input_gradient_norm(critic, _interpolate(real, real + perturbation, alpha))
    return tf.square(tf.sqrt(squared + 1e-12) - target)


def r1_penalty(critic, real):
    """R1 penalty (Mescheder et al. 2018, arXiv 1801.04406): P_i = ||grad_x D(x_i)||_2^2.

    The paper weighs it by gamma / 2; the weight is the caller's.
    """
    return _squared_input_gradient_norm(critic, real)
