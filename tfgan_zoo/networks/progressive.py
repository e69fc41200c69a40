"""Progressive GAN networks (Karras et al. 2017, arXiv 1710.10196, table 2).

Each network holds the layers of every resolution from 4x4 to its final
one, and can run "grown" to any level l (resolution 4 * 2^l), optionally
fading in the newest block with weight alpha:

    G_l(z) = (1 - alpha) up(toRGB_{l-1}(h_{l-1})) + alpha toRGB_l(block_l(h_{l-1}))
    D_l(x) = D_rest((1 - alpha) fromRGB_{l-1}(pool(x)) + alpha block_l(fromRGB_l(x)))

with h_{l-1} the generator's features after l-1 blocks, up the
nearest-neighbour x2 and pool the 2x2 average. alpha = 1 is the grown network
alone; alpha = 0 is the previous phase's network on the same input.

Layers (all with the equalized learning rate, leaky ReLU 0.2):
    G: z -> pixel norm -> dense to 4x4 -> conv3x3, then per doubling:
       up x2 -> conv3x3 -> conv3x3, pixel norm after every convolution;
       toRGB: 1x1 convolution, linear.
    D: fromRGB: 1x1 convolution; per halving: conv3x3 -> conv3x3 -> 2x2
       average pool; at 4x4: minibatch stddev -> conv3x3 -> dense -> dense(1).
Filters at resolution r: min(max_filters, filter_base / r), at least 1
(the paper: 512 up to 32x32, then halving to 16 at 1024x1024).

`progan_generator` and `progan_discriminator` wrap the two in functional
models whose plain call is the final resolution; the `progan` variant calls
`grown(...)` on their core layers (`synthesis`, `critic`).
"""

import math

import keras
from keras import ops

from tfgan_zoo.layers import EqualizedConv2D, EqualizedDense, MinibatchStddev, PixelNormalization
from tfgan_zoo.networks.resnet import upsample_nearest
from tfgan_zoo.registry import NETWORKS

MAX_RESOLUTION = 1024


