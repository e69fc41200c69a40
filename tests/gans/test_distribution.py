"""Reduction in one place, correct under MirroredStrategy: one step over two
replicas gives the same weights as the same step on one device.

Both runs compute the same sums in another order (one device sums the whole
batch; two replicas sum halves, then add), so they may differ by rounding
alone. The tests run in float64 and bound that rounding from the computation
(`rounding_tolerance`), so the bound holds whichever kernels a CPU picks.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.aids import AIDS
from tfgan_zoo.networks.aids import apply_network_aids, with_synchronized_batch_norm
from tfgan_zoo.registry import VARIANTS

GLOBAL_BATCH = 8
# Reordering a sum of n terms changes it by at most n * eps * sum |terms|
# (Higham, "Accuracy and Stability of Numerical Algorithms", 4.2). The sums
# here have at most a few hundred terms of magnitude <= 10: 1e3 eps per step
# covers them.
ROUNDING_PER_STEP = 1e3 * np.finfo(np.float64).eps
# Adam divides each gradient by its running RMS plus epsilon, so a gradient
# that nearly cancels can magnify its rounding by up to lr / epsilon.
ADAM_MAGNIFICATION = 0.1 / keras.optimizers.Adam().epsilon


def rounding_tolerance(steps, magnification=1.0):
    """The largest rounding difference `steps` updates can build up: each adds
    its gradients' rounding, magnified by the update rule."""
    return steps * magnification * ROUNDING_PER_STEP


@pytest.fixture(autouse=True, scope="module")
def float64():
    # Layers follow the global dtype policy, which an earlier test may have
    # set explicitly; floatx alone would then not reach them.
    previous = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    yield
    keras.config.set_floatx(previous[0])
    keras.config.set_dtype_policy(previous[1])


def mlp_pair():
    # No batch norm or dropout: with those, per-replica statistics differ from
    # whole-batch ones by design (synchronised batch norm is a separate option).
    z = keras.Input((4,), name="z")
    generator = keras.Model(z, keras.layers.Dense(6, activation="tanh")(keras.layers.Dense(8, activation="relu")(z)))
    x = keras.Input((6,), name="images")
    discriminator = keras.Model(x, keras.layers.Dense(1)(keras.layers.Dense(8, activation="relu")(x)))
    return generator, discriminator


def one_step(strategy, variant, kwargs, network_aids=None, steps=1):
    """The weights (and every aid's state) after `steps` train steps under `strategy`."""
    keras.utils.set_random_seed(0)
    with strategy.scope():
        generator, discriminator = mlp_pair()
        generator = apply_network_aids(generator, "generator", spectral_norm=bool(network_aids))
        discriminator = apply_network_aids(discriminator, "discriminator", packing=kwargs.get("packing", 1),
                                           **(network_aids or {}))
        gan = VARIANTS.get(variant)(generator, discriminator, seed=5, **kwargs)
        if kwargs.get("unrolled_steps") and kwargs.get("unrolled_update", "adam") == "adam":
            gan.compile(keras.optimizers.Adam(0.1), keras.optimizers.Adam(0.1))
        else:
            gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1))
    real = np.random.default_rng(0).uniform(-1, 1, (GLOBAL_BATCH * steps, 6))
    dataset = tf.data.Dataset.from_tensor_slices(real).batch(GLOBAL_BATCH)
    batches = iter(strategy.experimental_distribute_dataset(dataset))

    @tf.function
    def step(batch):
        return strategy.run(gan.train_step, args=(batch,))

    for _ in range(steps):
        step(next(batches))
    state = gan.generator.trainable_variables + gan.discriminator.trainable_variables
    state += [v for v in gan.generator.non_trainable_variables + gan.discriminator.non_trainable_variables
              if "vector_u" in v.path]
    for aid in gan.aids:
        state += [v for item in aid.checkpoint_items().values() for v in item]
    return [v.numpy() for v in state]


# Objectives whose losses are per-example functions of D's logits (minimax, least squares) reduce in
# the one place non_saturating does (their unreduced shape is tested in tests/losses); those that pair
# or clip, or that WGAN trains, run here.
CASES = [("gan", {"objective": name}) for name in ("non_saturating", "wasserstein", "hinge", "relativistic")]
# RaGAN all-reduces its batch means; WGAN-GP draws its interpolation weights
# like z; WGAN clips after the synchronised update.
CASES += [("ragan", {}), ("ralsgan", {}), ("wgan_gp", {"d_steps": 1}), ("wgan", {"d_steps": 1, "clip_value": 0.05})]
# Simultaneous updates share one discriminator pass between both losses.
CASES += [("gan", {"objective": "non_saturating", "updates": "simultaneous"}),
          ("ragan", {"updates": "simultaneous"}), ("wgan_gp", {"d_steps": 2, "updates": "simultaneous"}), ("wgan_gp", {"d_steps": 2})]
# The same-batch order takes G's gradient through the G pass D's synchronised update was given.
CASES += [("gan", {"objective": "non_saturating", "updates": "alternating_same_batch"})]


@pytest.mark.parametrize("variant,kwargs", CASES, ids=[f"{v}-{'-'.join(map(str, k.values()))}" for v, k in CASES])
def test_mirrored_step_equals_single_device_step(variant, kwargs, mirrored):
    single = one_step(tf.distribute.get_strategy(), variant, kwargs)
    replicated = one_step(mirrored, variant, kwargs)
    assert any(not np.allclose(a, b) for a, b in zip(single, initial_weights(), strict=True))
    assert single[0].dtype == np.float64
    for a, b in zip(single, replicated, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=rounding_tolerance(steps=kwargs.get("d_steps", 1) + 1))


