"""GAN variants, one per file, registered by name in VARIANTS."""

from tfgan_zoo.gans.gan import GAN, unpack_batch
from tfgan_zoo.gans.objectives import Objective, get_objective

__all__ = ["GAN", "Objective", "get_objective", "unpack_batch"]
