"""Generator and discriminator architectures, registered by name in NETWORKS."""

from tfgan_zoo.networks import autoencoder, dcgan, mlp

__all__ = ["autoencoder", "dcgan", "mlp"]
