"""Presets, command-line overrides and the workdir's saved config."""

import copy
import importlib
import json

import keras
import pytest

from tfgan_zoo.builders import ConfigError, build_gan, build_optimizer
from tfgan_zoo.configs._base import base_config
from tfgan_zoo.errors import UnknownNameError
from tfgan_zoo.trainers import config as config_lib


def mnist():
    return config_lib.preset_config("dcgan_mnist")


def test_overrides_are_typed_by_the_field_they_replace():
    config = config_lib.apply_overrides(mnist(), [
        "train.steps=7", "optimizer.g_learning_rate=1e-3", "variant.objective=hinge",
        "optimizer.beta_1=0",
    ])
    assert config["train"]["steps"] == 7
    assert config["optimizer"]["g_learning_rate"] == 1e-3
    assert config["variant"]["objective"] == "hinge"
    assert isinstance(config["optimizer"]["beta_1"], float)


def test_override_does_not_touch_the_preset():
    config_lib.apply_overrides(mnist(), ["train.steps=7"])
    assert mnist()["train"]["steps"] != 7


@pytest.mark.parametrize("override,message", [
    ("train.stepz=5", r"no field 'train.stepz' \(did you mean train.steps\?\)"),
    ("trian.steps=5", "no section 'trian'"),
    ("train.steps=many", "train.steps must be an int like"),
    ("steps=5", "not of the form section.field=value"),
    ("generator.wings=2", "generator.wings is not an argument of network 'dcgan_mnist_generator'"),
])
def test_bad_overrides_name_the_problem(override, message):
    with pytest.raises(ConfigError, match=message):
        config = config_lib.apply_overrides(mnist(), [override])
        build_gan(config)


def test_network_arguments_can_be_added_by_override():
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan32"), ["generator.base_filters=8"])
    assert build_gan(config).generator.count_params() < build_gan(config_lib.preset_config("dcgan32")).generator.count_params()


@pytest.mark.parametrize("override,message", [
    ("train.batch_size=0", "train.batch_size must be >= 1"),
    ("generator.name=nonet", "unknown network 'nonet'"),
    ("train.on_divergence=maybe", "train.on_divergence must be one of stop, rollback"),
    ("optimizer.beta_1=1.5", r"optimizer.beta_1 must be in \[0, 1\), got 1.5 \(Adam.s first-moment decay\)"),
    ("optimizer.g_learning_rate=NaN", "optimizer.g_learning_rate must be > 0, got nan"),
    ("train.rollback_lr_factor=2.0", r"train.rollback_lr_factor must be in \(0, 1\]"),
    ("train.on_divergence=rollback;optimizer.g_schedule=linear;optimizer.decay_steps=10",
     "rollback lowers constant learning rates only"),
])
def test_validate_rejects_values_out_of_range(override, message):
    with pytest.raises(Exception, match=message):
        config_lib.validate(config_lib.apply_overrides(mnist(), override.split(";")))


@pytest.mark.parametrize("overrides,message", [
    (["variant.d_steps=0"], "variant 'nsgan': d_steps must be >= 1"),
    (["variant.clip_value=0.1"], "variant.clip_value is not an argument of variant 'nsgan'"),
    (["variant.name=hinge", "variant.objective=minimax"], "always uses its own objective"),
    (["variant.name=hinge", "variant.label_smoothing=0.1"], "label_smoothing applies to probabilistic"),
    (["optimizer.name=sgd"], "optimizer.name must be one of adam, rmsprop"),
])
def test_variant_and_optimizer_arguments_are_checked_at_build(overrides, message):
    with pytest.raises(ConfigError, match=message):
        build_gan(config_lib.apply_overrides(mnist(), overrides))


@pytest.mark.parametrize("overrides,message", [
    (["generator.latent_categories=5"], "reads a code of 10 categories from each of 3 channels, but the generator "
                                        "draws 3 code\\(s\\) of 5 categories"),
    (["generator.categorical_codes=1", "generator.z_dim=74"], "generator draws 1 code"),
])
def test_a_per_channel_code_reader_must_read_the_codes_the_generator_draws(overrides, message):
    config = importlib.import_module("tfgan_zoo.configs.infogan_stacked_mnist").get_config()
    reading = ["discriminator.code_per_channel=true"]
    build_gan(config_lib.apply_overrides(config, reading))  # the preset's codes: one of 10 per channel
    with pytest.raises(ConfigError, match=message):
        build_gan(config_lib.apply_overrides(config, reading + overrides))


