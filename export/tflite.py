"""TFLite/LiteRT generator files with embedded metadata and parity checks.

Every file is converted from a SavedModel signature (`from_saved_model`):
converting a Keras 3 model through concrete functions fails for full-integer
quantization ("READ_VARIABLE ... variable != nullptr"). Converters are
restricted to TFLite builtin ops, so an op that would need the Flex delegate
fails the export instead of silently growing the file and the app.

Variants (QUANTIZATIONS): float32 and float16 weights, dynamic-range (int8
weights, float activations), and full-integer int8 (int8 weights and
activations calibrated on a representative set of z; the input z and output
images stay float32 so apps feed the same tensors). Each comes with a dynamic
batch; float32 and float16 also come fixed at batch 1, as mobile GPU delegates
want.
"""

import dataclasses
import json
import math
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf

from tfgan_zoo.errors import ExportError
from tfgan_zoo.export.saved_model import GeneratorModule, discard, write_saved_model
from tfgan_zoo.layers import latent_codes

METADATA_NAME = "tfgan_zoo"

# Max |TFLite - Keras| over a parity batch, in units of the [-1, 1] output.
# float32 must match to rounding, float16 to its weights' 11-bit precision.
# The integer files round to 8 bits the weights of each layer they quantize
# and that layer's input, and what that does to the images depends on the
# generator: a sharp one turns a rounding of its input into a visible change
# of a few pixels. So the generator's own sensitivity s is measured in Keras
# on the parity batch: the largest output change that rounding z to int8
# alone makes (`round_to_int8`). A file with k int8 weight tensors
# makes 2k such roundings; independent perturbations of size s add up to
# about sqrt(2k) s. An integer file's bound is the larger of its floor below
# and that (`parity_bound`). A wrong conversion (a swapped layout, a lost
# layer) changes the images by far more. Measured values: BENCHMARKS.md.
# The int8 file also reads z itself at 8 bits (its input scale, calibrated on
# the representative set). For most generators that is one more rounding; for
# a categorical code it can swap the argmax of two close coordinates, another
# category for that z from the same distribution. So the int8 file is compared
# with the generator fed the z the file reads (`file_input_rounding`), and the
# sensitivity leaves the codes' coordinates exact (`latent_codes`).
# A float16 file is the generator with its weights rounded to 11 bits, after
# the converter folds batch norm into them; what that rounding does depends on
# the generator too (wide layers sum many rounded products). So it is measured
# in Keras the same way, on the parity batch with every weight rounded to
# float16 (`half_precision_sensitivity`); folding first rounds other numbers
# to the same precision, and the bound allows twice the measured change
# (`parity_bound`), at least its floor.
PARITY_BOUNDS = {"float32": 1e-4, "float16": 1e-2, "dynamic_range": 0.15, "int8": 0.5}
INTEGER_QUANTIZATIONS = ("dynamic_range", "int8")
QUANTIZATIONS = tuple(PARITY_BOUNDS)
BATCH1_QUANTIZATIONS = ("float32", "float16")


@dataclasses.dataclass
class TFLiteFile:
    path: str
    quantization: str
    batch_size: int  # 0 for a dynamic batch
    size_bytes: int = 0
    max_abs_error: float = float("nan")
    bound: float = float("nan")


def _converter(saved_model_dir, quantization, z_dim, num_classes=0, calibration_seed=0):
    converter = tf.lite.TFLiteConverter.from_saved_model(saved_model_dir, signature_keys=["serving_default"])
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
    if quantization == "float16":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.target_spec.supported_types = [tf.float16]
    elif quantization == "dynamic_range":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    elif quantization == "int8":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        rng = np.random.default_rng(calibration_seed)

        def representative_dataset():
            for index in range(64):
                example = {"z": rng.standard_normal((1, z_dim)).astype(np.float32)}
                if num_classes:
                    example["label"] = np.array([index % num_classes], np.int64)
                yield example

        converter.representative_dataset = representative_dataset
    elif quantization != "float32":
        raise ExportError(f"unknown quantization {quantization!r}; choose from {', '.join(QUANTIZATIONS)}")
    return converter


def embed_metadata(model_bytes, metadata):
    """Returns the flatbuffer with `metadata` (a JSON-able dict) stored under METADATA_NAME."""
    from tensorflow.lite.python import schema_py_generated as schema
    from tensorflow.lite.tools import flatbuffer_utils

    model = flatbuffer_utils.convert_bytearray_to_object(bytearray(model_bytes))
    buffer = schema.BufferT()
    buffer.data = np.frombuffer(json.dumps(metadata, sort_keys=True).encode(), np.uint8)
    model.buffers.append(buffer)
    entry = schema.MetadataT()
    entry.name = METADATA_NAME
    entry.buffer = len(model.buffers) - 1
    model.metadata = [*(model.metadata or []), entry]
    return bytes(flatbuffer_utils.convert_object_to_bytearray(model))


