"""Generator and discriminator architectures, registered by name in NETWORKS."""

from tfgan_zoo.networks import dcgan

__all__ = ["dcgan"]
