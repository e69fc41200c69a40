"""Stacked GAN networks (Huang et al. 2017, arXiv 1612.04357, section 4).

A pretrained bottom-up encoder maps an image to a hierarchy of
representations, h_0 = x -> h_1 -> ... -> h_{N-1} -> y (the class); N stacked
generators invert it top-down:

    G_{N-1}: (y, z_{N-1}) -> h_{N-1}     G_i: (h_{i+1}, z_i) -> h_i     G_0: (h_1, z_0) -> x

each with a discriminator on its own level that also predicts the stack's
noise (the entropy loss's Q network shares its layers, as in the paper).
MNIST uses N = 2 (x -> 256 features -> class); 32x32 colour data N = 3
(x -> 256 -> 128 -> class). The levels above the image are feature vectors
(`feature_dims`, bottom first).

- `stacked_generator` (registered also as `stacked_mnist_generator`): the
  chained generator [z, label] -> image, with z = [z_0 | z_1 | ... | z_{N-1}];
  its sub-models `generator_0` ... `generator_{N-1}` are the stacks.
- `stacked_mnist_discriminator`: D_0, images -> [logit, z_0 reconstruction].
- `feature_discriminator`: D_i (i >= 1), features -> [logit, z_i reconstruction].
- `stacked_encoder`: E, images -> [h_1, ..., h_{N-1}, class logits], made of
  sub-models `encoder_0` (x -> h_1), `encoder_i` (h_i -> h_{i+1}) and
  `encoder_top` (h_{N-1} -> logits).
"""

import keras
from keras import layers

from tfgan_zoo.networks.conditional import label_input
from tfgan_zoo.registry import NETWORKS


def _check_stacks(feature_dims, z_dims):
    if len(feature_dims) < 1 or len(z_dims) != len(feature_dims) + 1:
        raise ValueError(f"a Stacked GAN with N stacks has N - 1 feature levels and N noise sizes; got "
                         f"feature_dims={list(feature_dims)} and z_dims={list(z_dims)}")


def _mlp(x, width=256):
    for _ in range(2):
        x = layers.ReLU()(layers.BatchNormalization()(layers.Dense(width, use_bias=False)(x)))
    return x


def top_generator(num_classes, z_dim, feature_dim, name):
    """(z, y) -> h_{N-1} >= 0 (the encoder's features are ReLU outputs)."""
    z, label = keras.Input((z_dim,), name="z"), label_input()
    x = layers.Concatenate()([z, layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)])
    features = layers.Dense(feature_dim, activation="relu", dtype="float32")(_mlp(x))
    return keras.Model([z, label], features, name=name)


def feature_generator(condition_dim, z_dim, feature_dim, name):
    """(h_{i+1}, z_i) -> h_i >= 0, for the levels between the class and the image."""
    condition, z = keras.Input((condition_dim,), name="condition"), keras.Input((z_dim,), name="z")
    x = _mlp(layers.Concatenate()([condition, z]))
    return keras.Model([condition, z], layers.Dense(feature_dim, activation="relu", dtype="float32")(x), name=name)


def image_generator(condition_dim, z_dim, image_shape, name="generator_0"):
    """(h_1, z_0) -> image in [-1, 1]: the TensorFlow tutorial's generator on [h_1, z_0]."""
    condition, z = keras.Input((condition_dim,), name="condition"), keras.Input((z_dim,), name="z")
    start = image_shape[0] // 4
    x = layers.Concatenate()([condition, z])
    x = layers.LeakyReLU(0.2)(layers.BatchNormalization()(layers.Dense(start * start * 128, use_bias=False)(x)))
    x = layers.Reshape((start, start, 128))(x)
    x = layers.Conv2DTranspose(64, 5, strides=2, padding="same", use_bias=False)(x)
    x = layers.LeakyReLU(0.2)(layers.BatchNormalization()(x))
    images = layers.Conv2DTranspose(image_shape[-1], 5, strides=2, padding="same", activation="tanh",
                                    dtype="float32")(x)
    return keras.Model([condition, z], images, name=name)


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class LatentSlice(layers.Layer):
    """z[:, start:stop]: one stack's share of the chained generator's latent."""

    def __init__(self, start, stop, **kwargs):
        super().__init__(**kwargs)
        self.start, self.stop = start, stop

    def call(self, z):
        return z[:, self.start:self.stop]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.stop - self.start)

    def get_config(self):
        return {**super().get_config(), "start": self.start, "stop": self.stop}


