"""The library's parts import downward only, and the library itself does no I/O.

Each part has a rank; a module may import its own part and parts of lower
rank, so no import runs upward and no cycle between parts can form. Imports
inside functions count too. Nothing under tfgan_zoo/ (trainers/ and export/
aside) prints, opens files, touches the file system or reads flags.
"""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Lowest first. `tfgan_zoo` is the package's __init__, which fills the
# registries by importing the parts lazily, on first look-up.
RANKS = {
    "errors": 0, "losses": 0, "layers": 0, "sampling": 0, "workdir": 0, "metrics": 0, "optimizers": 0,
    "registry": 1, "data": 1, "replicas": 1, "clustering": 0,
    "networks": 2, "tfgan_zoo": 2,
    "aids": 3,
    "gans": 4, "configs": 4,
    "builders": 5,
    "export": 6,
    "trainers": 7,
}
# What only the command-line side may do.
IO_CALLS = {"print", "open", "input"}
IO_ATTRIBUTES = {("os", "makedirs"), ("os", "remove"), ("os", "rename"), ("shutil", "rmtree"),
                 ("sys", "stdout"), ("sys", "stderr"), ("gfile", "GFile"), ("io", "write_file")}
IO_MODULES = {"absl.flags", "absl.app", "argparse", "logging"}


def _modules():
    """(path, part) of every module of the library and of trainers/ and export/."""
    for top in ("tfgan_zoo", "trainers", "export"):
        for directory, subdirectories, names in os.walk(os.path.join(ROOT, top)):
            # Some checkouts link trainers/ and export/ into tfgan_zoo/ for PYTHONPATH runs.
            subdirectories[:] = [d for d in subdirectories if not os.path.islink(os.path.join(directory, d))]
            for name in names:
                if name.endswith(".py"):
                    path = os.path.join(directory, name)
                    relative = os.path.relpath(path, ROOT).split(os.sep)
                    if top != "tfgan_zoo":
                        yield path, top
                    else:
                        yield path, "tfgan_zoo" if len(relative) == 2 and name == "__init__.py" else \
                            relative[1].removesuffix(".py")


def _imported_parts(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names] if node.module == "tfgan_zoo" \
                else [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            pieces = name.split(".")
            if pieces[0] == "tfgan_zoo":
                yield node.lineno, pieces[1] if len(pieces) > 1 else "tfgan_zoo"


MODULES = sorted(_modules())


def test_every_part_has_a_rank():
    assert {part for _, part in MODULES} <= set(RANKS)


@pytest.mark.parametrize("path,part", MODULES, ids=[os.path.relpath(p, ROOT) for p, _ in MODULES])
def test_imports_run_downward(path, part):
    tree = ast.parse(open(path).read())
    upward = [f"line {line}: {part} imports {target}" for line, target in _imported_parts(tree)
              if target != part and RANKS[target] >= RANKS[part]]
    assert not upward, upward


@pytest.mark.parametrize("path", [p for p, part in MODULES if part not in ("trainers", "export")],
                         ids=[os.path.relpath(p, ROOT) for p, part in MODULES if part not in ("trainers", "export")])
def test_the_library_does_no_io(path):
    tree = ast.parse(open(path).read())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IO_CALLS:
            found.append(f"line {node.lineno}: {node.func.id}()")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                (node.value.id, node.attr) in IO_ATTRIBUTES:
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"line {node.lineno}: imports {name}" for name in names if name in IO_MODULES]
    assert not found, found
