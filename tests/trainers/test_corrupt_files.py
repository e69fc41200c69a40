"""Every kind of file the commands read, corrupted every way: one error line or a clean run, never a trace.

One trained workdir (with train-time evaluation, a best checkpoint, a
SavedModel and TFLite files) is copied per case; one file of a kind is then
truncated, overwritten with random bytes, emptied, or replaced by a folder,
and every command that reads that kind runs on it. Each must exit 0 (the
file was not needed, or was rebuilt) or 2 with one `tfgan-zoo: error:` line;
a refusal must lose nothing in the workdir.
"""

import glob
import os
import shutil

import numpy as np
import pytest

from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.cli import main
from tfgan_zoo.trainers.train import train

from helpers import error_lines, snapshot

TINY = ["data.split=train[:256]", "data.shuffle_buffer=64", "train.batch_size=8", "train.steps=4",
        "train.checkpoint_every=2", "train.sample_every=4", "train.log_every=2", "train.num_samples=4",
        "eval.every=2", "eval.num_samples=32", "eval.best_metric=fid"]
CORRUPTIONS = ("truncated", "random_bytes", "empty", "folder")

# Each kind of file: a glob inside the workdir, and the commands that read it
# ({workdir}, {file}, {data_dir} and {out} are filled in per case).
TRAIN = ["train", "--workdir={workdir}", "--data_dir={data_dir}", "--set=train.steps=5", "--noprogress"]
SAMPLE = ["sample", "--workdir={workdir}", "--num=4", "--out={out}"]
EXPORT = ["export", "--workdir={workdir}", "--format=saved_model", "--export_dir={out}"]
EVAL = ["eval", "--workdir={workdir}", "--num_samples=32", "--metrics=fid", "--data_dir={data_dir}",
        "--out={out}/report.json"]
KINDS = {
    "config": ("config.json", [TRAIN, SAMPLE, EXPORT, EVAL]),
    "checkpoint_state": ("checkpoints/checkpoint", [TRAIN, SAMPLE, EXPORT]),
    "checkpoint_index": ("checkpoints/ckpt-4.index", [TRAIN, SAMPLE, EXPORT]),
    "checkpoint_data": ("checkpoints/ckpt-4.data-*", [TRAIN, SAMPLE, EXPORT]),
    "events": ("tensorboard/events.out.tfevents.*", [TRAIN]),
    "best_record": ("best_checkpoint/best.json", [TRAIN]),
    "reference_cache": ("eval/reference_*.npz", [EVAL, TRAIN]),
    "saved_model_graph": ("export/nsgan/1/saved_model.pb", [["sample", "--saved_model={file_dir}", "--num=4",
                                                             "--out={out}/s.png"]]),
    "saved_model_variables": ("export/nsgan/1/variables/variables.data-*",
                              [["sample", "--saved_model=" + "{file_dir}/..", "--num=4", "--out={out}/s.png"]]),
    "tflite": ("export/nsgan_tflite/1/generator_float32.tflite", [["sample", "--tflite={file}", "--num=4",
                                                                    "--out={out}/s.png"]]),
    "inception_graph": (None, [EVAL[:-2] + ["--extractor=inception_2015", "--inception_graph={file}",
                                            "--out={out}/report.json"]]),
    "inception_v3_weights": (None, [EVAL[:-2] + ["--extractor=inception_v3", "--inception_v3_weights={file}",
                                                 "--out={out}/report.json"]]),
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist_data_dir):
    workdir = str(tmp_path_factory.mktemp("corrupt") / "run")
    train(config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"), TINY), workdir,
          data_dir=mnist_data_dir, progress=False)
    assert main(["tfgan-zoo", "export", f"--workdir={workdir}"]) == 0
    return workdir


