"""Exports of a really trained workdir: TF Serving SavedModel, warmup, TFLite, parity, bad input."""

import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.export import ExportError, convert_all, export, load_trained_gan, read_metadata, run_tflite
from tfgan_zoo.export.saved_model import save_generator
from tfgan_zoo.export.warmup import read_warmup_requests
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.cli import main
from tfgan_zoo.trainers.train import train

TINY = ["generator.name=dcgan_generator", "generator.resolution=8", "generator.channels=1",
        "generator.base_filters=4", "generator.z_dim=8", "discriminator.name=dcgan_discriminator",
        "discriminator.resolution=8", "discriminator.channels=1", "discriminator.base_filters=4",
        "data.image_size=8", "data.split=train[:256]", "data.shuffle_buffer=64", "train.batch_size=8",
        "train.steps=3", "train.checkpoint_every=3", "train.sample_every=3", "train.log_every=1",
        "train.num_samples=4"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory, mnist_data_dir):
    workdir = str(tmp_path_factory.mktemp("workdir"))
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"), TINY)
    train(config, workdir, data_dir=mnist_data_dir, progress=False)
    lines = []
    report = export(workdir, report_progress=lines.append)
    # Each file is reported as it passes its parity check, then where the set landed.
    files = report["tflite"]
    assert lines[0] == f"exporting {report['checkpoint']}" and report["saved_model"] in lines[1]
    assert [line.split()[:2] for line in lines[2:-1]] == [
        [f"[{index}/{len(files)}]", os.path.basename(file.path)] for index, file in enumerate(files, 1)]
    assert lines[-1].endswith(os.path.dirname(files[0].path))
    return workdir, report


def signatures_check_script(path):
    return (
        "import sys, numpy as np, tensorflow as tf\n"
        f"m = tf.saved_model.load({path!r})\n"
        "assert set(m.signatures) == {'serving_default', 'generate', 'generate_truncated'}, list(m.signatures)\n"
        "out = m.signatures['serving_default'](z=tf.random.normal([3, 8]))['images']\n"
        "assert out.shape == (3, 8, 8, 1) and out.dtype == tf.float32\n"
        "assert -1 <= float(tf.reduce_min(out)) and float(tf.reduce_max(out)) <= 1\n"
        "seeds = tf.constant([5, 7, 5], tf.int64)\n"
        "g = m.signatures['generate'](seed=seeds)\n"
        "assert g['images'].shape == (3, 8, 8, 1) and g['images_uint8'].dtype == tf.uint8\n"
        "np.testing.assert_array_equal(g['images'][0], g['images'][2])\n"
        "assert not np.array_equal(g['images'][0], g['images'][1])\n"
        "expected = np.round((g['images'].numpy() + 1) * 127.5).clip(0, 255).astype(np.uint8)\n"
        "np.testing.assert_array_equal(g['images_uint8'].numpy(), expected)\n"
        "t = m.signatures['generate_truncated'](seed=seeds, truncation=tf.constant(0.5))\n"
        "assert t['images'].shape == (3, 8, 8, 1)\n"
        "assert 'tfgan_zoo' not in sys.modules\n"
        "print('served')\n"
    )


def test_saved_model_serves_in_plain_tensorflow(exported):
    _, report = exported
    result = subprocess.run([sys.executable, "-c", signatures_check_script(report["saved_model"])],
                            capture_output=True, text=True, timeout=180)
    assert "served" in result.stdout, result.stderr[-3000:]


