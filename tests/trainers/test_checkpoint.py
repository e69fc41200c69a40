"""A checkpoint restores everything a resumed run needs, noise state included."""

import numpy as np
import tensorflow as tf

from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import Run, compiled_step

from helpers import orthogonal_config


def tiny_config():
    return config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"), [
        "generator.name=dcgan_generator", "generator.resolution=8", "generator.channels=1",
        "generator.base_filters=4", "generator.z_dim=8",
        "discriminator.name=dcgan_discriminator", "discriminator.resolution=8",
        "discriminator.channels=1", "discriminator.base_filters=4",
        "data.image_size=8", "train.batch_size=4",
    ])


def state(run):
    gan = run.gan
    return ([v.numpy() for v in gan.generator.variables + gan.discriminator.variables]
            + [v.numpy() for v in gan.g_optimizer.variables + gan.d_optimizer.variables]
            + [gan.seed_generator.state.numpy(), run.step.numpy()])


def test_restore_brings_back_weights_optimizers_noise_and_step(tmp_path):
    strategy = tf.distribute.get_strategy()
    batch = (tf.random.uniform([4, 8, 8, 1], -1, 1), tf.zeros([4], tf.int64))
    first = Run(tiny_config(), str(tmp_path), strategy)
    step = compiled_step(first.gan, strategy)
    for _ in range(3):
        step(batch)
    first.save()
    saved = state(first)

    second = Run(tiny_config(), str(tmp_path), strategy)
    assert second.restore() == 3
    for a, b in zip(saved, state(second), strict=True):
        np.testing.assert_array_equal(a, b)

    # Same state, same next step: the resumed run continues the same numbers.
    step_again = compiled_step(second.gan, strategy)
    step(batch)
    step_again(batch)
    for a, b in zip(state(first), state(second), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_a_resumed_run_skips_the_orthogonal_draws_and_restores_every_weight(tmp_path, monkeypatch):
    import keras
    import pytest

    from tfgan_zoo.errors import WorkdirError
    from tfgan_zoo.workdir import checkpoint_dir

    strategy = tf.distribute.get_strategy()
    first = Run(orthogonal_config(), str(tmp_path), strategy)
    assert not first.weights_discarded  # a fresh run draws them
    first.save()
    saved = state(first)

    def no_draws(self, shape, dtype=None):
        raise AssertionError("a resumed run drew an orthogonal kernel that the checkpoint replaces")

    monkeypatch.setattr(keras.initializers.Orthogonal, "__call__", no_draws)
    second = Run(orthogonal_config(), str(tmp_path), strategy)
    assert second.weights_discarded and second.restore() == 0
    for a, b in zip(saved, state(second), strict=True):
        np.testing.assert_array_equal(a, b)

    # Built for checkpoints that are gone when the restore comes (another task rebuilt the
    # list in between): stopped, never trained from the stubs.
    third = Run(orthogonal_config(), str(tmp_path), strategy)
    folder = checkpoint_dir(str(tmp_path))
    for name in tf.io.gfile.listdir(folder):
        tf.io.gfile.remove(f"{folder}/{name}")
    third.manager = tf.train.CheckpointManager(third.checkpoint, folder, max_to_keep=1)  # opened after
    with pytest.raises(WorkdirError, match="went away"):
        third.restore()