def _corrupt(path, how):
    if how == "folder":
        os.remove(path)
        os.makedirs(path)
        return
    size = os.path.getsize(path)
    with open(path, "rb") as file:
        head = file.read(size // 2)
    with open(path, "wb") as file:
        if how == "truncated":
            file.write(head)
        elif how == "random_bytes":
            file.write(np.random.default_rng(size).integers(0, 256, max(size, 64), dtype=np.uint8).tobytes())


def _target(workdir, kind, tmp_path):
    pattern = KINDS[kind][0]
    if pattern is None:  # a file the user passes (the Inception graph, the InceptionV3 weights)
        path = str(tmp_path / f"{kind}.bin")
        with open(path, "wb") as file:
            file.write(b"\x89HDF\r\n\x1a\n" + bytes(range(256)) * 8)
        return path
    matches = glob.glob(os.path.join(workdir, pattern))
    assert len(matches) == 1, (pattern, matches)
    return matches[0]


@pytest.mark.parametrize("how", CORRUPTIONS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_corrupt_file_is_one_error_line_or_harmless(trained, kind, how, tmp_path, mnist_data_dir, capsys):
    workdir = str(tmp_path / "run")
    shutil.copytree(trained, workdir)
    path = _target(workdir, kind, tmp_path)
    _corrupt(path, how)
    out = tmp_path / "out"
    out.mkdir()
    for command in KINDS[kind][1]:
        fields = {"workdir": workdir, "file": path, "file_dir": os.path.dirname(path), "data_dir": mnist_data_dir,
                  "out": str(out) if command[0] != "sample" or "{out}/" in " ".join(command) else str(out / "s.png")}
        argv = ["tfgan-zoo", *[part.format(**fields) for part in command]]
        before = snapshot(workdir)
        code = main(argv)
        stderr = capsys.readouterr().err
        assert code in (0, 2), (argv, code, stderr[-3000:])
        if code == 2:
            errors = error_lines(stderr)
            assert len(errors) == 1 and "Traceback" not in stderr, (argv, stderr[-3000:])
            # Nothing lost: a run may have resumed from an older checkpoint before it stopped.
            assert set(before) <= set(snapshot(workdir)), argv


def test_a_lost_checkpoint_list_is_rebuilt_not_a_fresh_start(trained, tmp_path, mnist_data_dir, capsys):
    workdir = str(tmp_path / "run")
    shutil.copytree(trained, workdir)
    os.remove(os.path.join(workdir, "checkpoints", "checkpoint"))
    argv = ["tfgan-zoo", *[part.format(workdir=workdir, data_dir=mnist_data_dir) for part in TRAIN]]
    assert main(argv) == 0
    stderr = capsys.readouterr().err
    assert "was missing; rebuilt it from the 2 checkpoint(s)" in stderr
    assert "resumed from" in stderr and "ckpt-4 at step 4" in stderr


def test_an_intact_workdir_resumes_without_a_warning_from_a_relative_path(trained, tmp_path, mnist_data_dir,
                                                                        monkeypatch, capsys):
    shutil.copytree(trained, tmp_path / "run")
    monkeypatch.chdir(tmp_path)
    argv = ["tfgan-zoo", *[part.format(workdir="run", data_dir=mnist_data_dir) for part in TRAIN]]
    assert main(argv) == 0
    stderr = capsys.readouterr().err
    assert "resumed from run/checkpoints/ckpt-4 at step 4" in stderr and "warning" not in stderr, stderr


def test_a_path_the_machine_refuses_mid_command_is_one_error_line(trained, tmp_path, mnist_data_dir, capsys):
    # eval writes its report through a temporary file beside it; a folder in that place makes the
    # write fail after the checks (an OSError naming the path): one error line, not an internal error.
    workdir = str(tmp_path / "run")
    shutil.copytree(trained, workdir)
    report = tmp_path / "report.json"
    (tmp_path / "report.json.tmp").mkdir()
    code = main(["tfgan-zoo", "eval", f"--workdir={workdir}", "--num_samples=32", "--metrics=fid",
                 f"--data_dir={mnist_data_dir}", f"--out={report}"])
    errors = error_lines(capsys.readouterr().err)
    assert code == 2 and len(errors) == 1, errors
    assert errors[0].startswith(f"tfgan-zoo: error: eval: cannot use {report}.tmp: "), errors
