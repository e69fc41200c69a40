"""Class-conditional GANs: labels change the images, AC-GAN's class loss, conditional layers, bad labels."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo import builders
from tfgan_zoo.export import save_generator
from tfgan_zoo.gans import ACGAN, CGAN
from tfgan_zoo.layers import ConditionalBatchNormalization
from tfgan_zoo.losses import auxiliary_classifier_loss
from tfgan_zoo.networks import conditional, dcgan
from tfgan_zoo.networks.aids import packed
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import train

CLASSES = 3


def tiny_cgan(**kwargs):
    keras.utils.set_random_seed(0)
    generator = conditional.cgan_mnist_generator(z_dim=8, num_classes=CLASSES, embedding_dim=4,
                                                 conditional_bn=kwargs.pop("conditional_bn", False))
    discriminator = conditional.cgan_mnist_discriminator(num_classes=CLASSES,
                                                         conditioning=kwargs.pop("conditioning", "concat"))
    return CGAN(generator, discriminator, num_classes=CLASSES, **kwargs)


@pytest.mark.parametrize("conditional_bn", [False, True], ids=["embedding", "conditional_bn"])
def test_same_z_different_labels_give_different_images(conditional_bn):
    gan = tiny_cgan(conditional_bn=conditional_bn)
    z = np.repeat(np.random.default_rng(0).standard_normal((1, 8)).astype(np.float32), CLASSES, axis=0)
    images = gan.sample(z, np.arange(CLASSES)).numpy()
    for a in range(CLASSES):
        for b in range(a + 1, CLASSES):
            assert not np.allclose(images[a], images[b], atol=1e-4), (a, b)
    np.testing.assert_array_equal(gan.sample(z, [1, 1, 1]).numpy()[0], gan.sample(z, [1, 1, 1]).numpy()[2])


def test_auxiliary_classifier_loss_is_the_cross_entropy_of_a_hand_made_example():
    logits = np.array([[2.0, 0.0, 0.0], [0.0, 1.0, 0.0]], np.float32)
    labels = np.array([0, 2])
    # -log(e^2 / (e^2 + 2)) and -log(1 / (1 + e + 1))
    expected = [-np.log(np.e ** 2 / (np.e ** 2 + 2)), -np.log(1 / (2 + np.e))]
    np.testing.assert_allclose(auxiliary_classifier_loss(logits, labels).numpy(), expected, rtol=1e-6)


def test_acgan_adds_the_class_loss_of_real_and_fake_to_d_and_of_fake_to_g():
    keras.utils.set_random_seed(0)
    generator = conditional.cgan_mnist_generator(z_dim=8, num_classes=CLASSES, embedding_dim=4)
    discriminator = conditional.acgan_mnist_discriminator(num_classes=CLASSES, dropout=0.0)
    gan = ACGAN(generator, discriminator, num_classes=CLASSES, class_weight=0.5)
    rng = np.random.default_rng(1)
    real = rng.uniform(-1, 1, (4, 28, 28, 1)).astype(np.float32)
    fake = rng.uniform(-1, 1, (4, 28, 28, 1)).astype(np.float32)
    labels = np.array([0, 1, 2, 1])
    (real_out, real_cls), (fake_out, fake_cls) = discriminator(real), discriminator(fake)
    ce = tf.nn.sparse_softmax_cross_entropy_with_logits
    d_expected = (tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(real_out), real_out)[:, 0]
                  + tf.nn.sigmoid_cross_entropy_with_logits(tf.zeros_like(fake_out), fake_out)[:, 0]
                  + 0.5 * (ce(labels, real_cls) + ce(labels, fake_cls)))
    d_loss, _, _ = gan.discriminator_loss(real, fake, labels)
    np.testing.assert_allclose(d_loss.numpy(), d_expected.numpy(), rtol=1e-5)
    g_expected = tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(fake_out), fake_out)[:, 0] \
        + 0.5 * ce(labels, fake_cls)
    np.testing.assert_allclose(gan.generator_loss(real, fake, labels).numpy(), g_expected.numpy(), rtol=1e-5)
    with pytest.raises(ValueError, match="must return \\[logit, 3 class logits\\]"):
        ACGAN(generator, dcgan.dcgan_mnist_discriminator(), num_classes=CLASSES)


def test_conditional_batch_norm_scales_and_shifts_by_class():
    layer = ConditionalBatchNormalization(num_classes=2, epsilon=0.0)
    x = np.array([[1.0, 2.0], [3.0, 6.0]], np.float32)
    layer([x, np.array([0, 1])])
    layer.gamma.assign([[1.0, 1.0], [2.0, 3.0]])
    layer.beta.assign([[0.0, 0.0], [10.0, 20.0]])
    out = layer([x, np.array([0, 1])], training=True).numpy()
    normalized = (x - x.mean(0)) / x.std(0)
    np.testing.assert_allclose(out[0], normalized[0], rtol=1e-4)
    np.testing.assert_allclose(out[1], normalized[1] * [2.0, 3.0] + [10.0, 20.0], rtol=1e-4)


def test_projection_discriminator_adds_the_class_embedding_times_the_features():
    keras.utils.set_random_seed(0)
    model = conditional.cgan_mnist_discriminator(num_classes=CLASSES, conditioning="projection", dropout=0.0)
    images = np.random.default_rng(2).uniform(-1, 1, (2, 28, 28, 1)).astype(np.float32)
    labels = np.array([2, 0])
    flatten = [layer for layer in model.layers if isinstance(layer, keras.layers.Flatten)][0]
    features = keras.Model(model.inputs[0], flatten.output)(images).numpy()
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][0]
    embedding = model.get_layer("class_projection").embeddings.numpy()
    expected = features @ dense.kernel.numpy() + dense.bias.numpy() + np.sum(embedding[labels] * features, 1,
                                                                               keepdims=True)
    np.testing.assert_allclose(model([images, labels]).numpy(), expected, rtol=1e-4, atol=1e-5)


def test_labels_outside_the_classes_are_clear_errors(tmp_path):
    gan = tiny_cgan()
    z = np.zeros((2, 8), np.float32)
    with pytest.raises(ValueError, match=r"label 3 is outside \[0, 3\); this model has 3 classes"):
        gan.sample(z, [0, 3])
    with pytest.raises(ValueError, match="needs labels"):
        gan.generate(z, None)
    path = save_generator(gan.generator, 8, str(tmp_path / "cgan"), num_classes=CLASSES)
    serve = tf.saved_model.load(path).signatures["serving_default"]
    images = serve(z=tf.constant(z), label=tf.constant([0, 2], tf.int64))["images"]
    assert images.shape == (2, 28, 28, 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"label must be in \[0, 3\)"):
        serve(z=tf.constant(z), label=tf.constant([0, 7], tf.int64))


def test_conditional_models_refuse_packing_and_mismatched_generators():
    with pytest.raises(ValueError, match="CGAN does not support packing: a pack of several examples has no single label"):
        keras.utils.set_random_seed(0)
        generator = conditional.cgan_mnist_generator(z_dim=8, num_classes=CLASSES, embedding_dim=4)
        CGAN(generator, packed(conditional.cgan_mnist_discriminator(num_classes=CLASSES), 1),
             num_classes=CLASSES, packing=2)
    with pytest.raises(ValueError, match="set num_classes"):
        from tfgan_zoo.gans import GAN
        GAN(conditional.cgan_mnist_generator(z_dim=8, num_classes=CLASSES), dcgan.dcgan_mnist_discriminator())
    with pytest.raises(ValueError, match="takes only z"):
        CGAN(dcgan.dcgan_mnist_generator(z_dim=8), conditional.cgan_mnist_discriminator(), num_classes=10)


def test_classes_come_from_the_dataset_metadata_and_grids_have_a_row_per_class(tmp_path, mnist_data_dir):
    config = config_lib.apply_overrides(config_lib.preset_config("cgan_mnist"), [
        "train.batch_size=8", "train.steps=2", "train.log_every=1", "train.sample_every=2",
        "train.checkpoint_every=2", "train.num_samples=20", "data.split=train[:256]", "data.shuffle_buffer=64",
        "generator.embedding_dim=4"])
    assert config["data"]["num_classes"] == 0
    train(config, str(tmp_path), data_dir=mnist_data_dir, progress=False)
    saved = config_lib.reconcile_with_workdir(str(tmp_path), None)
    assert saved["data"]["num_classes"] == 10
    grid = tf.io.decode_png(tf.io.read_file(os.path.join(tmp_path, "samples", "step_0000002.png"))).numpy()
    assert grid.shape[:2] == (10 * 30 + 2, 2 * 30 + 2), "10 rows (one per class) of 20 // 10 = 2 samples"


def test_a_conditional_generator_on_unlabelled_data_is_an_error(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    tf.io.write_file(str(folder / "a.png"), tf.io.encode_png(np.zeros((28, 28, 1), np.uint8)))
    config = config_lib.apply_overrides(config_lib.preset_config("cgan_mnist"), [
        "data.name=image_folder", f"data.path={folder}"])
    with pytest.raises(config_lib.ConfigError, match="is class-conditional but image_folder"):
        config_lib.resolve_num_classes(config)


def test_the_dataset_class_count_reaches_an_acgan_head_on_dcgan_networks():
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist_small"), [
        "variant.name=acgan", "generator.conditional=true", "generator.embedding_dim=8",
        "discriminator.conditional=false", "discriminator.class_head=true",
        "generator.base_filters=4", "discriminator.base_filters=4", "data.num_classes=7"])
    gan = builders.build_gan(config)
    assert isinstance(gan, ACGAN) and gan.num_classes == 7
    assert [output.shape[-1] for output in gan.discriminator.outputs] == [1, 7]
    assert [tensor.name for tensor in gan.discriminator.inputs] == ["images"]  # it predicts the label, not takes it
