"""Spectral normalization (Miyato et al. 2018, arXiv 1802.05957)."""

import keras
from keras import ops

# Keras exports StatelessScope but not the accessor of the open one.
from keras.src.backend.common.stateless_scope import get_stateless_scope


def _l2_normalize(vector):
    return vector / (ops.sqrt(ops.sum(ops.square(vector))) + 1e-12)


def normalizable(layer):
    """Whether SpectralNormalization can wrap the layer: a kernel or an embedding table."""
    return hasattr(layer, "kernel") or isinstance(layer, keras.layers.Embedding)


def weight_matrix(layer):
    """The variable spectral normalization divides: a layer's kernel or its embedding table."""
    return layer.kernel if hasattr(layer, "kernel") else layer.embeddings


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class SpectralNormalization(keras.layers.Wrapper):
    """Runs a Dense, convolution or Embedding layer with its weight matrix divided by
    its spectral norm.

    W_SN = W / sigma(W),  sigma(W) = max_{||h|| = 1} ||W h||_2 (the largest singular value),

    with W reshaped to a matrix [fan, units] (the kernel's last axis kept; an
    embedding table [classes, dim] as it is, as SNGAN's SNEmbedID does for the
    projection discriminator's class embedding).
    sigma is estimated by power iteration on a persistent vector u [1, units]:

        v <- normalize(u W^T),   u <- normalize(v W),   sigma ~ v W u^T.

    The raw kernel stays the trainable variable; gradients flow through
    W / sigma(W) with u and v held constant, as in the paper's Algorithm 1.
    u is updated only in training calls and saved with the layer, so one
    iteration per step suffices once training is under way. Inference uses
    the stored u without changing it.

    Unlike `keras.layers.SpectralNormalization`, this wrapper never writes the
    normalized kernel back into the layer's variable, so the optimizer's
    state always refers to the raw W. Under MirroredStrategy every replica
    holds the same W and u, computes the same update of u, and the first
    replica's value is kept (aggregation "only_first_replica").

    Args:
        layer: a built or unbuilt layer with a `kernel` (Dense, Conv*D,
            Conv*DTranspose) or an `embeddings` table (Embedding).
        power_iterations: power-iteration steps per training call.

    Example:
        >>> sn_dense = SpectralNormalization(keras.layers.Dense(8))
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        kwargs.setdefault("dtype", layer.dtype_policy)
        super().__init__(layer, **kwargs)
        if power_iterations < 1:
            raise ValueError(f"power_iterations must be >= 1, got {power_iterations}")
        self.power_iterations = power_iterations

    def build(self, input_shape):
        if not self.layer.built:
            self.layer.build(input_shape)
        if not normalizable(self.layer):
            raise ValueError(
                f"SpectralNormalization needs a layer with a kernel (Dense, Conv2D, ...) or an "
                f"embedding table (Embedding), got {type(self.layer).__name__}"
            )
        units = self.weight_matrix.shape[-1]
        self.vector_u = self.add_weight(
            shape=(1, units), initializer=keras.initializers.RandomNormal(stddev=1.0),
            trainable=False, name="vector_u", aggregation="only_first_replica",
        )
        self.built = True

    @property
    def weight_matrix(self):
        """The wrapped layer's variable that is normalized: its kernel or its embedding table."""
        return weight_matrix(self.layer)

    def spectral_norm(self, training=False):
        """Returns (sigma, u): the estimate of sigma(W), and u after this call's iterations."""
        kernel = ops.convert_to_tensor(self.weight_matrix)
        matrix = ops.reshape(kernel, (-1, kernel.shape[-1]))
        u = ops.convert_to_tensor(self.vector_u)
        iterations = self.power_iterations if training else 1
        for _ in range(iterations):
            v = _l2_normalize(ops.matmul(u, ops.transpose(matrix)))
            u = _l2_normalize(ops.matmul(v, matrix))
        u, v = ops.stop_gradient(u), ops.stop_gradient(v)
        sigma = ops.squeeze(ops.matmul(ops.matmul(v, matrix), ops.transpose(u)))
        return sigma, u

    def call(self, inputs, training=False):
        sigma, u = self.spectral_norm(training=bool(training))
        if training:
            self.vector_u.assign(u)
        normalized = self.weight_matrix / sigma
        # The wrapped layer runs with W / sigma in place of W, without any
        # write to its variable (the same mechanism as Layer.stateless_call).
        with keras.StatelessScope(state_mapping=self._inner_state_mapping(normalized)):
            return self.layer(inputs)

    def _inner_state_mapping(self, normalized):
        """W -> W / sigma, and every other variable of the wrapped layer -> the
        value an enclosing StatelessScope gives it.

        Keras reads only the innermost scope, so without the second part a
        caller's values (an unrolled GAN's look-ahead parameters, arXiv
        1611.02163 eqs. 3-5) would reach W, read before this scope opens,
        but not the bias, which would read the real variable.
        """
        outer = get_stateless_scope()
        mapping = [(self.weight_matrix, normalized)]
        if outer is None:
            return mapping
        for variable in self.layer.variables:
            value = outer.get_current_value(variable)
            if variable is not self.weight_matrix and value is not None:
                mapping.append((variable, value))
        return mapping

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "power_iterations": self.power_iterations}
