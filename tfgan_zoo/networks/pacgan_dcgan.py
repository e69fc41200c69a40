"""The DCGANs of PacGAN's Stacked MNIST experiments: the VEEGAN setting (Table 2) and the
Unrolled GAN setting (Table 3).

Lin et al. 2018 (arXiv 1712.04086), as their code builds it (fjxmlzn/PacGAN,
stacked_MNIST_experiments/VEEGAN_experiment/model.py, a copy of carpedm20's
TensorFlow DCGAN): 5x5 convolutions of stride 2 with biases everywhere,
batch norm with decay 0.9 and epsilon 1e-5, ReLU in G and LeakyReLU(0.2) in
D, weights from N(0, 0.02) (truncated in D's convolutions), zero biases.
At 28x28 with 64 filters:

    G: z (100) -> linear 2x2x512 -> 4x4x256 -> 7x7x128 -> 14x14x64 -> 28x28xC, tanh
    D: 28x28x(mC) -> 14x14x64 -> 7x7x128 -> 4x4x256 -> 2x2x512 -> linear 1

Two details of their data path are kept as exact reparametrizations, so
that the zoo's conventions (z ~ N(0, I), images in [-1, 1]) still hold:

- Their z is U(-1, 1); G begins with `UniformLatent`, which turns the zoo's
  Gaussian z into exactly that.
- Their real images are in [0, 1] (pixels / 255), while G ends in tanh, so
  D can tell a generated image by any negative pixel. In the zoo's [-1, 1]
  convention this is G's tanh output u passed on as 2u - 1 and D reading
  (x + 1) / 2: D then sees their real images and their G's raw output, and
  the zoo's scorers, which map samples back by (x + 1) / 2, see what their
  classifier saw.

Table 3 uses the Unrolled GAN paper's small networks instead
(stacked_MNIST_experiments/unrolled_GAN_experiment/D=0.25G and D=0.5G), with
Gaussian noise and data in [-1, 1] as the zoo's:

    G: z (256) -> linear 4x4x64 -> 7x7x32 -> 14x14x16 -> 28x28x8 (3x3, stride 2) -> 3x3 conv to 28x28xC, tanh
    D: 28x28x(mC) -> 14x14xF -> 7x7x2F -> 4x4x4F (3x3, stride 2, each with batch norm) -> linear 1

with F = 2 for D at a quarter of G's size and F = 4 for half.
"""

import keras
from keras import layers

from tfgan_zoo.layers import SlotBatchNormalization, UniformLatent
from tfgan_zoo.registry import NETWORKS


def _normal(stddev=0.02):
    return keras.initializers.RandomNormal(stddev=stddev)


def _truncated_normal(stddev=0.02):
    # carpedm20's conv2d draws its kernels from a truncated normal, its deconv2d and linear do not.
    return keras.initializers.TruncatedNormal(stddev=stddev)


def _transposed_to(x, filters, kernel, side):
    """carpedm20's deconv2d: a stride-2 transposed convolution with a bias to a given output side.
    Keras's 'same' gives (in - 1) * 2 + kernel - 2 (kernel // 2) + output_padding = 2 in - 1 +
    output_padding for odd kernels, so output_padding = side - 2 in + 1 gives TensorFlow's SAME
    `conv2d_transpose` to `side` (7 from 4 as well as 8)."""
    return layers.Conv2DTranspose(filters, kernel, strides=2, padding="same", output_padding=side - 2 * x.shape[1] + 1,
                                  kernel_initializer=_normal())(x)


def _batch_norm(slots=1):
    # tf.contrib.layers.batch_norm(decay=0.9, epsilon=1e-5, scale=True, updates_collections=None) of
    # carpedm20's ops.py. Their G runs once per slot of a pack, so its statistics are per slot, and
    # each run updates the population statistics as it runs, with the fused kernel's unbiased
    # variance (SlotBatchNormalization's "each"; with one slot too).
    return SlotBatchNormalization(slots, slot_updates="each", unbiased_moving_variance=True, momentum=0.9,
                                  epsilon=1e-5)


