"""The train-step aids of GAN: their math on tiny inputs, their state, their errors."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.builders import build_optimizer
from tfgan_zoo.configs._base import base_config
from tfgan_zoo.gans import GAN
from tfgan_zoo.gans.aids import ParameterAverage, ReplayPool, instance_noise_stddev
from tfgan_zoo.layers import SpectralNormalization
from tfgan_zoo.networks.aids import packed

BATCH = 4


def mlp_pair(data_dim=3, seed=0):
    keras.utils.set_random_seed(seed)
    z = keras.Input((2,), name="z")
    generator = keras.Model(z, keras.layers.Dense(data_dim, activation="tanh")(keras.layers.Dense(5)(z)))
    x = keras.Input((data_dim,), name="images")
    hidden = keras.layers.Dense(4, activation="relu", name="hidden")(x)
    discriminator = keras.Model(x, keras.layers.Dense(1, name="score")(hidden))
    return generator, discriminator


def compiled(gan, rate=0.05):
    gan.compile(keras.optimizers.SGD(rate), keras.optimizers.SGD(rate))
    return gan


def real_batch(rows=BATCH, dim=3, seed=1):
    return tf.constant(np.random.default_rng(seed).uniform(-1, 1, (rows, dim)).astype(np.float32))


def weights(model):
    return [v.numpy().copy() for v in model.trainable_variables]


# --------------------------------------------------------------- packing

def test_pack_puts_m_consecutive_examples_side_by_side():
    generator, discriminator = mlp_pair(data_dim=2)
    gan = GAN(generator, packed(discriminator, 2), objective="non_saturating", packing=2)
    images = tf.reshape(tf.range(8, dtype=tf.float32), [4, 2])  # rows [0 1] [2 3] [4 5] [6 7]
    np.testing.assert_array_equal(gan.pack(images).numpy(), [[0, 1, 2, 3], [4, 5, 6, 7]])
    maps = tf.reshape(tf.range(16, dtype=tf.float32), [4, 2, 1, 2])
    out = gan.pack(maps).numpy()
    assert out.shape == (2, 2, 1, 4)
    np.testing.assert_array_equal(out[0, 1, 0], [2, 3, 6, 7])  # example 0 then example 1, same pixel


def test_packing_gives_one_loss_per_pack_and_checks_the_discriminator():
    generator, discriminator = mlp_pair()
    gan = compiled(GAN(generator, packed(discriminator, 2), objective="non_saturating", packing=2))
    fake = gan.generator(tf.zeros([BATCH, 2]))
    per_example, _, _ = gan.discriminator_loss(gan.pack(real_batch()), gan.pack(fake), None)
    assert per_example.shape == (BATCH // 2,)
    with pytest.raises(ValueError, match=r"packing=2 needs a discriminator taking 2 x 3 = 6 channels"):
        GAN(*mlp_pair(), packing=2)
    with pytest.raises(ValueError, match="cannot be packed in groups of packing=2"):
        gan.pack(tf.zeros([3, 3]))


# -------------------------------------------------------------- unrolling

def test_unrolling_with_zero_steps_is_the_plain_generator_loss():
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating"))
    real, fake = real_batch(), gan.generator(tf.ones([BATCH, 2]))
    np.testing.assert_allclose(gan.unrolled_generator_loss(real, fake, None, 0).numpy(),
                               gan.generator_loss(real, fake, None).numpy(), rtol=1e-6)


def test_one_unrolled_step_on_a_linear_critic_matches_the_hand_computation():
    # D(x) = x . w: wasserstein L_D = mean(D(fake) - D(real)), grad_w = mean(fake) - mean(real);
    # w' = w - eta (mean(fake) - mean(real)); L_G = -D'(fake).
    x = keras.Input((3,), name="images")
    critic = keras.Model(x, keras.layers.Dense(1, use_bias=False)(x))
    generator, _ = mlp_pair()
    gan = GAN(generator, critic, objective="wasserstein", unrolled_update="sgd", unrolled_learning_rate=0.5)
    w = critic.trainable_variables[0].numpy()[:, 0]
    real, fake = real_batch(), real_batch(seed=2)
    expected_w = w - 0.5 * (fake.numpy().mean(0) - real.numpy().mean(0))
    out = gan.unrolled_generator_loss(real, fake, None, 1).numpy()
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
    gan = GAN(generator, critic, objective="least_squares", unrolled_update="sgd", unrolled_learning_rate=0.5)
    real, fake = real_batch(), real_batch(seed=2)
    out = gan.unrolled_generator_loss(real, fake, None, 1).numpy()
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
    out = gan.unrolled_generator_loss(real, fake, None, 2).numpy()
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


# -------------------------------------------------------- feature matching

def test_feature_matching_loss_uses_the_chosen_layer_and_alone_trains_g():
    generator, discriminator = mlp_pair()
    gan = compiled(GAN(generator, discriminator, objective="non_saturating", feature_matching=1.0,
                       feature_matching_layer="hidden", adversarial_weight=0.0))
    real, fake = real_batch(), gan.generator(tf.ones([BATCH, 2]))
    hidden = keras.Model(discriminator.inputs, discriminator.get_layer("hidden").output)
    expected = np.sum((hidden(real).numpy().mean(0) - hidden(fake).numpy().mean(0)) ** 2)
    np.testing.assert_allclose(float(gan.feature_matching_loss(real, fake)), expected, rtol=1e-5)
    metrics = gan.train_step(real_batch())
    # With adversarial_weight 0 the generator's loss is feature matching alone.
    np.testing.assert_allclose(float(metrics["g_loss"]), float(metrics["feature_matching"]), rtol=1e-6)


def test_default_feature_layer_is_the_input_of_the_last_weighted_layer():
    generator, discriminator = mlp_pair()
    gan = GAN(generator, discriminator, feature_matching=0.5)
    assert gan.feature_extractor.output.shape == (None, 4)
    with pytest.raises(ValueError, match="feature_matching_layer 'nope' is not a layer"):
        GAN(*mlp_pair(), feature_matching=0.5, feature_matching_layer="nope")
    with pytest.raises(ValueError, match="adversarial_weight=0 leaves the generator no loss"):
        GAN(*mlp_pair(), adversarial_weight=0.0)


# ------------------------------------------------ historical averaging, EMA

def test_historical_average_after_n_steps_is_the_mean_of_the_snapshots():
    variable = keras.Variable([1.0, -2.0])
    average = ParameterAverage([variable])
    snapshots = [[3.0, 0.0], [0.0, 4.0], [-1.0, 1.0], [2.0, 2.0]]
    for snapshot in snapshots:
        variable.assign(snapshot)
        average.update([variable])
    np.testing.assert_allclose(average.averages[0].numpy(), np.mean(snapshots, axis=0), rtol=1e-6)
    variable.assign([9.0, 9.0])
    average.update([variable], applied=tf.constant(False))  # a skipped update adds nothing
    np.testing.assert_allclose(average.averages[0].numpy(), np.mean(snapshots, axis=0), rtol=1e-6)
    assert int(average.updates.numpy()) == 4


def test_exponential_moving_average_follows_its_formula_after_the_start():
    variable = keras.Variable([0.0])
    average = ParameterAverage([variable], decay=0.9, start=1)
    expected = 0.0
    for step, value in enumerate([1.0, 2.0, 3.0], start=1):
        variable.assign([value])
        average.update([variable])
        expected = value if step <= 1 else 0.9 * expected + 0.1 * value
    np.testing.assert_allclose(average.averages[0].numpy(), [expected], rtol=1e-6)


def test_historical_averaging_penalty_enters_the_discriminator_loss():
    def d_after(weight):
        gan = compiled(GAN(*mlp_pair(), objective="non_saturating", d_historical_averaging=weight, seed=1))
        for _ in range(3):
            gan.train_step(real_batch())
        return weights(gan.discriminator), gan

    plain, _ = d_after(0.0)
    pulled, gan = d_after(10.0)
    assert any(not np.allclose(a, b) for a, b in zip(plain, pulled, strict=True))
    assert int(gan.d_history.updates.numpy()) == 3


def test_sampling_generator_holds_the_moving_average():
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating", ema_decay=0.5, seed=2))
    initial = weights(gan.generator)
    gan.train_step(real_batch())
    current = weights(gan.generator)
    ema = gan.sampling_generator()
    assert ema is not gan.generator
    for start, now, averaged in zip(initial, current, ema.trainable_variables, strict=True):
        np.testing.assert_allclose(averaged.numpy(), 0.5 * start + 0.5 * now, rtol=1e-6)
    assert "generator_ema" in gan.checkpoint_items()
    plain = compiled(GAN(*mlp_pair(), objective="non_saturating"))
    assert plain.sampling_generator() is plain.generator


# -------------------------------------------------------- experience replay

def test_replay_pool_fills_its_empty_slots_then_replaces_random_ones():
    pool = ReplayPool(size=6, ratio=0.5, example_shape=(1,))
    first = tf.constant([[1.0], [2.0], [3.0], [4.0]])
    np.testing.assert_array_equal(pool.mix(first, seed=[0, 1]).numpy(), first.numpy())  # empty pool
    np.testing.assert_array_equal(pool.pool.numpy()[:2, 0], [1.0, 2.0])
    second = tf.constant([[5.0], [6.0], [7.0], [8.0]])
    mixed = pool.mix(second, seed=[0, 2]).numpy()[:, 0]
    assert set(mixed[:2]) <= {1.0, 2.0}  # replayed from the pool
    np.testing.assert_array_equal(mixed[2:], [7.0, 8.0])
    pool.mix(tf.constant([[9.0], [10.0], [11.0], [12.0]]), seed=[0, 3])
    np.testing.assert_array_equal(pool.pool.numpy()[:, 0], [1.0, 2.0, 5.0, 6.0, 9.0, 10.0])
    pool.mix(tf.constant([[13.0], [14.0], [0.0], [0.0]]), seed=[0, 4])
    # The full pool took 13 and 14 over two distinct slots, the rest kept.
    after = pool.pool.numpy()[:, 0]
    assert sorted(set(after) - {1.0, 2.0, 5.0, 6.0, 9.0, 10.0}) == [13.0, 14.0]
    assert int(pool.count.numpy()) == 8


def test_replay_pool_replaces_every_slot_equally_often_not_the_oldest():
    # Shrivastava et al. (arXiv 1612.07828, section 2.3) replace b/2 random
    # entries; a first-in, first-out pool would replace slots 0, 1, 2, 3 in turn.
    size, pushes = 4, 400
    pool = ReplayPool(size=size, ratio=0.5, example_shape=(1,))
    pool.mix(tf.zeros([8, 1]), seed=[0, 0])  # 4 examples fill the pool
    replaced = np.zeros(size)
    for step in range(pushes):
        before = pool.pool.numpy()[:, 0]
        pool.mix(tf.fill([2, 1], float(step + 1)), seed=[1, step])
        changed = before != pool.pool.numpy()[:, 0]
        assert changed.sum() == 1  # one new example, one slot
        replaced += changed
    # Each slot is replaced with probability 1/4 per push: 100 +- 8.7 (binomial sd).
    assert np.all(np.abs(replaced - pushes / size) < 5 * np.sqrt(pushes * 0.25 * 0.75))
    assert not np.array_equal(np.flatnonzero(changed), [(4 + pushes - 1) % size])


def test_replay_pool_rejects_non_finite_examples_and_is_checkpointed(tmp_path):
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating", replay_pool_size=8, seed=4))
    gan.train_step(real_batch())
    gan.train_step(real_batch())
    saved = gan.replay_pool.pool.numpy().copy()
    assert int(gan.replay_pool.count.numpy()) == 4 and np.abs(saved[:4]).sum() > 0
    path = tf.train.Checkpoint(**gan.checkpoint_items()).save(str(tmp_path / "ckpt"))
    fresh = compiled(GAN(*mlp_pair(), objective="non_saturating", replay_pool_size=8, seed=4))
    tf.train.Checkpoint(**fresh.checkpoint_items()).restore(path).assert_existing_objects_matched()
    np.testing.assert_array_equal(fresh.replay_pool.pool.numpy(), saved)
    gan.replay_pool.mix(tf.constant(np.full((BATCH, 3), np.nan, np.float32)), seed=[1, 1])
    np.testing.assert_array_equal(gan.replay_pool.pool.numpy(), saved)
    with pytest.raises(ValueError, match=r"replay_ratio must be in \(0, 1\]"):
        ReplayPool(4, 1.5, (3,))


# ----------------------------------------------------------- instance noise

def test_instance_noise_anneals_linearly_to_zero():
    values = [float(instance_noise_stddev(step, 0.2, 10)) for step in (0, 5, 10, 20)]
    np.testing.assert_allclose(values, [0.2, 0.1, 0.0, 0.0], atol=1e-7)
    assert float(instance_noise_stddev(1000, 0.2, 0)) == pytest.approx(0.2)


def test_instance_noise_is_added_to_what_the_discriminator_sees():
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating", instance_noise=0.5))
    images = tf.zeros([256, 3])
    noisy = gan.discriminator_inputs(images).numpy()
    assert abs(noisy.std() - 0.5) < 0.05
    gan.instance_noise = 0.0
    np.testing.assert_array_equal(gan.discriminator_inputs(images).numpy(), images.numpy())


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


# ---------------------------------------------------------- gradient penalties

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
    total, _, _ = gan.penalized_discriminator_loss(real, fake, None)
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
    assert float(gan.d_penalty_tracker.result()) > 0


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


# ------------------------------------------------------------------- TTUR

@pytest.mark.parametrize("schedule,expected", [("constant", 4e-4), ("linear", 2e-4), ("cosine", 2e-4)])
def test_ttur_each_network_has_its_own_rate_and_schedule(schedule, expected):
    config = base_config()
    config["optimizer"].update(g_learning_rate=1e-4, d_learning_rate=4e-4, d_schedule=schedule)
    d_opt = build_optimizer(config, "d", decay_steps=10)
    g_opt = build_optimizer(config, "g", decay_steps=10)
    d_opt.iterations.assign(5)  # halfway
    g_opt.iterations.assign(5)
    assert float(d_opt.learning_rate) == pytest.approx(expected, rel=1e-5)
    assert float(g_opt.learning_rate) == pytest.approx(1e-4, rel=1e-5)
