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

from tfgan_zoo import replicas
from tfgan_zoo.aids.base import Aid, check_not_negative, register

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
    for _ in range(steps):
        with tf.GradientTape() as tape:
            tape.watch(unrolled)
            with keras.StatelessScope(state_mapping=list(zip(variables, unrolled, strict=True))):
                per_example = gan.penalized_discriminator_loss(real_in, fake_in, labels)[0]
                loss = replicas.reduce_loss(per_example)
        gradients = replicas.sum_over_replicas(tape.gradient(loss, unrolled))
        if state is not None:
            unrolled, state = adam_step(unrolled, gradients, state)
        else:
            unrolled = [v - learning_rate * tf.cast(g, v.dtype) if g is not None else v
                        for v, g in zip(unrolled, gradients, strict=True)]
    with keras.StatelessScope(state_mapping=list(zip(variables, unrolled, strict=True))):
        return gan.generator_loss(real_in, fake_in, labels)


@register
class Unrolling(Aid):
    """G's adversarial loss is taken against D unrolled K update steps ahead and
    differentiated through the unrolling (`unrolled_generator_loss`); D's
    real update is unchanged.

    Args:
        unrolled_steps: K >= 1.
        unrolled_update: "adam" (default) unrolls D's own Adam update from its
            current moments, step and rate, as the paper's code does; "sgd"
            unrolls plain gradient descent
            theta_D^{i+1} = theta_D^i - eta grad L_D(theta_D^i) (eq. 3).
        unrolled_learning_rate: eta, for "sgd".
    """

    name = "unrolling"
    fields = {"unrolled_steps": 0, "unrolled_update": "adam", "unrolled_learning_rate": 0.01}
    test_fields = {"unrolled_steps": 1}

    def __init__(self, unrolled_steps, unrolled_update="adam", unrolled_learning_rate=0.01):
        if unrolled_steps < 1:
            raise ValueError(f"unrolled_steps must be >= 1, got {unrolled_steps}")
        if unrolled_update not in UPDATES:
            raise ValueError(f"unrolled_update must be one of {', '.join(UPDATES)}, got {unrolled_update!r}")
        self.unrolled_steps = unrolled_steps
        self.unrolled_update = unrolled_update
        self.unrolled_learning_rate = unrolled_learning_rate

    @classmethod
    def from_fields(cls, unrolled_steps, unrolled_update, unrolled_learning_rate):
        check_not_negative(unrolled_steps=unrolled_steps)
        if unrolled_update not in UPDATES:
            raise ValueError(f"unrolled_update must be one of {', '.join(UPDATES)}, got {unrolled_update!r}")
        return cls(unrolled_steps, unrolled_update, unrolled_learning_rate) if unrolled_steps else None

    def check_optimizers(self, gan):
        if self.unrolled_update == "adam" and not isinstance(
                replicas.unscaled_optimizer(gan.d_optimizer), keras.optimizers.Adam):
            raise ValueError(
                f"unrolled_update='adam' unrolls the discriminator's Adam, but its optimizer is "
                f"{type(replicas.unscaled_optimizer(gan.d_optimizer)).__name__}; use optimizer.name=adam or "
                "variant.unrolled_update=sgd")

    def adversarial_generator_loss(self, gan, real_in, fake_in, labels):
        optimizer = replicas.unscaled_optimizer(gan.d_optimizer) if self.unrolled_update == "adam" else None
        return unrolled_generator_loss(gan, real_in, fake_in, labels, self.unrolled_steps,
                                       update=self.unrolled_update, learning_rate=self.unrolled_learning_rate,
                                       optimizer=optimizer)
