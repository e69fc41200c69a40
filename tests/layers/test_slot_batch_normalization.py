"""SlotBatchNormalization: per-slot training statistics against a numpy reference."""

import keras
import numpy as np
import pytest

from tfgan_zoo.layers import SlotBatchNormalization


def _reference(x, slots, epsilon):
    """Per slot s = {j slots + s}: its own mean and biased variance."""
    slotted = x.reshape(-1, slots, x.shape[-1])
    mean, variance = slotted.mean(axis=0, keepdims=True), slotted.var(axis=0, keepdims=True)
    return ((slotted - mean) / np.sqrt(variance + epsilon)).reshape(x.shape), mean[0], variance[0]


@pytest.mark.parametrize("slots", [2, 3])
def test_training_normalizes_each_slot_and_updates_the_moving_statistics_by_their_mean(slots):
    rng = np.random.default_rng(slots)
    # Slots with different means and scales: one statistic over the whole batch would not whiten them.
    x = (rng.standard_normal((12 * slots, 5)) * np.tile(np.arange(1, slots + 1), 12)[:, None]
         + np.tile(np.arange(slots), 12)[:, None] * 3).astype(np.float32)
    layer = SlotBatchNormalization(slots, momentum=0.95, epsilon=1e-4)
    out = np.asarray(layer(x, training=True), np.float64)
    expected, mean, variance = _reference(x.astype(np.float64), slots, 1e-4)
    # float32 sums over 12 values and a few elementwise steps: relative error well under 1e-5.
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5 * np.abs(expected).max())
    whole = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-4)
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


def test_only_rank_two_inputs_take_slots():
    with pytest.raises(ValueError, match="rank-2"):
        SlotBatchNormalization(2)(np.zeros((4, 3, 3), np.float32), training=True)
