"""The generator EMA: its formula, the averaged sampling generator, its checkpoint item."""

import logging

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.aids.ema import STANDING_BATCH_SIZE, StandingStatistics, values_per_example
from tfgan_zoo.aids.parameter_average import ParameterAverage
from tfgan_zoo.gans import GAN
from tfgan_zoo.networks.dcgan import dcgan_discriminator, dcgan_generator

from aid_fixtures import compiled, mlp_pair, real_batch, weights


def test_exponential_moving_average_follows_its_formula_after_the_start():
    variable = keras.Variable([0.0])
    average = ParameterAverage([variable], decay=0.9, start=1)
    expected = 0.0
    for step, value in enumerate([1.0, 2.0, 3.0], start=1):
        variable.assign([value])
        average.update([variable])
        expected = value if step <= 1 else 0.9 * expected + 0.1 * value
    np.testing.assert_allclose(average.averages[0].numpy(), [expected], rtol=1e-6)


def test_a_skipped_update_leaves_the_average_bit_for_bit_and_the_start_copies_the_weights():
    rng = np.random.default_rng(3)
    start_values, later_values = (rng.normal(size=(50, 20)).astype(np.float32) * 10 for _ in range(2))
    variable = keras.Variable(start_values)
    average = ParameterAverage([variable], decay=0.999, start=1)
    variable.assign(later_values)
    average.update([variable], applied=False)  # a skipped update: rate 0
    np.testing.assert_array_equal(average.averages[0].numpy(), start_values)
    assert int(average.updates.numpy()) == 0
    average.update([variable])  # within the start: avg - (avg - theta), theta up to two roundings
    unit = np.finfo(np.float32).eps / 2
    bound = 2 * unit * (np.abs(start_values) + 2 * np.abs(later_values))
    assert np.all(np.abs(average.averages[0].numpy() - later_values) <= bound)
    assert int(average.updates.numpy()) == 1


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


def batch_norm_pair(conditional=False, seed=0):
    """G: z (and a label embedding) -> Dense(3) -> batch norm -> tanh."""
    keras.utils.set_random_seed(seed)
    z = keras.Input((2,), name="z")
    inputs, hidden = [z], keras.layers.Dense(3, name="project")(z)
    if conditional:
        label = keras.Input((), dtype="int32", name="label")
        inputs.append(label)
        hidden = hidden + keras.layers.Embedding(2, 3, name="embed")(label)
    normalized = keras.layers.BatchNormalization(momentum=0.9, name="normalize")(hidden)
    generator = keras.Model(inputs if conditional else z, keras.layers.Activation("tanh")(normalized))
    return generator, mlp_pair(seed=seed)[1]


def standing_reference(ema, gan, batches):
    """numpy: the mean over the fixed draws of each batch's mean and unbiased variance before the norm."""
    project = ema.get_layer("project")
    means, variances = [], []
    for index in range(batches):
        z = tf.random.stateless_normal((STANDING_BATCH_SIZE, 2), seed=(index, 0)).numpy().astype(np.float64)
        hidden = z @ project.kernel.numpy() + project.bias.numpy()
        if gan.conditional:
            labels = tf.random.stateless_uniform((STANDING_BATCH_SIZE,), seed=(index, 1), maxval=2,
                                                 dtype=tf.int32).numpy()
            hidden = hidden + ema.get_layer("embed").embeddings.numpy()[labels]
        means.append(hidden.mean(0))
        variances.append(hidden.var(0, ddof=1))  # Bessel's correction: 64 values per channel
    return np.mean(means, 0), np.mean(variances, 0)


@pytest.mark.parametrize("conditional", [False, True])
def test_batch_norm_of_the_average_holds_its_own_standing_statistics(conditional):
    gan = compiled(GAN(*batch_norm_pair(conditional), objective="non_saturating", ema_decay=0.5,
                       num_classes=2 if conditional else 0, ema_standing_batches=3, seed=2))
    batch = real_batch()
    gan.train_step((batch, tf.constant([0, 1, 0, 1])) if conditional else batch)
    ema = gan.sampling_generator()
    expected_mean, expected_variance = standing_reference(ema, gan, batches=3)
    normalize = ema.get_layer("normalize")
    # float32 sums of 64 products of O(1) values: errors of a few float32 ulps of O(1) numbers.
    tolerance = 64 * np.finfo(np.float32).eps
    np.testing.assert_allclose(normalize.moving_mean.numpy(), expected_mean, atol=tolerance)
    np.testing.assert_allclose(normalize.moving_variance.numpy(), expected_variance, atol=tolerance)
    assert normalize.momentum == 0.9  # restored
    live = gan.generator.get_layer("normalize")
    assert not np.allclose(live.moving_mean.numpy(), normalize.moving_mean.numpy())
    # a second call with no update in between reuses the copy as it is
    normalize.moving_mean.assign(normalize.moving_mean + 1.0)
    assert gan.sampling_generator() is ema
    np.testing.assert_allclose(normalize.moving_mean.numpy(), expected_mean + 1.0, atol=tolerance)


def two_norm_generator():
    """z -> Dense(4) -> batch norm -> ReLU -> Dense(3) -> batch norm: the second norm's
    input depends on how the first normalized the same batch."""
    keras.utils.set_random_seed(5)
    z = keras.Input((2,), name="z")
    hidden = keras.layers.ReLU()(keras.layers.BatchNormalization(momentum=0.8, name="first")(
        keras.layers.Dense(4, name="inner")(z)))
    return keras.Model(z, keras.layers.BatchNormalization(momentum=0.7, name="second")(
        keras.layers.Dense(3, name="outer")(hidden)))


