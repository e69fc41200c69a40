"""SlotBatchNormalization: per-slot training statistics against a numpy reference."""

import keras
import numpy as np
import pytest

from tfgan_zoo.layers import SlotBatchNormalization


def _reference(x, slots, epsilon):
    """Per slot s = {j slots + s} and channel: the mean and biased variance over its samples and positions."""
    slotted = x.reshape(-1, slots, *x.shape[1:])
    axes = (0, *range(2, x.ndim))
    mean, variance = slotted.mean(axis=axes, keepdims=True), slotted.var(axis=axes, keepdims=True)
    per_slot = lambda stat: stat.reshape(slots, x.shape[-1])  # noqa: E731
    return ((slotted - mean) / np.sqrt(variance + epsilon)).reshape(x.shape), per_slot(mean), per_slot(variance)


@pytest.mark.parametrize("slots,shape", [(2, (24, 5)), (3, (36, 5)), (2, (8, 3, 3, 4))])
def test_training_normalizes_each_slot_and_updates_the_moving_statistics_by_their_mean(slots, shape):
    rng = np.random.default_rng(slots)
    # Slots with different means and scales: one statistic over the whole batch would not whiten them.
    slot = np.tile(np.arange(slots), shape[0] // slots).reshape(-1, *[1] * (len(shape) - 1))
    x = (rng.standard_normal(shape) * (slot + 1) + slot * 3).astype(np.float32)
    layer = SlotBatchNormalization(slots, momentum=0.95, epsilon=1e-4)
    out = np.asarray(layer(x, training=True), np.float64)
    expected, mean, variance = _reference(x.astype(np.float64), slots, 1e-4)
    # float32 sums over at most 36 values and a few elementwise steps: relative error well under 1e-5.
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5 * np.abs(expected).max())
    axes = tuple(range(x.ndim - 1))
    whole = (x - x.mean(axis=axes)) / np.sqrt(x.var(axis=axes) + 1e-4)
    assert np.abs(whole - expected).max() > 0.1, "the slots' statistics differ from the batch's"
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.05 * mean.mean(axis=0), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.95 + 0.05 * variance.mean(axis=0), rtol=1e-4)
    # Inference: the moving statistics, as Keras's layer.
    inferred = np.asarray(layer(x, training=False), np.float64)
    moving = (x - layer.moving_mean.numpy()) / np.sqrt(layer.moving_variance.numpy() + 1e-4)
    np.testing.assert_allclose(inferred, moving, rtol=1e-4, atol=1e-5 * np.abs(moving).max())


@pytest.mark.parametrize("slots,shape", [(1, (8, 2, 2, 3)), (2, (24, 5)), (3, (12, 2, 2, 4))])
def test_each_slot_updates_the_moving_statistics_in_turn_with_the_unbiased_variance(slots, shape):
    # tf.contrib.layers.batch_norm(updates_collections=None) run once per slot: m updates a call,
    # slot 0 first, each with its slot's mean and its unbiased variance (TensorFlow's fused kernel's).
    rng = np.random.default_rng(10 + slots)
    x = (rng.standard_normal(shape) * 2 + 1).astype(np.float32)
    layer = SlotBatchNormalization(slots, slot_updates="each", unbiased_moving_variance=True, momentum=0.9,
                                   epsilon=1e-5)
    start_mean, start_variance = rng.standard_normal(shape[-1]), rng.uniform(0.5, 2.0, shape[-1])
    layer.build(shape)
    layer.moving_mean.assign(start_mean.astype(np.float32))
    layer.moving_variance.assign(start_variance.astype(np.float32))
    out = np.asarray(layer(x, training=True), np.float64)
    expected, mean, variance = _reference(x.astype(np.float64), slots, 1e-5)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5 * np.abs(expected).max())
    n = x.size // (slots * shape[-1])  # the samples and positions behind each slot's statistics
    moving_mean, moving_variance = start_mean, start_variance
    for s in range(slots):  # the updates one after another, as the m runs of their G make them
        moving_mean = 0.9 * moving_mean + 0.1 * mean[s]
        moving_variance = 0.9 * moving_variance + 0.1 * variance[s] * n / (n - 1)
    # float32 statistics of at most 24 values and m <= 3 multiply-adds: relative error well under 1e-5.
    np.testing.assert_allclose(layer.moving_mean.numpy(), moving_mean, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), moving_variance, rtol=1e-4)


