"""Every config field, every preset: a value outside the field's domain ends
`tfgan-zoo train` with exit code 2, one `tfgan-zoo: error:` line naming the
field, and an untouched workdir. The bad values come from the schema, not
from a list of cases."""

import itertools
import math

import pytest

from tfgan_zoo.builders import argument_defaults
from tfgan_zoo.registry import NETWORKS, PRESETS, VARIANTS
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.cli import main
from tfgan_zoo.trainers.schema import FIELDS

from helpers import outside, snapshot

SMALLER = {"biggan128": "biggan32", "progan1024": "progan_mnist", "sagan128": "sagan32"}


def cases():
    """Every (field, bad value), each field on another preset in turn; then for
    every preset, NaN and infinity in each of its numeric argument fields."""
    presets = itertools.cycle(PRESETS.names())
    for key, field in FIELDS.items():
        preset = next(presets)
        for value in outside(field):
            yield preset, key, value
    for preset in PRESETS.names():
        config = config_lib.preset_config(preset)
        for section in ("variant", "generator", "discriminator"):
            for name, value in config[section].items():
                if isinstance(value, float):
                    yield preset, f"{section}.{name}", "NaN"
                    yield preset, f"{section}.{name}", "-Infinity"
    # Every argument a variant or network takes, given a value of another kind than its default's.
    # A constructor checks its own arguments, after the networks built before it: the largest
    # presets (half a minute to build) give way to their small versions in this part.
    presets = itertools.cycle([SMALLER.get(name, name) for name in PRESETS.names()])
    for section, registry in (("variant", VARIANTS), ("generator", NETWORKS), ("discriminator", NETWORKS)):
        for name in registry.names():
            for argument, default in argument_defaults(section, name).items():
                wrong = wrong_kind(default)
                if wrong is not None:
                    yield next(presets), f"{section}.name={name} --set={section}.{argument}", wrong


def wrong_kind(default):
    """A value of another kind than the default's, or None where any kind may be meant."""
    if isinstance(default, bool):
        return "3"
    if isinstance(default, int):
        return "1.5"
    if isinstance(default, float):
        return '"nan"'
    if isinstance(default, str):
        return "[7]"
    return None


CASES = list(cases())


def test_every_field_has_values_outside_its_domain():
    assert {key for _, key, _ in CASES} >= {key for key, field in FIELDS.items()
                                            if field.kind is not str or field.choices}
    assert any(math.isnan(float(value)) for _, _, value in CASES if value == "NaN")


@pytest.mark.parametrize("preset,key,value", CASES, ids=[f"{p}-{k}={v}" for p, k, v in CASES])
def test_a_value_outside_the_domain_is_one_line_exit_2_and_an_untouched_workdir(preset, key, value, tmp_path,
                                                                                capsys):
    workdir = tmp_path / "w"
    workdir.mkdir()
    (workdir / "keep.txt").write_text("precious")
    before = snapshot(workdir)
    code = main(["tfgan-zoo", "train", f"--config={preset}", f"--workdir={workdir}", f"--data_dir={tmp_path}",
                 *f"--set={key}={value}".split(" ")])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("tfgan-zoo: error:")]
    assert code == 2
    # A fixed field's message names it in full; a constructor's names its argument.
    named = key if "--set=" not in key else key.rsplit(".", 1)[-1]
    assert len(errors) == 1 and named in errors[0], errors
    assert snapshot(workdir) == before
