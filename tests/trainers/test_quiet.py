"""A quiet terminal: by default the command shows its own lines only; -v or a
TF_CPP_MIN_LOG_LEVEL of the user's lets TensorFlow's runtime logs through."""

import json
import os
import re
import subprocess

from tfgan_zoo.trainers.quiet import keep

# Any runtime log line, whatever its severity and time format.
RUNTIME = re.compile(r"^(?:[IWEF]\d{4} |WARNING: All log messages before absl|INFO: Created TensorFlow Lite"
                     r"|fully_quantize: )", re.MULTILINE)
SHORT = ["--set=train.steps=2", "--set=train.log_every=1", "--set=train.batch_size=8",
         "--set=train.sample_every=2", "--set=train.checkpoint_every=2", "--set=train.num_samples=4",
         "--set=data.split=train[:256]", "--set=data.shuffle_buffer=64"]


def run(args, **env):
    environment = {key: value for key, value in os.environ.items() if key != "TF_CPP_MIN_LOG_LEVEL"}
    return subprocess.run(["tfgan-zoo", *args], capture_output=True, text=True, timeout=300,
                          env={**environment, **env})


def test_the_filter_drops_runtime_lines_and_keeps_the_rest():
    for line in (b"I0000 00:00:1796175661.520773   29179 cudart_stub.cc:31] Could not find cuda drivers",
                 b"W1202 01:34:07.123456 4242 cache_dataset_ops.cc:912] The calling iterator did not fully read",
                 b"E0000 00:00:1796175668.429932   29179 meta_optimizer.cc:967] remapper failed: ...",
                 b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
                 b"INFO: Created TensorFlow Lite XNNPACK delegate for CPU.",
                 b"fully_quantize: 0, inference_type: 6, input_inference_type: FLOAT32"):
        assert not keep(line), line
    for line in (b"step 1/3 g_loss=0.6419 d_loss=1.411", b"tfgan-zoo: error: train: ...",
                 b"F0000 00:00:1.0 1 check.cc:1] Check failed: the crash explained", b"Traceback (most recent"):
        assert keep(line), line


def test_training_shows_only_the_projects_lines_and_verbosity_brings_the_logs_back(mnist_data_dir, tmp_path):
    quiet = run(["train", "--config=dcgan_mnist", f"--workdir={tmp_path / 'quiet'}", *SHORT],
                TFDS_DATA_DIR=mnist_data_dir)
    assert quiet.returncode == 0, quiet.stderr
    assert not RUNTIME.search(quiet.stderr), quiet.stderr
    assert "step 2/2" in quiet.stderr and "finished at step 2" in quiet.stdout
    verbose = run(["train", "-v", "--config=dcgan_mnist", f"--workdir={tmp_path / 'verbose'}", *SHORT],
                  TFDS_DATA_DIR=mnist_data_dir)
    assert verbose.returncode == 0 and RUNTIME.search(verbose.stderr), verbose.stderr
    # What the pipeline used to cause: a cache left half-filled by a run shorter than one pass.
    assert "did not fully read the dataset being cached" not in verbose.stderr


def test_a_log_level_the_user_set_is_left_alone():
    # TF_CPP_MIN_LOG_LEVEL=0 of the user's: no filter, TensorFlow's notices show.
    result = run(["list"], TF_CPP_MIN_LOG_LEVEL="0")
    assert result.returncode == 0 and RUNTIME.search(result.stderr), result.stderr
    # 3 ("fatal only"): TensorFlow prints its first information lines before it reads the level;
    # the filter holds them back, so a level meant to quieten never shows more than the default.
    result = run(["list"], TF_CPP_MIN_LOG_LEVEL="3")
    assert result.returncode == 0 and not RUNTIME.search(result.stderr), result.stderr


def test_a_users_level_keeps_the_runtime_lines_at_and_above_it():
    info, warning, error, fatal = (b"I0000 00:00:1.5 7 port.cc:153] oneDNN custom operations are on",
                                   b"W1202 01:34:07.123456 4242 cache_dataset_ops.cc:912] did not fully read",
                                   b"E0000 00:00:1.5 7 meta_optimizer.cc:967] remapper failed",
                                   b"F0000 00:00:1.0 1 check.cc:1] Check failed")
    notice = b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
    shown = {level: [line for line in (info, warning, notice, error, fatal) if keep(line, level)]
             for level in (0, 1, 2, 3)}
    assert shown == {0: [info, warning, notice, error, fatal], 1: [warning, notice, error, fatal],
                     2: [error, fatal], 3: [fatal]}
    assert keep(b"step 1/3 g_loss=0.6", 3) and not keep(info) and not keep(error)


def _with_its_reader_gone(command):
    """Runs command with stdout a pipe whose read end is already closed: its first write fails
    (EPIPE), as when `| head -1` has read its line and gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
                              cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    finally:
        os.close(write_end)


def test_output_whose_reader_has_gone_ends_quietly_with_sigpipes_status(tmp_path):
    # Before any TensorFlow (the overview), after it (a preset's fields), and a benchmark script's table.
    (tmp_path / "curve_grid25_m1_seed0.json").write_text(json.dumps(
        [{"epoch": 20, "steps": 20000, "cpu_seconds": 1.0, "modes": 20, "high_quality_percent": 90.0,
          "reverse_kl": 0.5}]))
    for command in (["tfgan-zoo", "--help"], ["tfgan-zoo", "list", "--config=ring8"],
                    ["python", "benchmarks/pacgan_table1.py", "--from_curves", str(tmp_path),
                     "--out_dir", str(tmp_path / "out")]):
        done = _with_its_reader_gone(command)
        assert done.returncode == 141 and done.stderr == "", (command, done.returncode, done.stderr[-2000:])
