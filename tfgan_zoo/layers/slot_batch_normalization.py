"""Batch normalization with training statistics per slot of a pack (PacGAN's generator)."""

import keras
import tensorflow as tf

SLOT_UPDATES = ("mean", "each")


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class SlotBatchNormalization(keras.layers.BatchNormalization):
    """keras.layers.BatchNormalization whose training statistics are taken per slot of a
    pack, as in the PacGAN code (Lin et al. 2018, arXiv 1712.04086; fjxmlzn/PacGAN), whose
    generator runs once per slot of the m-sample packs, so each run normalizes its own
    batch. A batch of B = n m samples, packed as m consecutive samples (the zoo's
    `packing` aid), has slot s = {j m + s}; for x_i in slot s

        y_i = gamma (x_i - mu_s) / sqrt(sigma_s^2 + eps) + beta,

    with mu_s and the biased variance sigma_s^2 over the slot's samples and, for images,
    their positions. The population statistics (d = momentum) follow one of the two codes:

    - slot_updates="mean", their 2-D code (Blocks), which merges the m runs' updates of a
      statistic by their mean: one update a call,
          moving_mean <- d moving_mean + (1 - d) mean_s(mu_s);
    - slot_updates="each", their image code (`tf.contrib.layers.batch_norm` with
      updates_collections=None), where every run updates the statistic as it runs: m
      updates a call, in slot order,
          moving_mean <- d^m moving_mean + (1 - d) sum_s d^(m - 1 - s) mu_s

    (TensorFlow 1 fixes no order among the m update ops of one step; slot order is one).
    The moving variance takes sigma_s^2 the same way, or with unbiased_moving_variance
    n / (n - 1) sigma_s^2, n the slot's samples times positions, as TensorFlow's fused
    kernel hands it to `tf.contrib`'s update. Blocks instead averages the standard
    deviation sqrt(sigma_s^2 + eps) and divides by that average at inference; with
    average_stdev the layer does so in Keras's variables: s = sqrt(moving_variance +
    eps) takes the updates above, moving_variance <- s^2 - eps, and it starts at 1 - eps
    (Blocks' population_stdev starts at 1). With slots=1 and neither option, or at
    inference, it is keras.layers.BatchNormalization.

    Args:
        slots: m, the samples per pack; the batch must be a multiple of it.
        slot_updates: "mean" or "each", above.
        unbiased_moving_variance: the moving variance takes n / (n - 1) sigma_s^2.
        average_stdev: average the standard deviation, as Blocks (not with
            unbiased_moving_variance).
        **kwargs: keras.layers.BatchNormalization's; with slots > 1, only the last axis.
    """

    def __init__(self, slots=1, slot_updates="mean", unbiased_moving_variance=False, average_stdev=False, **kwargs):
        if average_stdev:
            if unbiased_moving_variance:
                raise ValueError("average_stdev (Blocks) and unbiased_moving_variance (tf.contrib) exclude "
                                 "each other")
            kwargs.setdefault("moving_variance_initializer",
                              keras.initializers.Constant(1.0 - kwargs.get("epsilon", 1e-3)))
        super().__init__(**kwargs)
        if not isinstance(slots, int) or isinstance(slots, bool) or slots < 1:
            raise ValueError(f"slots must be an integer >= 1, got {slots!r}")
        if slot_updates not in SLOT_UPDATES:
            raise ValueError(f"slot_updates must be one of {', '.join(SLOT_UPDATES)}, got {slot_updates!r}")
        self.slots = slots
        self.slot_updates = slot_updates
        self.unbiased_moving_variance = bool(unbiased_moving_variance)
        self.average_stdev = bool(average_stdev)

    def build(self, input_shape):
        if self.slots > 1 and self.axis not in (-1, len(input_shape) - 1):
            raise ValueError(f"SlotBatchNormalization with slots normalizes the last axis (channels); got axis "
                             f"{self.axis} of shape {tuple(input_shape)}")
        super().build(input_shape)

    def call(self, inputs, training=None, mask=None):
        keras_own = self.slots == 1 and not self.unbiased_moving_variance and not self.average_stdev
        if keras_own or not training or not self.trainable or mask is not None or self.synchronized:
            return super().call(inputs, training=training, mask=mask)
        x = tf.cast(inputs, self.moving_mean.dtype)
        slotted = tf.reshape(x, [-1, self.slots, *x.shape[1:]])  # [packs, slots, ..., channels]
        axes = [0, *range(2, len(x.shape))]  # packs and positions: a statistic per slot and channel
        mean, variance = tf.nn.moments(slotted, axes=axes, keepdims=True)
        outputs = (slotted - mean) * tf.math.rsqrt(variance + self.epsilon)
        if self.scale:
            outputs = outputs * tf.cast(self.gamma, x.dtype)
        if self.center:
            outputs = outputs + tf.cast(self.beta, x.dtype)
        channels = x.shape[-1]
        mean, variance = tf.reshape(mean, [self.slots, channels]), tf.reshape(variance, [self.slots, channels])
        if self.unbiased_moving_variance:
            per_slot = tf.cast(tf.size(slotted) // (self.slots * channels), variance.dtype)
            variance = variance * per_slot / (per_slot - 1.0)
        self.moving_mean.assign(self._updated(self.moving_mean, mean))
        if self.average_stdev:
            stdev = self._updated(tf.sqrt(self.moving_variance + self.epsilon), tf.sqrt(variance + self.epsilon))
            self.moving_variance.assign(tf.square(stdev) - self.epsilon)
        else:
            self.moving_variance.assign(self._updated(self.moving_variance, variance))
        return tf.cast(tf.reshape(outputs, tf.shape(inputs)), inputs.dtype)

    def _updated(self, moving, per_slot):
        """The population statistic after this call's updates from the [slots, C] statistics."""
        d = self.momentum
        if self.slot_updates == "mean":
            return d * moving + (1.0 - d) * tf.reduce_mean(per_slot, axis=0)
        weights = tf.constant([(1.0 - d) * d ** (self.slots - 1 - s) for s in range(self.slots)], per_slot.dtype)
        return d ** self.slots * moving + tf.tensordot(weights, per_slot, axes=1)

    def get_config(self):
        return {**super().get_config(), "slots": self.slots, "slot_updates": self.slot_updates,
                "unbiased_moving_variance": self.unbiased_moving_variance, "average_stdev": self.average_stdev}