@pytest.mark.parametrize("slots,slot_updates", [(1, "mean"), (2, "mean"), (3, "each")])
def test_average_stdev_keeps_blocks_population_standard_deviation(slots, slot_updates):
    # Blocks' BatchNormalization: batch stdev sqrt(var + eps) (biased var), its moving average
    # population_stdev (starting at 1), and inference divides by population_stdev itself.
    rng = np.random.default_rng(20 + slots)
    layer = SlotBatchNormalization(slots, slot_updates=slot_updates, average_stdev=True, momentum=0.95, epsilon=1e-4)
    population_mean, population_stdev = np.zeros(4), np.ones(4)
    for step in range(3):  # three calls: the stdev's average, not the variance's, carries over
        x = (rng.standard_normal((6 * slots, 4)) * (step + 1) + step).astype(np.float64)
        layer(x.astype(np.float32), training=True)
        _, mean, variance = _reference(x, slots, 1e-4)
        stdev = np.sqrt(variance + 1e-4)
        if slot_updates == "mean":
            population_mean = 0.95 * population_mean + 0.05 * mean.mean(axis=0)
            population_stdev = 0.95 * population_stdev + 0.05 * stdev.mean(axis=0)
        else:
            for s in range(slots):
                population_mean = 0.95 * population_mean + 0.05 * mean[s]
                population_stdev = 0.95 * population_stdev + 0.05 * stdev[s]
    # float32 statistics of at most 18 values, a square root and three updates: relative error under 1e-5.
    np.testing.assert_allclose(layer.moving_mean.numpy(), population_mean, rtol=1e-4, atol=1e-5)
    x = rng.standard_normal((6 * slots, 4)).astype(np.float32)
    blocks = (x - population_mean) / population_stdev  # gamma 1, beta 0
    np.testing.assert_allclose(np.asarray(layer(x, training=False)), blocks, rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="exclude"):
        SlotBatchNormalization(1, average_stdev=True, unbiased_moving_variance=True)


def test_the_unbiased_moving_variance_is_the_one_tensorflow_fused_batch_norm_returns():
    # The factor n / (n - 1) is what FusedBatchNormV3 applies to the batch variance it returns for
    # the moving average (tf.contrib's update reads that output).
    import tensorflow as tf

    x = np.random.default_rng(3).standard_normal((16, 2, 2, 3)).astype(np.float32)
    _, _, fused_variance = tf.compat.v1.nn.fused_batch_norm(x, tf.ones(3), tf.zeros(3), epsilon=1e-5,
                                                            is_training=True)
    layer = SlotBatchNormalization(1, slot_updates="each", unbiased_moving_variance=True, momentum=0.0)
    layer(x, training=True)
    np.testing.assert_allclose(layer.moving_variance.numpy(), fused_variance.numpy(), rtol=1e-5)


def test_one_slot_is_keras_batch_normalization_and_the_config_round_trips():
    x = np.random.default_rng(0).standard_normal((16, 4)).astype(np.float32)
    ours, keras_own = SlotBatchNormalization(1), keras.layers.BatchNormalization()
    np.testing.assert_array_equal(np.asarray(ours(x, training=True)), np.asarray(keras_own(x, training=True)))
    copy = SlotBatchNormalization.from_config(SlotBatchNormalization(4, "each", True, epsilon=1e-4).get_config())
    assert (copy.slots, copy.slot_updates, copy.unbiased_moving_variance, copy.epsilon) == (4, "each", True, 1e-4)
    blocks = SlotBatchNormalization.from_config(SlotBatchNormalization(2, average_stdev=True, epsilon=1e-4).get_config())
    blocks.build((4, 3))
    assert blocks.average_stdev and np.allclose(blocks.moving_variance.numpy(), 1 - 1e-4)


@pytest.mark.parametrize("slots", [0, -1, 1.5, True, "2"])
def test_a_slot_count_that_is_not_a_positive_integer_is_refused(slots):
    with pytest.raises(ValueError, match="slots"):
        SlotBatchNormalization(slots)


def test_an_unknown_slot_update_is_refused():
    with pytest.raises(ValueError, match="slot_updates"):
        SlotBatchNormalization(2, slot_updates="last")


def test_slots_normalize_only_the_channels_axis():
    with pytest.raises(ValueError, match="last axis"):
        SlotBatchNormalization(2, axis=1)(np.zeros((4, 3, 3, 2), np.float32), training=True)
