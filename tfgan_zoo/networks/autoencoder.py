"""Autoencoder discriminators for EBGAN (arXiv 1609.03126) and BEGAN (arXiv 1703.10717)."""

import keras
from keras import layers

from tfgan_zoo.registry import NETWORKS


@NETWORKS.register("autoencoder_discriminator")
def autoencoder_discriminator(image_shape=(28, 28, 1), code_dim=64, base_filters=32,
                              name="autoencoder_discriminator"):
    """images -> [reconstruction in [-1, 1], code [code_dim]].

    Two stride-2 convolutions encode to a dense code; a dense layer and two
    stride-2 transposed convolutions decode it, mirroring the encoder. Height
    and width must be divisible by 4.
    """
    height, width, channels = image_shape
    if height % 4 or width % 4:
        raise ValueError(f"autoencoder_discriminator needs sides divisible by 4, got {image_shape}")
    images = keras.Input(tuple(image_shape), name="images")
    x = layers.Conv2D(base_filters, 4, strides=2, padding="same", activation="elu")(images)
    x = layers.Conv2D(base_filters * 2, 4, strides=2, padding="same", activation="elu")(x)
    code = layers.Dense(code_dim, name="code")(layers.Flatten()(x))
    x = layers.Dense((height // 4) * (width // 4) * base_filters * 2, activation="elu")(code)
    x = layers.Reshape((height // 4, width // 4, base_filters * 2))(x)
    x = layers.Conv2DTranspose(base_filters, 4, strides=2, padding="same", activation="elu")(x)
    reconstruction = layers.Conv2DTranspose(channels, 4, strides=2, padding="same", activation="tanh",
                                            dtype="float32", name="reconstruction")(x)
    return keras.Model(images, [reconstruction, code], name=name)
