"""Conditional GAN (Mirza & Osindero 2014, arXiv 1411.1784)."""

import keras

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("cgan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class CGAN(GAN):
    """Both players see the class label: G(z, y) and D(x, y).

    min_G max_D E log D(x, y) + E log(1 - D(G(z, y), y))

    (non-saturating for G by default; any objective by name). The label
    enters the networks as the config chooses: an embedding concatenated with
    z and with the image (`cgan_mnist_generator`, `cgan_mnist_discriminator`
    with conditioning="concat"), the projection discriminator
    (conditioning="projection", Miyato & Koyama 2018, arXiv 1802.05637) or
    conditional batch norm in G (conditional_bn=True). Generated examples
    take the labels of the real batch they are paired with.

    Args:
        num_classes: number of classes (> 0); the trainer reads it from the
            dataset's metadata.
        objective: see `GAN`; "non_saturating" by default.
        See `GAN` for the rest.
    """

    refused_aids = {"packing": "a pack of several examples has no single label"}
    test_networks = {"generator": {"name": "cgan_mnist_generator", "z_dim": 8, "num_classes": 3, "embedding_dim": 4},
                     "discriminator": {"name": "cgan_mnist_discriminator", "num_classes": 3}}

    def __init__(self, generator, discriminator, num_classes=10, objective="non_saturating", **kwargs):
        if num_classes < 1:
            raise ValueError(f"num_classes must be >= 1 for a conditional GAN, got {num_classes}")
        super().__init__(generator, discriminator, objective=objective, num_classes=num_classes, **kwargs)
