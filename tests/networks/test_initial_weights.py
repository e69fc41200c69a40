"""A network built only to be restored skips drawing its orthogonal kernels (a QR decomposition
each, half a minute for biggan128), and restoring gives every weight back all the same."""

import os

import numpy as np
import tensorflow as tf

from tfgan_zoo.builders import build_gan
from tfgan_zoo.export import load_trained_gan
from tfgan_zoo.networks.resnet import initial_weights_discarded
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.workdir import checkpoint_dir

from helpers import orthogonal_config


def orthonormal_columns(kernel):
    """Whether a kernel, flattened to (fan-in, filters), has orthonormal columns or rows."""
    flat = kernel.reshape(-1, kernel.shape[-1])
    gram = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    # float32 QR: each entry of the Gram matrix is a dot product of unit vectors, off by a few ulps per term.
    return np.allclose(gram, np.eye(len(gram)), atol=len(flat) * np.finfo(np.float32).eps * 4)


def conv_kernels(network):
    return [w.numpy() for w in network.weights if "kernel" in w.path and len(w.shape) == 4]


def test_orthogonal_kernels_are_drawn_for_training_and_skipped_for_a_restore():
    tf.keras.utils.set_random_seed(0)
    trained = build_gan(orthogonal_config())
    assert all(orthonormal_columns(k) for k in conv_kernels(trained.discriminator))
    with initial_weights_discarded():
        restored = build_gan(orthogonal_config(), for_training=False)
    assert not any(orthonormal_columns(k) for k in conv_kernels(restored.discriminator))
    again = build_gan(orthogonal_config())  # the scope has ended
    assert all(orthonormal_columns(k) for k in conv_kernels(again.generator))


def test_a_loaded_workdir_has_every_weight_of_its_checkpoint(tmp_path):
    workdir = str(tmp_path)
    config = orthogonal_config()
    gan = build_gan(config)
    config_lib.write_config(workdir, config)
    tf.train.Checkpoint(**gan.checkpoint_items()).save(os.path.join(checkpoint_dir(workdir), "ckpt"))  # ckpt-1
    loaded, _, _ = load_trained_gan(workdir)
    for network in ("generator", "discriminator"):
        saved, got = getattr(gan, network).weights, getattr(loaded, network).weights
        assert len(saved) == len(got) > 0  # in the same order (Keras numbers the layer names on)
        for before, after in zip(saved, got, strict=True):
            np.testing.assert_array_equal(before.numpy(), after.numpy(), err_msg=before.path)


def test_networks_with_orthogonal_kernels_are_checked_first_and_drawn_as_by_one_build():
    import random

    from tfgan_zoo.builders import build_discriminator, build_generator, build_networks

    config = orthogonal_config()
    tf.keras.utils.set_random_seed(3)
    once = [build_generator(config), build_discriminator(config)]  # a single build, as before the check
    tf.keras.utils.set_random_seed(3)
    checked_first = build_networks(config)
    after = random.random()
    for single, checked in zip(once, checked_first, strict=True):
        assert len(single.weights) == len(checked.weights) > 0
        for a, b in zip(single.weights, checked.weights, strict=True):
            np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=a.path)
    tf.keras.utils.set_random_seed(3)
    build_generator(config), build_discriminator(config)
    assert random.random() == after  # and Python's random is left where a single build leaves it


def test_a_bad_discriminator_argument_is_reported_before_any_orthogonal_kernel_is_drawn(monkeypatch):
    import keras
    import pytest

    from tfgan_zoo.errors import ConfigError

    def no_slow_draws(self, shape, dtype=None):
        raise AssertionError(f"an orthogonal kernel of {shape} was drawn before the arguments were checked")

    monkeypatch.setattr(keras.initializers.Orthogonal, "__call__", no_slow_draws)
    bad = config_lib.apply_overrides(orthogonal_config(), ["discriminator.init=x"])
    with pytest.raises(ConfigError, match="discriminator: init must be one of"):
        build_gan(bad)
    mismatched = config_lib.apply_overrides(orthogonal_config(), ["data.image_size=64"])
    with pytest.raises(ConfigError, match="the generator produces"):
        build_gan(mismatched)
