"""Presets: one module per preset, each with `get_config() -> dict`.

Every module in this package is registered in PRESETS under its module name,
so a new preset is one new file.
"""

import importlib
import pkgutil

from tfgan_zoo.registry import PRESETS

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        PRESETS.register(_module.name, importlib.import_module(f"{__name__}.{_module.name}").get_config)
