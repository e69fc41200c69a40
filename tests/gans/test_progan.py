"""Progressive GAN: equalized learning rate, pixel norm, fade-in, the schedule, and growing
through the trainer with resume mid-fade."""

import json
import math
import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.builders import ConfigError, build_gan
from tfgan_zoo.gans import GrowthSchedule, ProGAN
from tfgan_zoo.layers import EqualizedConv2D, EqualizedDense, PixelNormalization
from tfgan_zoo.networks import progressive
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.cli import main
from tfgan_zoo.trainers.train import train

from helpers import scalar_events


def test_equalized_layers_scale_unit_normal_weights_by_the_he_constant_at_run_time():
    x = np.random.default_rng(0).standard_normal((2, 5, 5, 3)).astype(np.float32)
    conv = EqualizedConv2D(4, 3)
    out = conv(x).numpy()
    kernel = conv.kernel.numpy()
    assert abs(kernel.std() - 1.0) < 0.3  # stored as N(0, 1), not He-initialised
    he = math.sqrt(2.0) / math.sqrt(3 * 3 * 3)
    expected = tf.nn.conv2d(x, kernel * he, strides=1, padding="SAME").numpy() + conv.bias.numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    dense = EqualizedDense(6, gain=1.0)
    features = np.random.default_rng(1).standard_normal((3, 10)).astype(np.float32)
    np.testing.assert_allclose(dense(features).numpy(), features @ (dense.kernel.numpy() / math.sqrt(10)),
                               rtol=1e-5, atol=1e-6)


def test_pixel_norm_gives_every_pixel_unit_mean_square():
    x = np.random.default_rng(0).normal(3.0, 5.0, (2, 4, 4, 7)).astype(np.float32)
    y = PixelNormalization()(x).numpy()
    np.testing.assert_allclose(np.mean(y ** 2, axis=-1), 1.0, rtol=1e-5)


def _networks(resolution=16):
    keras.utils.set_random_seed(0)
    generator = progressive.progan_generator(resolution=resolution, z_dim=8, channels=1, filter_base=64,
                                             max_filters=8)
    discriminator = progressive.progan_discriminator(resolution=resolution, channels=1, filter_base=64,
                                                     max_filters=8, minibatch_group_size=2)
    return generator, discriminator


