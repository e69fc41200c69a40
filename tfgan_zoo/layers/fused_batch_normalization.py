"""Batch normalization through TensorFlow's fused kernel (FusedBatchNormV3)."""

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class FusedBatchNormalization(keras.layers.BatchNormalization):
    """keras.layers.BatchNormalization whose training call on a 4-D channels-last
    input runs one fused kernel (and one fused gradient) instead of Keras 3's
    moments, subtractions and multiplications:

        y = gamma (x - mu_B) / sqrt(sigma_B^2 + eps) + beta,
        moving_mean <- m moving_mean + (1 - m) mu_B,
        moving_variance <- m moving_variance + (1 - m) sigma_B^2

    with the biased batch variance sigma_B^2 in both places, as Keras's layer
    does (the kernel returns the unbiased one, which is rescaled by (n-1)/n).
    Same variables, same function up to float rounding; every other case
    (inference, other ranks or axes, renorm, synchronized statistics, masks,
    float16 inputs) runs Keras's own code.
    """

    def _fusable(self, inputs, training, mask):
        return (training and self.trainable and mask is None and not self.renorm and not self.synchronized
                and len(inputs.shape) == 4 and self.axis in (-1, 3) and self.center and self.scale
                and inputs.dtype == tf.float32)

    def call(self, inputs, training=None, mask=None):
        if not self._fusable(inputs, training, mask):
            return super().call(inputs, training=training, mask=mask)
        outputs, mean, unbiased_variance = tf.compat.v1.nn.fused_batch_norm(
            inputs, tf.convert_to_tensor(self.gamma), tf.convert_to_tensor(self.beta), epsilon=self.epsilon,
            data_format="NHWC", is_training=True)
        count = tf.cast(tf.size(inputs) // tf.shape(inputs)[-1], tf.float32)
        variance = unbiased_variance * (count - 1.0) / count
        self.moving_mean.assign(self.moving_mean * self.momentum + mean * (1.0 - self.momentum))
        self.moving_variance.assign(self.moving_variance * self.momentum + variance * (1.0 - self.momentum))
        return outputs
