"""Stacked GAN networks for MNIST (Huang et al. 2017, arXiv 1612.04357, section 4.1).

The hierarchy has two levels: image x -> features h1 (the encoder's
256-unit hidden layer) -> class y. The encoder E = (E0: x -> h1, E1: h1 -> y)
is a classifier; two stacked generators invert it top-down:

    G1: (y, z1) -> h1_hat        G0: (h1, z0) -> x_hat

each with a discriminator on its own level (D1 on features, D0 on images)
that also predicts the stack's noise (the entropy loss's Q network shares
its layers, as in the paper).

- `stacked_mnist_generator`: the chained generator [z, label] -> image, with
  z = [z0 | z1]; its sub-models `generator_1` and `generator_0` are the stacks.
- `stacked_mnist_discriminator`: D0, images -> [logit, z0 reconstruction].
- `feature_discriminator`: D1, features -> [logit, z1 reconstruction].
- `mnist_encoder`: E, images -> [h1, class logits]; the last layer
  ("classes") is E1.
"""

import keras
from keras import layers

from tfgan_zoo.networks.conditional import label_input
from tfgan_zoo.registry import NETWORKS

ENCODER_CLASSES_LAYER = "classes"


def stack_1_generator(num_classes, z_dim, feature_dim, name="generator_1"):
    """(z1, y) -> h1_hat >= 0 (the encoder's features are ReLU outputs)."""
    z, label = keras.Input((z_dim,), name="z1"), label_input()
    x = layers.Concatenate()([z, layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)])
    for _ in range(2):
        x = layers.ReLU()(layers.BatchNormalization()(layers.Dense(256, use_bias=False)(x)))
    features = layers.Dense(feature_dim, activation="relu", dtype="float32")(x)
    return keras.Model([z, label], features, name=name)


def stack_0_generator(feature_dim, z_dim, channels, name="generator_0"):
    """(h1, z0) -> 28x28 image in [-1, 1]: the TensorFlow tutorial's generator on [h1, z0]."""
    features, z = keras.Input((feature_dim,), name="h1"), keras.Input((z_dim,), name="z0")
    x = layers.Concatenate()([features, z])
    x = layers.LeakyReLU(0.2)(layers.BatchNormalization()(layers.Dense(7 * 7 * 128, use_bias=False)(x)))
    x = layers.Reshape((7, 7, 128))(x)
    x = layers.Conv2DTranspose(64, 5, strides=2, padding="same", use_bias=False)(x)
    x = layers.LeakyReLU(0.2)(layers.BatchNormalization()(x))
    images = layers.Conv2DTranspose(channels, 5, strides=2, padding="same", activation="tanh", dtype="float32")(x)
    return keras.Model([features, z], images, name=name)


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


@NETWORKS.register("stacked_mnist_generator")
def stacked_mnist_generator(num_classes=10, feature_dim=256, z0_dim=16, z1_dim=50, channels=1,
                            name="stacked_mnist_generator"):
    """[z, label] -> 28x28 image through G1 then G0; z = [z0 | z1] (z0_dim + z1_dim wide)."""
    z, label = keras.Input((z0_dim + z1_dim,), name="z"), label_input()
    generator_1 = stack_1_generator(num_classes, z1_dim, feature_dim)
    generator_0 = stack_0_generator(feature_dim, z0_dim, channels)
    z0 = LatentSlice(0, z0_dim, name="z0_slice")(z)
    z1 = LatentSlice(z0_dim, z0_dim + z1_dim, name="z1_slice")(z)
    return keras.Model([z, label], generator_0([generator_1([z1, label]), z0]), name=name)


@NETWORKS.register("stacked_mnist_discriminator")
def stacked_mnist_discriminator(image_shape=(28, 28, 1), z0_dim=16, name="stacked_mnist_discriminator"):
    """D0: images -> [real/fake logit [batch, 1], z0 reconstruction [batch, z0_dim]]."""
    images = keras.Input(tuple(image_shape), name="images")
    x = images
    for filters in (64, 128):
        x = layers.LeakyReLU(0.2)(layers.Conv2D(filters, 5, strides=2, padding="same")(x))
    x = layers.Flatten()(x)
    logit = layers.Dense(1, dtype="float32", name="adversarial")(x)
    reconstruction = layers.Dense(z0_dim, dtype="float32", name="noise")(x)
    return keras.Model(images, [logit, reconstruction], name=name)


def feature_discriminator(feature_dim=256, z1_dim=50, name="discriminator_1"):
    """D1: features -> [real/fake logit, z1 reconstruction]."""
    features = keras.Input((feature_dim,), name="h1")
    x = features
    for _ in range(2):
        x = layers.LeakyReLU(0.2)(layers.Dense(256)(x))
    logit = layers.Dense(1, dtype="float32", name="adversarial")(x)
    reconstruction = layers.Dense(z1_dim, dtype="float32", name="noise")(x)
    return keras.Model(features, [logit, reconstruction], name=name)


def mnist_encoder(feature_dim=256, num_classes=10, channels=1, name="encoder"):
    """E: 28x28 images in [-1, 1] -> [h1 (ReLU features), class logits]."""
    images = keras.Input((28, 28, channels), name="images")
    x = layers.MaxPooling2D(2)(layers.Conv2D(32, 5, padding="same", activation="relu")(images))
    x = layers.MaxPooling2D(2)(layers.Conv2D(64, 5, padding="same", activation="relu")(x))
    features = layers.Dense(feature_dim, activation="relu", name="features")(layers.Flatten()(x))
    logits = layers.Dense(num_classes, dtype="float32", name=ENCODER_CLASSES_LAYER)(features)
    return keras.Model(images, [features, logits], name=name)
