"""Registries: unique names, helpful errors, every preset builds, and its
checkpoint's variable names stay those that earlier runs wrote."""

import json
import os

import pytest
import tensorflow as tf

import tfgan_zoo  # noqa: F401
from tfgan_zoo import builders
from tfgan_zoo.registry import NETWORKS, PRESETS, VARIANTS, Registry, UnknownNameError
from tfgan_zoo.trainers import config as config_lib


def test_duplicate_name_is_an_error():
    registry = Registry("thing")
    registry.register("a", 1)
    with pytest.raises(ValueError, match="duplicate thing name 'a'"):
        registry.register("a", 2)


def test_unknown_name_suggests_the_closest_and_lists_all():
    with pytest.raises(UnknownNameError, match=r"unknown preset 'dcgan_mnst' \(did you mean 'dcgan_mnist'\?\)"):
        PRESETS.get("dcgan_mnst")


def test_registries_hold_the_core():
    assert "gan" in VARIANTS
    assert {"dcgan_generator", "dcgan_discriminator", "dcgan_mnist_generator",
            "dcgan_mnist_discriminator"} <= set(NETWORKS.names())
    assert {"dcgan_mnist", "dcgan32", "dcgan64"} <= set(PRESETS.names())


# Orthogonal initialisation of BigGAN-128's 158M parameters takes over a minute
# on this CPU, and SAGAN-128's full width several seconds; their tests build the
# presets with narrower layers (tests/gans/test_resnet_line.py checks their settings).
NARROWED = {preset: ["generator.base_filters=8", "discriminator.base_filters=8"] for preset in ("biggan128", "sagan128")}


# Options that add or move layers beyond a preset's defaults, checked as the presets are.
OPTIONS = {"infogan_stacked_mnist:shared_q": ["discriminator.code_per_channel=false"],
           "infogan_stacked_mnist:continuous_per_channel": [
               "discriminator.code_per_channel=true", "discriminator.continuous_per_channel=2",
               "variant.continuous_codes=6", "discriminator.num_classes=36"]}
# The names of every variable a run checkpoints (networks, averages, aids' state; not the
# optimizers'), per preset, as the code wrote them when the file was last written.
CHECKPOINT_KEYS = os.path.join(os.path.dirname(__file__), "fixtures", "checkpoint_keys.json")
UPDATE = "UPDATE_CHECKPOINT_KEYS"


def checkpoint_keys(gan, directory):
    items = {name: item for name, item in gan.checkpoint_items().items() if not name.endswith("_optimizer")}
    path = tf.train.Checkpoint(**items).write(os.path.join(directory, "ckpt"))
    return sorted(name for name, _ in tf.train.list_variables(path) if "/.ATTRIBUTES/" in name)


@pytest.mark.parametrize("preset", [*PRESETS.names(), *OPTIONS])
def test_every_preset_builds_a_compiled_gan_whose_checkpoints_earlier_runs_can_resume(preset, tmp_path):
    name = preset.partition(":")[0]
    config = config_lib.apply_overrides(PRESETS.get(name)(), [*NARROWED.get(name, []), *OPTIONS.get(preset, [])])
    if builders.is_conditional(config) and not config["data"]["num_classes"]:
        config["data"]["num_classes"] = 10  # what the trainer reads from MNIST's metadata
    gan = builders.build_gan(config)
    assert gan.g_optimizer.built and gan.d_optimizer.built
    # A layer added before others renumbers them (a functional model names its variables by
    # their layer's place), and checkpoints written before no longer load: the names must stay.
    keys = checkpoint_keys(gan, str(tmp_path))
    with open(CHECKPOINT_KEYS, encoding="utf-8") as file:
        recorded = json.load(file)
    if os.environ.get(UPDATE):  # after a change meant to break old checkpoints, or a new preset (not in xdist)
        recorded[preset] = keys
        with open(CHECKPOINT_KEYS, "w", encoding="utf-8") as file:
            json.dump(recorded, file, indent=1, sort_keys=True)
    assert preset in recorded, f"no recorded names for {preset}: run {UPDATE}=1 pytest tests/test_registry.py"
    missing, added = sorted(set(recorded[preset]) - set(keys)), sorted(set(keys) - set(recorded[preset]))
    assert not missing and not added, (
        f"{preset}'s checkpoint names changed, so its earlier checkpoints would not load: no longer written "
        f"{missing[:3]}, new {added[:3]}. Keep the layers' order; if the break is meant, say so in the change and "
        f"run {UPDATE}=1 pytest tests/test_registry.py")
