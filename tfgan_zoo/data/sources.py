"""Where examples come from: TFDS by name, or a folder of image files.

Every source returns a `Source`: a `tf.data.Dataset` of {"image": uint8
[H, W, C], "label": int64} dicts, plus what the pipeline needs to know about
it. Sources never download: offline, TFDS reads what is prepared in
`data_dir` (or TFDS_DATA_DIR).
"""

import dataclasses
import os

import tensorflow as tf

from tfgan_zoo.errors import DataError

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


@dataclasses.dataclass(frozen=True)
class Source:
    """A dataset of {"image", "label"} examples and what is known about it.

    Attributes:
        dataset: tf.data.Dataset of {"image": uint8 [H, W, C], "label": int64}.
        num_examples: examples in the split.
        channels: image channels, or None where the files decide.
        num_classes: number of labels (0 when unlabelled).
        name: human-readable origin.
        kind: "images" (uint8 [H, W, C]) or "points" (float32 vectors, used as they are).
        skipped_files: files left out because they could not be decoded.
    """

    dataset: tf.data.Dataset
    num_examples: int
    channels: int
    num_classes: int
    name: str
    kind: str = "images"
    skipped_files: tuple = ()


def tfds_source(name, split="train", data_dir=None, shuffle_files_seed=None):
    """Reads a prepared TFDS dataset by name, never downloading.

    Args:
        name: TFDS name, e.g. "mnist", "cifar10", "celeb_a".
        split: TFDS split expression, e.g. "train" or "train[:10%]".
        data_dir: where the prepared data lives; TFDS_DATA_DIR when None.
        shuffle_files_seed: seed for file-order shuffling, None for file order.
    """
    import tensorflow_datasets as tfds

    data_dir = data_dir or os.environ.get("TFDS_DATA_DIR")
    try:
        builder = tfds.builder(name, data_dir=data_dir)
    except (tfds.core.registered.DatasetNotFoundError, ValueError, TypeError):  # unknown, or not a name at all
        raise DataError(
            f"dataset {name!r} is not a TFDS dataset; use a TFDS name such as "
            "'mnist' or 'cifar10', or 'image_folder' with data.path set"
        ) from None
    info = builder.info
    image_key = _image_feature(info.features, name)
    # The training pipeline decides what to cache (`training_batches`): TFDS's
    # own auto-cache of small datasets would hold a second copy, and warn
    # whenever a reader stops before the end of a pass (evaluation's
    # reference features, a short run).
    read_config = tfds.ReadConfig(try_autocache=False, shuffle_seed=shuffle_files_seed)
    try:
        dataset = builder.as_dataset(split=split, shuffle_files=shuffle_files_seed is not None,
                                     read_config=read_config)
    except AssertionError:
        # TFDS asserts that prepared files exist before it reads them.
        where = data_dir or "the default TFDS directory"
        raise DataError(
            f"dataset {name!r} is not prepared in {where}; set data.download=auto to prepare it "
            f"here, or run `tfds build {name} --data_dir=DIR` where there is internet and pass "
            "--data_dir=DIR (or set TFDS_DATA_DIR=DIR)"
        ) from None
    except (KeyError, ValueError) as error:
        raise DataError(f"dataset {name!r} has no split {split!r}: {error}") from None
    try:
        num_examples = info.splits[split].num_examples
    except KeyError:  # split metadata missing, as under tfds.testing.mock_data
        num_examples = max(int(dataset.cardinality()), 0)
    label_feature = info.features["label"] if "label" in info.features else None
    num_classes = getattr(label_feature, "num_classes", 0) or 0

    def to_example(features):
        label = features["label"] if label_feature is not None else tf.constant(-1, tf.int64)
        return {"image": features[image_key], "label": tf.cast(label, tf.int64)}

    return Source(
        dataset=dataset.map(to_example, num_parallel_calls=tf.data.AUTOTUNE),
        num_examples=num_examples,
        channels=info.features[image_key].shape[-1],
        num_classes=num_classes,
        name=f"tfds:{name}/{split}",
    )


def _image_feature(features, name):
    for key in ("image", "img"):
        if key in features:
            return key
    raise DataError(f"dataset {name!r} has no image feature (features: {', '.join(features)})")


BAD_FILE_POLICIES = ("skip", "error")


def image_folder_source(path, channels=3, on_bad_file="skip"):
    """Reads every image file below `path`; each subfolder is one class.

    Images directly in `path` (no subfolders) are one unlabelled class 0.
    Files are decoded to `channels` channels (1 or 3), so folders mixing
    grayscale, RGB and RGBA files yield one consistent shape; sizes may
    differ too (the pipeline crops and resizes). Every file is decoded once
    up front: with on_bad_file="skip" the unreadable ones are left out and
    listed in `skipped_files`; with "error" the first one is an error.
    """
    if on_bad_file not in BAD_FILE_POLICIES:
        raise DataError(f"data.on_bad_file must be one of {', '.join(BAD_FILE_POLICIES)}, got {on_bad_file!r}")
    if not tf.io.gfile.isdir(path):
        raise DataError(f"image folder {path!r} does not exist; set data.path to a folder of images")
    files = sorted(
        os.path.join(root, name)
        for root, _, names in tf.io.gfile.walk(path)
        for name in names
        if name.lower().endswith(IMAGE_EXTENSIONS)
    )
    if not files:
        raise DataError(
            f"image folder {path!r} holds no image files ({', '.join(IMAGE_EXTENSIONS)})"
        )
    readable = _decodable(files)
    skipped = tuple(f for f, ok in zip(files, readable, strict=True) if not ok)
    if skipped and on_bad_file == "error":
        raise DataError(
            f"{len(skipped)} of {len(files)} files in {path!r} cannot be decoded as images, e.g. "
            f"{skipped[0]!r}; remove them or set data.on_bad_file=skip"
        )
    files = [f for f, ok in zip(files, readable, strict=True) if ok]
    if not files:
        raise DataError(f"no file in image folder {path!r} can be decoded as an image")
    class_names = sorted({os.path.relpath(os.path.dirname(f), path) for f in files} - {"."})
    class_index = {name: index for index, name in enumerate(class_names)}
    labels = [class_index.get(os.path.relpath(os.path.dirname(f), path), 0) for f in files]

    def load(file, label):
        image = tf.io.decode_image(tf.io.read_file(file), channels=channels, expand_animations=False)
        return {"image": image, "label": label}

    dataset = tf.data.Dataset.from_tensor_slices((files, tf.constant(labels, tf.int64)))
    return Source(
        dataset=dataset.map(load, num_parallel_calls=tf.data.AUTOTUNE),
        num_examples=len(files),
        channels=channels,
        num_classes=len(class_names),
        name=f"image_folder:{path}",
        skipped_files=skipped,
    )


def _decodable(files):
    """Whether each file decodes as an image, checked in parallel by tf.data."""
    def decode(index, file):
        image = tf.io.decode_image(tf.io.read_file(file), expand_animations=False)
        return index, tf.shape(image)[0]

    indexed = tf.data.Dataset.from_tensor_slices((tf.range(len(files), dtype=tf.int64), files))
    # A file that fails to read or decode raises inside the map; ignore_errors
    # drops exactly those elements, so the indices that survive are readable.
    survivors = indexed.map(decode, num_parallel_calls=tf.data.AUTOTUNE).ignore_errors()
    good = {int(index) for index, _ in survivors.as_numpy_iterator()}
    return [index in good for index in range(len(files))]
