"""Batch normalization with training statistics per slot of a pack (PacGAN's generator)."""

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class SlotBatchNormalization(keras.layers.BatchNormalization):
    """keras.layers.BatchNormalization whose training statistics are taken per slot of a
    pack, as in the PacGAN code (Lin et al. 2018, arXiv 1712.04086; fjxmlzn/PacGAN), whose
    generator runs once per slot of the m-sample packs, so each run normalizes its own
    batch. A batch of B = n m samples, packed as m consecutive samples (the zoo's
    `packing` aid), has slot s = {j m + s}; for x_i in slot s

        y_i = gamma (x_i - mu_s) / sqrt(sigma_s^2 + eps) + beta,
        moving_mean <- momentum moving_mean + (1 - momentum) mean_s(mu_s),
        moving_variance <- momentum moving_variance + (1 - momentum) mean_s(sigma_s^2)

    (their 2-D code merges the m runs' updates of one population statistic by their
    mean), with the biased variance sigma_s^2 as Keras's layer takes it, over the slot's
    samples and, for images, their positions. With slots=1, or at inference, it is
    keras.layers.BatchNormalization.

    Args:
        slots: m, the samples per pack; the batch must be a multiple of it.
        **kwargs: keras.layers.BatchNormalization's; with slots > 1, only the last axis.
    """

    def __init__(self, slots=1, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(slots, int) or isinstance(slots, bool) or slots < 1:
            raise ValueError(f"slots must be an integer >= 1, got {slots!r}")
        self.slots = slots

    def build(self, input_shape):
        if self.slots > 1 and self.axis not in (-1, len(input_shape) - 1):
            raise ValueError(f"SlotBatchNormalization with slots normalizes the last axis (channels); got axis "
                             f"{self.axis} of shape {tuple(input_shape)}")
        super().build(input_shape)

    def call(self, inputs, training=None, mask=None):
        if self.slots == 1 or not training or not self.trainable or mask is not None or self.synchronized:
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
        decay = 1.0 - self.momentum
        over_slots = list(range(len(x.shape)))  # every axis of the [1, slots, 1.., C] statistics but C
        self.moving_mean.assign(self.moving_mean * self.momentum + tf.reduce_mean(mean, axis=over_slots) * decay)
        self.moving_variance.assign(self.moving_variance * self.momentum
                                    + tf.reduce_mean(variance, axis=over_slots) * decay)
        return tf.cast(tf.reshape(outputs, tf.shape(inputs)), inputs.dtype)

    def get_config(self):
        return {**super().get_config(), "slots": self.slots}
