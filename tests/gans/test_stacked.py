"""Stacked GAN: the stacks' losses, isolation of the independent stages, the joint chain,
and the staged run through the trainer."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.gans import StackedGAN
from tfgan_zoo.losses import stacked as stacked_losses
from tfgan_zoo.networks import stacked
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import train

from helpers import scalar_events

CLASSES = 3


def test_the_stacked_losses_on_hand_made_values():
    # Means over the dimensions, as xunhuang1995/SGAN's T.mean((recon - target)**2).
    encoded = np.array([[1.0, 2.0], [0.0, 0.0]], np.float32)
    condition = np.array([[0.0, 4.0], [1.0, 1.0]], np.float32)
    np.testing.assert_allclose(stacked_losses.conditional_feature_loss(encoded, condition).numpy(), [2.5, 1.0])
    logits = np.array([[0.0, 0.0, np.log(2.0)]], np.float32)  # softmax = [1/4, 1/4, 1/2]
    np.testing.assert_allclose(stacked_losses.conditional_class_loss(logits, [2]).numpy(), [np.log(2.0)], rtol=1e-6)
    np.testing.assert_allclose(stacked_losses.conditional_class_loss(logits, [0]).numpy(), [np.log(4.0)], rtol=1e-6)
    np.testing.assert_allclose(stacked_losses.entropy_loss([[1.0, -1.0]], [[0.0, 1.0]]).numpy(), [2.5])
    np.testing.assert_allclose(stacked_losses.entropy_loss([[1.0, -1.0, 0.0]], [[0.0, 1.0, 0.0]]).numpy(), [5 / 3])


def test_the_presets_weigh_entropy_by_ten_as_the_authors_code():
    for name in ("sgan_stacked_mnist", "sgan_stacked_cifar10"):
        variant = config_lib.preset_config(name)["variant"]
        assert (variant["cond_weight"], variant["entropy_weight"]) == (1.0, 10.0)


def test_stacked_gan_refuses_the_aids_its_step_does_not_run():
    # Its own train step never reaches the aid hooks: an EMA would sample its
    # initial weights, instance noise would never be added.
    for arguments in ({"ema_decay": 0.999}, {"instance_noise": 0.1}, {"unrolled_steps": 2}, {"penalty": "r1"}):
        with pytest.raises(ValueError, match="StackedGAN does not support .*: its stacks train in a step of their own"):
            _gan(**arguments)


def _gan(stacks=2, **kwargs):
    """Two stacks on 28x28x1, or three on 32x32x3 (the paper's colour form), with tiny widths."""
    keras.utils.set_random_seed(0)
    if stacks == 2:
        generator = stacked.stacked_mnist_generator(num_classes=CLASSES, feature_dims=[8], z_dims=[4, 4])
        discriminator = stacked.stacked_mnist_discriminator(z0_dim=4)
    else:
        generator = stacked.stacked_generator(num_classes=CLASSES, feature_dims=[8, 6], z_dims=[4, 3, 5],
                                              image_size=32, channels=3)
        discriminator = stacked.stacked_mnist_discriminator(image_shape=(32, 32, 3), z0_dim=4)
    gan = StackedGAN(generator, discriminator, num_classes=CLASSES, encoder_steps=2, stack_steps=2, batch_size=4,
                     entropy_weight=0.5, cond_weight=2.0, **kwargs)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    return gan


def _batch(gan, seed=0):
    rng = np.random.default_rng(seed)
    shape = gan.generator.output_shape[1:]
    return (tf.constant(rng.uniform(-1, 1, (4, *shape)).astype(np.float32)),
            tf.constant(rng.integers(0, CLASSES, 4)))


def _softplus_of_minus(logit):
    return np.log1p(np.exp(-logit[:, 0]))  # -log sigmoid(D)


def test_each_stacks_losses_are_its_three_terms():
    gan = _gan()
    rng = np.random.default_rng(1)
    labels = np.array([0, 1, 2, 1])
    z1, z0 = rng.standard_normal((4, 4)).astype(np.float32), rng.standard_normal((4, 4)).astype(np.float32)
    features = gan.generate_level(1, labels, z1).numpy()
    adversarial, conditional, entropy = (t.numpy() for t in gan.stack_losses(1, features, labels, z1))
    logit, reconstruction = (t.numpy() for t in gan.discriminators[1](features))
    np.testing.assert_allclose(adversarial, _softplus_of_minus(logit), rtol=1e-5)
    class_logits = gan.encoder_pieces[1](features).numpy()
    log_softmax = class_logits - np.log(np.exp(class_logits).sum(-1, keepdims=True))
    np.testing.assert_allclose(conditional, -log_softmax[np.arange(4), labels], rtol=1e-5)
    np.testing.assert_allclose(entropy, ((reconstruction - z1) ** 2).mean(-1), rtol=1e-5)
    images = gan.generate_level(0, features, z0).numpy()
    adversarial, conditional, entropy = (t.numpy() for t in gan.stack_losses(0, images, features, z0))
    logit, reconstruction = (t.numpy() for t in gan.discriminators[0](images))
    np.testing.assert_allclose(adversarial, _softplus_of_minus(logit), rtol=1e-5)
    encoded = gan.encoder_pieces[0](images).numpy()
    np.testing.assert_allclose(conditional, ((encoded - features) ** 2).mean(-1), rtol=1e-5)
    np.testing.assert_allclose(entropy, ((reconstruction - z0) ** 2).mean(-1), rtol=1e-5)


def test_label_smoothing_reaches_each_stacks_discriminator_loss():
    """-log sigmoid at target 1 - s is the loss at target 1 plus s times the logit, so one stack
    update's D loss rises by s times its mean real score (both models start equal)."""
    smoothing = 0.2
    plain, smoothed = _gan(), _gan(label_smoothing=smoothing)
    logs = []
    for gan in (plain, smoothed):
        gan.set_phase(gan.stages[1])  # the top stack: one D update per step
        logs.append({name: float(value) for name, value in gan.train_step(_batch(gan)).items()})
    assert logs[0]["real_score"] == logs[1]["real_score"]
    eps = np.finfo(np.float32).eps
    np.testing.assert_allclose(logs[1]["d_loss"] - logs[0]["d_loss"], smoothing * logs[0]["real_score"], rtol=0,
                               atol=8 * eps * (abs(logs[0]["d_loss"]) + abs(logs[1]["d_loss"])))


def _networks(gan):
    named = {"encoder": gan.encoder}
    for i in range(gan.num_stacks):
        named[f"generator_{i}"] = gan.generators[i]
        named[f"discriminator_{i}"] = gan.discriminators[i]
    return named


def _trained_by_stage(stacks):
    every = {name for i in range(stacks) for name in (f"generator_{i}", f"discriminator_{i}")}
    trained = {"encoder": {"encoder"}, "joint": every}
    trained.update({f"stack_{i}": {f"generator_{i}", f"discriminator_{i}"} for i in range(stacks)})
    return trained


@pytest.mark.parametrize("stacks", [2, 3])
def test_a_stage_updates_its_own_networks_and_no_other(stacks):
    gan = _gan(stacks)
    assert [stage.name for stage in gan.stages] == ["encoder", *[f"stack_{i}" for i in range(stacks - 1, -1, -1)],
                                                    "joint"]
    expected = _trained_by_stage(stacks)
    for stage in gan.stages:
        gan.set_phase(stage)
        networks = _networks(gan)
        before = {name: [v.numpy().copy() for v in net.trainable_variables] for name, net in networks.items()}
        logs = gan.train_step(_batch(gan))
        assert float(logs["skipped_updates"]) == 0 and float(logs["stage"]) == stage.index
        changed = {name for name, net in networks.items() if any(
            not np.array_equal(b, v.numpy()) for b, v in zip(before[name], net.trainable_variables, strict=True))}
        assert changed == expected[stage.name], stage.name


@pytest.mark.parametrize("stacks", [2, 3])
def test_in_the_joint_stage_the_lowest_stacks_losses_reach_every_stack_above(stacks):
    gan = _gan(stacks)
    labels = tf.constant([0, 1, 2, 0])
    with tf.GradientTape(persistent=True) as tape:
        condition = labels
        for i in range(stacks - 1, 0, -1):
            condition = gan.generate_level(i, condition, tf.random.normal((4, gan.z_dims[i]), seed=i))
        z0 = tf.random.normal((4, gan.z_dims[0]), seed=9)
        adversarial, _, entropy = gan.stack_losses(0, gan.generate_level(0, condition, z0), condition, z0)
        loss = tf.reduce_mean(adversarial + entropy)
    for i in range(1, stacks):
        grads = tape.gradient(loss, gan.generators[i].trainable_variables)
        assert all(g is not None for g in grads) and max(float(tf.reduce_max(tf.abs(g))) for g in grads) > 0


def test_sampling_runs_the_whole_chain_from_the_label_down():
    gan = _gan(3)
    z = np.random.default_rng(0).standard_normal((1, gan.z_dim)).astype(np.float32)
    images = gan.sample(np.repeat(z, CLASSES, axis=0), np.arange(CLASSES)).numpy()
    assert images.shape == (CLASSES, 32, 32, 3) and gan.z_dim == 4 + 3 + 5
    assert not np.allclose(images[0], images[1])


def test_stack_counts_that_do_not_fit_are_clear_errors():
    with pytest.raises(ValueError, match=r"N - 1 feature levels and N noise sizes"):
        stacked.stacked_generator(feature_dims=[8, 6], z_dims=[4, 4])


def test_the_preset_runs_stage_by_stage_and_resumes_in_the_stage_it_stopped(tmp_path, mnist_data_dir):
    workdir = str(tmp_path)
    config = config_lib.apply_overrides(config_lib.preset_config("sgan_stacked_mnist"), [
        "variant.encoder_steps=2", "variant.stack_steps=2", "train.batch_size=8", "train.log_every=1",
        "train.sample_every=100", "train.checkpoint_every=100", "train.num_samples=10",
        "data.split=train[:256]", "data.shuffle_buffer=64"])
    train(config_lib.apply_overrides(config, ["train.steps=3"]), workdir, data_dir=mnist_data_dir, progress=False)
    reader = tf.train.load_checkpoint(os.path.join(workdir, "checkpoints", "ckpt-3"))
    stage_keys = [key for key in reader.get_variable_to_shape_map() if key.startswith("stage/")]
    assert [int(reader.get_tensor(key)) for key in stage_keys] == [1]  # stack_1, saved mid-stage
    train(config_lib.apply_overrides(config, ["train.steps=8"]), workdir, data_dir=mnist_data_dir, progress=False)
    stages = scalar_events(workdir, "train/stage")
    assert [stages[step] for step in range(1, 9)] == [0, 0, 1, 1, 2, 2, 3, 3]
    samples = sorted(os.listdir(os.path.join(workdir, "samples")))
    # A grid at each stage's end (2, 4, 6), where the first run stopped (3), and at the end (8).
    assert samples == [f"step_{step:07d}.png" for step in (2, 3, 4, 6, 8)]
    grid = tf.io.decode_png(tf.io.read_file(os.path.join(workdir, "samples", samples[-1]))).numpy()
    assert grid.shape[0] == 10 * 30 + 2  # a row per class


def test_the_exported_generator_is_the_whole_chain(tmp_path):
    from tfgan_zoo.export import save_generator

    gan = _gan(3)
    path = save_generator(gan.sampling_generator(), gan.z_dim, str(tmp_path / "sgan"), num_classes=CLASSES)
    serve = tf.saved_model.load(path).signatures["serving_default"]
    z = np.random.default_rng(0).standard_normal((2, gan.z_dim)).astype(np.float32)
    served = serve(z=tf.constant(z), label=tf.constant([0, 2], tf.int64))["images"].numpy()
    assert served.shape == (2, 32, 32, 3)
    np.testing.assert_allclose(served, gan.sample(z, [0, 2]).numpy(), atol=1e-5)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"label must be in \[0, 3\)"):
        serve(z=tf.constant(z), label=tf.constant([0, 5], tf.int64))
