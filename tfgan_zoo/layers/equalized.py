"""Progressive GAN's layers (Karras et al. 2017, arXiv 1710.10196, section 4):
equalized learning rate and pixelwise feature normalization."""

import math

import keras
from keras import ops

HE_GAIN = math.sqrt(2.0)


class _Equalized(keras.layers.Layer):
    """Weights stored as N(0, 1) and scaled at run time by the He constant:

        w_hat = w * c,   c = gain / sqrt(fan_in)   (gain sqrt(2) by default)

    so that Adam's per-parameter step sizes see every layer at the same scale
    (section 4.1); the bias starts at 0 and is not scaled.
    """

    def __init__(self, units, gain=HE_GAIN, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.gain = gain
        self.use_bias = use_bias

    def _make_weights(self, kernel_shape, fan_in):
        self.scale = self.gain / math.sqrt(fan_in)
        self.kernel = self.add_weight(shape=kernel_shape, initializer=keras.initializers.RandomNormal(0.0, 1.0),
                                      name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias") if self.use_bias \
            else None

    def scaled_kernel(self):
        return self.kernel * ops.cast(self.scale, self.kernel.dtype)

    def _add_bias(self, outputs):
        return outputs + ops.cast(self.bias, outputs.dtype) if self.bias is not None else outputs

    def get_config(self):
        return {**super().get_config(), "units": self.units, "gain": self.gain, "use_bias": self.use_bias}


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class EqualizedDense(_Equalized):
    """A Dense layer with the equalized learning rate: y = x (w c) + b, c = gain / sqrt(fan_in).

    Args:
        units: output features.
        gain: sqrt(2) for layers followed by a (leaky) ReLU, 1 for linear outputs.
        use_bias: add a bias.
    """

    def build(self, input_shape):
        fan_in = input_shape[-1]
        self._make_weights((fan_in, self.units), fan_in)

    def call(self, inputs):
        return self._add_bias(ops.matmul(inputs, ops.cast(self.scaled_kernel(), inputs.dtype)))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class EqualizedConv2D(_Equalized):
    """A stride-1, "same"-padded convolution with the equalized learning rate:
    y = conv(x, w c) + b, c = gain / sqrt(k * k * in_channels).

    Args:
        units: output channels.
        kernel_size: k.
        gain, use_bias: see `EqualizedDense`.
    """

    def __init__(self, units, kernel_size=3, **kwargs):
        super().__init__(units, **kwargs)
        self.kernel_size = kernel_size

    def build(self, input_shape):
        fan_in = self.kernel_size * self.kernel_size * input_shape[-1]
        self._make_weights((self.kernel_size, self.kernel_size, input_shape[-1], self.units), fan_in)

    def call(self, inputs):
        outputs = ops.conv(inputs, ops.cast(self.scaled_kernel(), inputs.dtype), strides=1, padding="same")
        return self._add_bias(outputs)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "kernel_size": self.kernel_size}


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class PixelNormalization(keras.layers.Layer):
    """Pixelwise feature vector normalization (section 4.2), after each generator convolution:

        b_xy = a_xy / sqrt((1/C) sum_j (a_xy^j)^2 + eps),   eps = 1e-8

    so every pixel's feature vector has unit mean square.
    """

    def __init__(self, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = epsilon

    def call(self, inputs):
        return inputs * ops.rsqrt(ops.mean(ops.square(inputs), axis=-1, keepdims=True) + self.epsilon)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}
