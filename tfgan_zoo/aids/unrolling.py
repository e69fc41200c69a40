"""Unrolled GAN (Metz et al. 2016, arXiv 1611.02163): G's loss against D unrolled K updates ahead.

    theta_D^0 = theta_D,  theta_D^{i+1} = theta_D^i + update(grad L_D(theta_D^i)),
    L_G = L_G(theta_G, theta_D^K)   (eqs. 3-5), differentiated through the unrolling.

The update is D's own Adam as a function (`adam_step`, starting from the
optimizer's current moments and step) or plain gradient descent. The
unrolled parameters are tensors fed to D through a keras StatelessScope, so
D's variables, optimizer, statistics and metrics are left as they were.
"""

from typing import NamedTuple

import keras
import tensorflow as tf

UPDATES = ("adam", "sgd")


class AdamState(NamedTuple):
    """Adam's hyperparameters and state, as tensors an unrolling carries along."""

    beta_1: float
    beta_2: float
    epsilon: float
    learning_rate: tf.Tensor
    step: tf.Tensor
    momentums: list
    velocities: list


def adam_state(optimizer, variables):
    """A keras Adam's state for `variables` as it stands: hyperparameters, step, rate and moments."""
    # Keras keeps Adam's moments in private lists indexed per variable; the
    # public `variables` list does not say which moment belongs to which weight.
    index = [optimizer._get_variable_index(v) for v in variables]
    return AdamState(
        beta_1=optimizer.beta_1, beta_2=optimizer.beta_2, epsilon=optimizer.epsilon,
        learning_rate=tf.cast(optimizer.learning_rate, tf.float32),
        step=tf.cast(optimizer.iterations, tf.float32),
        momentums=[tf.convert_to_tensor(optimizer._momentums[i]) for i in index],
        velocities=[tf.convert_to_tensor(optimizer._velocities[i]) for i in index],
    )


def adam_step(params, gradients, state):
    """One Adam update as a function (Kingma & Ba 2014, arXiv 1412.6980), as
    keras.optimizers.Adam applies it: t = t + 1,
    m = m + (1 - b1)(g - m), v = v + (1 - b2)(g^2 - v),
    theta = theta - lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps).
    Parameters without a gradient keep their values and moments.
    Returns (new params, new state)."""
    step = state.step + 1.0
    alpha = state.learning_rate * tf.sqrt(1.0 - state.beta_2 ** step) / (1.0 - state.beta_1 ** step)
    new_params, momentums, velocities = [], [], []
    for param, gradient, m, v in zip(params, gradients, state.momentums, state.velocities, strict=True):
        if gradient is not None:
            gradient = tf.cast(gradient, param.dtype)
            m = m + (gradient - m) * (1.0 - state.beta_1)
            v = v + (tf.square(gradient) - v) * (1.0 - state.beta_2)
            param = param - tf.cast(alpha, param.dtype) * m / (tf.sqrt(v) + state.epsilon)
        new_params.append(param)
        momentums.append(m)
        velocities.append(v)
    return new_params, state._replace(step=step, momentums=momentums, velocities=velocities)


def unrolled_generator_loss(gan, real_in, fake_in, labels, steps, update="adam", learning_rate=0.01,
                            optimizer=None):
    """The GAN's per-example generator loss against its D unrolled `steps` updates ahead.

    Args:
        gan: the GAN (its discriminator, `penalized_discriminator_loss`,
            `reduce_loss` and `generator_loss` are used as they are).
        real_in, fake_in, labels: what D sees this step.
        steps: K; 0 gives `gan.generator_loss`.
        update: "adam" (D's Adam, from `optimizer`'s state) or "sgd"
            (theta - learning_rate * grad).
        optimizer: D's Adam, for update="adam".
    Each unrolled gradient is all-reduced, so the unrolling matches one device.
    """
    variables = gan.discriminator.trainable_variables
    unrolled = [tf.convert_to_tensor(v) for v in variables]
    state = adam_state(optimizer, variables) if steps and update == "adam" else None
    context = tf.distribute.get_replica_context()
    for _ in range(steps):
        with tf.GradientTape() as tape:
            tape.watch(unrolled)
            with keras.StatelessScope(state_mapping=list(zip(variables, unrolled, strict=True))):
                per_example, _, _ = gan.penalized_discriminator_loss(real_in, fake_in, labels)
                loss = gan.reduce_loss(per_example)
        gradients = tape.gradient(loss, unrolled)
        if context is not None and context.num_replicas_in_sync > 1:
            gradients = context.all_reduce(tf.distribute.ReduceOp.SUM, gradients)
        if state is not None:
            unrolled, state = adam_step(unrolled, gradients, state)
        else:
            unrolled = [v - learning_rate * tf.cast(g, v.dtype) if g is not None else v
                        for v, g in zip(unrolled, gradients, strict=True)]
    with keras.StatelessScope(state_mapping=list(zip(variables, unrolled, strict=True))):
        return gan.generator_loss(real_in, fake_in, labels)