def test_variant_arguments_reach_the_model():
    gan = build_gan(config_lib.apply_overrides(mnist(), ["variant.name=wgan", "variant.clip_value=0.05",
                                                         "optimizer.name=rmsprop"]))
    assert (gan.clip_value, gan.d_steps) == (0.05, 5)
    assert type(gan.d_optimizer).__name__ == "RMSprop"


def test_negative_learning_rate_is_an_error():
    with pytest.raises(ConfigError, match="optimizer.d_learning_rate must be > 0"):
        build_gan(config_lib.apply_overrides(mnist(), ["optimizer.d_learning_rate=-1"]))


def test_image_shape_mismatch_between_data_and_networks():
    with pytest.raises(ConfigError, match="data gives .* images but the generator produces"):
        build_gan(config_lib.apply_overrides(mnist(), ["data.image_size=32"]))


def test_workdir_resume_allows_longer_runs_but_not_other_changes(tmp_path):
    workdir = str(tmp_path)
    config_lib.write_config(workdir, mnist())
    longer = config_lib.apply_overrides(mnist(), ["train.steps=5000"])
    assert config_lib.reconcile_with_workdir(workdir, longer)["train"]["steps"] == 5000
    assert config_lib.reconcile_with_workdir(workdir, None) == mnist()
    other = config_lib.apply_overrides(mnist(), ["train.batch_size=32"])
    with pytest.raises(ConfigError, match=r"started with train.batch_size=64 but this command gives 32"):
        config_lib.reconcile_with_workdir(workdir, other)
    assert json.loads((tmp_path / "config.json").read_text()) == mnist()


def test_a_resume_may_change_how_g_s_average_is_sampled_but_not_the_average(tmp_path):
    # Standing statistics are set when sampling: a workdir trained with 16 batches may sample with 256.
    workdir, grid = str(tmp_path), config_lib.preset_config("grid25")
    config_lib.write_config(workdir, config_lib.apply_overrides(grid, ["variant.ema_standing_batches=16"]))
    assert config_lib.reconcile_with_workdir(workdir, grid)["variant"]["ema_standing_batches"] == 256
    with pytest.raises(ConfigError, match=r"started with variant.ema_decay=0.999 but this command gives 0.5"):
        config_lib.reconcile_with_workdir(workdir, config_lib.apply_overrides(grid, ["variant.ema_decay=0.5"]))


def test_workdir_without_config_needs_a_preset(tmp_path):
    with pytest.raises(ConfigError, match="start a run with --config=PRESET"):
        config_lib.reconcile_with_workdir(str(tmp_path), None)


def test_wgan_uses_the_authors_rmsprop():
    # martinarjovsky/WassersteinGAN runs PyTorch's RMSprop: rho (alpha) 0.99, eps 1e-8.
    optimizer = build_optimizer(config_lib.preset_config("wgan_mnist"), "d")
    assert isinstance(optimizer, keras.optimizers.RMSprop)
    assert optimizer.rho == 0.99 and optimizer.epsilon == 1e-8
    adam = build_optimizer(config_lib.apply_overrides(base_config(), ["optimizer.epsilon=1e-8"]), "g")
    assert adam.epsilon == 1e-8


def test_a_workdir_saved_before_a_field_existed_resumes_with_its_default(tmp_path):
    config = config_lib.preset_config("dcgan_mnist")
    saved = copy.deepcopy(config)
    del saved["optimizer"]["epsilon"], saved["optimizer"]["rho"]
    config_lib.write_config(str(tmp_path), saved)
    assert config_lib.reconcile_with_workdir(str(tmp_path), None)["optimizer"]["epsilon"] == 1e-7
    assert config_lib.reconcile_with_workdir(str(tmp_path), config) == config


def test_a_network_argument_left_out_or_spelt_at_its_default_is_the_same_run(tmp_path):
    # A workdir saved before the preset named a network argument (at its default) resumes with the
    # preset; one whose network differs is refused, naming the field and the default it ran with.
    config = config_lib.preset_config("infogan_stacked_mnist")
    saved = copy.deepcopy(config)
    del saved["discriminator"]["latent_categories"]
    config_lib.write_config(str(tmp_path), saved)
    assert config_lib.reconcile_with_workdir(str(tmp_path), config) == config
    del saved["discriminator"]["code_per_channel"]
    config_lib.write_config(str(tmp_path), saved)
    with pytest.raises(ConfigError, match="started with discriminator.code_per_channel=False but this command "
                                          r"gives True \(1 field\(s\) differ\)"):
        config_lib.reconcile_with_workdir(str(tmp_path), config)


