"""`updates`: alternating (D, then G against the updated D) or simultaneous
(both gradients from one generated batch and one discriminator pass)."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.gans import GAN
from tfgan_zoo.layers import CategoricalLatent
from tfgan_zoo.losses import adversarial
from tfgan_zoo.registry import VARIANTS

BATCH = 6
RATE = 0.1


def mlp_pair(seed=0):
    keras.utils.set_random_seed(seed)
    z = keras.Input((3,), name="z")
    generator = keras.Model(z, keras.layers.Dense(4, activation="tanh")(keras.layers.Dense(5, activation="relu")(z)))
    x = keras.Input((4,), name="images")
    discriminator = keras.Model(x, keras.layers.Dense(1)(keras.layers.Dense(5, activation="relu")(x)))
    return generator, discriminator


def make_gan(updates, objective="non_saturating", variant="gan", **kwargs):
    generator, discriminator = mlp_pair()
    if variant == "gan":
        kwargs["objective"] = objective
    gan = VARIANTS.get(variant)(generator, discriminator, updates=updates, seed=3, **kwargs)
    gan.compile(keras.optimizers.SGD(RATE), keras.optimizers.SGD(RATE))
    return gan


def real_batch():
    return tf.constant(np.random.default_rng(1).uniform(-1, 1, (BATCH, 4)).astype(np.float32))


def sgd(variables, loss_of):
    """One step of plain SGD at RATE on loss_of(), as the reference steps written out by hand take."""
    with tf.GradientTape() as tape:
        loss = loss_of()
    for variable, gradient in zip(variables, tape.gradient(loss, variables), strict=True):
        variable.assign_sub(RATE * gradient)


def assert_same_weights(models, references):
    """Each model's trainable weights equal its reference's, to float32 rounding of a few steps."""
    for model, reference in zip(models, references, strict=True):
        for got, want in zip(values(model.trainable_variables), values(reference.trainable_variables), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def under_test_and_reference(updates, objective):
    """The GAN under test, and what a reference step written out by hand takes: the z the step
    will draw first, the objective's loss functions, a real batch, and a twin's networks."""
    reference = make_gan(updates, objective)
    return (make_gan(updates, objective), reference.sample_z(BATCH), LOSSES[objective], real_batch(),
            (reference.generator, reference.discriminator))


def values(variables):
    return [v.numpy().copy() for v in variables]


LOSSES = {
    "non_saturating": (adversarial.non_saturating_discriminator_loss, adversarial.non_saturating_generator_loss),
    "wasserstein": (adversarial.wasserstein_discriminator_loss, adversarial.wasserstein_generator_loss),
    "relativistic": (adversarial.relativistic_discriminator_loss, adversarial.relativistic_generator_loss),
}


@pytest.mark.parametrize("objective", list(LOSSES))
def test_a_simultaneous_step_is_the_tutorials_two_tape_step(objective):
    # The reference: the same networks and the same z, through the TensorFlow
    # DCGAN tutorial's step written out by hand with SGD.
    gan, z, (d_loss_fn, g_loss_fn), real, (generator, discriminator) = under_test_and_reference("simultaneous",
                                                                                                objective)
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(z, training=True)
        real_out, fake_out = discriminator(real, training=True), discriminator(fake, training=True)
        g_loss = tf.reduce_mean(g_loss_fn(real_out, fake_out))
        d_loss = tf.reduce_mean(d_loss_fn(real_out, fake_out))
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    expected_g = [v.numpy() - RATE * g.numpy() for v, g in zip(generator.trainable_variables, g_grads, strict=True)]
    expected_d = [v.numpy() - RATE * g.numpy()
                  for v, g in zip(discriminator.trainable_variables, d_grads, strict=True)]

    logs = tf.function(gan.train_step)(real)
    for got, want in zip(values(gan.generator.trainable_variables), expected_g, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    for got, want in zip(values(gan.discriminator.trainable_variables), expected_d, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(float(logs["g_loss"]), float(g_loss), rtol=1e-5)
    np.testing.assert_allclose(float(logs["d_loss"]), float(d_loss), rtol=1e-5)


def test_the_orders_share_the_discriminator_update_and_differ_in_the_generators():
    alternating, simultaneous = make_gan("alternating"), make_gan("simultaneous")
    for gan in (alternating, simultaneous):
        tf.function(gan.train_step)(real_batch())
    for a, s in zip(values(alternating.discriminator.trainable_variables),
                    values(simultaneous.discriminator.trainable_variables), strict=True):
        np.testing.assert_allclose(a, s, rtol=1e-6)
    # Alternating G sees the updated D and fresh z; simultaneous G the step's first D and z.
    assert any(not np.allclose(a, s) for a, s in zip(values(alternating.generator.trainable_variables),
                                                     values(simultaneous.generator.trainable_variables),
                                                     strict=True))


def count_discriminator_passes(gan, labels=None):
    passes = []
    call = gan.discriminator.call

    def counted(*args, **kwargs):
        passes.append(1)
        return call(*args, **kwargs)

    gan.discriminator.call = counted
    images = tf.TensorSpec([BATCH, 4], tf.float32)
    tf.function(gan.train_step).get_concrete_function(
        images if labels is None else (images, tf.TensorSpec.from_tensor(labels)))
    return len(passes)


def test_a_simultaneous_step_runs_the_generator_once_and_the_discriminator_once_per_batch():
    # Alternating: D(real), D(fake) for D's update, D(fake') for G's; simultaneous: D(real), D(fake).
    assert count_discriminator_passes(make_gan("alternating")) == 3
    assert count_discriminator_passes(make_gan("simultaneous")) == 2
    # A variant whose generator loss needs real outputs reuses those too.
    assert count_discriminator_passes(make_gan("simultaneous", "relativistic")) == 2


def headed_gan(variant, updates):
    """AC-GAN or InfoGAN on small MLPs: D returns [logit, head] (InfoGAN: 2 x 2 code logits)."""
    keras.utils.set_random_seed(0)
    z = keras.Input((6,), name="z")
    latent = CategoricalLatent(2, codes=2)(z) if variant == "infogan" else z
    generator = keras.Model(z, keras.layers.Dense(4, activation="tanh")(keras.layers.Dense(5, activation="relu")(
        latent)))
    x = keras.Input((4,), name="images")
    features = keras.layers.Dense(5, activation="relu")(x)
    discriminator = keras.Model(x, [keras.layers.Dense(1)(features), keras.layers.Dense(4)(features)])
    if variant == "acgan":
        label = keras.Input((), dtype="int32", name="label")
        generator = keras.Model([z, label], generator(z) + keras.layers.Embedding(4, 4)(label))
    classes = {"num_classes": 4} if variant == "acgan" else {}
    gan = VARIANTS.get(variant)(generator, discriminator, updates=updates, seed=3, **classes)
    gan.compile(keras.optimizers.SGD(RATE), keras.optimizers.SGD(RATE))
    return gan


@pytest.mark.parametrize("variant", ["acgan", "infogan"])
def test_a_variant_with_a_second_head_reads_g_loss_from_ds_own_pass(variant):
    """AC-GAN's and InfoGAN's G loss adds a head term: the shared pass gives G both of D's
    outputs, so D runs once per batch."""
    labels = tf.constant([0, 1, 2, 3, 0, 1])
    assert count_discriminator_passes(headed_gan(variant, "alternating"), labels) == 3
    assert count_discriminator_passes(headed_gan(variant, "simultaneous"), labels) == 2


def test_a_simultaneous_ac_gan_step_is_the_two_tape_step_with_the_head_terms():
    gan, reference = headed_gan("acgan", "simultaneous"), headed_gan("acgan", "simultaneous")
    z, labels, real = reference.sample_z(BATCH), tf.constant([0, 1, 2, 3, 0, 1]), real_batch()
    generator, discriminator = reference.generator, reference.discriminator
    d_loss_fn, g_loss_fn = LOSSES["non_saturating"]
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        (real_logit, real_head), (fake_logit, fake_head) = (discriminator(real, training=True),
                                                            discriminator(reference.generate(z, labels), training=True))
        d_loss = tf.reduce_mean(d_loss_fn(real_logit, fake_logit)
                                + reference.discriminator_head_loss(real_head, fake_head, labels))
        g_loss = tf.reduce_mean(g_loss_fn(real_logit, fake_logit) + reference.generator_head_loss(fake_head, labels))
    expected = [[v.numpy() - RATE * tf.convert_to_tensor(g).numpy()
                 for v, g in zip(variables, tape.gradient(loss, variables), strict=True)]
                for tape, loss, variables in ((g_tape, g_loss, generator.trainable_variables),
                                              (d_tape, d_loss, discriminator.trainable_variables))]
    logs = tf.function(gan.train_step)((real, labels))
    for network, want in zip((gan.generator, gan.discriminator), expected, strict=True):
        for got, value in zip(values(network.trainable_variables), want, strict=True):
            np.testing.assert_allclose(got, value, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(float(logs["g_loss"]), float(g_loss), rtol=1e-5)
    np.testing.assert_allclose(float(logs["d_loss"]), float(d_loss), rtol=1e-5)


@pytest.mark.parametrize("variant,kwargs", [
    ("gan", {"unrolled_steps": 1, "unrolled_update": "sgd"}), ("gan", {"replay_pool_size": 12}), ("gan", {"feature_matching": 1.0}),
    ("wgan_gp", {"d_steps": 2}), ("ebgan", {}),
], ids=["unrolled", "replay", "feature_matching", "wgan_gp_two_critic_steps", "own_generator_loss"])
def test_simultaneous_updates_compose_with_aids_and_variants(variant, kwargs):
    if variant == "ebgan":
        keras.utils.set_random_seed(0)
        z = keras.Input((3,), name="z")
        generator = keras.Model(z, keras.layers.Dense(4, activation="tanh")(z))
        x = keras.Input((4,), name="images")
        code = keras.layers.Dense(2, activation="relu")(x)
        discriminator = keras.Model(x, [keras.layers.Dense(4)(code), code])
        gan = VARIANTS.get("ebgan")(generator, discriminator, updates="simultaneous", seed=3)
        gan.compile(keras.optimizers.SGD(RATE), keras.optimizers.SGD(RATE))
    else:
        gan = make_gan("simultaneous", variant=variant, **kwargs)
    g_before, d_before = values(gan.generator.trainable_variables), values(gan.discriminator.trainable_variables)
    real = tf.concat([real_batch()] * gan.d_steps, axis=0)
    logs = tf.function(gan.train_step)(real)
    assert all(np.isfinite(float(v)) for v in logs.values())
    assert int(gan.d_optimizer.iterations.numpy()) == gan.d_steps
    assert int(gan.g_optimizer.iterations.numpy()) == 1
    for before, after in ((g_before, gan.generator.trainable_variables),
                          (d_before, gan.discriminator.trainable_variables)):
        assert any(not np.allclose(b, a) for b, a in zip(before, values(after), strict=True))


@pytest.mark.parametrize("objective", list(LOSSES))
def test_a_same_batch_step_is_the_pytorch_dcgan_examples_step(objective):
    # The reference: PyTorch's DCGAN example written out with the same networks and z and SGD: one G
    # pass; D's update on it detached; then G's loss through the updated D on that same batch.
    gan, z, (d_loss_fn, g_loss_fn), real, (generator, discriminator) = under_test_and_reference(
        "alternating_same_batch", objective)
    with tf.GradientTape() as g_tape:
        fake = generator(z, training=True)
        with g_tape.stop_recording(), tf.GradientTape() as d_tape:
            d_loss = tf.reduce_mean(d_loss_fn(discriminator(real, training=True),
                                              discriminator(tf.stop_gradient(fake), training=True)))
        for variable, gradient in zip(discriminator.trainable_variables,
                                      d_tape.gradient(d_loss, discriminator.trainable_variables), strict=True):
            variable.assign_sub(RATE * gradient)
        g_loss = tf.reduce_mean(g_loss_fn(discriminator(real, training=True), discriminator(fake, training=True)))
    for variable, gradient in zip(generator.trainable_variables,
                                  g_tape.gradient(g_loss, generator.trainable_variables), strict=True):
        variable.assign_sub(RATE * gradient)

    logs = tf.function(gan.train_step)(real)
    assert int(gan.d_optimizer.iterations.numpy()) == 1 and int(gan.g_optimizer.iterations.numpy()) == 1
    assert_same_weights((gan.generator, gan.discriminator), (generator, discriminator))
    np.testing.assert_allclose(float(logs["g_loss"]), float(g_loss), rtol=1e-5)
    np.testing.assert_allclose(float(logs["d_loss"]), float(d_loss), rtol=1e-5)


def test_a_same_batch_step_gives_the_weights_of_alternating_with_shared_latents():
    # The same algorithm with one G pass fewer: G's second pass on the same z, at the same weights,
    # repeats the first (no batch norm here, whose statistics would update once more).
    same_batch = make_gan("alternating_same_batch")
    shared = make_gan("alternating", shared_latents=True)
    real = real_batch()
    for gan in (same_batch, shared):
        step = tf.function(gan.train_step)
        for _ in range(3):
            step(real)
    assert_same_weights((same_batch.generator, same_batch.discriminator), (shared.generator, shared.discriminator))


def test_a_same_batch_step_with_two_critic_steps_draws_a_z_for_the_first():
    gan = make_gan("alternating_same_batch", d_steps=2)
    reference = make_gan("alternating")
    real = tf.concat([real_batch(), real_batch() * 0.5], axis=0)  # rows i, i + 2, ...: slice i of the two
    z_first, z_shared = reference.sample_z(BATCH), reference.sample_z(BATCH)
    d_loss_fn, g_loss_fn = LOSSES["non_saturating"]
    generator, discriminator = reference.generator, reference.discriminator
    slices = tf.unstack(tf.reshape(real, [-1, 2, 4]), axis=1)

    fake_first, fake = generator(z_first, training=True), generator(z_shared, training=True)
    for real_slice, fake_slice in ((slices[0], fake_first), (slices[1], fake)):
        sgd(discriminator.trainable_variables, lambda r=real_slice, f=fake_slice: tf.reduce_mean(
            d_loss_fn(discriminator(r, training=True), discriminator(f, training=True))))
    sgd(generator.trainable_variables, lambda: tf.reduce_mean(
        g_loss_fn(None, discriminator(generator(z_shared, training=True), training=True))))

    tf.function(gan.train_step)(real)
    assert int(gan.d_optimizer.iterations.numpy()) == 2 and int(gan.g_optimizer.iterations.numpy()) == 1
    assert_same_weights((gan.generator, gan.discriminator), (generator, discriminator))


def test_updates_is_checked_and_saved_with_the_model():
    generator, discriminator = mlp_pair()
    with pytest.raises(ValueError, match="updates must be one of alternating, simultaneous"):
        GAN(generator, discriminator, updates="joint")
    assert make_gan("simultaneous").get_config()["updates"] == "simultaneous"


@pytest.mark.parametrize("shared_latents", [False, True])
def test_g_steps_repeats_gs_update_on_one_z_after_ds(shared_latents):
    """g_steps=2 (PacGAN's Stacked MNIST code): one D update, then two G updates on the same z,
    each against the updated D and G; with shared_latents D's update generates from that z too
    (their code feeds one z to all three). Written out by hand with the same networks and z."""
    gan = make_gan("alternating", g_steps=2, shared_latents=shared_latents)
    reference = make_gan("alternating")
    real = real_batch()
    z_d = reference.sample_z(BATCH)  # the draws the step makes, in order
    z_g = z_d if shared_latents else reference.sample_z(BATCH)
    d_loss_fn, g_loss_fn = LOSSES["non_saturating"]
    generator, discriminator = reference.generator, reference.discriminator

    fake = generator(z_d, training=True)
    sgd(discriminator.trainable_variables, lambda: tf.reduce_mean(
        d_loss_fn(discriminator(real, training=True), discriminator(fake, training=True))))
    for _ in range(2):
        sgd(generator.trainable_variables, lambda: tf.reduce_mean(
            g_loss_fn(None, discriminator(generator(z_g, training=True), training=True))))

    tf.function(gan.train_step)(real)
    assert int(gan.d_optimizer.iterations.numpy()) == 1 and int(gan.g_optimizer.iterations.numpy()) == 2
    assert_same_weights((gan.generator, gan.discriminator), (generator, discriminator))
    assert gan.get_config()["g_steps"] == 2 and gan.get_config()["shared_latents"] == shared_latents


def test_shared_latents_needs_one_alternating_d_update_in_the_shared_step():
    generator, discriminator = mlp_pair()
    for wrong in ({"updates": "simultaneous"}, {"d_steps": 2}):
        with pytest.raises(ValueError, match="shared_latents gives D's one update"):
            GAN(generator, discriminator, shared_latents=True, **wrong)
    with pytest.raises(ValueError, match="shared_latents gives D's one update"):
        VARIANTS.get("progan")(generator, discriminator, shared_latents=True)
    with pytest.raises(ValueError, match="true or false"):
        GAN(generator, discriminator, shared_latents="yes")


def test_g_steps_is_checked_against_the_update_order_and_the_variants_own_steps():
    generator, discriminator = mlp_pair()
    with pytest.raises(ValueError, match="g_steps must be >= 1"):
        GAN(generator, discriminator, g_steps=0)
    with pytest.raises(ValueError, match="use updates='alternating' or g_steps=1"):
        GAN(generator, discriminator, g_steps=2, updates="simultaneous")
    with pytest.raises(ValueError, match="ProGAN has its own training step"):
        VARIANTS.get("progan")(generator, discriminator, g_steps=2)
