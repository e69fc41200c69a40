"""SavedModel export in TF Serving's layout: <export_base>/<model_name>/<version>/."""

import os
import shutil
import tempfile

import tensorflow as tf

from tfgan_zoo.export.checkpoint import ExportError, load_trained_gan


class GeneratorModule(tf.Module):
    """The generator behind named serving signatures.

    serving_default: z float32 [batch, z_dim] -> {"images": float32 [batch, H, W, C] in [-1, 1]}
    """

    def __init__(self, generator, z_dim):
        super().__init__()
        self.generator = generator
        self.serving_default = tf.function(
            self._images_from_z,
            input_signature=[tf.TensorSpec([None, z_dim], tf.float32, name="z")],
        )

    def _images_from_z(self, z):
        return {"images": tf.cast(self.generator(z, training=False), tf.float32)}


def next_version(model_dir):
    """1 + the largest integer version under model_dir (1 when there is none)."""
    if not os.path.isdir(model_dir):
        return 1
    versions = [int(name) for name in os.listdir(model_dir) if name.isdigit()]
    return max(versions, default=0) + 1


def save_generator(generator, z_dim, model_dir, version=None):
    """Writes the generator as <model_dir>/<version>/ and returns that path.

    The SavedModel is written to a temporary directory beside the target and
    renamed into place, so a failed export leaves nothing half-written, and
    an existing version is never overwritten.
    """
    version = next_version(model_dir) if version is None else version
    target = os.path.join(model_dir, str(version))
    if os.path.exists(target):
        raise ExportError(f"{target} already exists; exports never overwrite a version")
    os.makedirs(model_dir, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{version}-", dir=model_dir)
    try:
        module = GeneratorModule(generator, z_dim)
        tf.saved_model.save(module, staging, signatures={"serving_default": module.serving_default})
        os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def export_saved_model(workdir, export_base=None, model_name=None):
    """Exports the latest checkpoint of a training workdir; returns the version path."""
    gan, config, _ = load_trained_gan(workdir)
    export_base = export_base or os.path.join(workdir, "export")
    model_name = model_name or config["variant"]["name"]
    return save_generator(gan.generator, gan.z_dim, os.path.join(export_base, model_name))