def two_norm_reference(generator, batches):
    """numpy: each batch through both norms with its own biased moments (training mode);
    the mean over batches of each norm's input mean and unbiased variance."""
    def normalize(values, layer):
        return ((values - values.mean(0)) / np.sqrt(values.var(0) + layer.epsilon) * layer.gamma.numpy()
                + layer.beta.numpy())

    inner, outer = generator.get_layer("inner"), generator.get_layer("outer")
    statistics = {"first": ([], []), "second": ([], [])}
    for index in range(batches):
        z = tf.random.stateless_normal((STANDING_BATCH_SIZE, 2), seed=(index, 0)).numpy().astype(np.float64)
        first = z @ inner.kernel.numpy() + inner.bias.numpy()
        second = (np.maximum(normalize(first, generator.get_layer("first")), 0) @ outer.kernel.numpy()
                  + outer.bias.numpy())
        for name, values in (("first", first), ("second", second)):
            statistics[name][0].append(values.mean(0))
            statistics[name][1].append(values.var(0, ddof=1))
    return {name: (np.mean(means, 0), np.mean(variances, 0)) for name, (means, variances) in statistics.items()}


def test_standing_statistics_of_stacked_norms_follow_each_batch_and_one_graph_serves_every_count():
    generator = two_norm_generator()
    gan = GAN(generator, mlp_pair()[1], objective="non_saturating")
    standing = StandingStatistics(gan, generator)
    for batches in (2, 5):
        standing.fill(batches)
        expected = two_norm_reference(generator, batches)
        for name, (mean, variance) in expected.items():
            layer = generator.get_layer(name)
            # float32 sums of a few O(1) products per value, through one normalization (which
            # divides by a std of O(1)): errors of a few float32 ulps of O(1) numbers.
            tolerance = 64 * np.finfo(np.float32).eps * max(1.0, np.abs(variance).max())
            np.testing.assert_allclose(layer.moving_mean.numpy(), mean, atol=tolerance)
            np.testing.assert_allclose(layer.moving_variance.numpy(), variance, atol=tolerance)
    assert [generator.get_layer(name).momentum for name in ("first", "second")] == [0.8, 0.7]  # restored
    assert standing._sums.experimental_get_tracing_count() == 1  # the count is a tensor
    # Of 64 bits, so a count past 2**31 does not wrap to a negative one (an empty loop, zero
    # statistics): asking for the int64 graph finds the fills' own and traces nothing.
    standing._sums.get_concrete_function(tf.TensorSpec((), tf.int64))
    assert standing._sums.experimental_get_tracing_count() == 1


def test_each_generators_standing_statistics_trace_once_without_a_retracing_warning(caplog):
    """A graph per generator is by design (each has its own variables): a process that fills
    many (a benchmark over seeds) must not be told it retraces too often."""
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for _ in range(7):
            generator = two_norm_generator()
            standing = StandingStatistics(GAN(generator, mlp_pair()[1], objective="non_saturating"), generator)
            standing.fill(2)
            assert standing._sums.experimental_get_tracing_count() == 1
    assert not [record for record in caplog.records if "retracing" in record.getMessage()]


def test_no_standing_statistics_copies_the_generators_own():
    gan = compiled(GAN(*batch_norm_pair(), objective="non_saturating", ema_decay=0.5, ema_standing_batches=0,
                       seed=2))
    gan.train_step(real_batch())
    ema = gan.sampling_generator()
    for copied, own in zip(ema.non_trainable_variables, gan.generator.non_trainable_variables, strict=True):
        np.testing.assert_array_equal(copied.numpy(), own.numpy())


def test_a_convolutional_batch_norm_counts_every_position_of_a_channel():
    images = keras.Input((4, 5, 3))
    normalize = keras.layers.BatchNormalization()
    keras.Model(images, normalize(keras.layers.Conv2D(2, 3, padding="same")(images)))
    assert values_per_example(normalize) == 20
    dense = keras.layers.BatchNormalization()
    z = keras.Input((7,))
    keras.Model(z, dense(z))
    assert values_per_example(dense) == 1


def test_a_class_conditional_batch_norm_gets_standing_statistics_too():
    # Its batch norm lives inside the layer (no functional node): the count comes from its build.
    generator = dcgan_generator(16, channels=1, z_dim=4, base_filters=4, conditional=True, num_classes=3)
    gan = compiled(GAN(generator, dcgan_discriminator(16, channels=1, base_filters=4, conditional=True,
                                                      num_classes=3),
                       objective="non_saturating", ema_decay=0.5, num_classes=3, ema_standing_batches=2, seed=2))
    images = tf.random.stateless_uniform((4, 16, 16, 1), seed=(0, 0), minval=-1, maxval=1)
    gan.train_step((images, tf.constant([0, 1, 2, 0])))
    inner = [layer for layer in gan.sampling_generator()._flatten_layers()
             if isinstance(layer, keras.layers.BatchNormalization)]
    assert [values_per_example(layer) for layer in inner] == [16, 64]  # the 4x4 and 8x8 positions of a channel
    live = [layer for layer in gan.generator._flatten_layers() if isinstance(layer, keras.layers.BatchNormalization)]
    assert not np.allclose(inner[0].moving_mean.numpy(), live[0].moving_mean.numpy())
