"""The 2-D mixture presets train through the trainer and draw scatter plots."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.data import MIXTURES
from tfgan_zoo.registry import PRESETS
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers import images
from tfgan_zoo.trainers.train import train

# PacGAN's own 2-D presets train in tests/networks/test_pacgan_networks.py, with their maxout networks.
MIXTURE_PRESETS = [name for name in PRESETS.names()
                   if PRESETS.get(name)()["data"]["name"] in MIXTURES and not name.startswith("pacgan_")]


def test_every_mixture_preset_of_ours_is_smoke_tested():
    assert {"ring8", "grid25", "ring8_recipe"} <= set(MIXTURE_PRESETS)


@pytest.mark.parametrize("preset", MIXTURE_PRESETS)
def test_toy_preset_trains_and_writes_a_scatter_plot(preset, tmp_path):
    config = config_lib.apply_overrides(config_lib.preset_config(preset), [
        "train.steps=3", "train.batch_size=32", "train.sample_every=3", "train.checkpoint_every=3",
        "train.log_every=1", "train.num_samples=64", "generator.hidden_units=16",
        "discriminator.hidden_units=16",
    ])
    result = train(config, str(tmp_path), progress=False)
    assert result["step"] == 3 and all(np.isfinite(list(result["metrics"].values())))
    picture = tf.io.decode_png(tf.io.read_file(str(tmp_path / "samples" / "step_0000003.png"))).numpy()
    assert picture.shape == (256, 256, 3)
    assert (picture == [255, 0, 0]).all(axis=-1).any(), "the true modes are drawn in red"


def test_scatter_image_places_points():
    picture = images.scatter_image(np.array([[0.0, 0.0], [1.0, 1.0], [9.0, 9.0]]), extent=1.0, size=11)
    assert tuple(picture[5, 5]) == (255, 255, 255)   # the origin is the centre
    assert tuple(picture[0, 10]) == (255, 255, 255)  # (1, 1) is the top-right corner
    assert (picture > 0).any(axis=-1).sum() == 2     # (9, 9) lies outside and is dropped
