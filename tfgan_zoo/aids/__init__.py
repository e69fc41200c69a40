"""Training aids as objects, one file each, registered by name in `AIDS`.

`base.Aid` is the protocol (the hooks a GAN calls), `base.from_fields` builds
aids from the flat config fields (`--set variant.packing=2`). A GAN takes
them as `aids=[...]`. Every module of this package is imported here, so an
aid registers itself by being a file in it; BUILD.md says how to add one.
"""

import importlib
import pkgutil

from tfgan_zoo.aids.base import AIDS, Aid, Term, all_fields, attach, from_config, from_fields

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["AIDS", "Aid", "Term", "all_fields", "attach", "from_config", "from_fields"]
