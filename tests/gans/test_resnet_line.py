"""SAGAN and BigGAN: resolution scaling, BigGAN's pieces, the presets, attention maps and truncation."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf
from tensorboard.backend.event_processing import plugin_event_accumulator

from tfgan_zoo.builders import ConfigError, build_gan
from tfgan_zoo.gans import SAGAN, BigGAN
from tfgan_zoo.gans.biggan import regularized_kernels
from tfgan_zoo.layers import ConditionalBatchNormalization, SelfAttention, attention_maps
from tfgan_zoo.networks import resnet
from tfgan_zoo.networks.aids import apply_network_aids
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.cli import main
from tfgan_zoo.trainers.train import train

CLASSES = 3


def _networks(generator_factory, resolution, conditional=False, **generator_args):
    shared = {"resolution": resolution, "channels": 3, "base_filters": 4, "attention_resolution": 16,
              "conditional": conditional, "num_classes": CLASSES if conditional else 0}
    generator = apply_network_aids(generator_factory(**shared, **generator_args), "generator", spectral_norm=True)
    discriminator = apply_network_aids(resnet.resnet_discriminator(**shared), "discriminator", spectral_norm=True)
    return generator, discriminator


def _one_train_step(gan, batch=2):
    gan.compile(keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
                keras.optimizers.Adam(4e-4, beta_1=0.0, beta_2=0.9))
    size = gan.generator.output_shape[1]
    real = np.random.default_rng(0).uniform(-1, 1, (batch * gan.d_steps, size, size, 3)).astype(np.float32)
    before = [v.numpy() for v in gan.generator.trainable_variables]
    data = (tf.constant(real), tf.constant(np.arange(len(real)) % CLASSES)) if gan.conditional else tf.constant(real)
    logs = gan.train_step(data)
    assert all(np.isfinite(float(value)) for value in logs.values()), logs
    assert any(not np.allclose(b, a.numpy()) for b, a in zip(before, gan.generator.trainable_variables,
                                                               strict=True))
    return logs


@pytest.mark.parametrize("resolution", [64, 128])
def test_sagan_builds_and_trains_at_higher_resolutions(resolution):
    keras.utils.set_random_seed(0)
    generator, discriminator = _networks(resnet.resnet_generator, resolution, z_dim=16)
    gan = SAGAN(generator, discriminator)
    assert generator.output_shape == (None, resolution, resolution, 3)
    assert sum(isinstance(layer, SelfAttention) for layer in generator.layers) == 1
    _one_train_step(gan)


@pytest.mark.parametrize("resolution", [64, 128])
def test_biggan_builds_and_trains_at_higher_resolutions(resolution):
    keras.utils.set_random_seed(0)
    blocks = len(resnet.GENERATOR_WIDTHS[resolution][1])
    generator, discriminator = _networks(resnet.biggan_generator, resolution, conditional=True,
                                         z_dim=4 * (blocks + 1), shared_embedding_dim=8)
    logs = _one_train_step(BigGAN(generator, discriminator, num_classes=CLASSES))
    assert float(logs["orthogonal_regularization"]) > 0


def test_the_hierarchical_latent_must_split_evenly():
    with pytest.raises(ValueError, match=r"splits z into 4 chunks .* z_dim=10 does not divide evenly"):
        resnet.biggan_generator(resolution=32, z_dim=10, base_filters=2, attention_resolution=0)


def test_attention_at_a_resolution_the_network_does_not_have_is_an_error():
    with pytest.raises(ValueError, match=r"attention_resolution must be 0 \(none\) or one of"):
        resnet.resnet_generator(resolution=32, base_filters=2, attention_resolution=12)
    with pytest.raises(ValueError, match="resolution must be one of 32, 64, 128, 256"):
        resnet.resnet_discriminator(resolution=48)


def test_sagan_without_self_attention_is_an_error():
    generator = resnet.resnet_generator(base_filters=2, z_dim=8)
    discriminator = resnet.resnet_discriminator(base_filters=2)
    with pytest.raises(ValueError, match="has no SelfAttention layer"):
        SAGAN(generator, discriminator)


def test_the_generator_penalty_is_beta_times_the_orthogonal_regularization():
    keras.utils.set_random_seed(0)
    generator, discriminator = _networks(resnet.biggan_generator, 32, z_dim=8, shared_embedding_dim=4)
    gan = BigGAN(generator, discriminator, orthogonal_weight=0.5)
    kernels = regularized_kernels(generator)
    # Every Dense and convolution kernel of G, the attention's included, but no embedding.
    assert len(kernels) == sum(1 for v in generator.trainable_variables if v.path.endswith("/kernel"))
    assert not any("embedding" in v.path for v in kernels)
    expected = 0.0
    for kernel in kernels:
        matrix = kernel.numpy().reshape(-1, kernel.shape[-1]).astype(np.float64)
        gram = matrix.T @ matrix
        expected += np.sum((gram * (1 - np.eye(len(gram)))) ** 2)
    np.testing.assert_allclose(float(gan.generator_penalty()), 0.5 * expected, rtol=1e-4)
    assert BigGAN(generator, discriminator, orthogonal_weight=0.0).generator_penalty() is None


@pytest.mark.parametrize("factory", [resnet.resnet_generator, resnet.biggan_generator], ids=["sagan", "biggan"])
def test_conditional_generators_depend_on_the_label(factory):
    keras.utils.set_random_seed(0)
    generator = factory(resolution=32, z_dim=8, base_filters=2, attention_resolution=0, conditional=True,
                        num_classes=CLASSES)
    for layer in generator.layers:  # class-conditional BN starts class-independent; make it not
        if isinstance(layer, ConditionalBatchNormalization):
            layer.gamma.assign(np.random.default_rng(1).normal(1, 0.3, layer.gamma.shape))
    z = np.repeat(np.random.default_rng(0).standard_normal((1, 8)).astype(np.float32), CLASSES, axis=0)
    images = generator([z, np.arange(CLASSES)], training=False).numpy()
    assert not np.allclose(images[0], images[1], atol=1e-5) and not np.allclose(images[1], images[2], atol=1e-5)


PAPER_SETTINGS = {
    # preset: (variant fields, optimizer (g_lr, d_lr, beta_1, beta_2), batch, resolution, attention)
    "sagan32": ({"name": "sagan"}, (1e-4, 4e-4, 0.0, 0.9), 64, 32, 16),
    "sagan128": ({"name": "sagan"}, (1e-4, 4e-4, 0.0, 0.9), 256, 128, 32),
    "biggan32": ({"name": "biggan", "d_steps": 4, "orthogonal_weight": 0.0}, (2e-4, 2e-4, 0.0, 0.999), 50, 32, 0),
    # Brock et al. section 3: SAGAN's rates halved (G 5e-5, D 2e-4) with 2 D steps.
    "biggan128": ({"name": "biggan", "d_steps": 2, "orthogonal_weight": 1e-4, "ema_decay": 0.9999,
                   "ema_start": 20_000}, (5e-5, 2e-4, 0.0, 0.999), 2048, 128, 64),
}


@pytest.mark.parametrize("preset", sorted(PAPER_SETTINGS))
def test_presets_hold_the_papers_settings_and_build(preset):
    variant, optimizer, batch, resolution, attention = PAPER_SETTINGS[preset]
    config = config_lib.preset_config(preset)
    assert variant.items() <= config["variant"].items()
    opt = config["optimizer"]
    assert (opt["g_learning_rate"], opt["d_learning_rate"], opt["beta_1"], opt["beta_2"]) == optimizer
    assert config["train"]["batch_size"] == batch
    for role in ("generator", "discriminator"):
        assert config[role]["spectral_norm"] and config[role]["resolution"] == resolution
        assert config[role]["attention_resolution"] == attention
    # Narrow enough to build here; every other field as the preset has it.
    width = 8 if resolution == 128 else 2  # attention needs >= 8 channels where it sits
    small = config_lib.apply_overrides(config, [f"generator.base_filters={width}",
                                                f"discriminator.base_filters={width}", "data.num_classes=10"])
    gan = build_gan(small)
    assert gan.conditional and gan.num_classes == 10
    assert gan.generator.output_shape == (None, resolution, resolution, 3)


def test_biggan32_follows_the_authors_cifar_script():
    # BigGAN-PyTorch launch_cifar_ema.sh: no --G_shared, no --hier, --G_init N02 --D_init N02.
    config = config_lib.apply_overrides(config_lib.preset_config("biggan32"), [
        "generator.base_filters=2", "discriminator.base_filters=2"])
    assert config["generator"]["name"] == "resnet_generator" and config["optimizer"]["epsilon"] == 1e-8
    gan = build_gan(config)
    assert not any("shared_embedding" in v.path for v in gan.generator.weights)
    assert gan.generator.inputs[0].shape[-1] == 128
    for network in (gan.generator, gan.discriminator):
        kernels = np.concatenate([v.numpy().ravel() for v in network.trainable_variables
                                  if v.path.endswith("/kernel") and len(v.shape) >= 2])
        assert abs(kernels.std() - 0.02) < 0.002  # N(0, 0.02), not Glorot


def test_an_unconditional_resnet_config_ignores_the_datasets_labels():
    config = config_lib.apply_overrides(config_lib.preset_config("sagan_mnist"), [
        "generator.conditional=false", "data.num_classes=10"])
    gan = build_gan(config)
    assert not gan.conditional and len(gan.generator.inputs) == 1 and len(gan.discriminator.inputs) == 1


def test_attention_maps_are_distributions_over_the_feature_map():
    keras.utils.set_random_seed(0)
    generator = resnet.resnet_generator(resolution=32, z_dim=8, base_filters=2, attention_resolution=16)
    maps = attention_maps(generator, np.random.default_rng(0).standard_normal((3, 8)).astype(np.float32),
                          query=(0.25, 0.75))
    (name, weights), = maps.items()
    assert weights.shape == (3, 8, 8)  # keys pooled 2x2
    np.testing.assert_allclose(np.asarray(weights).sum(axis=(1, 2)), 1.0, rtol=1e-5)


@pytest.fixture(scope="module")
def sagan_run(tmp_path_factory, mnist_data_dir):
    """sagan_mnist for 2 steps on real MNIST: the workdir later tests read."""
    workdir = str(tmp_path_factory.mktemp("sagan"))
    config = config_lib.apply_overrides(config_lib.preset_config("sagan_mnist"), [
        "train.batch_size=8", "train.steps=2", "train.log_every=1", "train.sample_every=2",
        "train.checkpoint_every=2", "train.num_samples=10", "data.split=train[:256]", "data.shuffle_buffer=64",
        "train.attention_query=[0.25, 0.5]"])
    train(config, workdir, data_dir=mnist_data_dir, progress=False)
    return workdir


def test_tensorboard_shows_the_attention_of_the_query_position(sagan_run):
    accumulator = plugin_event_accumulator.EventAccumulator(
        os.path.join(sagan_run, "tensorboard"), size_guidance={plugin_event_accumulator.TENSORS: 0})
    accumulator.Reload()
    tags = [tag for tag in accumulator.Tags()["tensors"] if tag.startswith("attention/")]
    assert len(tags) == 1, accumulator.Tags()["tensors"]
    width, height, encoded = tf.make_ndarray(accumulator.Tensors(tags[0])[-1].tensor_proto)
    image = tf.io.decode_png(encoded).numpy()
    # Eight samples side by side (32 px each), above their heat maps; the query pixel is red.
    assert image.shape == (64, 8 * 32, 3) and (int(width), int(height)) == (256, 64)
    np.testing.assert_array_equal(image[8, 16], [255, 0, 0])


def test_sample_with_truncation_from_the_workdir(sagan_run, tmp_path):
    out = str(tmp_path / "truncated.png")
    assert main(["tfgan-zoo", "sample", f"--workdir={sagan_run}", "--num=10", "--truncation=0.5",
                 f"--out={out}"]) == 0
    grid = tf.io.decode_png(tf.io.read_file(out)).numpy()
    assert grid.shape == (10 * 34 + 2, 1 * 34 + 2, 1)  # a row per class, one column
    assert main(["tfgan-zoo", "sample", f"--workdir={sagan_run}", "--truncation=-1", f"--out={out}"]) == 2


def test_bad_attention_query_is_a_config_error():
    config = config_lib.apply_overrides(config_lib.preset_config("sagan_mnist"), ["train.attention_query=[2, 0]"])
    with pytest.raises(ConfigError, match=r"train.attention_query must be \[row, column\] fractions"):
        config_lib.validate(config)


def test_a_trained_sagan_exports_to_serving_and_litert(sagan_run, tmp_path):
    from tfgan_zoo.export import export, load_trained_gan

    report = export(sagan_run, export_base=str(tmp_path))
    gan, _, _ = load_trained_gan(sagan_run)
    z = np.random.default_rng(3).standard_normal((4, gan.z_dim)).astype(np.float32)
    labels = np.array([0, 3, 9, 1])
    serve = tf.saved_model.load(report["saved_model"]).signatures["serving_default"]
    served = serve(z=tf.constant(z), label=tf.constant(labels, tf.int64))["images"].numpy()
    np.testing.assert_allclose(served, gan.sample(z, labels).numpy(), atol=1e-5)
    # Every TFLite file was checked against Keras within its bound when written.
    assert {file.quantization for file in report["tflite"]} == {"float32", "float16", "dynamic_range", "int8"}
    assert all(file.max_abs_error <= file.bound for file in report["tflite"])
