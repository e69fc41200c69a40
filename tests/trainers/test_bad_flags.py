"""Every flag of every command, given a value outside its domain: exit 2 and one error line.

Walked from the commands' own flag definitions, not from a list of cases:
numbers below their bound, NaN and infinity, paths of the wrong kind
(a file where a folder belongs and the reverse), empty lists, device names
that do not exist here. Each check runs before any work, so nothing is
written.
"""

import math

import pytest
from absl import flags

from tfgan_zoo.trainers import cli
from tfgan_zoo.trainers.cli import COMMANDS, PATH_KINDS, main

from helpers import error_lines, snapshot


def _flags(command):
    fv = flags.FlagValues()
    COMMANDS[command][0](fv)
    cli._define_common_flags(fv)
    return fv


def _is_list(flag):
    return isinstance(flag.value, list) and bool(flag.default) and not isinstance(flag, flags.MultiFlag)


def _has_domain(flag):
    """Whether the definition bounds the flag: a numeric bound, a float, a path kind or a list."""
    numeric = isinstance(flag.parser, (flags.IntegerParser, flags.FloatParser))
    return (numeric and (getattr(flag.parser, "lower_bound", None) is not None
                         or isinstance(flag.parser, flags.FloatParser))) or flag.name in PATH_KINDS or _is_list(flag)


def _bad_values(flag, tmp_path):
    """Values outside the flag's domain, read off its definition."""
    values = []
    if isinstance(flag.parser, (flags.IntegerParser, flags.FloatParser)):
        lower = getattr(flag.parser, "lower_bound", None)
        if lower is not None:
            values.append(lower - 1)
        if isinstance(flag.parser, flags.FloatParser):
            values += [math.nan, math.inf, -math.inf]
    kind = PATH_KINDS.get(flag.name)
    if kind == "folder":
        path = tmp_path / "a_file"
        path.write_text("not a folder")
        values.append(str(path))
    elif kind == "file":
        values.append(str(tmp_path))
    if _is_list(flag):
        values.append("")
    return values


CASES = [(command, name) for command in COMMANDS for name in _flags(command) if _has_domain(_flags(command)[name])]


@pytest.mark.parametrize("command,name", CASES)
def test_a_value_outside_a_flags_domain_is_one_error_line(command, name, tmp_path, capsys):
    flag = _flags(command)[name]
    assert _bad_values(flag, tmp_path)
    workdir = tmp_path / "untouched"
    workdir.mkdir()
    (workdir / "keep.txt").write_text("precious")
    for value in _bad_values(flag, tmp_path):
        base = [f"--workdir={workdir}"] if command != "list" and name != "workdir" else []
        before = snapshot(workdir)
        code = main(["tfgan-zoo", command, *base, f"--{name}={value}"])
        errors = error_lines(capsys.readouterr().err)
        assert code == 2 and len(errors) == 1, (command, name, value, errors)
        assert snapshot(workdir) == before


@pytest.mark.parametrize("devices", ["abc", "/gpu:7", "/cpu:0,/cpu:9"])
def test_devices_that_do_not_exist_here_are_refused(devices, tmp_path, capsys):
    code = main(["tfgan-zoo", "train", "--config=dcgan_mnist", f"--workdir={tmp_path}", "--strategy=mirrored",
                 f"--devices={devices}"])
    errors = error_lines(capsys.readouterr().err)
    assert code == 2 and len(errors) == 1 and "--devices" in errors[0], errors
    assert list(tmp_path.iterdir()) == []


def test_devices_need_a_strategy_that_uses_them(tmp_path, capsys):
    code = main(["tfgan-zoo", "train", "--config=dcgan_mnist", f"--workdir={tmp_path}", "--devices=/cpu:0"])
    assert code == 2 and "--devices applies to" in capsys.readouterr().err


WRITTEN = [(command, name) for command, names in cli.WRITTEN_PATHS.items() for name in names]


@pytest.mark.parametrize("command,name", WRITTEN)
def test_a_path_a_command_cannot_write_is_refused_before_its_work(command, name, tmp_path, capsys):
    # Walked from the commands' written paths: a path under a file, and one in a folder that takes no
    # new file (procfs: not even root can create one there).
    in_the_way = tmp_path / "a_file"
    in_the_way.write_text("in the way")
    workdir = tmp_path / "untouched"
    workdir.mkdir()
    (workdir / "keep.txt").write_text("precious")
    for value, named in ((in_the_way / "below" / "x", "which is a file"),
                         ("/proc/tfgan-zoo-test/x", "nothing can be written in /proc")):
        base = [f"--workdir={workdir}"] if name != "workdir" else ["--config=ring8"]
        before = snapshot(workdir)
        code = main(["tfgan-zoo", command, *base, f"--{name}={value}"])
        errors = error_lines(capsys.readouterr().err)
        assert code == 2 and len(errors) == 1 and named in errors[0], (command, name, value, errors)
        assert snapshot(workdir) == before


def test_an_existing_writable_workdir_passes_the_check(tmp_path):
    # A folder flag's folder is tried itself when it exists; a file flag's new folders are not made.
    cli._check_writable("workdir", str(tmp_path))
    cli._check_writable("out", str(tmp_path / "new" / "samples.png"))
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_a_command_that_runs_out_of_memory_says_what_to_ask_less_of(tmp_path, capsys):
    # 5 x 10^7 samples of a 2-D G: z fits (400 MB), G's first activations, 5 x 10^7 x 400 floats (80 GB),
    # do not: TensorFlow's real allocation fails, and the size is the user's to change.
    from tfgan_zoo.trainers import config as config_lib
    from tfgan_zoo.trainers.train import train

    config = config_lib.apply_overrides(config_lib.preset_config("ring8"), [
        "train.steps=1", "train.batch_size=8", "train.checkpoint_every=1", "train.sample_every=1",
        "train.num_samples=8", "generator.hidden_units=400", "discriminator.hidden_units=8"])
    train(config, str(tmp_path / "run"), progress=False)
    code = main(["tfgan-zoo", "sample", f"--workdir={tmp_path / 'run'}", "--num=50000000",
                 f"--out={tmp_path / 'grid.png'}"])
    errors = error_lines(capsys.readouterr().err)
    assert code == 2 and len(errors) == 1, errors
    assert "ran out of memory allocating a tensor with shape[50000000,400]" in errors[0], errors
    assert errors[0].endswith("ask for fewer samples (--num)")
