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


def test_one_slot_is_keras_batch_normalization_and_the_config_round_trips():
    x = np.random.default_rng(0).standard_normal((16, 4)).astype(np.float32)
    ours, keras_own = SlotBatchNormalization(1), keras.layers.BatchNormalization()
    np.testing.assert_array_equal(np.asarray(ours(x, training=True)), np.asarray(keras_own(x, training=True)))
    copy = SlotBatchNormalization.from_config(SlotBatchNormalization(4, epsilon=1e-4).get_config())
    assert (copy.slots, copy.epsilon) == (4, 1e-4)


@pytest.mark.parametrize("slots", [0, -1, 1.5, True, "2"])
def test_a_slot_count_that_is_not_a_positive_integer_is_refused(slots):
    with pytest.raises(ValueError, match="slots"):
        SlotBatchNormalization(slots)


def test_slots_normalize_only_the_channels_axis():
    with pytest.raises(ValueError, match="last axis"):
        SlotBatchNormalization(2, axis=1)(np.zeros((4, 3, 3, 2), np.float32), training=True)
