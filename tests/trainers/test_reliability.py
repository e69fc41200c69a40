"""Training survives SIGKILL with exact results, and never saves a diverged model."""

import json
import os
import signal
import subprocess
import time

import numpy as np
import tensorflow as tf

from tfgan_zoo.trainers.cli import main

TINY = ["--config=dcgan_mnist", "--set=generator.name=dcgan_generator", "--set=generator.resolution=8",
        "--set=generator.channels=1", "--set=generator.base_filters=4", "--set=generator.z_dim=8",
        "--set=discriminator.name=dcgan_mnist_discriminator", "--set=discriminator.image_shape=[8,8,1]",
        "--set=data.image_size=8", "--set=data.split=train[:1024]", "--set=data.shuffle_buffer=512",
        "--set=train.batch_size=16", "--set=train.log_every=10", "--set=train.sample_every=100000",
        "--set=train.checkpoint_every=10", "--set=train.keep_checkpoints=50", "--noprogress"]
STEPS = 200


def command(workdir, data_dir, steps=STEPS):
    return ["tfgan-zoo", "train", f"--workdir={workdir}", f"--data_dir={data_dir}",
            f"--set=train.steps={steps}", *TINY]


def checkpoint_values(workdir, step):
    reader = tf.train.load_checkpoint(os.path.join(workdir, "checkpoints", f"ckpt-{step}"))
    return {name: reader.get_tensor(name) for name in reader.get_variable_to_shape_map()
            if "save_counter" not in name and not name.startswith("_CHECKPOINTABLE")}


