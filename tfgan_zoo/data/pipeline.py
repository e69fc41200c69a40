"""From a `Source` to training batches: square crop, resize, scale to [-1, 1], batch."""

import tensorflow as tf

from tfgan_zoo.data.sources import DataError


def to_model_range(image, image_size, pad_to=0):
    """uint8 [H, W, C] -> float32 [image_size, image_size, C] in [-1, 1].

    Non-square images are centre-cropped to a square first (as DCGAN does for
    CelebA); with pad_to, the square is then padded with black to pad_to x
    pad_to (MNIST's 28 -> 32 for Progressive GAN); the result is resized with
    area averaging when it shrinks.
    """
    shape = tf.shape(image)
    side = tf.minimum(shape[0], shape[1])
    image = tf.image.crop_to_bounding_box(
        image, (shape[0] - side) // 2, (shape[1] - side) // 2, side, side
    )
    if pad_to:
        tf.debugging.assert_less_equal(side, pad_to, message=f"images are larger than data.pad_to={pad_to}")
        offset = (pad_to - side) // 2
        image = tf.image.pad_to_bounding_box(image, offset, offset, pad_to, pad_to)
    image = tf.cast(image, tf.float32)
    if image.shape[0] != image_size or image.shape[1] != image_size:
        image = tf.image.resize(image, [image_size, image_size], method="area", antialias=True)
    image = tf.reshape(image, [image_size, image_size, image.shape[-1]])
    return image / 127.5 - 1.0


def check_padding(source, pad_to):
    """A DataError, before any tracing, when the source's images (of a size
    known up front, as TFDS's are) are larger than pad_to."""
    if not pad_to or source.kind != "images":
        return
    shape = source.dataset.element_spec["image"].shape
    if shape.rank == 3 and shape[0] is not None and shape[1] is not None and min(shape[0], shape[1]) > pad_to:
        side = min(shape[0], shape[1])
        raise DataError(f"{source.name} has {side}x{side} images, larger than data.pad_to={pad_to}; set "
                        f"data.pad_to to 0 or at least {side}")


def training_batches(source, image_size, channels, batch_size, shuffle_buffer=10_000, seed=0,
                     repeat=True, cache=True, skip_batches=0, pad_to=0):
    """Shuffled, repeated (images, labels) batches of float32 images in [-1, 1].

    Args:
        source: a `tfgan_zoo.data.Source`.
        image_size: output side length.
        channels: expected channels; a mismatch with the source is an error.
        batch_size: examples per batch (the global batch under a strategy).
        shuffle_buffer: shuffle buffer size in examples.
        seed: shuffle seed; the same seed gives the same order.
        repeat: repeat forever (training) or make one pass.
        cache: keep the decoded uint8 examples in memory after the first pass.
        skip_batches: batches to drop from the start, so that a run resumed at
            step N reads exactly the batches an uninterrupted run reads from
            step N on. Skipping happens before decoding and resizing, on the
            cached examples.
        pad_to: pad each square image with black to this size before resizing (0: no padding).
    """
    if source.kind == "images" and source.channels is not None and source.channels != channels:
        raise DataError(
            f"{source.name} has {source.channels}-channel images but the config asks for "
            f"channels={channels}; set data.channels={source.channels} and the networks' "
            "channels to match"
        )
    if batch_size < 1:
        raise DataError(f"batch_size must be >= 1, got {batch_size}")
    if source.num_examples and source.num_examples < batch_size:
        raise DataError(
            f"{source.name} has {source.num_examples} examples, fewer than one batch of "
            f"{batch_size}; lower train.batch_size"
        )
    check_padding(source, pad_to)
    dataset = source.dataset
    if cache:
        dataset = dataset.cache()
    if repeat:
        dataset = dataset.repeat()
    dataset = dataset.shuffle(shuffle_buffer, seed=seed, reshuffle_each_iteration=True)
    if skip_batches:
        dataset = dataset.skip(skip_batches * batch_size)

    def prepare(example):
        if source.kind == "points":
            return example["image"], example["label"]
        return to_model_range(example["image"], image_size, pad_to), example["label"]

    dataset = dataset.map(prepare, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    dataset = dataset.batch(batch_size, drop_remainder=True)
    return dataset.prefetch(tf.data.AUTOTUNE)