def test_dcgan_presets_use_the_papers_batch_or_say_whose_they_use():
    # Radford et al. section 4: batch 128; dcgan64 is pytorch/examples' (64).
    assert config_lib.preset_config("dcgan32")["train"]["batch_size"] == 128
    assert config_lib.preset_config("dcgan64")["train"]["batch_size"] == 64
    assert "batch 64 as pytorch/examples" in importlib.import_module("tfgan_zoo.configs.dcgan64").__doc__


@pytest.mark.parametrize("name", config_lib.PRESETS.names())
def test_every_preset_written_as_a_file_or_a_workdir_reads_back_as_itself(name, tmp_path):
    # `--config` takes a preset, a JSON file, or a workdir: a preset's config.json is the preset.
    config = config_lib.preset_config(name)
    config_lib.write_config(str(tmp_path), config)
    assert config_lib.named_config(str(tmp_path)) == config
    assert config_lib.named_config(str(tmp_path / "config.json")) == config


def test_a_config_file_gives_only_what_it_changes(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"train": {"steps": 5, "batch_size": 8}, "optimizer": {"beta_1": 0},
                                "generator": {"name": "mlp_generator", "output_dim": 2}}))
    expected = base_config()
    expected["train"].update(steps=5, batch_size=8)
    expected["optimizer"]["beta_1"] = 0.0  # typed by the field, as --set types it
    expected["generator"] = {"name": "mlp_generator", "output_dim": 2}  # another network: its own arguments
    config = config_lib.named_config(str(path))
    assert config == expected and isinstance(config["optimizer"]["beta_1"], float)


@pytest.mark.parametrize("content,message", [
    (None, "nope.json cannot be read: no such file or directory"),
    ('{"train": ', r"is not JSON \(Expecting value"),
    ("[1, 2]", "a config file is a JSON object of sections of fields"),
    ('{"train": 5}', "a config file is a JSON object of sections of fields"),
    ('{"train": {"stepz": 5}}', r"has no field 'train.stepz' \(did you mean train.steps\?\)"),
    ('{"trian": {"steps": 5}}', "has no section 'trian'"),
    ('{"train": {"steps": "many"}}', "train.steps must be an int like"),
    ('{"generator": {"name": 3}}', "generator.name must be text, got 3"),
    (b"\xff\xfe{", "is not JSON"),
])
def test_a_bad_config_file_names_the_file_and_the_problem(content, message, tmp_path):
    path = tmp_path / "nope.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        config_lib.named_config(str(path))


def test_a_preset_name_is_the_preset_even_beside_a_folder_of_that_name(tmp_path, monkeypatch):
    # `--config=grid25 --workdir=grid25` then `--config=grid25` elsewhere means the preset, not that run.
    monkeypatch.chdir(tmp_path)
    config_lib.write_config("grid25", config_lib.apply_overrides(config_lib.preset_config("grid25"),
                                                                 ["train.steps=7"]))
    assert config_lib.named_config("grid25") == config_lib.preset_config("grid25")
    assert config_lib.named_config("./grid25")["train"]["steps"] == 7


def test_a_folder_without_a_config_is_named_as_such(tmp_path):
    with pytest.raises(ConfigError, match="is a folder with no config.json"):
        config_lib.named_config(str(tmp_path))
    with pytest.raises(config_lib.UnknownNameError, match="unknown preset 'dcgan_mnistt'"):
        config_lib.named_config("dcgan_mnistt")


# JSON values of every kind, for fields of every kind.
ANY_JSON = [None, True, False, 0, -1, 7, 0.5, -1e308, float("nan"), "", "x", "null", [], [1, "a"], {}, {"a": 1}]


def test_every_field_of_a_config_file_takes_a_value_of_its_kind_or_is_refused(tmp_path):
    # A field a file gives is never converted to another kind (null or 5 as text would be "None"
    # or "5"): it is kept, an int where a float goes becomes that float, or it is refused in one line.
    path, base = tmp_path / "c.json", base_config()
    for section, fields in base.items():
        for field, default in fields.items():
            for value in ANY_JSON:
                path.write_text(json.dumps({section: {field: value}}))
                try:
                    config_lib.validate(config_lib.named_config(str(path)))
                except (ConfigError, UnknownNameError):
                    continue
                got = config_lib.named_config(str(path))[section][field]
                converted = isinstance(default, float) and type(value) is int
                assert got == value or got != got or converted, (section, field, value, got)
                assert type(got) is type(value) or default is None or converted, (section, field, value, got)


def test_a_text_field_takes_the_command_line_s_text_as_written():
    config = config_lib.apply_overrides(mnist(), ["data.split=null", "data.path=5", "data.name=[1]"])
    assert (config["data"]["split"], config["data"]["path"], config["data"]["name"]) == ("null", "5", "[1]")
