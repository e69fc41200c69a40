"""Training aids as objects, one file each, registered by name in `AIDS`.

`base.Aid` is the protocol (the hooks a GAN calls), `base.from_fields` builds
aids from the flat config fields (`--set variant.packing=2`). A GAN takes
them as `aids=[...]`, e.g. `aids=[tfgan_zoo.aids.GeneratorEMA(0.999)]`.
Every module of this package is imported here and its aid class made
available as `tfgan_zoo.aids.<Class>`, so an aid exists by being a file in
it; BUILD.md says how to add one.
"""

from tfgan_zoo.aids.base import AIDS, Aid, Term, all_fields, attach, from_config, from_fields
from tfgan_zoo.registry import import_package

_AID_CLASSES = import_package(__name__, __path__, Aid)
globals().update(_AID_CLASSES)
__all__ = ["AIDS", "Aid", "Term", "all_fields", "attach", "from_config", "from_fields", *_AID_CLASSES]
