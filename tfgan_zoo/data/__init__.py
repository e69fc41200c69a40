"""tf.data input pipelines: TFDS by name, image folders."""

from tfgan_zoo.data.pipeline import check_padding, to_model_range, training_batches
from tfgan_zoo.data.sources import DataError, Source, image_folder_source, tfds_source
from tfgan_zoo.data.stacked_mnist import stacked_mnist_source
from tfgan_zoo.data.toy import MIXTURES, Mixture, toy_source


def load_source(name, split="train", data_dir=None, path=None, channels=3, on_bad_file="skip"):
    """Returns the `Source` for a dataset name: a toy mixture, "image_folder",
    "stacked_mnist" or a TFDS name."""
    if name in MIXTURES:
        return toy_source(name)
    if name == "stacked_mnist":
        return stacked_mnist_source(split=split, data_dir=data_dir)
    if name == "image_folder":
        if not path:
            raise DataError("data.name='image_folder' needs data.path, the folder of images")
        return image_folder_source(path, channels=channels, on_bad_file=on_bad_file)
    return tfds_source(name, split=split, data_dir=data_dir)


__all__ = [
    "MIXTURES",
    "check_padding",
    "DataError",
    "Mixture",
    "Source",
    "image_folder_source",
    "load_source",
    "stacked_mnist_source",
    "tfds_source",
    "to_model_range",
    "toy_source",
    "training_batches",
]
