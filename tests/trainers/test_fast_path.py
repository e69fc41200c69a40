"""The optimized train step gives the plain step's numbers: fused batch norm on vs off,
with either update order."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.builders import build_gan
from tfgan_zoo.layers import FusedBatchNormalization
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import compiled_step

SMALL_DCGAN64 = ["generator.base_filters=8", "discriminator.base_filters=8"]
# case: (preset, overrides)
CASES = {
    "dcgan_mnist": ("dcgan_mnist", []),
    "dcgan64": ("dcgan64", SMALL_DCGAN64),
    "dcgan64_simultaneous": ("dcgan64", [*SMALL_DCGAN64, "variant.updates=simultaneous"]),
}


def _weights_after_steps(preset, overrides, fused, steps=2):
    keras.utils.set_random_seed(0)
    config = config_lib.apply_overrides(config_lib.preset_config(preset),
                                        [*overrides, f"train.fused_batch_norm={str(fused).lower()}"])
    gan = build_gan(config)
    kinds = {type(layer) for network in (gan.generator, gan.discriminator) for layer in network.layers}
    assert (FusedBatchNormalization in kinds) == fused
    size, channels = config["data"]["image_size"], config["data"]["channels"]
    images = np.random.default_rng(1).uniform(-1, 1, (16, size, size, channels)).astype(np.float32)
    step = compiled_step(gan, tf.distribute.get_strategy())
    for _ in range(steps):
        step((tf.constant(images), tf.zeros([16], tf.int64)))
    return [v.numpy() for v in gan.generator.weights + gan.discriminator.weights]


@pytest.mark.parametrize("case", sorted(CASES))
def test_fused_batch_norm_steps_give_the_plain_steps_weights(case):
    preset, overrides = CASES[case]
    plain = _weights_after_steps(preset, overrides, fused=False)
    fused = _weights_after_steps(preset, overrides, fused=True)
    assert len(plain) == len(fused)
    for a, b in zip(plain, fused, strict=True):
        # Two Adam steps of 2e-4 from the same start: differences are float rounding.
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=2e-5)
