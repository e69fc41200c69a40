"""A command line a user can discover: each command's --help lists its flags, and
`tfgan-zoo list --config=NAME` prints every field of a preset with its meaning."""

import pytest
from absl import flags

from tfgan_zoo.registry import PRESETS
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers import schema
from tfgan_zoo.trainers.cli import COMMANDS, main


def defined_flags(command):
    fv = flags.FlagValues()
    COMMANDS[command][0](fv)
    return fv


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("asked", ["--help", "-h", "--helpfull"])
def test_every_flag_of_a_command_is_in_its_help(command, asked, capsys):
    assert main(["tfgan-zoo", command, asked]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"usage: tfgan-zoo {command} [flags]")
    fv = defined_flags(command)
    for name in fv:
        assert f"--{name}:" in shown or f"--[no]{name}:" in shown, name
        default = fv[name].default
        if default not in (None, [], "") and not isinstance(default, bool):
            assert f"(default: '{fv[name].default_as_str.strip(chr(39))}')" in shown, name


def test_the_overview_lists_every_command(capsys):
    assert main(["tfgan-zoo", "--help"]) == 0
    shown = capsys.readouterr().out
    for command in COMMANDS:
        assert f"\n  {command} " in shown


@pytest.mark.parametrize("preset", PRESETS.names())
def test_every_field_of_every_preset_is_described(preset):
    config = config_lib.preset_config(preset)
    rows = schema.describe(config)
    assert [key for key, *_ in rows] == list(config_lib.flatten(config))
    for key, _, kind, description in rows:
        assert kind and description.strip(), f"{preset}: {key} has no description"


def test_the_printed_config_shows_values_domains_and_meanings(capsys):
    assert main(["tfgan-zoo", "list", "--config=wgan_gp_mnist"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "[optimizer]" in lines and "[variant]" in lines
    beta = next(line for line in lines if line.strip().startswith("beta_1 = "))
    assert "(float, in [0, 1))" in beta and "Adam's first-moment decay" in beta
    gp = next(line for line in lines if line.strip().startswith("name = \"wgan_gp\""))
    assert "one of" in gp
    shown = "\n".join(lines)
    for key in config_lib.flatten(config_lib.preset_config("wgan_gp_mnist")):
        section, field = key.split(".", 1)
        assert f"  {field} = " in shown


def test_an_unknown_preset_and_typos_keep_their_suggestions(capsys):
    assert main(["tfgan-zoo", "list", "--config=dcgan_mnst"]) == 2
    assert "unknown preset 'dcgan_mnst'" in capsys.readouterr().err
    assert main(["tfgan-zoo", "list", "--confg=dcgan_mnist"]) == 2
    assert "Did you mean: config" in capsys.readouterr().err


def test_validation_errors_use_the_schemas_descriptions():
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"), ["data.shuffle_buffer=0"])
    with pytest.raises(config_lib.ConfigError, match=r"data.shuffle_buffer must be >= 1, got 0 \(examples in"):
        config_lib.validate(config)
