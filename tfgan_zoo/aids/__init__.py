"""Training aids as objects, one file each, registered by name in `AIDS`.

`base.Aid` is the protocol (the hooks a GAN calls), `base.from_fields` builds
aids from the flat config fields (`--set variant.packing=2`). A GAN takes
them as `aids=[...]`, e.g. `aids=[tfgan_zoo.aids.GeneratorEMA(0.999)]`.
Every module of this package is imported here and its aid class made
available as `tfgan_zoo.aids.<Class>`, so an aid exists by being a file in
it; BUILD.md says how to add one.
"""

import importlib
import pkgutil

from tfgan_zoo.aids.base import AIDS, Aid, Term, all_fields, attach, from_config, from_fields

__all__ = ["AIDS", "Aid", "Term", "all_fields", "attach", "from_config", "from_fields"]

for _info in pkgutil.iter_modules(__path__):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _value in vars(_module).values():
        if isinstance(_value, type) and issubclass(_value, Aid) and _value.name and \
                _value.__module__ == _module.__name__:
            globals()[_value.__name__] = _value
            __all__.append(_value.__name__)
