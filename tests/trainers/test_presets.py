"""Every MNIST preset trains through the real trainer on the real MNIST."""

import math

import pytest

from tfgan_zoo.registry import PRESETS
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import train

MNIST_PRESETS = [name for name in PRESETS.names() if name.endswith(("_mnist", "_mnist_small"))]


def test_every_objective_variant_has_an_mnist_preset():
    variants = {PRESETS.get(name)()["variant"]["name"] for name in MNIST_PRESETS}
    assert {"gan", "nsgan", "wgan", "wgan_gp", "lsgan", "hinge", "rsgan", "ragan", "ebgan",
            "began"} <= variants


@pytest.mark.parametrize("preset", MNIST_PRESETS)
def test_preset_trains_on_mnist(preset, mnist_data_dir, tmp_path):
    config = config_lib.apply_overrides(config_lib.preset_config(preset), [
        "train.batch_size=8", "train.steps=2", "train.log_every=1", "train.sample_every=2",
        "train.checkpoint_every=2", "train.num_samples=4", "data.split=train[:512]",
        "data.shuffle_buffer=64",
    ])
    result = train(config, str(tmp_path), data_dir=mnist_data_dir, progress=False)
    assert result["step"] == 2
    assert all(math.isfinite(value) for value in result["metrics"].values()), result["metrics"]
    assert (tmp_path / "samples" / "step_0000002.png").exists()
