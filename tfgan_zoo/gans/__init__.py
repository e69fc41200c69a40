"""GAN variants, one per file, registered by name in VARIANTS.

Every module of this package is imported here and each variant class it
defines is available as `tfgan_zoo.gans.<Class>`, so a variant exists by
being a file here (BUILD.md, "Adding a variant").
"""

from tfgan_zoo.gans.gan import GAN, OWN_LOSSES, unpack_batch
from tfgan_zoo.gans.objectives import Objective, get_objective
from tfgan_zoo.gans.pair import NetworkPair
from tfgan_zoo.gans.progan import GrowthSchedule, Phase
from tfgan_zoo.gans.stacked import Stage
from tfgan_zoo.registry import import_package

_VARIANT_CLASSES = import_package(__name__, __path__, GAN)
globals().update(_VARIANT_CLASSES)
__all__ = ["GAN", "GrowthSchedule", "NetworkPair", "OWN_LOSSES", "Objective", "Phase", "Stage", "get_objective",
           "unpack_batch", *_VARIANT_CLASSES]