# Every registered training aid at its test settings: their state or
# statistics span the replicas (feature matching's means and the unrolled
# gradients are all-reduced, the replay pool and top-k's losses are
# all-gathered, packs never straddle replicas, averages and instance noise are
# computed identically on every replica); and two more cases: unrolled plain
# gradient descent, and spectral norm's u vectors (a network aid).
AID_CASES = {name: (AIDS.get(name).test_fields, None) for name in AIDS.names()}
AID_CASES.update({
    "unrolled_sgd": ({"unrolled_steps": 2, "unrolled_update": "sgd", "unrolled_learning_rate": 0.5}, None),
    "spectral_norm": ({}, {"spectral_norm": True}),
})


@pytest.mark.parametrize("aid", list(AID_CASES))
def test_mirrored_steps_with_an_aid_equal_single_device_steps(aid, mirrored):
    kwargs, network_aids = AID_CASES[aid]
    kwargs = {"objective": "non_saturating", **kwargs}
    single = one_step(tf.distribute.get_strategy(), "gan", kwargs, network_aids, steps=3)
    replicated = one_step(mirrored, "gan", kwargs, network_aids, steps=3)
    assert len(single) == len(replicated)
    adam = kwargs.get("unrolled_steps") and kwargs.get("unrolled_update", "adam") == "adam"
    # Each of the 3 train steps makes one D and one G update, and the G
    # update goes through the unrolled steps as well.
    updates = 3 * (2 + kwargs.get("unrolled_steps", 0))
    tolerance = rounding_tolerance(updates, ADAM_MAGNIFICATION if adam else 1.0)
    for a, b in zip(single, replicated, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=tolerance)


def initial_weights():
    keras.utils.set_random_seed(0)
    generator, discriminator = mlp_pair()
    return [v.numpy() for v in generator.trainable_variables + discriminator.trainable_variables]


@pytest.mark.parametrize("distributed", [False, True], ids=["one_device", "mirrored"])
def test_a_non_finite_update_is_skipped_on_every_replica(distributed, mirrored):
    strategy = mirrored if distributed else tf.distribute.get_strategy()
    with strategy.scope():
        generator, discriminator = mlp_pair()
        gan = VARIANTS.get("nsgan")(generator, discriminator, seed=5)
        gan.compile(keras.optimizers.Adam(0.1), keras.optimizers.Adam(0.1))
    real = np.random.default_rng(0).uniform(-1, 1, (GLOBAL_BATCH, 6)).astype(np.float32)
    real[-1, 0] = np.nan  # only the last replica's slice is poisoned
    batch = next(iter(strategy.experimental_distribute_dataset(
        tf.data.Dataset.from_tensor_slices(real).batch(GLOBAL_BATCH))))
    d_before = [v.numpy() for v in gan.discriminator.trainable_variables]
    g_before = [v.numpy() for v in gan.generator.trainable_variables]

    @tf.function
    def step(batch):
        return strategy.run(gan.train_step, args=(batch,))

    outputs = step(batch)
    for before, variable in zip(d_before, gan.discriminator.trainable_variables, strict=True):
        np.testing.assert_array_equal(before, variable.numpy())
    assert int(gan.d_optimizer.iterations.numpy()) == 0, "the skipped update must not advance the optimizer"
    assert any(not np.array_equal(b, v.numpy()) for b, v in
               zip(g_before, gan.generator.trainable_variables, strict=True)), "G's finite update applies"
    assert int(gan.bad_streak.numpy()) == 1
    skipped = strategy.experimental_local_results(outputs["skipped_updates"])
    assert sum(float(s) for s in skipped) >= 1
    assert all(np.isfinite(float(v)) for v in strategy.experimental_local_results(outputs["d_loss"]))


def batch_norm_pair():
    z = keras.Input((4,), name="z")
    hidden = keras.layers.ReLU()(keras.layers.BatchNormalization()(keras.layers.Dense(8)(z)))
    generator = keras.Model(z, keras.layers.Dense(6, activation="tanh")(hidden))
    x = keras.Input((6,), name="images")
    hidden = keras.layers.ReLU()(keras.layers.BatchNormalization()(keras.layers.Dense(8)(x)))
    discriminator = keras.Model(x, keras.layers.Dense(1)(hidden))
    return with_synchronized_batch_norm(generator), with_synchronized_batch_norm(discriminator)


def one_batch_norm_step(strategy, variant, kwargs):
    keras.utils.set_random_seed(0)
    with strategy.scope():
        generator, discriminator = batch_norm_pair()
        gan = VARIANTS.get(variant)(generator, discriminator, seed=5, **kwargs)
        gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1))
    real = np.random.default_rng(0).uniform(-1, 1, (GLOBAL_BATCH, 6))
    batch = next(iter(strategy.experimental_distribute_dataset(
        tf.data.Dataset.from_tensor_slices(real).batch(GLOBAL_BATCH))))

    @tf.function
    def step(batch):
        return strategy.run(gan.train_step, args=(batch,))

    step(batch)
    # Weights and the moving batch-norm statistics.
    return [v.numpy() for v in gan.generator.weights + gan.discriminator.weights if "seed" not in v.path]


@pytest.mark.parametrize("variant,kwargs", [("gan", {"objective": "non_saturating"}), ("wgan_gp", {"d_steps": 1})],
                         ids=["gan", "wgan_gp"])
def test_with_synchronized_batch_norm_a_mirrored_step_equals_one_device(variant, kwargs, mirrored):
    single = one_batch_norm_step(tf.distribute.get_strategy(), variant, kwargs)
    replicated = one_batch_norm_step(mirrored, variant, kwargs)
    for a, b in zip(single, replicated, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=rounding_tolerance(steps=2))
