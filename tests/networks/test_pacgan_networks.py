"""The PacGAN 2-D protocol: the authors' networks, and both presets train a few steps with packing."""

import math

import numpy as np
import pytest

from tfgan_zoo.builders import build_gan
from tfgan_zoo.layers import Maxout
from tfgan_zoo.networks.mlp import maxout_discriminator, mlp_generator
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import train


def test_the_networks_are_the_authors():
    discriminator = maxout_discriminator()
    maxouts = [layer for layer in discriminator.layers if isinstance(layer, Maxout)]
    assert [(m.units, m.pieces) for m in maxouts] == [(200, 5)] * 3
    assert not any("batch_normalization" in layer.name for layer in discriminator.layers)
    kernels = np.concatenate([m.kernel.numpy().ravel() for m in maxouts])
    assert abs(kernels.std() - 0.02) < 0.001 and not any(np.any(m.bias.numpy()) for m in maxouts)
    generator = mlp_generator(init_stddev=0.02)
    hidden = [layer for layer in generator.layers if layer.name.startswith("dense")][:-1]
    assert len(hidden) == 4 and all(not layer.use_bias and layer.units == 400 for layer in hidden)


@pytest.mark.parametrize("preset,packing", [("pacgan_grid25", 1), ("pacgan_ring8", 2)])
def test_the_presets_train_with_packing(preset, packing, tmp_path):
    config = config_lib.preset_config(preset)
    assert config["variant"]["updates"] == "simultaneous"
    assert (config["optimizer"]["beta_1"], config["train"]["batch_size"]) == (0.8, 100)
    config = config_lib.apply_overrides(config, [
        f"variant.packing={packing}", f"train.batch_size={100 * packing}", "train.steps=3", "train.log_every=1",
        "train.sample_every=3", "train.checkpoint_every=3", "train.num_samples=16"])
    gan = build_gan(config)
    assert gan.discriminator.inputs[0].shape[-1] == 2 * packing
    result = train(config, str(tmp_path), progress=False)
    assert result["step"] == 3 and all(math.isfinite(v) for v in result["metrics"].values())
