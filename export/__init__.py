"""Export trained generators: SavedModels for TF Serving, TFLite/LiteRT files for phones.

    from tfgan_zoo.export import export
    report = export("runs/dcgan_mnist", formats=("saved_model", "tflite"))
"""

import os
import shutil

import tensorflow as tf

from tfgan_zoo.errors import ExportError, reason_of, system_refusal
from tfgan_zoo.export.checkpoint import load_trained_gan
from tfgan_zoo.export.saved_model import GeneratorModule, next_version, save_generator
from tfgan_zoo.export.tflite import PARITY_BOUNDS, convert_all, read_metadata, run_tflite
from tfgan_zoo.gans.staged import StagedGAN
from tfgan_zoo.networks.aids import fold_spectral_norm
from tfgan_zoo.workdir import EXPORT_DIR

FORMATS = ("saved_model", "tflite")


def export(workdir, formats=FORMATS, export_base=None, model_name=None, resolution=None, report_progress=None,
           step=None):
    """Exports the latest checkpoint of a training workdir, or its kept checkpoint of `step`.

    Writes <export_base>/<model_name>/<version>/ (SavedModel, TF Serving's
    layout) and <export_base>/<model_name>_tflite/<version>/ (TFLite files),
    the next version in each. Returns {"saved_model": path, "tflite": [TFLiteFile]}.
    A progressive generator (progan) is exported at the resolution reached,
    or at a lower trained `resolution`. report_progress(line), when given,
    hears each file as it is written and checked.
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ExportError(f"unknown export format {unknown[0]!r}; choose from {', '.join(FORMATS)} or all")
    gan, config, checkpoint = load_trained_gan(workdir, step)
    if resolution is not None and not isinstance(gan, StagedGAN):
        raise ExportError(f"--resolution applies to progressive generators; {config['variant']['name']} has one "
                          "resolution")
    export_base = export_base or os.path.join(workdir, EXPORT_DIR)
    model_name = model_name or config["variant"]["name"]
    report = {"checkpoint": checkpoint}
    try:
        _write(report, formats, gan, config, checkpoint, export_base, model_name, resolution,
               report_progress or (lambda line: None))
    except (OSError, tf.errors.OpError) as error:
        reason = system_refusal(error, name_path=False) or f"{reason_of(error)}; is the disk full?"
        raise ExportError(f"could not write the export under {export_base} ({reason}); nothing was left "
                          "half-written") from None
    return report


def _write(report, formats, gan, config, checkpoint, export_base, model_name, resolution, progress):
    # With ema_decay set this is the moving average of G's weights; spectral
    # norm is folded into plain kernels (the same function, no power iteration).
    try:
        generator = gan.sampling_generator(resolution) if resolution else gan.sampling_generator()
    except ValueError as error:
        raise ExportError(f"--resolution: {error}") from None
    generator = fold_spectral_norm(generator)
    label_shares = _label_shares(gan)
    progress(f"exporting {checkpoint}")
    if "saved_model" in formats:
        report["saved_model"] = save_generator(generator, gan.z_dim, os.path.join(export_base, model_name),
                                               num_classes=gan.num_classes, label_probabilities=label_shares)
        progress(f"  SavedModel (TF Serving): {report['saved_model']}")
    if "tflite" in formats:
        tflite_dir = os.path.join(export_base, f"{model_name}_tflite")
        metadata = {
            "z_dim": gan.z_dim,
            "num_classes": gan.num_classes,
            "output_range": [-1.0, 1.0],
            "output_shape": list(generator.output_shape[1:]),
            "ema": gan.aid("ema") is not None,
            "variant": config["variant"]["name"],
            "checkpoint": os.path.basename(checkpoint),
        }
        if label_shares is not None:
            metadata["label_probabilities"] = label_shares
        target = os.path.join(tflite_dir, str(next_version(tflite_dir)))

        def on_file(file, done, total):
            progress(f"  [{done}/{total}] {os.path.basename(file.path)}  {file.size_bytes / 1e6:.2f} MB  "
                     f"max|tflite-keras|={file.max_abs_error:.2e} (bound {file.bound:.3g})")

        try:
            report["tflite"] = convert_all(generator, gan.z_dim, target, metadata, num_classes=gan.num_classes,
                                           on_file=on_file)
        except BaseException:
            # One export is every format or none: a SavedModel version published a moment ago
            # is withdrawn (before TF Serving's next poll, usually), so a rerun numbers both alike.
            if "saved_model" in report:
                shutil.rmtree(report.pop("saved_model"), ignore_errors=True)
            raise
        progress(f"  TFLite files: {target}")


def _label_shares(gan):
    """Each label's probability when a sample's label is not chosen, for a model whose labels are
    not uniform (a self-conditioned GAN's clusters: their shares of the data); None otherwise.
    A server drawing "any image" draws its label from these, as `tfgan-zoo eval` does."""
    shares = gan.label_probabilities()
    return None if shares is None else [float(share) for share in shares]


def export_saved_model(workdir, export_base=None, model_name=None):
    """Exports only the SavedModel; returns its version path."""
    return export(workdir, ("saved_model",), export_base, model_name)["saved_model"]


__all__ = [
    "FORMATS",
    "PARITY_BOUNDS",
    "ExportError",
    "GeneratorModule",
    "convert_all",
    "export",
    "export_saved_model",
    "load_trained_gan",
    "next_version",
    "read_metadata",
    "run_tflite",
    "save_generator",
]
