"""Minibatch discrimination (Salimans et al. 2016, arXiv 1606.03498, section 3.2)."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class MinibatchDiscrimination(keras.layers.Layer):
    """Appends to each example's features how close it is to the rest of its batch.

    With f(x_i) in R^A the flattened input features and a learned tensor
    T in R^{A x B x C}:

        M_i = f(x_i) T  in R^{B x C}
        c_b(x_i, x_j) = exp(-||M_{i,b} - M_{j,b}||_1)
        o(x_i)_b = sum_{j=1}^{n} c_b(x_i, x_j)        (the paper's sum, j = i included)

    The output is the input with the B features o(x_i) appended: concatenated
    for a [batch, A] input; broadcast over positions and appended as B
    channels for a [batch, H, W, C] input. A collapsed generator makes
    o(x) large for every fake, which the next layer can detect.

    The batch is the replica's batch: under a distribution strategy the
    closeness features compare examples of the same replica only.

    Args:
        num_kernels: B.
        kernel_dim: C.
    """

    def __init__(self, num_kernels=50, kernel_dim=5, **kwargs):
        super().__init__(**kwargs)
        if num_kernels < 1 or kernel_dim < 1:
            raise ValueError(f"num_kernels and kernel_dim must be >= 1, got {num_kernels}, {kernel_dim}")
        self.num_kernels = num_kernels
        self.kernel_dim = kernel_dim

    def build(self, input_shape):
        features = 1
        for size in input_shape[1:]:
            features *= size
        self.tensor = self.add_weight(
            shape=(features, self.num_kernels * self.kernel_dim),
            initializer=keras.initializers.RandomNormal(stddev=0.05), name="T",
        )

    def closeness(self, inputs):
        """o(x) [batch, B] for inputs [batch, ...]."""
        flat = ops.reshape(inputs, (ops.shape(inputs)[0], -1))
        m = ops.reshape(ops.matmul(flat, self.tensor), (-1, self.num_kernels, self.kernel_dim))
        l1 = ops.sum(ops.abs(m[:, None, :, :] - m[None, :, :, :]), axis=-1)  # [i, j, B]
        return ops.sum(ops.exp(-l1), axis=1)

    def call(self, inputs):
        features = ops.cast(self.closeness(inputs), inputs.dtype)
        if len(inputs.shape) == 2:
            return ops.concatenate([inputs, features], axis=-1)
        spatial = ops.shape(inputs)[1:-1]
        tiled = ops.broadcast_to(features[:, None, None, :],
                                 (ops.shape(inputs)[0], *spatial, self.num_kernels))
        return ops.concatenate([inputs, tiled], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + self.num_kernels)

    def get_config(self):
        return {**super().get_config(), "num_kernels": self.num_kernels, "kernel_dim": self.kernel_dim}
