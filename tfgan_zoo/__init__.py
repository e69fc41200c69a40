"""tfgan-zoo: GAN variants as Keras models, trainable under any tf.distribute strategy.

`import tfgan_zoo` is cheap: the subpackages (and TensorFlow) load on first
use, as an attribute (`tfgan_zoo.gans`) or through a registry look-up
(`VARIANTS.get(...)`), which imports every subpackage that registers entries.
"""

import importlib

from tfgan_zoo import registry
from tfgan_zoo.registry import NETWORKS, OBJECTIVES, PRESETS, VARIANTS  # noqa: F401

__version__ = "0.1.0"

# The subpackages whose definitions fill the registries (variants, networks, presets).
_REGISTERING = ("configs", "data", "gans", "metrics", "networks")


def _import_registering_subpackages():
    for name in _REGISTERING:
        importlib.import_module(f"{__name__}.{name}")


registry.populate_with(_import_registering_subpackages)


def __getattr__(name):
    """Subpackages load on first attribute access (PEP 562)."""
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
