"""Mixed precision, XLA and strategy selection errors through the trainer."""

import os

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.builders import ConfigError
from tfgan_zoo.export import load_trained_gan
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.strategy import get_strategy
from tfgan_zoo.trainers.train import train

TINY_TOY = ["train.batch_size=16", "train.steps=3", "train.checkpoint_every=3", "train.sample_every=3",
            "train.log_every=1", "train.num_samples=16", "generator.hidden_units=16",
            "discriminator.hidden_units=16"]


def toy(*overrides):
    return config_lib.apply_overrides(config_lib.preset_config("ring8"), [*TINY_TOY, *overrides])


def test_mixed_float16_trains_finite_with_float32_outputs_and_saves_the_loss_scale(tmp_path):
    workdir = str(tmp_path / "mixed")
    result = train(toy("train.mixed_precision=mixed_float16"), workdir, progress=False)
    assert all(np.isfinite(list(result["metrics"].values())))
    reader = tf.train.load_checkpoint(os.path.join(workdir, "checkpoints", "ckpt-3"))
    scales = [name for name in reader.get_variable_to_shape_map() if "dynamic_scale" in name]
    assert len(scales) == 2, "both optimizers' loss scales are in the checkpoint"
    gan, _, _ = load_trained_gan(workdir)
    assert gan.sample(np.zeros((2, gan.z_dim), np.float32)).dtype == tf.float32


def test_mixed_precision_policy_applies_to_the_training_networks_only(tmp_path):
    import keras

    from tfgan_zoo.builders import build_gan

    gan = build_gan(toy("train.mixed_precision=mixed_float16"))
    hidden = [layer for layer in gan.generator.layers if isinstance(layer, keras.layers.Dense)]
    assert hidden[0].compute_dtype == "float16" and gan.generator.output.dtype == "float32"
    assert keras.config.dtype_policy().name == "float32", "the global policy is restored"
    assert isinstance(gan.g_optimizer, keras.optimizers.LossScaleOptimizer)
    exported = build_gan(toy("train.mixed_precision=mixed_float16"), for_training=False)
    assert all(layer.compute_dtype == "float32" for layer in exported.generator.layers if layer.weights)


def test_jit_compiled_step_trains_and_refuses_several_replicas(tmp_path, mirrored):
    result = train(toy("train.jit_compile=true"), str(tmp_path / "xla"), progress=False)
    assert result["step"] == 3 and all(np.isfinite(list(result["metrics"].values())))
    with pytest.raises(ConfigError, match="compiles the single-device step; this strategy runs 2 replicas"):
        train(toy("train.jit_compile=true"), str(tmp_path / "bad"), strategy=mirrored, progress=False)


def test_strategy_errors_say_what_is_missing(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    with pytest.raises(ConfigError, match="reads the cluster from the TF_CONFIG environment variable"):
        get_strategy("multi_worker")
    monkeypatch.setenv("TF_CONFIG", "{not json")
    with pytest.raises(ConfigError, match="TF_CONFIG is not a valid cluster description"):
        get_strategy("multi_worker")
    with pytest.raises(ConfigError, match="no TPU could be reached"):
        get_strategy("tpu")  # no TPU name, and this machine has none
    with pytest.raises(ConfigError, match="train.mixed_precision must be one of"):
        config_lib.validate(toy("train.mixed_precision=float8"))


def test_g_s_average_fills_its_standing_statistics_in_mixed_precision_and_mirrored(tmp_path, mirrored):
    # grid25's G has batch norm and samples from its average: the graph that fills the average's
    # standing statistics runs at the run's sample_every (here under mixed float16), and again when
    # the workdir loads, on one device or with the copy's variables mirrored over two.
    import keras

    workdir = str(tmp_path / "run")
    config = config_lib.apply_overrides(config_lib.preset_config("grid25"), [
        *TINY_TOY, "variant.ema_standing_batches=3", "train.mixed_precision=mixed_float16"])
    assert train(config, workdir, progress=False)["step"] == 3

    def statistics():
        return [layer.moving_variance.numpy() for layer in load_trained_gan(workdir)[0].sampling_generator()
                ._flatten_layers() if isinstance(layer, keras.layers.BatchNormalization)]

    single = statistics()
    assert len(single) == 4 and all(np.all(variance > 0) for variance in single)
    with mirrored.scope():
        replicated = statistics()
    for a, b in zip(replicated, single, strict=True):
        np.testing.assert_array_equal(a, b)  # the same weights, draws and graph: the same values
