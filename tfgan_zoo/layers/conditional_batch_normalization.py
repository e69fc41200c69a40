"""Conditional batch normalization (de Vries et al. 2017, arXiv 1707.00683; Miyato & Koyama 2018)."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class ConditionalBatchNormalization(keras.layers.Layer):
    """Batch normalization whose scale and shift depend on the class:

        y = gamma[c] * (x - mu_B) / sqrt(sigma_B^2 + eps) + beta[c]

    mu_B, sigma_B are the usual batch statistics (moving averages at
    inference); gamma and beta are [num_classes, channels] tables,
    initialised to ones and zeros so that at the start every class is
    plain batch normalization.

    Call on [x, labels] with x [batch, ..., channels] and labels int [batch].

    Args:
        num_classes: number of classes.
        momentum, epsilon: as keras.layers.BatchNormalization.
    """

    def __init__(self, num_classes, momentum=0.99, epsilon=1e-3, **kwargs):
        super().__init__(**kwargs)
        self.num_classes = num_classes
        self.momentum = momentum
        self.epsilon = epsilon
        self.normalize = keras.layers.BatchNormalization(momentum=momentum, epsilon=epsilon, center=False,
                                                         scale=False, name="normalize")

    def build(self, input_shape):
        shape = input_shape[0]
        self.normalize.build(shape)
        channels = shape[-1]
        self.gamma = self.add_weight(shape=(self.num_classes, channels), initializer="ones", name="gamma")
        self.beta = self.add_weight(shape=(self.num_classes, channels), initializer="zeros", name="beta")

    def call(self, inputs, training=False):
        x, labels = inputs
        normalized = self.normalize(x, training=training)
        labels = ops.reshape(ops.cast(labels, "int32"), (-1,))
        broadcast = (-1,) + (1,) * (len(x.shape) - 2) + (x.shape[-1],)
        gamma = ops.reshape(ops.take(self.gamma, labels, axis=0), broadcast)
        beta = ops.reshape(ops.take(self.beta, labels, axis=0), broadcast)
        return ops.cast(gamma, normalized.dtype) * normalized + ops.cast(beta, normalized.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "num_classes": self.num_classes, "momentum": self.momentum,
                "epsilon": self.epsilon}
