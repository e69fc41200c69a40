"""Every MNIST preset trains through the real trainer on the real MNIST."""

import math

import pytest

from tfgan_zoo.registry import PRESETS
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import train

MNIST_PRESETS = [name for name in PRESETS.names() if name.endswith(("_mnist", "_mnist_small"))]
# The Stacked MNIST presets train through the same trainer in the tests of their own data and scoring
# (tests/data/test_stacked_mnist.py, tests/benchmarks: infogan_stacked_mnist; tests/gans/test_stacked.py:
# sgan_stacked_mnist, stage by stage; tests/gans/test_selfcond.py: selfcond_stacked_mnist, resumed); a
# second smoke run here would test nothing more.
TRAINED_ELSEWHERE = {"dcgan_stacked_mnist", "pacgan_stacked_mnist", "pacgan_unrolled_stacked_mnist",
                     "infogan_stacked_mnist", "sgan_stacked_mnist", "selfcond_stacked_mnist"}


def test_every_objective_variant_has_an_mnist_preset():
    variants = {PRESETS.get(name)()["variant"]["name"] for name in MNIST_PRESETS}
    assert {"gan", "nsgan", "wgan", "wgan_gp", "lsgan", "hinge", "rsgan", "ragan", "ebgan",
            "began"} <= variants


def test_every_mnist_preset_trains_in_some_test():
    assert TRAINED_ELSEWHERE <= set(MNIST_PRESETS)


@pytest.mark.parametrize("preset", sorted(set(MNIST_PRESETS) - TRAINED_ELSEWHERE))
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
