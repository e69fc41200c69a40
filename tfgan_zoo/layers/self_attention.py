"""Self-attention over spatial positions (Zhang et al. 2018, SAGAN, arXiv 1805.08318)."""

import keras
from keras import ops

from tfgan_zoo.layers.spectral_normalization import SpectralNormalization


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class SelfAttention(keras.layers.Layer):
    """Every position attends to every other; the result is added back with a learned weight.

    For a feature map x with N = H W positions and C channels:

        f(x) = W_f x                       (1x1 convolution to C/8: queries, N of them)
        g(x) = maxpool_2x2(W_g x)          (1x1 convolution to C/8, pooled: N/4 keys)
        h(x) = maxpool_2x2(W_h x)          (1x1 convolution to C/2, pooled: N/4 values)
        s_ij = f(x_i)^T g(x)_j,   beta_ij = exp(s_ij) / sum_j exp(s_ij)
        o_i = W_v sum_j beta_ij h(x)_j     (W_v: 1x1 convolution back to C)
        y_i = gamma o_i + x_i,             gamma initialised to 0,

    so a new block starts as the identity and the network learns how much
    non-local evidence to use (section 4 of the paper). The C/8 and C/2
    widths and the 2x2 max-pool of keys and values (a quarter of the memory
    and compute of a full N x N map) are the authors' (brain-research/
    self-attention-gan `sn_non_local_block_sim`) and BigGAN's
    (`layers.Attention`); the paper's text leaves them out. H and W must
    be even.

    Args:
        spectral_norm: wrap the four 1x1 convolutions in SpectralNormalization
            (SAGAN uses spectral norm in every layer of both networks); the
            `spectral_norm` aid of a network sets it.
        power_iterations: power-iteration steps per training call, with spectral_norm.
    """

    def __init__(self, spectral_norm=False, power_iterations=1, **kwargs):
        super().__init__(**kwargs)
        self.spectral_norm = spectral_norm
        self.power_iterations = power_iterations

    def _conv(self, filters, name):
        conv = keras.layers.Conv2D(filters, 1, use_bias=False, name=name, dtype=self.dtype_policy)
        if self.spectral_norm:
            return SpectralNormalization(conv, power_iterations=self.power_iterations, name=f"sn_{name}")
        return conv

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None or channels < 8:
            raise ValueError(f"SelfAttention needs >= 8 channels (queries have C/8), got {channels}")
        if any(size is not None and size % 2 for size in input_shape[1:3]):
            raise ValueError(f"SelfAttention pools keys and values 2x2, so the feature map's height and width "
                             f"must be even, got {tuple(input_shape[1:3])}")
        self.query = self._conv(channels // 8, "query")
        self.key = self._conv(channels // 8, "key")
        self.value = self._conv(channels // 2, "value")
        self.output_projection = self._conv(channels, "output_projection")
        self.query.build(input_shape)
        self.key.build(input_shape)
        self.value.build(input_shape)
        self.output_projection.build((*input_shape[:-1], channels // 2))
        self.gamma = self.add_weight(shape=(), initializer="zeros", name="gamma")

    def _flat(self, x):
        shape = ops.shape(x)
        return ops.reshape(x, (shape[0], shape[1] * shape[2], x.shape[-1]))

    @staticmethod
    def _pool(features):
        return ops.max_pool(features, pool_size=2, strides=2, padding="valid")

    def attention_weights(self, x, training=False):
        """beta [batch, N, N/4]: row i is position i's softmax over the pooled
        key positions, an (H/2) x (W/2) grid in row-major order."""
        query = self._flat(self.query(x, training=training))
        key = self._flat(self._pool(self.key(x, training=training)))
        scores = ops.matmul(query, ops.transpose(key, (0, 2, 1)))
        # The softmax in float32 even under mixed precision: N terms of exp(s).
        return ops.softmax(ops.cast(scores, "float32"), axis=-1)

    def call(self, x, training=False):
        beta = self.attention_weights(x, training=training)
        value = self._flat(self._pool(self.value(x, training=training)))
        attended = ops.matmul(ops.cast(beta, value.dtype), value)
        shape = ops.shape(x)
        attended = ops.reshape(attended, (shape[0], shape[1], shape[2], value.shape[-1]))
        out = self.output_projection(attended, training=training)
        return x + ops.cast(self.gamma, x.dtype) * out

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "spectral_norm": self.spectral_norm,
                "power_iterations": self.power_iterations}


def attention_maps(model, inputs, query=(0.5, 0.5)):
    """Where one query position looks, for every SelfAttention layer of a functional model.

    Args:
        model: a functional network containing SelfAttention layers.
        inputs: what the model is called on (e.g. [z, labels]).
        query: (row, column) of the query as fractions of the feature map's
            height and width; (0.5, 0.5) is the centre.

    Returns:
        {layer name: float32 [batch, H/2, W/2]}, the softmax weights
        beta_(q, j) of the query position q over every pooled key position j
        of that layer's feature map (each map sums to 1); empty when there
        is no such layer.
    """
    maps = {}
    for layer in model.layers:
        if not isinstance(layer, SelfAttention):
            continue
        sources = model.inputs if len(model.inputs) > 1 else model.inputs[0]
        features = keras.Model(sources, layer.input)(inputs, training=False)
        height, width = features.shape[1], features.shape[2]
        row = min(int(query[0] * height), height - 1)
        column = min(int(query[1] * width), width - 1)
        beta = layer.attention_weights(features)
        maps[layer.name] = ops.reshape(beta[:, row * width + column], (-1, height // 2, width // 2))
    return maps