def read_metadata(path):
    """The tfgan_zoo metadata dict stored in a .tflite file."""
    from tensorflow.lite.tools import flatbuffer_utils

    try:
        model = flatbuffer_utils.read_model(path)
    except Exception as error:  # noqa: BLE001  a damaged flatbuffer raises struct, index, unicode... errors
        raise ExportError(f"{path} is not a readable .tflite file ({type(error).__name__}: "
                          f"{str(error)[:120]}); export the model again with tfgan-zoo export") from None
    for entry in model.metadata or []:
        name = entry.name.decode() if isinstance(entry.name, bytes) else entry.name
        if name == METADATA_NAME:
            return json.loads(bytes(model.buffers[entry.buffer].data).decode())
    raise ExportError(f"{path} has no {METADATA_NAME} metadata; was it written by tfgan-zoo export?")


def run_tflite(path, z, labels=None):
    """Runs a generator file in the LiteRT interpreter; returns images [batch, H, W, C].

    A conditional generator's file also takes `labels` (int64 [batch])."""
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=path)
    runner = interpreter.get_signature_runner("serving_default")
    fixed_batch = interpreter.get_input_details()[0]["shape_signature"][0]
    step = fixed_batch if fixed_batch > 0 else len(z)

    def inputs(start):
        chunk = {"z": z[start:start + step]}
        if labels is not None:
            chunk["label"] = np.asarray(labels[start:start + step], np.int64)
        return chunk

    return np.concatenate([runner(**inputs(start))["images"] for start in range(0, len(z), step)])


def convert_all(generator, z_dim, target_dir, metadata, parity_samples=16, seed=0, num_classes=0,
                on_file=None):
    """Writes every TFLite variant into target_dir; returns their TFLiteFile reports.

    Raises ExportError when a converter needs non-builtin ops or a file's
    parity error exceeds its bound; target_dir is then not created.
    on_file(report, done, total), when given, is called as each file passes
    its parity check (conversion takes seconds per file).
    """
    z = np.random.default_rng(seed).standard_normal((parity_samples, z_dim)).astype(np.float32)
    labels = np.arange(parity_samples) % num_classes if num_classes else None

    def keras_images(latents):
        inputs = [tf.constant(latents), tf.constant(labels, tf.int32)] if num_classes else latents
        return np.asarray(generator(inputs, training=False), np.float32)

    expected = keras_images(z)
    # Rounding a categorical code's coordinates of z would flip the argmax of close ones, a move of
    # the whole image that no rounding of a layer's input makes (every layer with weights reads the
    # one-hot code, which rounds exactly): they stay exact.
    sensitivity = float(np.abs(keras_images(round_to_int8(z, math.prod(latent_codes(generator)))) - expected).max())
    half_sensitivity = half_precision_sensitivity(generator, lambda: keras_images(z), expected)
    parent = os.path.dirname(target_dir)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".tflite-", dir=parent)
    try:
        sources = {}
        for batch_size in (0, 1):
            sources[batch_size] = os.path.join(staging, f".saved_model_batch{batch_size}")
            module = GeneratorModule(generator, z_dim, batch_size=batch_size or None, num_classes=num_classes,
                                     check_labels=False)
            write_saved_model(module, sources[batch_size], signature_names=("serving_default",))
        reports = []
        plan = [(quantization, batch_size) for quantization in QUANTIZATIONS
                for batch_size in ((0, 1) if quantization in BATCH1_QUANTIZATIONS else (0,))]
        for quantization, batch_size in plan:
            reports.append(_convert_one(sources[batch_size], quantization, batch_size, z_dim, staging,
                                        metadata, (z, labels), keras_images, expected, sensitivity, num_classes,
                                        half_sensitivity))
            if on_file is not None:
                on_file(reports[-1], len(reports), len(plan))
        for source in sources.values():
            shutil.rmtree(source)
        if os.path.exists(target_dir):
            raise ExportError(f"{target_dir} already exists; exports never overwrite a version")
        os.rename(staging, target_dir)
    finally:
        discard(staging)
    for report in reports:
        report.path = os.path.join(target_dir, os.path.basename(report.path))
    return reports


def round_to_int8(values, exact_coordinates=0):
    """Each row rounded to 256 symmetric levels of its own range, as a hybrid kernel rounds its input:
    scale = max|row| / 127, round(row / scale) * scale. The first exact_coordinates stay as they are
    (a categorical code's, see `convert_all`)."""
    scale = np.abs(values).max(axis=-1, keepdims=True) / 127.0
    scale = np.where(scale > 0, scale, 1.0)
    rounded = (np.round(values / scale) * scale).astype(values.dtype)
    rounded[:, :exact_coordinates] = values[:, :exact_coordinates]
    return rounded