def _side_after(side, doublings):
    """The sides of carpedm20's generator, from the output back: ceil(side / 2) per layer."""
    sides = [side]
    for _ in range(doublings):
        sides.append(-(-sides[-1] // 2))
    return sides[::-1]


@NETWORKS.register("pacgan_dcgan_generator")
def pacgan_dcgan_generator(resolution=28, channels=3, z_dim=100, base_filters=64, uniform_latent=True,
                           unit_interval_data=True, batch_norm_slots=1, name="pacgan_dcgan_generator"):
    """G of PacGAN's VEEGAN-setting Stacked MNIST code: z -> resolution^2 x channels.

    Args:
        resolution: the images' side; each layer doubles it (carpedm20's ceil(side / 2) steps:
            2, 4, 7, 14, 28 for 28).
        channels: the image channels (3 for Stacked MNIST; packing does not change G).
        z_dim: the latent size (their 100).
        base_filters: their gf_dim, the last hidden layer's filters (64); 8x at 2x2.
        uniform_latent: begin with `UniformLatent`, their U(-1, 1) noise.
        unit_interval_data: pass the tanh output u on as 2u - 1, their data's [0, 1] range
            seen in the zoo's [-1, 1] one (the module docstring).
        batch_norm_slots: m > 1 takes batch norm's training statistics per slot of D's
            m-image packs, as their G, which runs once per slot; set it with
            `variant.packing=m`.
    """
    sides = _side_after(resolution, 4)
    z = keras.Input((z_dim,), name="z")
    x = UniformLatent()(z) if uniform_latent else z
    x = layers.Dense(sides[0] * sides[0] * base_filters * 8, kernel_initializer=_normal())(x)
    x = layers.ReLU()(_batch_norm(batch_norm_slots)(layers.Reshape((sides[0], sides[0], base_filters * 8))(x)))
    for side, filters in zip(sides[1:], (base_filters * 4, base_filters * 2, base_filters, channels), strict=True):
        x = _transposed_to(x, filters, 5, side)
        if filters != channels:
            x = layers.ReLU()(_batch_norm(batch_norm_slots)(x))
    images = layers.Activation("tanh", dtype="float32")(x)
    if unit_interval_data:
        images = layers.Rescaling(2.0, offset=-1.0, dtype="float32")(images)
    return keras.Model(z, images, name=name)


@NETWORKS.register("pacgan_dcgan_discriminator")
def pacgan_dcgan_discriminator(resolution=28, channels=3, base_filters=64, unit_interval_data=True,
                               name="pacgan_dcgan_discriminator"):
    """D of PacGAN's VEEGAN-setting Stacked MNIST code: images -> one logit.

    Args:
        resolution: the images' side.
        channels: the channels judged (m x 3 for PacDCGANm; `variant.packing` sets it).
        base_filters: their df_dim, the first layer's filters (64), doubling per layer.
        unit_interval_data: read x as (x + 1) / 2, their [0, 1] images (the module docstring).
    """
    images = keras.Input((resolution, resolution, channels), name="images")
    x = layers.Rescaling(0.5, offset=0.5)(images) if unit_interval_data else images
    for index, filters in enumerate((base_filters, base_filters * 2, base_filters * 4, base_filters * 8)):
        x = layers.Conv2D(filters, 5, strides=2, padding="same", kernel_initializer=_truncated_normal())(x)
        if index:
            x = _batch_norm()(x)
        x = layers.LeakyReLU(0.2)(x)
    logits = layers.Dense(1, kernel_initializer=_normal(), dtype="float32")(layers.Flatten()(x))
    return keras.Model(images, logits, name=name)


@NETWORKS.register("pacgan_unrolled_generator")
def pacgan_unrolled_generator(channels=3, z_dim=256, batch_norm_slots=1, name="pacgan_unrolled_generator"):
    """G of PacGAN's Table 3 (the Unrolled GAN setting): z -> 28x28 x channels in [-1, 1].

    Args:
        channels: the image channels (3 for Stacked MNIST).
        z_dim: the latent size (their 256).
        batch_norm_slots: m > 1 takes batch norm's training statistics per slot of D's
            m-image packs, as their G, which runs once per slot; set it with
            `variant.packing=m`.
    """
    z = keras.Input((z_dim,), name="z")
    x = layers.Dense(4 * 4 * 64, kernel_initializer=_normal())(z)
    x = layers.ReLU()(_batch_norm(batch_norm_slots)(layers.Reshape((4, 4, 64))(x)))
    for side, filters in ((7, 32), (14, 16), (28, 8)):
        x = layers.ReLU()(_batch_norm(batch_norm_slots)(_transposed_to(x, filters, 3, side)))
    x = layers.Conv2D(channels, 3, padding="same", kernel_initializer=_truncated_normal())(x)
    return keras.Model(z, layers.Activation("tanh", dtype="float32")(x), name=name)


@NETWORKS.register("pacgan_unrolled_discriminator")
def pacgan_unrolled_discriminator(channels=3, base_filters=2, name="pacgan_unrolled_discriminator"):
    """D of PacGAN's Table 3: 28x28 x channels -> one logit.

    Args:
        channels: the channels judged (m x 3 for PacDCGANm; `variant.packing` sets it).
        base_filters: F, the first layer's filters, doubling per layer: 2 for D at a quarter of
            G's size (their D=0.25G), 4 for half (D=0.5G).
    """
    images = keras.Input((28, 28, channels), name="images")
    x = images
    for filters in (base_filters, base_filters * 2, base_filters * 4):
        x = layers.Conv2D(filters, 3, strides=2, padding="same", kernel_initializer=_truncated_normal())(x)
        x = layers.LeakyReLU(0.3)(_batch_norm()(x))
    logits = layers.Dense(1, kernel_initializer=_normal(), dtype="float32")(layers.Flatten()(x))
    return keras.Model(images, logits, name=name)