def level_count(final_resolution):
    """The number of doublings from 4x4 to final_resolution (a power of two in [4, 1024])."""
    if not isinstance(final_resolution, int) or final_resolution < 4 or final_resolution > MAX_RESOLUTION or \
            final_resolution & (final_resolution - 1):
        raise ValueError(f"a progressive network's resolution must be a power of two from 4 to {MAX_RESOLUTION}, "
                         f"got {final_resolution!r}")
    return int(math.log2(final_resolution // 4))


def resolution_of(level):
    return 4 * 2 ** level


def filters_at(resolution, filter_base, max_filters):
    return max(1, min(max_filters, filter_base // resolution))


def _lrelu(x):
    return ops.leaky_relu(x, 0.2)


def _lerp(old, new, alpha):
    return old + ops.cast(alpha, old.dtype) * (new - old)


class _Progressive(keras.layers.Layer):
    def __init__(self, final_resolution=1024, channels=3, filter_base=16384, max_filters=512, **kwargs):
        super().__init__(**kwargs)
        self.levels = level_count(final_resolution)
        self.final_resolution = final_resolution
        self.channels = channels
        self.filter_base = filter_base
        self.max_filters = max_filters

    def filters(self, resolution):
        return filters_at(resolution, self.filter_base, self.max_filters)

    def check_level(self, level):
        if not 0 <= level <= self.levels:
            raise ValueError(f"level must be in [0, {self.levels}] (4x4 to {self.final_resolution}x"
                             f"{self.final_resolution}), got {level}")

    def get_config(self):
        return {**super().get_config(), "final_resolution": self.final_resolution, "channels": self.channels,
                "filter_base": self.filter_base, "max_filters": self.max_filters}


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class ProgressiveSynthesis(_Progressive):
    """The generator's layers for every level; call(z) is the final resolution."""

    def __init__(self, z_dim=512, **kwargs):
        super().__init__(**kwargs)
        self.z_dim = z_dim
        first = self.filters(4)
        self.pixel_norm = PixelNormalization()
        # The paper's first dense layer has gain sqrt(2) / 4 (its official code).
        self.input_dense = EqualizedDense(4 * 4 * first, gain=math.sqrt(2.0) / 4, name="input_dense")
        self.input_conv = EqualizedConv2D(first, 3, name="input_conv")
        self.blocks = [[EqualizedConv2D(self.filters(resolution_of(level)), 3, name=f"conv{resolution_of(level)}_{i}")
                        for i in range(2)] for level in range(1, self.levels + 1)]
        self.to_rgb = [EqualizedConv2D(self.channels, 1, gain=1.0, name=f"to_rgb_{resolution_of(level)}")
                       for level in range(self.levels + 1)]

    def build(self, input_shape):
        first = self.filters(4)
        self.input_dense.build((None, self.z_dim))
        self.input_conv.build((None, 4, 4, first))
        previous = first
        for level, block in enumerate(self.blocks, start=1):
            size = resolution_of(level)
            block[0].build((None, size, size, previous))
            block[1].build((None, size, size, block[0].units))
            previous = block[1].units
        for level, to_rgb in enumerate(self.to_rgb):
            size = resolution_of(level)
            to_rgb.build((None, size, size, self.filters(size)))

    def _conv(self, conv, x):
        return self.pixel_norm(_lrelu(conv(x)))

    def features(self, z, level):
        """h_level: the features at resolution 4 * 2^level."""
        x = self.input_dense(self.pixel_norm(z))
        x = self.pixel_norm(_lrelu(ops.reshape(x, (-1, 4, 4, self.filters(4)))))
        x = self._conv(self.input_conv, x)
        for block in self.blocks[:level]:
            x = upsample_nearest(x)
            x = self._conv(block[1], self._conv(block[0], x))
        return x

    def grown(self, z, level, alpha=None):
        """G_level(z); with alpha, the newest block faded in (alpha in [0, 1])."""
        self.check_level(level)
        if level == 0 or alpha is None:
            return self.to_rgb[level](self.features(z, level))
        previous = self.features(z, level - 1)
        old = upsample_nearest(self.to_rgb[level - 1](previous))
        block = self.blocks[level - 1]
        new = self.to_rgb[level](self._conv(block[1], self._conv(block[0], upsample_nearest(previous))))
        return _lerp(old, new, alpha)

    def call(self, z):
        return self.grown(z, self.levels)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.final_resolution, self.final_resolution, self.channels)

    def get_config(self):
        return {**super().get_config(), "z_dim": self.z_dim}


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class ProgressiveCritic(_Progressive):
    """The discriminator's layers for every level; call(images) is the final resolution."""

    def __init__(self, minibatch_group_size=4, **kwargs):
        super().__init__(**kwargs)
        self.minibatch_group_size = minibatch_group_size
        self.from_rgb = [EqualizedConv2D(self.filters(resolution_of(level)), 1,
                                         name=f"from_rgb_{resolution_of(level)}") for level in range(self.levels + 1)]
        # blocks[l - 1] takes resolution 4 * 2^l down to 4 * 2^(l - 1).
        self.blocks = [[EqualizedConv2D(self.filters(resolution_of(level)), 3, name=f"conv{resolution_of(level)}_0"),
                        EqualizedConv2D(self.filters(resolution_of(level - 1)), 3,
                                        name=f"conv{resolution_of(level)}_1")]
                       for level in range(1, self.levels + 1)]
        self.stddev = MinibatchStddev(minibatch_group_size)
        first = self.filters(4)
        self.final_conv = EqualizedConv2D(first, 3, name="final_conv")
        self.final_dense = EqualizedDense(first, name="final_dense")
        self.output_dense = EqualizedDense(1, gain=1.0, name="output")

    def build(self, input_shape):
        for level, from_rgb in enumerate(self.from_rgb):
            size = resolution_of(level)
            from_rgb.build((None, size, size, self.channels))
        for level, block in enumerate(self.blocks, start=1):
            size = resolution_of(level)
            block[0].build((None, size, size, self.filters(size)))
            block[1].build((None, size, size, block[0].units))
        first = self.filters(4)
        self.final_conv.build((None, 4, 4, first + 1))
        self.final_dense.build((None, 4 * 4 * first))
        self.output_dense.build((None, first))

    def _block(self, level, x):
        block = self.blocks[level - 1]
        x = _lrelu(block[1](_lrelu(block[0](x))))
        return ops.average_pool(x, 2, 2, padding="valid")

    def grown(self, images, level, alpha=None):
        """D_level(images) for images at resolution 4 * 2^level; with alpha, the newest block faded in."""
        self.check_level(level)
        if level == 0 or alpha is None:
            x, remaining = _lrelu(self.from_rgb[level](images)), level
        else:
            new = self._block(level, _lrelu(self.from_rgb[level](images)))
            old = _lrelu(self.from_rgb[level - 1](ops.average_pool(images, 2, 2, padding="valid")))
            x, remaining = _lerp(old, new, alpha), level - 1
        for block_level in range(remaining, 0, -1):
            x = self._block(block_level, x)
        x = _lrelu(self.final_conv(self.stddev(x)))
        x = _lrelu(self.final_dense(ops.reshape(x, (-1, 4 * 4 * self.filters(4)))))
        return self.output_dense(x)

    def call(self, images):
        return self.grown(images, self.levels)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 1)

    def get_config(self):
        return {**super().get_config(), "minibatch_group_size": self.minibatch_group_size}


@NETWORKS.register("progan_generator")
def progan_generator(resolution=1024, z_dim=512, channels=3, filter_base=16384, max_filters=512,
                     name="progan_generator"):
    """z -> resolution^2 x channels (linear output, trained towards [-1, 1]); the
    `synthesis` layer runs any smaller level (see the module docstring).

    Args:
        resolution: the final size, a power of two in [4, 1024].
        z_dim: the latent size (the paper's 512).
        channels: the images' channels.
        filter_base: filters at resolution r are min(filter_base / r, max_filters) (the paper: 8192 at 1024x1024).
        max_filters: the cap on filters per layer (the paper's 512).
    """
    z = keras.Input((z_dim,), name="z")
    synthesis = ProgressiveSynthesis(z_dim=z_dim, final_resolution=resolution, channels=channels,
                                     filter_base=filter_base, max_filters=max_filters, name="synthesis")
    return keras.Model(z, synthesis(z), name=name)


@NETWORKS.register("progan_discriminator")
def progan_discriminator(resolution=1024, channels=3, filter_base=16384, max_filters=512, minibatch_group_size=4,
                         name="progan_discriminator"):
    """images -> one score; the `critic` layer runs any smaller level.

    Args:
        resolution: the final size, a power of two in [4, 1024].
        channels: the images' channels.
        filter_base: filters at resolution r are min(filter_base / r, max_filters).
        max_filters: the cap on filters per layer (the paper's 512).
        minibatch_group_size: the group of the minibatch standard-deviation layer (the paper's 4).
    """
    images = keras.Input((resolution, resolution, channels), name="images")
    critic = ProgressiveCritic(final_resolution=resolution, channels=channels, filter_base=filter_base,
                               max_filters=max_filters, minibatch_group_size=minibatch_group_size, name="critic")
    return keras.Model(images, critic(images), name=name)
