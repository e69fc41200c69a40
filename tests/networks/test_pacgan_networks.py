"""The PacGAN 2-D protocol: the authors' networks, and both presets train a few steps with packing."""

import math

import numpy as np
import pytest

from tfgan_zoo.builders import build_gan
from tfgan_zoo.layers import Maxout, SlotBatchNormalization
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


@pytest.mark.parametrize("preset", ["pacgan_grid25", "pacgan_ring8"])
def test_the_generators_batch_norm_is_the_authors(preset):
    # Blocks' BatchNormalization in the authors' G: (x - mu_B) / sqrt(sigma_B^2 + 1e-4), and population
    # statistics p <- 0.95 p + 0.05 batch for the mean and for the stdev sqrt(sigma_B^2 + 1e-4), which
    # starts at 1. Checked on G's first layer as training builds it.
    generator = build_gan(config_lib.preset_config(preset)).generator
    dense = next(layer for layer in generator.layers if layer.name.startswith("dense"))
    norm = next(layer for layer in generator.layers if "batch_normalization" in layer.name)
    z = np.random.default_rng(0).standard_normal((100, 2)).astype(np.float32)
    pre = np.asarray(dense(z), np.float64)
    out = np.asarray(norm(pre.astype(np.float32), training=True), np.float64)
    mean, variance = pre.mean(axis=0), pre.var(axis=0)
    expected = (pre - mean) / np.sqrt(variance + 1e-4)  # gamma 1, beta 0 at initialization
    # float32 sums over 100 values and a few elementwise steps: relative error well under 1e-5.
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5 * np.abs(expected).max())
    # Keras's default epsilon (1e-3) would shrink this layer's output by about a third (sigma_B^2 ~ 8e-4).
    keras_default = (pre - mean) / np.sqrt(variance + 1e-3)
    assert np.abs(keras_default - expected).max() > 100 * 1e-5 * np.abs(expected).max()
    np.testing.assert_allclose(norm.moving_mean.numpy(), 0.05 * mean, rtol=1e-4, atol=1e-7)
    population_stdev = 0.95 + 0.05 * np.sqrt(variance + 1e-4)
    # Keras's variables hold it as the variance that gives that stdev: sqrt(moving_variance + eps).
    np.testing.assert_allclose(np.sqrt(norm.moving_variance.numpy() + 1e-4), population_stdev, rtol=1e-4)
    assert np.abs(population_stdev - np.sqrt(0.95 + 0.05 * variance + 1e-4)).max() > 0.01, "not Keras's average"


@pytest.mark.parametrize("preset,packing", [("pacgan_grid25", 1), ("pacgan_ring8", 2)])
def test_the_presets_train_with_packing(preset, packing, tmp_path):
    config = config_lib.preset_config(preset)
    assert config["variant"]["updates"] == "simultaneous"
    assert (config["optimizer"]["beta_1"], config["train"]["batch_size"]) == (0.8, 100)
    config = config_lib.apply_overrides(config, [
        f"variant.packing={packing}", f"train.batch_size={100 * packing}", f"generator.batch_norm_slots={packing}",
        "train.steps=3", "train.log_every=1",
        "train.sample_every=3", "train.checkpoint_every=3", "train.num_samples=16"])
    gan = build_gan(config)
    assert gan.discriminator.inputs[0].shape[-1] == 2 * packing
    slotted = [(layer.slots, layer.average_stdev) for layer in gan.generator.layers
               if isinstance(layer, SlotBatchNormalization)]
    assert slotted == [(packing, True)] * 4
    result = train(config, str(tmp_path), progress=False)
    assert result["step"] == 3 and all(math.isfinite(v) for v in result["metrics"].values())
