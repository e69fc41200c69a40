"""Training aids as objects, one file each, registered by name in `AIDS`.

`base.Aid` is the protocol (the hooks a GAN calls), `base.from_fields` builds
aids from the flat config fields (`--set variant.packing=2`). A GAN takes
them as `aids=[...]`; see BUILD.md for how to add one.
"""

from tfgan_zoo.aids import (
    ema,
    feature_matching,
    historical_averaging,
    instance_noise,
    packing,
    penalty,
    replay,
    unrolling,
)
from tfgan_zoo.aids.base import AIDS, Aid, Term, all_fields, from_config, from_fields
from tfgan_zoo.aids.ema import GeneratorEMA
from tfgan_zoo.aids.feature_matching import FeatureMatching
from tfgan_zoo.aids.historical_averaging import HistoricalAveraging
from tfgan_zoo.aids.instance_noise import InstanceNoise
from tfgan_zoo.aids.packing import Packing
from tfgan_zoo.aids.penalty import GradientPenalty
from tfgan_zoo.aids.replay import ExperienceReplay
from tfgan_zoo.aids.unrolling import Unrolling

__all__ = [
    "AIDS",
    "Aid",
    "ExperienceReplay",
    "FeatureMatching",
    "GeneratorEMA",
    "GradientPenalty",
    "HistoricalAveraging",
    "InstanceNoise",
    "Packing",
    "Term",
    "Unrolling",
    "all_fields",
    "ema",
    "feature_matching",
    "from_config",
    "from_fields",
    "historical_averaging",
    "instance_noise",
    "packing",
    "penalty",
    "replay",
    "unrolling",
]
