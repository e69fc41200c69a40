"""GAN variants, one per file, registered by name in VARIANTS.

Every module of this package is imported here and each variant class it
defines is available as `tfgan_zoo.gans.<Class>`, so a variant exists by
being a file here (BUILD.md, "Adding a variant").
"""

import importlib
import pkgutil

from tfgan_zoo.gans.gan import GAN, OWN_LOSSES, unpack_batch
from tfgan_zoo.gans.objectives import Objective, get_objective
from tfgan_zoo.gans.pair import NetworkPair
from tfgan_zoo.gans.progan import GrowthSchedule, Phase
from tfgan_zoo.gans.stacked import Stage
from tfgan_zoo.gans.staged import StagedGAN

__all__ = ["GAN", "GrowthSchedule", "NetworkPair", "OWN_LOSSES", "Objective", "Phase", "Stage", "StagedGAN",
           "get_objective", "unpack_batch"]

for _info in pkgutil.iter_modules(__path__):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _value in vars(_module).values():
        if isinstance(_value, type) and issubclass(_value, GAN) and _value.__module__ == _module.__name__ \
                and _value.__name__ not in __all__:
            globals()[_value.__name__] = _value
            __all__.append(_value.__name__)