def test_saved_model_cli_lists_named_inputs_and_outputs(exported):
    _, report = exported
    result = subprocess.run(["saved_model_cli", "show", "--all", "--dir", report["saved_model"]],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    for expected in ("signature_def['serving_default']", "inputs['z']", "outputs['images']",
                     "signature_def['generate']", "inputs['seed']", "outputs['images_uint8']",
                     "inputs['truncation']", "shape: (-1, 8)"):
        assert expected in result.stdout, expected
    assert "args_0" not in result.stdout and "output_0" not in result.stdout


def test_warmup_records_name_existing_signatures_and_inputs(exported):
    _, report = exported
    served = tf.saved_model.load(report["saved_model"])
    logs = read_warmup_requests(report["saved_model"])
    assert {log.predict_log.request.model_spec.signature_name for log in logs} == set(served.signatures)
    for log in logs:
        request = log.predict_log.request
        signature = served.signatures[request.model_spec.signature_name]
        assert set(request.inputs) == set(signature.structured_input_signature[1])
        outputs = signature(**{k: tf.make_ndarray(v) for k, v in request.inputs.items()})
        assert "images" in outputs


def test_every_tflite_file_runs_in_litert_and_matches_keras(exported):
    workdir, report = exported
    gan, _, _ = load_trained_gan(workdir)
    z = np.random.default_rng(42).standard_normal((5, 8)).astype(np.float32)
    expected = gan.generator(z, training=False).numpy()
    names = sorted(os.path.basename(f.path) for f in report["tflite"])
    assert names == ["generator_dynamic_range.tflite", "generator_float16.tflite",
                     "generator_float16_batch1.tflite", "generator_float32.tflite",
                     "generator_float32_batch1.tflite", "generator_int8.tflite"]
    for file in report["tflite"]:
        images = run_tflite(file.path, z)
        assert images.shape == (5, 8, 8, 1)
        error = np.abs(images - expected).max()
        assert error <= file.bound, (file.path, error)
        if file.quantization == "float32":
            assert error <= 1e-4
        metadata = read_metadata(file.path)
        assert metadata["z_dim"] == 8 and metadata["output_range"] == [-1.0, 1.0]
        assert metadata["quantization"] == file.quantization
        assert metadata["batch_size"] == (1 if file.batch_size else None)
    sizes = {f.quantization: f.size_bytes for f in report["tflite"] if not f.batch_size}
    assert sizes["float16"] < sizes["float32"] and sizes["int8"] < sizes["float16"]


def test_batch1_file_has_a_fixed_batch_for_gpu_delegates(exported):
    from ai_edge_litert.interpreter import Interpreter

    _, report = exported
    batch1 = next(f.path for f in report["tflite"] if f.batch_size == 1)
    dynamic = next(f.path for f in report["tflite"] if f.quantization == "float32" and not f.batch_size)
    assert list(Interpreter(model_path=batch1).get_input_details()[0]["shape_signature"]) == [1, 8]
    assert list(Interpreter(model_path=dynamic).get_input_details()[0]["shape_signature"]) == [-1, 8]


def test_a_new_export_is_the_next_version_and_old_ones_stay(exported):
    workdir, first = exported
    second = export(workdir, ("saved_model",))
    assert first["saved_model"].endswith(os.path.join("nsgan", "1"))
    assert second["saved_model"].endswith(os.path.join("nsgan", "2"))
    assert os.path.isdir(first["saved_model"])


def test_existing_version_is_never_overwritten(exported, tmp_path):
    workdir, _ = exported
    gan, _, _ = load_trained_gan(workdir)
    save_generator(gan.generator, 8, str(tmp_path), version=3, warmup=False)
    before = os.listdir(tmp_path / "3")
    with pytest.raises(ExportError, match="already exists"):
        save_generator(gan.generator, 8, str(tmp_path), version=3, warmup=False)
    assert os.listdir(tmp_path / "3") == before
    assert sorted(os.listdir(tmp_path)) == ["3"], "no staging directory left behind"


def test_ops_without_a_builtin_fail_loudly_and_leave_nothing(tmp_path):
    z = keras.Input((4,), name="z")
    x = keras.layers.Lambda(lambda t: tf.math.igamma(tf.abs(t) + 1.0, tf.abs(t) + 1.0))(keras.layers.Dense(4)(z))
    generator = keras.Model(z, keras.layers.Reshape((2, 2, 1))(x))
    with pytest.raises(ExportError, match="cannot be converted to TFLite builtin ops"):
        convert_all(generator, 4, str(tmp_path / "tflite" / "1"), metadata={})
    assert not (tmp_path / "tflite").exists(), "nothing is left behind, not even an empty directory"


def test_a_failed_tflite_conversion_withdraws_the_savedmodel_of_the_same_export(exported, tmp_path, monkeypatch):
    import sys

    workdir, _ = exported

    def conversion_fails(*args, **kwargs):
        raise ExportError("a TFLite file exceeded its parity bound")

    monkeypatch.setattr(sys.modules[export.__module__], "convert_all", conversion_fails)
    with pytest.raises(ExportError, match="parity bound"):
        export(workdir, export_base=str(tmp_path))
    assert os.listdir(tmp_path / "nsgan") == [], "the SavedModel version written first is gone"
    assert not (tmp_path / "nsgan_tflite").exists() or os.listdir(tmp_path / "nsgan_tflite") == []


def test_unknown_format_is_an_error(exported):
    workdir, _ = exported
    with pytest.raises(ExportError, match="unknown export format 'onnx'"):
        export(workdir, ("onnx",))


def test_sample_from_exported_files_without_the_training_code(exported, tmp_path):
    _, report = exported
    float32 = next(f.path for f in report["tflite"] if f.quantization == "float32" and not f.batch_size)
    # The console script once; the second file in this process (a new TensorFlow start tests nothing more).
    out = str(tmp_path / "saved_model.png")
    result = subprocess.run(["tfgan-zoo", "sample", f"--saved_model={report['saved_model']}", "--num=4",
                             f"--out={out}"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert tf.io.decode_png(tf.io.read_file(out)).shape == (2 * 10 + 2, 2 * 10 + 2, 1)
    out = str(tmp_path / "tflite.png")
    assert main(["tfgan-zoo", "sample", f"--tflite={float32}", "--num=4", f"--out={out}"]) == 0
    assert tf.io.decode_png(tf.io.read_file(out)).shape == (2 * 10 + 2, 2 * 10 + 2, 1)


def test_tflite_metadata_is_inside_the_file(exported):
    _, report = exported
    path = report["tflite"][0].path
    assert not os.path.exists(path + ".json")
    assert json.dumps(read_metadata(path))
