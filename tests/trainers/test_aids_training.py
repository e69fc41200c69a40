"""Training aids from the config: through the trainer, resumed exactly, exported with EMA, bad values."""

import os

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.builders import ConfigError
from tfgan_zoo.export import export, load_trained_gan
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import train

SMALL = ["train.batch_size=16", "train.sample_every=100", "train.log_every=1", "train.num_samples=16",
         "generator.hidden_units=16", "discriminator.hidden_units=16"]
AIDS = ["variant.packing=2", "variant.feature_matching=0.5", "variant.g_historical_averaging=0.01",
        "variant.d_historical_averaging=0.01", "variant.replay_pool_size=40", "variant.unrolled_steps=2",
        "variant.instance_noise=0.05", "variant.instance_noise_anneal_steps=4", "variant.ema_decay=0.9",
        "discriminator.spectral_norm=true", "discriminator.minibatch_discrimination=4",
        "optimizer.d_learning_rate=4e-4", "optimizer.d_schedule=linear", "optimizer.g_schedule=cosine",
        "optimizer.decay_steps=6"]


def aided_config(steps, extra=()):
    return config_lib.apply_overrides(config_lib.preset_config("ring8"),
                                      [*SMALL, *AIDS, f"train.steps={steps}", "train.checkpoint_every=3",
                                       *extra])


def checkpoint_values(workdir, step):
    reader = tf.train.load_checkpoint(os.path.join(workdir, "checkpoints", f"ckpt-{step}"))
    return {name: reader.get_tensor(name) for name in reader.get_variable_to_shape_map()
            if "save_counter" not in name and not name.startswith("_CHECKPOINTABLE")}


@pytest.fixture(scope="module")
def every_aid_run(tmp_path_factory):
    """6 uninterrupted steps with every aid: the reference of the resume test, and the EMA run exported."""
    workdir = str(tmp_path_factory.mktemp("straight"))
    train(aided_config(6), workdir, progress=False)
    return workdir


def test_a_run_with_every_aid_resumes_to_the_uninterrupted_result(every_aid_run, tmp_path):
    straight, resumed = every_aid_run, str(tmp_path / "resumed")
    train(aided_config(3), resumed, progress=False)
    result = train(aided_config(6), resumed, progress=False)
    assert result["step"] == 6 and all(np.isfinite(list(result["metrics"].values())))
    expected, actual = checkpoint_values(straight, 6), checkpoint_values(resumed, 6)
    assert expected.keys() == actual.keys()
    assert any("replay_pool" in name for name in expected), "the replay pool is in the checkpoint"
    assert any("generator_ema" in name for name in expected)
    for name in expected:
        np.testing.assert_array_equal(expected[name], actual[name], err_msg=name)


def test_export_of_an_ema_run_serves_the_averaged_generator(every_aid_run, tmp_path):
    gan, _, _ = load_trained_gan(every_aid_run)
    averaged = gan.sampling_generator()
    for average, weight in zip(gan.aid("ema").averages, averaged.trainable_variables, strict=True):
        np.testing.assert_array_equal(average.numpy(), weight.numpy())
    assert any(not np.array_equal(a.numpy(), g.numpy())
               for a, g in zip(averaged.trainable_variables, gan.generator.trainable_variables, strict=True))
    report = export(every_aid_run, formats=("saved_model",), export_base=str(tmp_path))
    z = np.random.default_rng(0).standard_normal((5, gan.z_dim)).astype(np.float32)
    served = tf.saved_model.load(report["saved_model"]).signatures["serving_default"](z=tf.constant(z))
    np.testing.assert_allclose(served["images"].numpy(), averaged(z, training=False).numpy(), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("override,message", [
    ("generator.minibatch_discrimination=4", "minibatch_discrimination is an aid of the discriminator"),
    ("optimizer.g_schedule=step", "optimizer.g_schedule must be one of constant, linear, cosine"),
    ("optimizer.g_schedule=linear", "optimizer.g_schedule=linear needs optimizer.decay_steps >= 1"),
    ("variant.packing=0", "packing must be an integer >= 1, got 0"),
    ("variant.packing=3", "train.batch_size=16 is not divisible by packing=3"),
    ("variant.ema_decay=1.0", r"ema_decay must be in \[0, 1\)"),
    ("discriminator.spectral_nrom=true", "or a training aid: spectral_norm"),
    ("variant.feature_matching=1;variant.feature_matching_layer=nope",
     "feature_matching_layer 'nope' is not a layer"),
])
def test_bad_aid_settings_are_clear_errors_that_write_nothing(override, message, tmp_path):
    workdir = str(tmp_path / "bad")
    config = config_lib.apply_overrides(config_lib.preset_config("ring8"), [*SMALL, *override.split(";")])
    with pytest.raises(ConfigError, match=message):
        train(config, workdir, progress=False)
    assert not os.path.exists(workdir)