@NETWORKS.register("stacked_generator")
def stacked_generator(num_classes=10, feature_dims=(256,), z_dims=(16, 50), image_size=28, channels=1,
                      name="stacked_generator"):
    """[z, label] -> image through G_{N-1}, ..., G_0 (N = len(z_dims) stacks, z = [z_0 | ... | z_{N-1}]).

    Args:
        feature_dims: the sizes of h_1 ... h_{N-1}, bottom first.
        z_dims: the noise sizes of stacks 0 ... N-1.
        image_size: a multiple of 4 (28 for MNIST, 32 for CIFAR-10).
        num_classes: classes of the label y.
        channels: the images' channels.
    """
    feature_dims, z_dims = list(feature_dims), list(z_dims)
    _check_stacks(feature_dims, z_dims)
    if image_size % 4:
        raise ValueError(f"image_size must be a multiple of 4, got {image_size}")
    stacks = len(z_dims)
    z, label = keras.Input((sum(z_dims),), name="z"), label_input()
    offsets = [sum(z_dims[:i]) for i in range(stacks + 1)]
    noise = [LatentSlice(offsets[i], offsets[i + 1], name=f"z{i}_slice")(z) for i in range(stacks)]
    x = top_generator(num_classes, z_dims[-1], feature_dims[-1], f"generator_{stacks - 1}")([noise[-1], label])
    for i in range(stacks - 2, 0, -1):
        x = feature_generator(feature_dims[i], z_dims[i], feature_dims[i - 1], f"generator_{i}")([x, noise[i]])
    images = image_generator(feature_dims[0], z_dims[0], (image_size, image_size, channels))([x, noise[0]])
    return keras.Model([z, label], images, name=name)


@NETWORKS.register("stacked_mnist_generator")
def stacked_mnist_generator(num_classes=10, feature_dims=(256,), z_dims=(16, 50), channels=1,
                            name="stacked_mnist_generator"):
    """`stacked_generator` for 28x28 images (two stacks by default).

    Args:
        num_classes: classes of the label y.
        feature_dims: the sizes of the encoder's feature levels h_1 ... h_{N-1}.
        z_dims: the noise sizes z_0 ... z_{N-1}, one per stack.
        channels: the images' channels.
    """
    return stacked_generator(num_classes, feature_dims, z_dims, 28, channels, name)


@NETWORKS.register("stacked_mnist_discriminator")
def stacked_mnist_discriminator(image_shape=(28, 28, 1), z0_dim=16, name="stacked_mnist_discriminator"):
    """D_0: images -> [real/fake logit [batch, 1], z_0 reconstruction [batch, z0_dim]] (any image size).

    Args:
        image_shape: [height, width, channels] of the images judged.
        z0_dim: the size of z_0, which the Q head reconstructs.
    """
    images = keras.Input(tuple(image_shape), name="images")
    x = images
    for filters in (64, 128):
        x = layers.LeakyReLU(0.2)(layers.Conv2D(filters, 5, strides=2, padding="same")(x))
    x = layers.Flatten()(x)
    logit = layers.Dense(1, dtype="float32", name="adversarial")(x)
    reconstruction = layers.Dense(z0_dim, dtype="float32", name="noise")(x)
    return keras.Model(images, [logit, reconstruction], name=name)


def feature_discriminator(feature_dim=256, z_dim=50, name="discriminator_1"):
    """D_i: features -> [logit, z_i reconstruction]."""
    features = keras.Input((feature_dim,), name="features")
    x = features
    for _ in range(2):
        x = layers.LeakyReLU(0.2)(layers.Dense(256)(x))
    logit = layers.Dense(1, dtype="float32", name="adversarial")(x)
    reconstruction = layers.Dense(z_dim, dtype="float32", name="noise")(x)
    return keras.Model(features, [logit, reconstruction], name=name)


def stacked_encoder(feature_dims=(256,), num_classes=10, image_shape=(28, 28, 1), name="encoder"):
    """E: images in [-1, 1] -> [h_1, ..., h_{N-1}, class logits], and its pieces per level
    (a list: encoder_0 for x -> h_1, encoder_i for h_i -> h_{i+1}, encoder_top for h_{N-1} -> logits)."""
    images = keras.Input(tuple(image_shape), name="images")
    x = layers.MaxPooling2D(2)(layers.Conv2D(32, 5, padding="same", activation="relu")(images))
    x = layers.MaxPooling2D(2)(layers.Conv2D(64, 5, padding="same", activation="relu")(x))
    first = layers.Dense(feature_dims[0], activation="relu")(layers.Flatten()(x))
    pieces = [keras.Model(images, first, name="encoder_0")]
    for i in range(1, len(feature_dims)):
        features = keras.Input((feature_dims[i - 1],))
        pieces.append(keras.Model(features, layers.Dense(feature_dims[i], activation="relu")(features),
                                  name=f"encoder_{i}"))
    features = keras.Input((feature_dims[-1],))
    pieces.append(keras.Model(features, layers.Dense(num_classes, dtype="float32")(features), name="encoder_top"))
    outputs, x = [], images
    for piece in pieces:
        x = piece(x)
        outputs.append(x)
    return keras.Model(images, outputs, name=name), pieces