def file_input_rounding(model_bytes, z):
    """z as a full-integer file reads it: its float input enters through one QUANTIZE op, to
    q = clip(round(z / scale) + zero_point, -128, 127), which the file's layers read as
    (q - zero_point) scale. Returns that z (z itself for a file whose input is not quantized)."""
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_content=model_bytes)
    z_index = next(detail["index"] for detail in interpreter.get_input_details() if detail["dtype"] == np.float32)
    quantizers = [op for op in interpreter._get_ops_details()  # noqa: SLF001  the public API lists no ops
                  if op["op_name"] == "QUANTIZE" and list(op["inputs"]) == [z_index]]
    if not quantizers:
        return z
    quantized = next(detail for detail in interpreter.get_tensor_details()
                     if detail["index"] == quantizers[0]["outputs"][0])
    scale, zero_point = quantized["quantization"]
    levels = np.clip(np.round(z / scale) + zero_point, -128, 127)
    return ((levels - zero_point) * scale).astype(z.dtype)


def half_precision_sensitivity(generator, images, expected):
    """max |images() - expected| with every float weight of the generator, and the constants
    of the formulas of its layers that keep them as `formula_constants` (`UniformLatent`'s erf),
    rounded to float16, as a float16 file holds them (all restored after)."""
    originals = [weight.numpy() for weight in generator.weights]
    formulas = [layer for layer in generator.layers if hasattr(layer, "formula_constants")]
    constants = [layer.formula_constants for layer in formulas]
    try:
        for weight, value in zip(generator.weights, originals, strict=True):
            if np.issubdtype(value.dtype, np.floating):
                weight.assign(value.astype(np.float16).astype(value.dtype))
        for layer, values in zip(formulas, constants, strict=True):
            layer.formula_constants = tuple(float(np.float16(value)) for value in values)
        return float(np.abs(images() - expected).max())
    finally:
        for weight, value in zip(generator.weights, originals, strict=True):
            weight.assign(value)
        for layer, values in zip(formulas, constants, strict=True):
            layer.formula_constants = values


def parity_bound(quantization, sensitivity, int8_weight_tensors=0, half_sensitivity=0.0):
    """The largest |TFLite - Keras| a file of this quantization may show (see PARITY_BOUNDS):
    sensitivity is the generator's output change when its z is rounded to int8,
    int8_weight_tensors the file's int8 weight tensors (each a rounded layer with a rounded input),
    and half_sensitivity its output change when its weights are rounded to float16."""
    floor = PARITY_BOUNDS[quantization]
    if quantization == "float16":
        return max(floor, 2 * half_sensitivity)
    if quantization not in INTEGER_QUANTIZATIONS:
        return floor
    return max(floor, math.sqrt(2 * int8_weight_tensors) * sensitivity)


def int8_weight_tensors(model_bytes):
    """The int8 tensors of rank >= 2 with data in the file: its quantized weights."""
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_content=model_bytes)
    return sum(1 for detail in interpreter.get_tensor_details()
               if detail["dtype"] == np.int8 and len(detail["shape"]) >= 2 and _is_constant(interpreter, detail))


def _is_constant(interpreter, detail):
    try:
        interpreter.get_tensor(detail["index"])
    except ValueError:  # an activation: no data before the interpreter runs
        return False
    return True


def _convert_one(source, quantization, batch_size, z_dim, staging, metadata, parity_inputs, keras_images, expected,
                 sensitivity, num_classes=0, half_sensitivity=0.0):
    name = f"generator_{quantization}{'_batch1' if batch_size else ''}.tflite"
    try:
        model_bytes = _converter(source, quantization, z_dim, num_classes).convert()
    except Exception as error:  # the converter raises ConverterError and others
        raise ExportError(
            f"the generator cannot be converted to TFLite builtin ops ({quantization}): "
            f"{str(error).strip().splitlines()[0][:300]}; replace the unsupported layer or "
            "export --format=saved_model only"
        ) from None
    file_metadata = {**metadata, "quantization": quantization, "batch_size": batch_size or None}
    path = os.path.join(staging, name)
    with open(path, "wb") as file:
        file.write(embed_metadata(model_bytes, file_metadata))
    z, labels = parity_inputs
    if quantization == "int8":
        # The file reads z at 8 bits. Where that rounding changes what the generator draws (a
        # categorical code's argmax of two close coordinates), the file still draws from the same
        # distribution, so it is checked against the generator fed the z it reads.
        expected = keras_images(file_input_rounding(model_bytes, z))
    error = float(np.abs(run_tflite(path, z, labels) - expected).max())
    rounded = int8_weight_tensors(model_bytes) if quantization in INTEGER_QUANTIZATIONS else 0
    bound = parity_bound(quantization, sensitivity, rounded, half_sensitivity)
    if not error <= bound:
        raise ExportError(
            f"{name}: max |TFLite - Keras| = {error:.3g} exceeds the {quantization} bound {bound:.3g}; "
            "the converted model does not reproduce the generator"
        )
    return TFLiteFile(path=path, quantization=quantization, batch_size=batch_size,
                      size_bytes=os.path.getsize(path), max_abs_error=error, bound=bound)
