"""The `tfgan-zoo` command end to end: train, interrupt, resume, sample, export, bad input."""

import contextlib
import io
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import tensorflow as tf
from tensorboard.backend.event_processing import plugin_event_accumulator

from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.cli import main

from helpers import error_lines, snapshot

TINY = ["--config=dcgan_mnist", "--set=train.batch_size=8", "--set=train.log_every=2",
        "--set=train.sample_every=4", "--set=train.checkpoint_every=4", "--set=train.num_samples=16",
        "--set=data.split=train[:2000]", "--set=data.shuffle_buffer=256"]


def cli(*args, timeout=240):
    """Runs the installed console script as a user would."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run(["tfgan-zoo", *args], capture_output=True, text=True, timeout=timeout, env=env)


def read_events(workdir):
    """The run's events as TensorBoard's own loader sees them (tf.summary v2 writes tensors)."""
    acc = plugin_event_accumulator.EventAccumulator(
        os.path.join(workdir, "tensorboard"), size_guidance={plugin_event_accumulator.TENSORS: 0})
    acc.Reload()
    return acc


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist_data_dir):
    """A tiny run of 8 steps by the console script, then resumed to 12 in this process (a second start
    of TensorFlow would test nothing more): the workdir every later test reads."""
    workdir = str(tmp_path_factory.mktemp("run"))
    first = cli("train", f"--workdir={workdir}", f"--data_dir={mnist_data_dir}", "--set=train.steps=8", *TINY)
    assert first.returncode == 0, first.stderr[-2000:]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["tfgan-zoo", "train", f"--workdir={workdir}", f"--data_dir={mnist_data_dir}",
                     "--set=train.steps=12", *TINY])
    resumed = subprocess.CompletedProcess("main", code, out.getvalue(), err.getvalue())
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    return workdir, first, resumed


def test_train_writes_events_checkpoints_and_sample_grids(trained):
    workdir, first, _ = trained
    assert "finished at step 8" in first.stdout
    assert tf.train.latest_checkpoint(os.path.join(workdir, "checkpoints")).endswith("ckpt-12")
    acc = read_events(workdir)
    assert set(acc.PluginTagToContent("scalars")) == {
        "losses/g_loss", "losses/d_loss", "scores/real_score", "scores/fake_score", "train/skipped_updates",
        "train/steps_per_s", "train/images_per_s", "optimizer/g_learning_rate", "optimizer/d_learning_rate"}
    assert [event.step for event in acc.Tensors("losses/g_loss")] == [2, 4, 6, 8, 10, 12]
    assert all(np.isfinite(tf.make_ndarray(event.tensor_proto)) for event in acc.Tensors("losses/d_loss"))
    rates = [float(tf.make_ndarray(event.tensor_proto)) for event in acc.Tensors("optimizer/g_learning_rate")]
    assert np.allclose(rates, 2e-4)  # the preset's Adam rate, as the optimizer applies it
    assert list(acc.PluginTagToContent("images")) == ["samples"]
    image_events = acc.Tensors("samples")
    assert [event.step for event in image_events] == [4, 8, 12]
    width, height, encoded = tf.make_ndarray(image_events[-1].tensor_proto)
    assert tf.io.decode_png(encoded).shape == (int(height), int(width), 1)
    png = tf.io.decode_png(tf.io.read_file(os.path.join(workdir, "samples", "step_0000012.png")))
    assert png.shape == (4 * 30 + 2, 4 * 30 + 2, 1)


def test_rerun_resumes_from_the_checkpoint_step(trained):
    _, _, resumed = trained
    assert "resumed from" in resumed.stderr and "at step 8" in resumed.stderr
    assert "finished at step 12" in resumed.stdout


def test_stop_signals_save_the_current_step_and_each_rerun_continues(tmp_path, mnist_data_dir, capsys):
    """Ctrl-C (SIGINT) stops a run, SIGTERM the run resumed from it; each saves its step, and a
    last rerun finishes from where the second stopped."""
    workdir = str(tmp_path)
    args = ["tfgan-zoo", "train", f"--workdir={workdir}", f"--data_dir={mnist_data_dir}",
            "--set=train.steps=100000", "--noprogress", *TINY]
    checkpoints = os.path.join(workdir, "checkpoints")

    def newest():
        latest = tf.train.latest_checkpoint(checkpoints)
        return int(latest.rsplit("-", 1)[1]) if latest else 0

    stopped = 0
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
        deadline = time.time() + 120
        while newest() <= stopped and time.time() < deadline:
            time.sleep(0.5)
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-2000:]
        assert f"{stop_signal.name} received: stopped at step" in err
        if stopped:
            assert f"at step {stopped}" in err, "the second run resumed where the first stopped"
        now = int(out.split("stopped at step ")[1].split(";")[0])
        assert now > stopped and tf.train.latest_checkpoint(checkpoints).endswith(f"ckpt-{now}")
        stopped = now
    # The last rerun in this process: the console script's signals are what needed the subprocesses.
    capsys.readouterr()
    assert main(["tfgan-zoo", "train", f"--workdir={workdir}", f"--data_dir={mnist_data_dir}",
                 f"--set=train.steps={stopped + 2}", *TINY]) == 0
    again = capsys.readouterr()
    assert f"at step {stopped}" in again.err
    assert f"finished at step {stopped + 2}" in again.out


def test_a_workdir_or_its_config_file_starts_a_new_run_with_its_settings(trained, tmp_path, mnist_data_dir,
                                                                          capsys):
    workdir, _, _ = trained
    for source in (workdir, os.path.join(workdir, "config.json")):
        new = str(tmp_path / os.path.basename(source))
        assert main(["tfgan-zoo", "train", f"--config={source}", f"--workdir={new}", f"--data_dir={mnist_data_dir}",
                     "--set=train.steps=2", "--noprogress"]) == 0, capsys.readouterr().err
        assert "finished at step 2" in capsys.readouterr().out
        assert config_lib.named_config(new) == config_lib.apply_overrides(config_lib.named_config(workdir),
                                                                          ["train.steps=2"])


def test_sample_writes_a_grid_from_the_checkpoint(trained, tmp_path):
    """The console script once; the repeat, which only checks the seed, in this process."""
    workdir, _, _ = trained
    out = str(tmp_path / "grid.png")
    result = cli("sample", f"--workdir={workdir}", "--num=6", "--columns=3", f"--out={out}", "--seed=1")
    assert result.returncode == 0, result.stderr[-2000:]
    grid = tf.io.decode_png(tf.io.read_file(out)).numpy()
    assert grid.shape == (2 * 30 + 2, 3 * 30 + 2, 1)
    again = str(tmp_path / "again.png")
    assert main(["tfgan-zoo", "sample", f"--workdir={workdir}", "--num=6", "--columns=3", f"--out={again}",
                 "--seed=1"]) == 0
    np.testing.assert_array_equal(grid, tf.io.decode_png(tf.io.read_file(again)).numpy())


def test_sample_writes_the_format_its_out_path_names(trained, tmp_path, capsys):
    workdir, _, _ = trained
    png, jpeg = str(tmp_path / "grid.png"), str(tmp_path / "grid.JPG")
    for out in (png, jpeg):
        assert main(["tfgan-zoo", "sample", f"--workdir={workdir}", "--num=4", f"--out={out}"]) == 0
    assert open(jpeg, "rb").read(3) == b"\xff\xd8\xff", "a JPEG, not PNG bytes under a .jpg name"
    exact = tf.io.decode_png(tf.io.read_file(png)).numpy().astype(float)
    lossy = tf.io.decode_jpeg(tf.io.read_file(jpeg)).numpy().astype(float)
    # JPEG at quality 95: the same grid up to compression error (mean well under 8 of 255 levels)
    assert lossy.shape == exact.shape and np.abs(lossy - exact).mean() < 8
    for refused in ("grid.gif", "grid"):
        assert main(["tfgan-zoo", "sample", f"--workdir={workdir}", f"--out={tmp_path / refused}"]) == 2
        assert "end the path with one of those" in capsys.readouterr().err
        assert not (tmp_path / refused).exists()


def test_export_is_a_saved_model_that_plain_tensorflow_serves(trained, tmp_path):
    workdir, _, _ = trained
    base = str(tmp_path / "export")
    result = cli("export", f"--workdir={workdir}", f"--export_dir={base}", "--model_name=mnist",
                 "--format=saved_model")
    assert result.returncode == 0, result.stderr[-2000:]
    assert os.listdir(os.path.join(base, "mnist")) == ["1"]
    check = (
        "import tensorflow as tf, sys\n"
        f"m = tf.saved_model.load({os.path.join(base, 'mnist', '1')!r})\n"
        "out = m.signatures['serving_default'](z=tf.random.normal([3, 100]))['images']\n"
        "assert out.shape == (3, 28, 28, 1) and out.dtype == tf.float32, out.shape\n"
        "assert -1 <= float(tf.reduce_min(out)) and float(tf.reduce_max(out)) <= 1\n"
        "assert 'tfgan_zoo' not in sys.modules\n"
        "print('served')\n"
    )
    served = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert "served" in served.stdout, served.stderr[-2000:]
    assert main(["tfgan-zoo", "export", f"--workdir={workdir}", f"--export_dir={base}", "--model_name=mnist",
                 "--format=saved_model"]) == 0  # in this process: the console script ran above
    assert sorted(os.listdir(os.path.join(base, "mnist"))) == ["1", "2"]


def test_list_prints_every_registry(capsys):
    assert main(["tfgan-zoo", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for name in ("variants:", "  gan", "objectives:", "  hinge", "networks:", "  dcgan_generator",
                 "presets:", "  dcgan_mnist", "update orders (--set variant.updates=...):", "  simultaneous",
                 "  r1", "  sgan_stacked: none", "  progan: ema, historical_averaging, instance_noise, penalty, top_k, unrolling"):
        assert name in lines


@pytest.mark.parametrize("args,message", [
    (["train", "--config=nope"], "unknown preset 'nope'"),
    (["train", "--config=runs/nope.json"], "--config=runs/nope.json cannot be read: no such file or directory"),
    (["train", "--config=sgan_stacked_mnist", "--set=variant.ema_decay=0.99", "--set=data.num_classes=10"],
     "StackedGAN does not support ema"),
    (["train", "--config=dcgan_mnist", "--set=variant.name=nogan"], "unknown variant 'nogan'"),
    (["train", "--config=dcgan_mnist", "--set=generator.name=nonet"], "unknown network 'nonet'"),
    (["train", "--config=dcgan_mnist", "--set=variant.name=gan", "--set=variant.objective=noloss"],
     "unknown objective 'noloss'"),
    (["train", "--config=dcgan_mnist", "--set=train.nosuch=1"], "config has no field 'train.nosuch'"),
    (["train", "--config=dcgan_mnist", "--bogus=1"], "Unknown command line flag 'bogus'"),
    (["train", "--config=dcgan32", "--set=data.download=never"], "dataset 'cifar10' is not prepared"),
    (["train", "--config=dcgan_mnist", "--set=data.name=not_a_dataset"], "not a TFDS dataset"),
    (["train", "--config=dcgan_mnist", "--set=train.batch_size=0"], "train.batch_size must be >= 1"),
    (["train", "--config=dcgan_mnist", "--set=generator.z_dim=0"], "a generator needs z_dim >= 1"),
    (["train", "--config=dcgan_mnist", "--set=variant.label_smoothing=1.0"], "label_smoothing must be in [0, 1)"),
    (["train", "--config=dcgan_mnist", "--set=data.name=123"], "dataset '123' is not a TFDS dataset"),
    (["train"], "--workdir is required"),
    (["export"], "--workdir is required"),
    (["frobnicate"], "unknown command 'frobnicate'"),
    (["export", "--format=onnx"], "value should be one of <saved_model|tflite|all>"),
    (["sample", "--num=4"], "pass exactly one of --workdir, --saved_model, --tflite"),
])
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path, capsys):
    workdir = tmp_path / "w"
    workdir.mkdir()
    (workdir / "keep.txt").write_text("precious")
    argv = ["tfgan-zoo", *args]
    if args[0] == "train" and len(args) > 1:
        argv += [f"--workdir={workdir}", f"--data_dir={tmp_path}"]
    before = snapshot(workdir)
    assert main(argv) == 2
    errors = error_lines(capsys.readouterr().err)
    assert len(errors) == 1 and message in errors[0], errors
    assert snapshot(workdir) == before


@pytest.mark.parametrize("verbose", [False, True])
def test_a_bug_is_one_line_naming_the_file_that_holds_its_traceback(verbose, tmp_path, monkeypatch, capsys):
    import tempfile

    from tfgan_zoo import registry

    def broken_names():
        raise RuntimeError("an invariant broke\nnamed on its last line")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(registry.PRESETS, "names", broken_names)
    assert main(["tfgan-zoo", "list", *(["-v"] if verbose else [])]) == 70
    stderr = capsys.readouterr().err
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("tfgan-zoo: internal error: list failed with RuntimeError: named on its last line")
    assert ("Traceback" in stderr) == verbose
    (saved,) = tmp_path.glob("tfgan-zoo-list-*.traceback.txt")
    assert str(saved) in last
    assert "Traceback" in saved.read_text() and "broken_names" in saved.read_text()


def test_ctrl_c_outside_training_is_one_line_and_exit_130(monkeypatch, capsys):
    from tfgan_zoo import registry

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(registry.PRESETS, "names", interrupted)
    assert main(["tfgan-zoo", "list"]) == 130
    assert capsys.readouterr().err.strip().splitlines() == ["tfgan-zoo: list interrupted"]


def test_workdir_that_contradicts_the_command(trained, capsys):
    workdir, _, _ = trained
    before = snapshot(workdir)
    assert main(["tfgan-zoo", "train", f"--workdir={workdir}", *TINY, "--set=train.batch_size=16"]) == 2
    errors = error_lines(capsys.readouterr().err)
    assert len(errors) == 1 and "was started with train.batch_size=8 but this command gives 16" in errors[0]
    assert snapshot(workdir) == before


def test_export_and_sample_without_a_checkpoint(tmp_path, capsys):
    assert main(["tfgan-zoo", "export", f"--workdir={tmp_path}"]) == 2
    assert "not a training workdir" in capsys.readouterr().err
    config_lib.write_config(str(tmp_path), config_lib.preset_config("dcgan_mnist"))
    assert main(["tfgan-zoo", "sample", f"--workdir={tmp_path}", f"--out={tmp_path}/x.png"]) == 2
    assert "has no checkpoint yet" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
    assert not (tmp_path / "export").exists()


def test_a_second_train_on_a_running_workdir_is_refused_naming_the_first(tmp_path):
    from tfgan_zoo.trainers import workdir_lock

    workdir = tmp_path / "busy"
    with workdir_lock.exclusive(str(workdir)):
        before = snapshot(workdir)
        result = cli("train", "--config=dcgan_mnist", f"--workdir={workdir}", f"--data_dir={tmp_path}")
        assert result.returncode == 2, result.stderr
        errors = error_lines(result.stderr)
        assert len(errors) == 1 and f"is being trained by process {os.getpid()}" in errors[0], result.stderr
        assert snapshot(workdir) == before
    with workdir_lock.exclusive(str(workdir)):  # released when its holder is done
        pass
