"""Generator and discriminator architectures, registered by name in NETWORKS."""

from tfgan_zoo.networks import autoencoder, dcgan

__all__ = ["autoencoder", "dcgan"]
