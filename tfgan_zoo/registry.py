"""Name -> object registries for variants, networks, objectives and presets.

Every registry rejects a duplicate name, so two files can never silently
shadow each other, and an unknown name raises `UnknownNameError` listing the
names that do exist.
"""

import difflib
import importlib
import pkgutil

from tfgan_zoo.errors import UnknownNameError

# Callables that import the modules whose definitions register themselves;
# each runs once, before the first look-up in any registry.
_POPULATORS = []


def populate_with(populator):
    """Runs `populator` before the first look-up of any registry. The package
    registers the import of its own subpackages this way, so `import
    tfgan_zoo` stays cheap (TensorFlow is imported on first use)."""
    _POPULATORS.append(populator)


def _populate():
    while _POPULATORS:
        _POPULATORS.pop(0)()


class Registry:
    """A mapping from unique names to objects of one kind.

    Args:
        kind: what the entries are ("variant", "network", ...), used in errors.
    """

    def __init__(self, kind):
        self.kind = kind
        self._entries = {}

    def register(self, name, obj=None):
        """Registers `obj` under `name`; usable as a decorator when obj is None."""
        if obj is None:
            return lambda target: self.register(name, target)
        if name in self._entries:
            raise ValueError(
                f"duplicate {self.kind} name {name!r}: already registered to "
                f"{self._entries[name]!r}; pick another name"
            )
        self._entries[name] = obj
        return obj

    def get(self, name):
        _populate()
        try:
            return self._entries[name]
        except KeyError:
            close = difflib.get_close_matches(name, self._entries, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UnknownNameError(
                f"unknown {self.kind} {name!r}{hint}; known {self.kind}s: "
                f"{', '.join(self.names())}"
            ) from None

    def names(self):
        _populate()
        return sorted(self._entries)

    def __contains__(self, name):
        _populate()
        return name in self._entries


def import_package(package, path, base):
    """Imports every module of a package (so its definitions register
    themselves) and returns {name: class} of the `base` subclasses they
    define, `base` itself left out: what the package exports.

    Args:
        package: the package's `__name__`; path: its `__path__`.
    """
    classes = {}
    for info in pkgutil.iter_modules(path):
        module = importlib.import_module(f"{package}.{info.name}")
        classes.update({value.__name__: value for value in vars(module).values()
                        if isinstance(value, type) and issubclass(value, base) and value is not base
                        and value.__module__ == module.__name__})
    return classes


VARIANTS = Registry("variant")
NETWORKS = Registry("network")
OBJECTIVES = Registry("objective")
PRESETS = Registry("preset")
