"""Data sources and the training pipeline, on the prepared MNIST and on files made here."""

import os

import numpy as np
import pytest
import tensorflow as tf
import tensorflow_datasets as tfds

from tfgan_zoo import data


def test_mnist_batches_are_scaled_labelled_and_full(mnist_data_dir):
    source = data.tfds_source("mnist", split="test", data_dir=mnist_data_dir)
    assert (source.channels, source.num_classes, source.num_examples) == (1, 10, 10_000)
    images, labels = next(iter(data.training_batches(source, 28, 1, batch_size=32, seed=0)))
    assert images.shape == (32, 28, 28, 1) and images.dtype == tf.float32
    assert labels.shape == (32,) and labels.dtype == tf.int64
    assert -1.0 <= float(tf.reduce_min(images)) and float(tf.reduce_max(images)) <= 1.0
    assert float(tf.reduce_min(images)) == -1.0  # MNIST background is exactly 0 -> -1


def test_same_seed_same_order(mnist_data_dir):
    def first_labels(seed):
        source = data.tfds_source("mnist", split="test[:500]", data_dir=mnist_data_dir)
        batches = data.training_batches(source, 28, 1, batch_size=50, shuffle_buffer=500, seed=seed)
        return np.concatenate([labels.numpy() for _, labels in batches.take(4)])

    np.testing.assert_array_equal(first_labels(7), first_labels(7))
    assert not np.array_equal(first_labels(7), first_labels(8))


def test_resize_to_another_resolution(mnist_data_dir):
    source = data.tfds_source("mnist", split="test[:64]", data_dir=mnist_data_dir)
    images, _ = next(iter(data.training_batches(source, 32, 1, batch_size=8)))
    assert images.shape == (8, 32, 32, 1)


def test_a_dataset_that_is_not_prepared_says_how_to_get_it(tmp_path):
    with pytest.raises(data.DataError, match=r"not prepared (.|\n)* `tfds build cifar10"):
        data.tfds_source("cifar10", data_dir=str(tmp_path))


def test_an_unknown_dataset_name_is_an_error(tmp_path):
    with pytest.raises(data.DataError, match="not a TFDS dataset"):
        data.tfds_source("no_such_dataset_anywhere", data_dir=str(tmp_path))


def test_channel_mismatch_names_the_fix(mnist_data_dir):
    source = data.tfds_source("mnist", split="test[:64]", data_dir=mnist_data_dir)
    with pytest.raises(data.DataError, match="set data.channels=1"):
        data.training_batches(source, 28, 3, batch_size=8)


def test_fewer_examples_than_one_batch_is_an_error(mnist_data_dir):
    source = data.tfds_source("mnist", split="test[:4]", data_dir=mnist_data_dir)
    with pytest.raises(data.DataError, match="fewer than one batch"):
        data.training_batches(source, 28, 1, batch_size=8)


def test_mock_data_path_works_without_prepared_files():
    with tfds.testing.mock_data(num_examples=16):
        source = data.tfds_source("mnist", split="train")
        images, labels = next(iter(data.training_batches(source, 28, 1, batch_size=8)))
    assert images.shape == (8, 28, 28, 1) and labels.shape == (8,)


def _write_image(path, array):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tf.io.write_file(path, tf.io.encode_png(array))


def test_image_folder_with_classes_and_mixed_channel_counts(tmp_path):
    rng = np.random.default_rng(0)
    _write_image(str(tmp_path / "cats" / "a.png"), rng.integers(0, 255, (20, 30, 1), dtype=np.uint8))
    _write_image(str(tmp_path / "cats" / "b.png"), rng.integers(0, 255, (16, 16, 4), dtype=np.uint8))
    _write_image(str(tmp_path / "dogs" / "c.png"), rng.integers(0, 255, (16, 16, 3), dtype=np.uint8))
    (tmp_path / "notes.txt").write_text("not an image")
    source = data.image_folder_source(str(tmp_path), channels=3)
    assert (source.num_examples, source.num_classes) == (3, 2)
    images, labels = next(iter(data.training_batches(source, 8, 3, batch_size=3, repeat=False)))
    assert images.shape == (3, 8, 8, 3)
    assert sorted(labels.numpy().tolist()) == [0, 0, 1]


def test_empty_or_missing_image_folder_is_an_error(tmp_path):
    with pytest.raises(data.DataError, match="holds no image files"):
        data.image_folder_source(str(tmp_path))
    with pytest.raises(data.DataError, match="does not exist"):
        data.image_folder_source(str(tmp_path / "nope"))


def test_toy_mixtures_by_name():
    source = data.load_source("grid25")
    assert (source.kind, source.num_classes) == ("points", 25)
    points, modes = next(iter(data.training_batches(source, 0, 0, batch_size=512, seed=0)))
    assert points.shape == (512, 2) and points.dtype == tf.float32
    centers = data.MIXTURES["grid25"].centers
    np.testing.assert_allclose(np.abs(points.numpy() - centers[modes.numpy()]).max(), 0.0, atol=0.05 * 6)


def test_image_folder_skips_or_rejects_unreadable_files(tmp_path):
    rng = np.random.default_rng(0)
    for index in range(3):
        _write_image(str(tmp_path / f"good{index}.png"), rng.integers(0, 255, (12, 10, 3), dtype=np.uint8))
    (tmp_path / "truncated.png").write_bytes((tmp_path / "good0.png").read_bytes()[:40])
    (tmp_path / "text.jpg").write_text("this is not a jpeg")
    source = data.image_folder_source(str(tmp_path), channels=3, on_bad_file="skip")
    assert source.num_examples == 3
    assert sorted(os.path.basename(f) for f in source.skipped_files) == ["text.jpg", "truncated.png"]
    images, _ = next(iter(data.training_batches(source, 8, 3, batch_size=3, repeat=False)))
    assert images.shape == (3, 8, 8, 3)
    with pytest.raises(data.DataError, match=r"2 of 5 files .* cannot be decoded .* data.on_bad_file=skip"):
        data.image_folder_source(str(tmp_path), channels=3, on_bad_file="error")
    with pytest.raises(data.DataError, match="data.on_bad_file must be one of skip, error"):
        data.image_folder_source(str(tmp_path), on_bad_file="ignore")


def test_padding_smaller_than_the_images_is_refused_before_tracing(mnist_data_dir):
    source = data.tfds_source("mnist", "test[:8]", data_dir=mnist_data_dir)
    with pytest.raises(data.DataError, match=r"has 28x28 images, larger than data.pad_to=10; .* at least 28"):
        data.training_batches(source, image_size=32, channels=1, batch_size=4, pad_to=10)
    batches = data.training_batches(source, image_size=32, channels=1, batch_size=4, pad_to=32)
    images, _ = next(iter(batches))
    assert images.shape == (4, 32, 32, 1) and float(images[:, :2].numpy().max()) == -1.0  # black padding