def test_sigkill_then_rerun_gives_the_weights_of_an_uninterrupted_run(tmp_path, mnist_data_dir):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    # The uninterrupted run in this process (the same trainer; it saves a second start of TensorFlow).
    straight = str(tmp_path / "straight")
    assert main(command(straight, mnist_data_dir)) == 0

    killed = str(tmp_path / "killed")
    process = subprocess.Popen(command(killed, mnist_data_dir), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 240
    while time.time() < deadline and process.poll() is None:
        latest = tf.train.latest_checkpoint(os.path.join(killed, "checkpoints"))
        if latest and 30 <= int(latest.rsplit("-", 1)[1]) < STEPS - 50:
            break
        time.sleep(0.02)
    assert process.poll() is None, "training ended before it could be killed; raise STEPS"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    killed_at = int(tf.train.latest_checkpoint(os.path.join(killed, "checkpoints")).rsplit("-", 1)[1])
    assert killed_at < STEPS

    rerun = subprocess.run(command(killed, mnist_data_dir), capture_output=True, text=True, env=env,
                           timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"at step {killed_at}" in rerun.stderr
    expected, resumed = checkpoint_values(straight, STEPS), checkpoint_values(killed, STEPS)
    assert expected.keys() == resumed.keys()
    for name in expected:
        np.testing.assert_array_equal(resumed[name], expected[name], err_msg=name)


def test_divergence_stops_with_the_step_and_never_saves_nan(tmp_path, mnist_data_dir, capsys):
    workdir = str(tmp_path)
    code = main(["tfgan-zoo", "train", f"--workdir={workdir}", f"--data_dir={mnist_data_dir}",
                 "--set=train.steps=200", "--set=optimizer.g_learning_rate=1e12",
                 "--set=optimizer.d_learning_rate=1e12", "--set=optimizer.beta_1=0.0", *TINY,
                 "--set=train.log_every=1", "--set=train.checkpoint_every=1"])
    assert code == 2
    error = capsys.readouterr().err
    assert "training diverged" in error and "at step" in error
    checkpoints = tf.train.get_checkpoint_state(os.path.join(workdir, "checkpoints"))
    for path in checkpoints.all_model_checkpoint_paths if checkpoints else []:
        step = int(path.rsplit("-", 1)[1])
        for name, value in checkpoint_values(workdir, step).items():
            assert np.isfinite(value).all(), (path, name)


def test_a_truncated_latest_checkpoint_falls_back_to_the_one_before(tmp_path, mnist_data_dir, capsys):
    workdir = str(tmp_path)
    args = ["tfgan-zoo", "train", f"--workdir={workdir}", f"--data_dir={mnist_data_dir}", *TINY]
    assert main([*args, "--set=train.steps=20"]) == 0
    data_file = os.path.join(workdir, "checkpoints", "ckpt-20.data-00000-of-00001")
    with open(data_file, "r+b") as file:
        file.truncate(os.path.getsize(data_file) // 2)
    capsys.readouterr()
    assert main([*args, "--set=train.steps=30"]) == 0
    err = capsys.readouterr().err
    assert "warning: checkpoint" in err and "ckpt-20 is unreadable" in err
    assert "at step 10" in err
    assert tf.train.latest_checkpoint(os.path.join(workdir, "checkpoints")).endswith("ckpt-30")


def test_no_readable_checkpoint_is_a_clear_error(tmp_path, mnist_data_dir, capsys):
    workdir = str(tmp_path)
    args = ["tfgan-zoo", "train", f"--workdir={workdir}", f"--data_dir={mnist_data_dir}", *TINY,
            "--set=train.steps=10"]
    assert main(args) == 0
    with open(os.path.join(workdir, "checkpoints", "ckpt-10.data-00000-of-00001"), "wb") as file:
        file.write(b"garbage")
    capsys.readouterr()
    assert main(args) == 2
    assert "no checkpoint in" in capsys.readouterr().err
    assert os.path.getsize(os.path.join(workdir, "checkpoints", "ckpt-10.data-00000-of-00001")) == 7


def test_training_on_an_image_folder_warns_about_skipped_files(tmp_path, capsys):
    folder = tmp_path / "images"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for index in range(20):
        image = rng.integers(0, 255, (10 + index % 3, 9, 4 if index % 2 else 3), dtype=np.uint8)
        tf.io.write_file(str(folder / f"{index}.png"), tf.io.encode_png(image))
    (folder / "broken.png").write_bytes(b"\x89PNG not really")
    workdir = str(tmp_path / "run")
    code = main(["tfgan-zoo", "train", f"--workdir={workdir}", *TINY, "--set=train.steps=2",
                 "--set=data.name=image_folder", f"--set=data.path={folder}", "--set=data.split=train",
                 "--set=data.shuffle_buffer=32"])
    assert code == 0
    err = capsys.readouterr().err
    assert "warning: skipped 1 unreadable file(s)" in err and "broken.png" in err


def test_batch_not_divisible_by_replicas_is_an_error_before_anything_is_written(tmp_path, mirrored):
    from tfgan_zoo.builders import ConfigError
    from tfgan_zoo.trainers import config as config_lib
    from tfgan_zoo.trainers.train import train

    config = config_lib.apply_overrides(config_lib.preset_config("ring8"), ["train.batch_size=7"])
    try:
        train(config, str(tmp_path / "run"), strategy=mirrored, progress=False)
    except ConfigError as error:
        assert "train.batch_size=7 is not divisible by the 2 replicas" in str(error)
    else:
        raise AssertionError("expected a ConfigError")
    assert not (tmp_path / "run").exists()


def _file_size_limit(limit_bytes):
    """A child-process hook: writes past limit_bytes fail (EFBIG), as on a full disk."""
    import resource

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return apply


def test_a_checkpoint_that_cannot_be_written_is_a_clear_error_and_keeps_the_last_one(tmp_path, mnist_data_dir):
    workdir = str(tmp_path)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    assert main(command(workdir, mnist_data_dir, steps=10)) == 0  # here; the size limit needs a process of its own
    full = subprocess.run(command(workdir, mnist_data_dir, steps=20), capture_output=True, text=True, env=env,
                          timeout=300, preexec_fn=_file_size_limit(20_000))
    assert full.returncode == 2, full.stderr[-2000:]
    errors = [line for line in full.stderr.splitlines() if line.startswith("tfgan-zoo: error:")]
    assert len(errors) == 1 and "could not write the checkpoint of step 20" in errors[0]
    assert "File too large" in errors[0], errors  # the kernel's reason, read back from TensorFlow's message
    assert "ckpt-10 is intact" in errors[0]
    assert sorted(os.listdir(os.path.join(workdir, "checkpoints"))) == [
        "checkpoint", "ckpt-10.data-00000-of-00001", "ckpt-10.index"]
    checkpoint_values(workdir, 10)  # still readable (an export that cannot be written: the test below)


def test_divergence_can_roll_back_with_lower_learning_rates(tmp_path, mnist_data_dir, capsys):
    workdir = str(tmp_path)
    code = main(["tfgan-zoo", "train", f"--workdir={workdir}", f"--data_dir={mnist_data_dir}",
                 "--set=optimizer.g_learning_rate=1e12", "--set=optimizer.d_learning_rate=1e12",
                 "--set=optimizer.beta_1=0.0", *TINY, "--set=train.steps=40", "--set=train.log_every=1",
                 "--set=train.checkpoint_every=1000", "--set=train.max_bad_steps=3",
                 "--set=train.on_divergence=rollback", "--set=train.rollback_lr_factor=1e-15"])
    error = capsys.readouterr().err
    assert code == 0, error[-2000:]
    assert "rolled back to step 0 with learning rates x1e-15 (rollback 1 of 3)" in error
    final = checkpoint_values(workdir, 40)
    for name, value in final.items():
        assert np.isfinite(value).all(), name
    rates = [value for name, value in final.items() if "learning_rate" in name]
    assert len(rates) == 2 and all(np.isclose(rate, 1e-3, rtol=1e-5) for rate in rates), rates


def test_rollback_gives_up_after_max_rollbacks(tmp_path, mnist_data_dir, capsys):
    code = main(["tfgan-zoo", "train", f"--workdir={tmp_path}", f"--data_dir={mnist_data_dir}",
                 "--set=optimizer.g_learning_rate=1e12", "--set=optimizer.d_learning_rate=1e12",
                 "--set=optimizer.beta_1=0.0", *TINY, "--set=train.steps=60", "--set=train.log_every=1",
                 "--set=train.checkpoint_every=1000", "--set=train.max_bad_steps=2",
                 "--set=train.on_divergence=rollback", "--set=train.max_rollbacks=2",
                 "--set=train.rollback_lr_factor=1.0"])
    error = capsys.readouterr().err
    assert code == 2
    assert "(rollback 2 of 2)" in error and "training diverged" in error.splitlines()[-1]


# Each command that writes, with the flags it needs beside its written path (cli.WRITTEN_PATHS).
WRITING_COMMANDS = {"train": ["--config=ring8", "--set=train.steps=2", "--set=train.batch_size=8", "--noprogress"],
                    "sample": ["--workdir={trained}", "--num=16"],
                    "eval": ["--workdir={trained}", "--metrics=modes", "--num_samples=64"],
                    "export": ["--workdir={trained}", "--format=saved_model"]}
WRITTEN_FILES = {"sample": "grid.png", "eval": "report.json"}  # the folders' commands write under a new one


def test_every_command_that_fills_the_disk_mid_write_says_so_in_one_line(tmp_path):
    # Past the checks before the work: each command's first write beyond 64 bytes fails with EFBIG, a real
    # refusal from the kernel with no path in Python's error (and only the reason in TensorFlow's), as a
    # disk filling up mid-file gives ENOSPC. All commands run in one child process (one TensorFlow start).
    from tfgan_zoo.trainers import config as config_lib
    from tfgan_zoo.trainers.cli import WRITTEN_PATHS
    from tfgan_zoo.trainers.train import train

    assert set(WRITING_COMMANDS) == set(WRITTEN_PATHS)
    trained = tmp_path / "trained"
    train(config_lib.apply_overrides(config_lib.preset_config("ring8"), [
        "train.steps=1", "train.batch_size=8", "generator.hidden_units=8", "discriminator.hidden_units=8"]),
        str(trained), progress=False)
    runs = {command: ["tfgan-zoo", command, *(arg.format(trained=trained) for arg in args),
                      *(f"--{name}={tmp_path / 'out' / command / WRITTEN_FILES.get(command, name)}"
                        for name in WRITTEN_PATHS[command])]
            for command, args in WRITING_COMMANDS.items()}
    child = ("import json, sys\nfrom tfgan_zoo.trainers.cli import main\n"
             "for argv in json.loads(sys.argv[1]).values():\n"
             "    print(f'exit {argv[1]} {main(argv)}', file=sys.stderr, flush=True)\n")
    done = subprocess.run(["python", "-c", child, json.dumps(runs)], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), preexec_fn=_file_size_limit(64))
    lines = [line for line in done.stderr.splitlines() if line.startswith(("tfgan-zoo:", "exit "))]
    for command in WRITING_COMMANDS:  # each command: its one error line, then its exit code 2
        exit_line = lines.index(f"exit {command} 2") if f"exit {command} 2" in lines else None
        assert exit_line is not None and exit_line >= 1, (command, done.stderr[-3000:])
        error = lines[exit_line - 1]
        assert error.startswith(f"tfgan-zoo: error: {command}:") and "File too large" in error, (command, lines)
    assert not [line for line in lines if "internal error" in line], lines
    assert "could not write the export" in lines[lines.index("exit export 2") - 1]
    leftovers = [os.path.join(root, name) for root, dirs, files in os.walk(tmp_path / "out")
                 for name in files + (dirs if "exported" in root else [])]  # half a SavedModel is removed too
    assert leftovers == [], leftovers
