"""A linear maxout layer (Goodfellow et al. 2013, "Maxout Networks", arXiv 1302.4389)."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class Maxout(keras.layers.Layer):
    """Each output is the largest of `pieces` affine functions of the input:

        h_i(x) = max_{j = 1..k} (x^T W_{:, i k + j} + b_{i k + j}),   i = 1..units,

    with W [input_dim, units k] and b [units k]: the pieces of one unit are
    consecutive columns, as in Blocks' `LinearMaxout`, which the PacGAN 2-D
    discriminators (fjxmlzn/PacGAN, synthetic_data_experiments) stack three
    of. The layer keeps W as its `kernel`, so spectral normalization can wrap it.

    Args:
        units: outputs of the layer.
        pieces: k, affine pieces per output.
        kernel_initializer, bias_initializer: for W and b.
    """

    def __init__(self, units, pieces, kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        if units < 1 or pieces < 1:
            raise ValueError(f"units and pieces must be >= 1, got {units} and {pieces}")
        self.units = units
        self.pieces = pieces
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)

    def build(self, input_shape):
        width = self.units * self.pieces
        self.kernel = self.add_weight(shape=(input_shape[-1], width), initializer=self.kernel_initializer,
                                      name="kernel")
        self.bias = self.add_weight(shape=(width,), initializer=self.bias_initializer, name="bias")

    def call(self, inputs):
        affine = ops.matmul(inputs, self.kernel) + self.bias
        pieces = ops.reshape(affine, (-1, self.units, self.pieces))
        return ops.max(pieces, axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "pieces": self.pieces,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "bias_initializer": keras.initializers.serialize(self.bias_initializer)}
