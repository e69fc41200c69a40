"""Generator and discriminator architectures, registered by name in NETWORKS."""

from tfgan_zoo.networks import (
    autoencoder,
    conditional,
    dcgan,
    infogan_mnist,
    mlp,
    pacgan_dcgan,
    progressive,
    resnet,
    stacked,
)

__all__ = ["autoencoder", "conditional", "dcgan", "infogan_mnist", "mlp", "pacgan_dcgan", "progressive", "resnet", "stacked"]
