"""MultiWorkerMirroredStrategy for real: two worker processes on 127.0.0.1."""

import json
import os
import signal
import socket
import subprocess
import time

import tensorflow as tf

TINY = ["--config=ring8", "--set=train.batch_size=16", "--set=generator.hidden_units=16",
        "--set=discriminator.hidden_units=16", "--set=train.log_every=2", "--set=train.sample_every=100000",
        "--set=train.num_samples=16"]


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def start_workers(workdir, steps, extra=()):
    cluster = {"worker": [f"127.0.0.1:{port}" for port in free_ports(2)]}
    processes = []
    for index in range(2):
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3",
                   TF_CONFIG=json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}}))
        command = ["tfgan-zoo", "train", "--strategy=multi_worker", f"--workdir={workdir}",
                   f"--set=train.steps={steps}", *TINY, *extra]
        processes.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True))
    return processes


def test_two_workers_train_together_and_only_the_chief_writes(tmp_path):
    workdir = str(tmp_path / "run")
    processes = start_workers(workdir, steps=6, extra=["--set=train.checkpoint_every=3"])
    outputs = [process.communicate(timeout=240) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err[-3000:]
    assert tf.train.latest_checkpoint(os.path.join(workdir, "checkpoints")).endswith("ckpt-6")
    events = os.listdir(os.path.join(workdir, "tensorboard"))
    assert len(events) == 1, "only the chief writes TensorBoard events"
    assert sorted(os.listdir(workdir)) == ["checkpoints", "config.json", "samples", "tensorboard"], \
        "the other worker's temporary checkpoints are gone"
    assert "step 6/6" in outputs[0][1] and "step 6/6" not in outputs[1][1], "only the chief reports"


def test_a_killed_worker_makes_the_chief_fail_with_a_clear_error(tmp_path):
    workdir = str(tmp_path / "run")
    chief, worker = start_workers(workdir, steps=1_000_000,
                                  extra=["--set=train.checkpoint_every=5", "--collective_timeout=20"])
    deadline = time.time() + 180
    while time.time() < deadline and tf.train.latest_checkpoint(os.path.join(workdir, "checkpoints")) is None:
        assert chief.poll() is None and worker.poll() is None, "a worker ended before the kill"
        time.sleep(0.2)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    started = time.time()
    _, err = chief.communicate(timeout=150)
    assert chief.returncode != 0
    assert time.time() - started < 150
    assert "another task of the cluster stopped responding" in err, err[-3000:]
