"""FusedAdam: Keras's Adam through TensorFlow's one-pass kernel, same formula, same variables."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.builders import build_optimizer
from tfgan_zoo.configs import _base
from tfgan_zoo.optimizers import FusedAdam

STEPS = 6
RATE, EPSILON = 1e-2, 1e-7
UNIT = np.finfo(np.float32).eps / 2  # float32's unit roundoff
# (beta_1, beta_2): the zoo's default, Adam's paper's, WGAN-GP's and a short memory.
BETAS = [(0.5, 0.999), (0.9, 0.999), (0.0, 0.9), (0.5, 0.99)]


def one_minus_gap(beta):
    """Relative gap between 1 - beta as the kernel forms it (float32, from float32's beta) and
    as Keras does (in double, then rounded): the two scale the moments' steps by these."""
    in_float32 = np.float32(1) - np.float32(beta)
    return abs(float(in_float32) - float(np.float32(1 - beta))) / (1 - beta)


def adam_tolerance(weights, beta_1, beta_2):
    """How far two float32 evaluations of the same Adam steps on fixed gradients may part,
    from the computation. Each step stores w once (at most |w| u of rounding on each side) and
    computes its update with about a dozen roundings, each at most u of the update. The
    update is at most lr max(1, (1 - beta_1) / sqrt(1 - beta_2)) (Kingma and Ba, section 2.1).
    The kernel's 1 - beta scales every step of m by (1 + d_1) and of v by (1 + d_2) against
    Keras's, so m / sqrt(v) moves by at most d_1 + d_2 / 2 of itself. Errors of steps add."""
    largest_update = RATE * max(1.0, (1 - beta_1) / np.sqrt(1 - beta_2))
    relative = 16 * UNIT + one_minus_gap(beta_1) + one_minus_gap(beta_2) / 2
    drift = STEPS * largest_update
    return STEPS * (2 * UNIT * (np.abs(weights).max() + drift) + relative * largest_update)


def run_steps(optimizer_class, weights, gradients, betas, strategy=None):
    """Adam steps on a variable whose loss sum(w * g) has gradient g (per replica)."""
    strategy = strategy or tf.distribute.get_strategy()
    with strategy.scope():
        variable = keras.Variable(weights)
        optimizer = optimizer_class(RATE, beta_1=betas[0], beta_2=betas[1], epsilon=EPSILON)
        optimizer.build([variable])

    def replica_step(gradient):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(variable.value * gradient)
        optimizer.apply(tape.gradient(loss, [variable.value]), [variable])

    @tf.function
    def step(gradient):
        strategy.run(replica_step, args=(gradient,))

    for gradient in gradients:
        step(tf.constant(gradient))
    return variable, optimizer


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(60, 40)).astype(np.float32)
    # Gradients of mixed scale, some exactly zero, so m, v and the bias correction all matter.
    gradients = [(rng.normal(size=(60, 40)) * rng.choice([0.0, 1e-3, 1.0, 30.0], size=(60, 40)))
                 .astype(np.float32) for _ in range(STEPS)]
    return weights, gradients


@pytest.mark.parametrize("betas", BETAS)
def test_fused_adam_takes_keras_adams_steps(problem, betas):
    weights, gradients = problem
    keras_variable, keras_adam = run_steps(keras.optimizers.Adam, weights, gradients, betas)
    fused_variable, fused_adam = run_steps(FusedAdam, weights, gradients, betas)
    tolerance = adam_tolerance(weights, *betas)
    np.testing.assert_allclose(fused_variable.numpy(), keras_variable.numpy(), rtol=0, atol=tolerance)
    # The moments are Keras's own variables, updated by the kernel. Each is an average of the
    # gradients (m) or their squares (v) with weights summing to at most 1, so they agree up to
    # a few roundings and the gap in 1 - beta per step, of the largest gradient (squared): m's
    # terms may cancel, so the bound is absolute.
    largest = np.abs(np.stack(gradients)).max()
    for moments, gap, scale in ((lambda adam: adam._momentums, one_minus_gap(betas[0]), largest),
                                (lambda adam: adam._velocities, one_minus_gap(betas[1]), largest ** 2)):
        np.testing.assert_allclose(moments(fused_adam)[0].numpy(), moments(keras_adam)[0].numpy(),
                                   rtol=0, atol=STEPS * (4 * UNIT + gap) * scale)
    assert int(fused_adam.iterations.numpy()) == STEPS
    # The weights moved by far more than the tolerance: the comparison is not vacuous.
    assert np.abs(fused_variable.numpy() - weights).max() > 100 * tolerance


def test_fused_adam_under_mirrored_strategy_updates_every_replica_alike(problem, mirrored):
    weights, gradients = problem
    betas = BETAS[0]
    fused, _ = run_steps(FusedAdam, weights, gradients, betas, strategy=mirrored)
    reference, _ = run_steps(keras.optimizers.Adam, weights, gradients, betas, strategy=mirrored)
    components = [component.numpy() for component in fused.value.values]
    assert len(components) == 2
    np.testing.assert_array_equal(components[0], components[1])
    np.testing.assert_allclose(components[0], reference.numpy(), rtol=0,
                               atol=adam_tolerance(weights, *betas))


def test_fused_adam_falls_back_for_sparse_gradients_and_amsgrad():
    rows = keras.Variable(np.ones((5, 3), np.float32))
    optimizer = FusedAdam(0.1)
    optimizer.build([rows])
    sparse = tf.IndexedSlices(tf.ones([2, 3]), indices=tf.constant([1, 3]), dense_shape=tf.constant([5, 3]))
    optimizer.apply([sparse], [rows])
    moved = np.abs(rows.numpy() - 1).max(axis=1) > 0
    assert moved.tolist() == [False, True, False, True, False]

    variable = keras.Variable(np.ones(4, np.float32))
    amsgrad = FusedAdam(0.1, amsgrad=True)
    amsgrad.build([variable])
    amsgrad.apply([tf.ones(4)], [variable])
    np.testing.assert_allclose(variable.numpy(), 0.9, rtol=1e-5)  # the first step is lr * sign(g)


def test_checkpoints_of_keras_adam_restore_into_fused_adam(tmp_path, problem):
    weights, gradients = problem
    variable, keras_adam = run_steps(keras.optimizers.Adam, weights, gradients[:3], BETAS[0])
    path = tf.train.Checkpoint(optimizer=keras_adam, variable=variable).write(str(tmp_path / "ckpt"))

    restored_variable = keras.Variable(np.zeros_like(weights))
    fused = FusedAdam(RATE, beta_1=BETAS[0][0], beta_2=BETAS[0][1], epsilon=EPSILON)
    fused.build([restored_variable])
    tf.train.Checkpoint(optimizer=fused, variable=restored_variable).read(path).assert_consumed()
    assert int(fused.iterations.numpy()) == 3
    np.testing.assert_array_equal(fused._velocities[0].numpy(), keras_adam._velocities[0].numpy())
    np.testing.assert_array_equal(restored_variable.numpy(), variable.numpy())


def test_build_optimizer_uses_the_fused_kernel_unless_told_not_to():
    config = _base.base_config()
    assert type(build_optimizer(config, "g")) is FusedAdam
    config["optimizer"]["fused"] = False
    assert type(build_optimizer(config, "g")) is keras.optimizers.Adam
    del config["optimizer"]["fused"]  # a workdir saved before the field existed
    assert type(build_optimizer(config, "d")) is FusedAdam
