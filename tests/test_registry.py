"""Registries: unique names, helpful errors, every preset builds."""

import pytest

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


@pytest.mark.parametrize("preset", PRESETS.names())
def test_every_preset_builds_a_compiled_gan(preset):
    config = config_lib.apply_overrides(PRESETS.get(preset)(), NARROWED.get(preset, []))
    if builders.is_conditional(config) and not config["data"]["num_classes"]:
        config["data"]["num_classes"] = 10  # what the trainer reads from MNIST's metadata
    gan = builders.build_gan(config)
    assert gan.g_optimizer.built and gan.d_optimizer.built
