"""A workdir written by an earlier version still resumes, samples and exports.

tests/fixtures/workdir_2026_12_02 was written by commit 16b7cc9: `dcgan_mnist` with
8x8 networks, spectral norm on D and G's moving average (aids that keep
state in the checkpoint), 4 steps. Its config.json and checkpoint are kept
as that version wrote them: a change to the checkpoint's keys or the
config's fields that breaks old runs fails here.
"""

import os
import shutil

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.export import read_metadata
from tfgan_zoo.export.saved_model import read_saved_model_metadata
from tfgan_zoo.trainers.cli import main

FIXTURE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures", "workdir_2026_12_02")


@pytest.fixture
def old_workdir(tmp_path):
    workdir = str(tmp_path / "run")
    shutil.copytree(FIXTURE, workdir)
    return workdir


def test_it_resumes_where_it_stopped(old_workdir, mnist_data_dir, capsys):
    assert main(["tfgan-zoo", "train", f"--workdir={old_workdir}", f"--data_dir={mnist_data_dir}",
                 "--set=train.steps=6", "--noprogress"]) == 0
    assert "ckpt-4 at step 4" in capsys.readouterr().err
    assert tf.train.latest_checkpoint(os.path.join(old_workdir, "checkpoints")).endswith("ckpt-6")


def test_it_samples_from_its_moving_average_and_exports(old_workdir, tmp_path):
    out = str(tmp_path / "grid.png")
    assert main(["tfgan-zoo", "sample", f"--workdir={old_workdir}", "--num=4", f"--out={out}"]) == 0
    grid = tf.io.decode_png(tf.io.read_file(out)).numpy()
    assert grid.shape[-1] == 1 and grid.std() > 0
    assert main(["tfgan-zoo", "export", f"--workdir={old_workdir}", "--format=all"]) == 0
    served = tf.saved_model.load(os.path.join(old_workdir, "export", "nsgan", "1"))
    images = served.signatures["serving_default"](z=tf.zeros([2, 8]))["images"].numpy()
    assert images.shape == (2, 8, 8, 1) and np.isfinite(images).all()
    tflite_dir = os.path.join(old_workdir, "export", "nsgan_tflite", "1")
    assert len(os.listdir(tflite_dir)) >= 6
    metadata = read_metadata(os.path.join(tflite_dir, "generator_float32.tflite"))
    assert metadata["ema"] is True
    # Uniform labels (none here) leave the shares out of both files' metadata.
    assert "label_probabilities" not in metadata
    assert "label_probabilities" not in read_saved_model_metadata(os.path.join(old_workdir, "export", "nsgan", "1"))