@pytest.mark.parametrize("level", [1, 2])
def test_fade_in_starts_from_the_upsampled_previous_phase_and_ends_at_the_new_block(level):
    generator, discriminator = _networks()
    synthesis, critic = generator.get_layer("synthesis"), discriminator.get_layer("critic")
    z = np.random.default_rng(1).standard_normal((4, 8)).astype(np.float32)
    previous = synthesis.grown(z, level - 1).numpy()
    upsampled = np.repeat(np.repeat(previous, 2, axis=1), 2, axis=2)
    np.testing.assert_allclose(synthesis.grown(z, level, 0.0).numpy(), upsampled, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(synthesis.grown(z, level, 1.0).numpy(), synthesis.grown(z, level).numpy(),
                               rtol=1e-5, atol=1e-6)
    halfway = synthesis.grown(z, level, 0.25).numpy()
    np.testing.assert_allclose(halfway, 0.75 * upsampled + 0.25 * synthesis.grown(z, level).numpy(), atol=1e-5)
    # The critic: alpha 0 judges the 2x2-pooled images with the previous phase's network.
    images = np.random.default_rng(2).uniform(-1, 1, (4, *upsampled.shape[1:])).astype(np.float32)
    pooled = images.reshape(4, images.shape[1] // 2, 2, images.shape[2] // 2, 2, 1).mean(axis=(2, 4))
    np.testing.assert_allclose(critic.grown(images, level, 0.0).numpy(), critic.grown(pooled, level - 1).numpy(),
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(critic.grown(images, level, 1.0).numpy(), critic.grown(images, level).numpy(),
                               rtol=1e-5, atol=1e-5)


def test_the_schedule_fades_then_stabilizes_each_level_with_its_batch():
    schedule = GrowthSchedule(levels=2, fade_images=100, stabilize_images=60, batch_sizes=[10, 10, 20])
    spans = [(p.level, p.fading, p.batch_size, p.start, p.end) for p in schedule.phases]
    assert spans == [(0, False, 10, 0, 6), (1, True, 10, 6, 16), (1, False, 10, 16, 22),
                     (2, True, 20, 22, 27), (2, False, 20, 27, None)]
    assert schedule.alpha_at(0) == 1.0 and schedule.alpha_at(6) == 0.0
    assert schedule.alpha_at(11) == 0.5 and schedule.alpha_at(16) == 1.0
    assert schedule.phase_at(10_000).level == 2


@pytest.mark.parametrize("resolution", [48, 2, 2048])
def test_resolutions_must_be_powers_of_two_up_to_1024(resolution):
    with pytest.raises(ValueError, match="must be a power of two from 4 to 1024"):
        progressive.progan_generator(resolution=resolution)
    config = config_lib.apply_overrides(config_lib.preset_config("progan_mnist"),
                                        [f"generator.resolution={resolution}"])
    with pytest.raises(ConfigError, match="power of two"):
        build_gan(config)


def test_progan_rejects_aids_that_need_a_fixed_shape_and_bad_batch_sizes():
    generator, discriminator = _networks()
    with pytest.raises(ValueError, match="ProGAN does not support feature_matching: the networks change shape as they grow"):
        ProGAN(generator, discriminator, feature_matching=1.0)
    with pytest.raises(ValueError, match="batch_sizes names resolution 12"):
        ProGAN(generator, discriminator, batch_sizes={"12": 4})


def test_alpha_follows_the_steps_taken_when_an_update_is_skipped():
    # The fade is a function of training time (the official code: images
    # shown), not of G's update count, which stops on a skipped update.
    generator, discriminator = _networks()
    gan = ProGAN(generator, discriminator, fade_images=16, stabilize_images=4, batch_size=4)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    fade = gan.schedule.phases[1]  # 8x8 fading in over 4 steps, from step 1
    assert fade.fading and (fade.start, fade.end) == (1, 5)
    gan.set_phase(fade, step=1)
    gan.steps_done.assign(1)
    reals = np.zeros((4, 8, 8, 1), np.float32)
    kernel = gan.generator.trainable_variables[0]
    saved = kernel.numpy()
    kernel.assign(np.full_like(saved, np.nan))
    gan.train_step(reals)  # every update skipped
    kernel.assign(saved)
    gan.train_step(reals)
    assert float(gan.alpha.numpy()) == pytest.approx(0.25)


@pytest.mark.parametrize("reset", [True, False])
def test_optimizers_restart_at_each_phase_boundary_when_asked(reset):
    # The official code's reset_opt_for_new_lod: Adam's moments and step start
    # afresh where a fade-in or a stabilization begins, not on a resume mid-phase.
    generator, discriminator = _networks()
    gan = ProGAN(generator, discriminator, fade_images=16, stabilize_images=4, batch_size=4,
                 reset_optimizers_on_growth=reset)
    gan.compile(keras.optimizers.Adam(1e-3, epsilon=1e-8), keras.optimizers.Adam(1e-3, epsilon=1e-8))
    gan.train_step(np.random.default_rng(0).uniform(-1, 1, (4, 4, 4, 1)).astype(np.float32))

    def state():
        return [v.numpy().copy() for o in (gan.g_optimizer, gan.d_optimizer) for v in o.variables]

    trained = state()
    fade = gan.schedule.phases[1]
    gan.set_phase(fade, step=fade.start + 1)  # a resume inside the phase
    for before, after in zip(trained, state(), strict=True):
        np.testing.assert_array_equal(before, after)
    gan.set_phase(fade, step=fade.start)
    after = state()
    assert float(gan.g_optimizer.learning_rate) == pytest.approx(1e-3)
    moments = [v for o in (gan.g_optimizer, gan.d_optimizer) for v in o.variables
               if v is not o._learning_rate]
    if reset:
        assert all(not np.any(v.numpy()) for v in moments)
    else:
        for before, now in zip(trained, after, strict=True):
            np.testing.assert_array_equal(before, now)


def test_the_presets_carry_the_official_optimizer_and_average_settings():
    # The paper's EMA half-life in images: 0.999 per batch of 16, 0.999^(64/16) at batch 64.
    for name, decay in (("progan_mnist", 0.996), ("progan1024", 0.999)):
        config = config_lib.preset_config(name)
        assert config["optimizer"]["epsilon"] == 1e-8
        assert config["variant"]["ema_decay"] == decay
        assert abs(decay ** (16 / config["train"]["batch_size"]) - 0.999) < 1e-4
        assert config["variant"]["reset_optimizers_on_growth"] is True


@pytest.mark.parametrize("done,alpha", [(0, 0.0), (2, 0.5), (4, 1.0)])
def test_during_a_fade_the_discriminator_sees_reals_crossfaded_like_the_fakes(done, alpha):
    # Karras et al. Fig. 2: "we interpolate between two resolutions of the
    # real images"; official process_reals: lerp(x, upsample(pool(x)), 1 - alpha).
    generator, discriminator = _networks()
    gan = ProGAN(generator, discriminator, fade_images=16, stabilize_images=4, batch_size=4)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    fade = gan.schedule.phases[1]  # 8x8, fading in over steps 1-4
    gan.set_phase(fade, step=fade.start + done)
    gan.steps_done.assign(fade.start + done)
    reals = np.random.default_rng(0).uniform(-1, 1, (4, 8, 8, 1)).astype(np.float32)
    seen = []
    judge = gan.discriminate
    gan.discriminate = lambda images, labels, training=True: seen.append(images) or judge(images, labels, training)
    gan.train_step(reals)
    blurred = np.repeat(np.repeat(reals.reshape(4, 4, 2, 4, 2, 1).mean(axis=(2, 4)), 2, axis=1), 2, axis=2)
    np.testing.assert_allclose(seen[0].numpy(), alpha * reals + (1 - alpha) * blurred, rtol=1e-5, atol=1e-6)


TINY = ["generator.max_filters=16", "discriminator.max_filters=16", "generator.z_dim=32",
        "variant.fade_images=16", "variant.stabilize_images=16", 'variant.batch_sizes={"32": 4}',
        "train.batch_size=8", "train.log_every=1", "train.sample_every=100", "train.checkpoint_every=100",
        "train.num_samples=4", "data.split=train[:256]", "data.shuffle_buffer=64"]


def test_evaluation_mid_growth_scores_samples_at_the_datas_resolution():
    from tfgan_zoo.trainers.evaluate import generated_batches

    gan = build_gan(config_lib.apply_overrides(config_lib.preset_config("progan_mnist"), TINY))
    gan.set_phase(gan.phase_at(0), 0)  # 4x4
    assert gan.sample(np.zeros((2, 32), np.float32)).shape == (2, 4, 4, 1)
    batches = list(generated_batches(gan, 3, seed=0, image_size=32))
    assert [batch.shape for batch in batches] == [(3, 32, 32, 1)]
    # The same samples (same z from the seed), upsampled as the references' size asks.
    small = gan.sample(np.random.default_rng(0).standard_normal((3, 32)).astype(np.float32))
    np.testing.assert_allclose(batches[0], tf.image.resize(small, [32, 32], method="bilinear").numpy(), atol=1e-6)
    assert batches[0].std() > 0


@pytest.fixture(scope="module")
def grown(tmp_path_factory, mnist_data_dir):
    """progan_mnist through every phase, 4x4 -> 32x32, 2 steps per phase (4 at 32x32, whose
    batch is half): stopped at step 12, two steps into the 32x32 fade, then rerun to step 18."""
    workdir = str(tmp_path_factory.mktemp("progan"))
    config = config_lib.apply_overrides(config_lib.preset_config("progan_mnist"), TINY)
    first = train(config_lib.apply_overrides(config, ["train.steps=12"]), workdir, data_dir=mnist_data_dir,
                  progress=False)
    second = train(config_lib.apply_overrides(config, ["train.steps=18"]), workdir, data_dir=mnist_data_dir,
                   progress=False)
    return workdir, first, second


def test_growing_writes_a_grid_per_phase_at_its_resolution(grown):
    workdir, _, second = grown
    assert second["step"] == 18
    sizes = {}
    for name in sorted(os.listdir(os.path.join(workdir, "samples"))):
        grid = tf.io.decode_png(tf.io.read_file(os.path.join(workdir, "samples", name))).numpy()
        sizes[int(name[5:12])] = (grid.shape[0] - 2) // 2 - 2  # a 2 x 2 grid with 2-pixel padding
    # Phase ends: 4x4 at step 2, the 8x8 fade and stabilization at 4 and 6, 16x16 at 8 and 10.
    assert {step: sizes[step] for step in (2, 4, 6, 8, 10)} == {2: 4, 4: 8, 6: 8, 8: 16, 10: 16}
    assert sizes[18] == 32
    resolution, alpha = scalar_events(workdir, "train/resolution"), scalar_events(workdir, "train/alpha")
    assert [resolution[step] for step in (1, 3, 5, 7, 11, 15)] == [4, 8, 8, 16, 32, 32]
    assert alpha[3] == 0.0 and alpha[4] == 0.5 and alpha[5] == 1.0


def test_a_run_stopped_mid_fade_resumes_at_the_same_resolution_and_alpha(grown, mnist_data_dir):
    workdir, first, _ = grown
    # Step 12 was the second of the four 32x32 fade steps (10..14): alpha 1/4, saved with the checkpoint.
    assert first["metrics"]["resolution"] == 32.0 and first["metrics"]["alpha"] == 0.25
    reader = tf.train.load_checkpoint(os.path.join(workdir, "checkpoints", "ckpt-12"))
    keys = {key: reader.get_tensor(key) for key in reader.get_variable_to_shape_map() if key.startswith("growth/")}
    assert sorted(float(value) for value in keys.values()) == [0.25, 3.0]  # alpha, level
    alpha = scalar_events(workdir, "train/alpha")
    assert [alpha[step] for step in (12, 13, 14, 15)] == [0.25, 0.5, 0.75, 1.0]


def test_sample_and_export_at_the_reached_or_a_chosen_resolution(grown, tmp_path):
    workdir, _, _ = grown
    out = str(tmp_path / "eight.png")
    assert main(["tfgan-zoo", "sample", f"--workdir={workdir}", "--num=4", "--resolution=8", f"--out={out}"]) == 0
    assert tf.io.decode_png(tf.io.read_file(out)).numpy().shape == (2 * 10 + 2, 2 * 10 + 2, 1)
    assert main(["tfgan-zoo", "sample", f"--workdir={workdir}", "--resolution=12", f"--out={out}"]) == 2
    assert main(["tfgan-zoo", "export", f"--workdir={workdir}", "--format=saved_model",
                 f"--export_dir={tmp_path}"]) == 0
    serve = tf.saved_model.load(str(tmp_path / "progan" / "1")).signatures["serving_default"]
    assert serve(z=tf.zeros([2, 32]))["images"].shape == (2, 32, 32, 1)
    assert main(["tfgan-zoo", "export", f"--workdir={workdir}", "--format=saved_model", "--resolution=16",
                 f"--export_dir={tmp_path}"]) == 0
    serve = tf.saved_model.load(str(tmp_path / "progan" / "2")).signatures["serving_default"]
    assert serve(z=tf.zeros([2, 32]))["images"].shape == (2, 16, 16, 1)
    with open(os.path.join(workdir, "config.json")) as file:
        assert json.load(file)["data"]["pad_to"] == 32
