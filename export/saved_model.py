"""SavedModel export in TF Serving's layout: <export_base>/<model_name>/<version>/.

Signatures (named inputs and outputs, dynamic batch):
    serving_default:    z float32 [batch, z_dim] -> images float32 [batch, H, W, C] in [-1, 1]
    generate:           seed int64 [batch] -> images, images_uint8 uint8 [batch, H, W, C]
    generate_truncated: seed int64 [batch], truncation float32 [] -> images, images_uint8
A SavedModel signature has no optional inputs, so "generate with an optional
truncation" is two signatures. `generate` draws z_i ~ N(0, I) from seed_i
(tfgan_zoo.sampling.z_from_seeds), so a client needs no z of its own.
A conditional generator's signatures take one more input, label int64 [batch]
in [0, num_classes); a label outside that range fails the request with a
message saying so.
"""

import json
import os
import shutil
import tempfile

import keras
import tensorflow as tf

from tfgan_zoo import sampling
from tfgan_zoo.errors import ExportError
from tfgan_zoo.gans.gan import check_labels

SIGNATURES = ("serving_default", "generate", "generate_truncated")
# Beside the warmup records; TF Serving ignores other files in assets.extra.
METADATA_FILE = os.path.join("assets.extra", "tfgan_zoo.json")


class GeneratorModule:
    """The generator's serving functions (see the module docstring).

    Args:
        generator: the Keras generator.
        z_dim: latent size.
        batch_size: None for a dynamic batch dimension, or a fixed size.
        num_classes: > 0 for a conditional generator: every signature takes a label.
        check_labels: assert labels are in range (SavedModel); TFLite files
            leave the assertion out, since TFLite has no builtin Assert op.
    """

    def __init__(self, generator, z_dim, batch_size=None, num_classes=0, check_labels=True):
        self.generator = generator
        self.z_dim = z_dim
        self.num_classes = num_classes
        self.check_labels = check_labels
        seed_spec = tf.TensorSpec([batch_size], tf.int64, name="seed")
        label = [tf.TensorSpec([batch_size], tf.int64, name="label")] if num_classes else []
        self.input_signatures = {
            "serving_default": [tf.TensorSpec([batch_size, z_dim], tf.float32, name="z"), *label],
            "generate": [seed_spec, *label],
            "generate_truncated": [seed_spec, tf.TensorSpec([], tf.float32, name="truncation"), *label],
        }

    def _images(self, z, label):
        if not self.num_classes:
            return tf.cast(self.generator(z, training=False), tf.float32)
        if self.check_labels:
            label = check_labels(label, self.num_classes)
        return tf.cast(self.generator([z, tf.cast(label, tf.int32)], training=False), tf.float32)

    def serving_default(self, z, label=None):
        return {"images": self._images(z, label)}

    def generate(self, seed, label=None):
        images = self._images(sampling.z_from_seeds(seed, self.z_dim), label)
        return {"images": images, "images_uint8": sampling.to_uint8(images)}

    def generate_truncated(self, seed, truncation, label=None):
        tf.debugging.assert_positive(truncation, message="truncation must be > 0")
        images = self._images(sampling.z_from_seeds(seed, self.z_dim, truncation), label)
        return {"images": images, "images_uint8": sampling.to_uint8(images)}

    def archive(self, names=SIGNATURES):
        """A keras.export.ExportArchive with the named endpoints.

        ExportArchive records the variables the endpoints read as the
        SavedModel's own, which the TFLite converter needs to freeze them; a
        plain tf.Module holding a Keras 3 model leaves them out and the
        converted file reads variables that do not exist.
        """
        archive = keras.export.ExportArchive()
        archive.track(self.generator)
        for name in names:
            archive.add_endpoint(name=name, fn=getattr(self, name), input_signature=self.input_signatures[name])
        return archive


def next_version(model_dir):
    """1 + the largest integer version under model_dir (1 when there is none)."""
    if not os.path.isdir(model_dir):
        return 1
    versions = [int(name) for name in os.listdir(model_dir) if name.isdigit()]
    return max(versions, default=0) + 1


def staged_directory(target):
    """A fresh directory beside `target` to write into before renaming it into place."""
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    return tempfile.mkdtemp(prefix=f".{os.path.basename(target)}-", dir=parent)


def discard(staging):
    """Removes a staging directory, and its parent if that leaves it empty."""
    shutil.rmtree(staging, ignore_errors=True)
    parent = os.path.dirname(staging)
    if os.path.isdir(parent) and not os.listdir(parent):
        os.rmdir(parent)


def publish(staging, target):
    """Renames a finished staging directory to `target`; never overwrites."""
    if os.path.exists(target):
        raise ExportError(f"{target} already exists; exports never overwrite a version")
    os.rename(staging, target)


def write_saved_model(module, directory, signature_names=SIGNATURES):
    module.archive(signature_names).write_out(directory, verbose=False)


def save_generator(generator, z_dim, model_dir, version=None, warmup=True, num_classes=0,
                   label_probabilities=None):
    """Writes the generator as <model_dir>/<version>/ and returns that path.

    `label_probabilities` (a list summing to 1), when given, goes into the metadata: the
    labels' shares for a conditional model whose labels are not uniform.

    Everything is written to a staging directory beside the target and renamed
    into place, so a failed export leaves nothing half-written, and an
    existing version is never overwritten.
    """
    from tfgan_zoo.export import warmup as warmup_lib

    version = next_version(model_dir) if version is None else version
    target = os.path.join(model_dir, str(version))
    if os.path.exists(target):
        raise ExportError(f"{target} already exists; exports never overwrite a version")
    staging = staged_directory(target)
    try:
        write_saved_model(GeneratorModule(generator, z_dim, num_classes=num_classes), staging)
        os.makedirs(os.path.join(staging, "assets.extra"), exist_ok=True)
        metadata = {"z_dim": z_dim, "num_classes": num_classes, "output_shape": list(generator.output_shape[1:])}
        if label_probabilities is not None:
            metadata["label_probabilities"] = list(label_probabilities)
        with open(os.path.join(staging, METADATA_FILE), "w") as file:
            json.dump(metadata, file, sort_keys=True)
        if warmup:
            warmup_lib.write_warmup_requests(staging, z_dim, num_classes)
        publish(staging, target)
    finally:
        discard(staging)
    return target


def read_saved_model_metadata(path):
    """The metadata written beside an exported SavedModel: z_dim, num_classes, output_shape, and
    label_probabilities for a model whose labels are not uniform."""
    metadata_path = os.path.join(path, METADATA_FILE)
    if not os.path.exists(metadata_path):
        raise ExportError(f"{path} has no {METADATA_FILE}; was it written by tfgan-zoo export?")
    try:
        with open(metadata_path, encoding="utf-8") as file:
            metadata = json.load(file)
        if not isinstance(metadata, dict) or not isinstance(metadata.get("num_classes"), int):
            raise ValueError("no num_classes")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ExportError(f"{metadata_path} cannot be read ({str(error).splitlines()[0][:120]}); export the "
                          "model again with tfgan-zoo export") from None
    return metadata
