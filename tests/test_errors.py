"""The operating system's refusals, told apart from tfgan-zoo's bugs and from memory."""

import errno
import os
import shutil
import subprocess

import pytest
import tensorflow as tf

from tfgan_zoo.errors import MACHINE_REFUSALS, system_refusal


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KB tmpfs filled to the last byte: writes fail with ENOSPC, as on a full disk."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not shutil.which("mount") or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                                                   capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs mount(8) and root here")
    try:
        descriptor = os.open(disk / "filler", os.O_CREAT | os.O_WRONLY)
        try:
            with pytest.raises(OSError):
                while True:
                    os.write(descriptor, b"\0" * 4096)
        finally:
            os.close(descriptor)
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_under_tensorflow_is_the_disk_not_memory(full_disk):
    # TensorFlow reports ENOSPC as ResourceExhaustedError, the class it also uses for memory.
    with pytest.raises(tf.errors.ResourceExhaustedError) as raised:
        tf.io.write_file(str(full_disk / "grid.png"), b"\0" * 65536)
    line = system_refusal(raised.value)
    assert line == (f"cannot use {full_disk / 'grid.png'}: No space left on device; "
                    f"{MACHINE_REFUSALS[errno.ENOSPC]}"), line


def test_a_full_disk_under_python_names_what_was_written(full_disk):
    descriptor = os.open(full_disk / "report.json", os.O_CREAT | os.O_WRONLY)
    with pytest.raises(OSError) as raised:
        os.write(descriptor, b"x" * 65536)
    os.close(descriptor)
    assert raised.value.filename is None  # a failed write names no path: `where` does
    assert system_refusal(raised.value, where="--out=r.json") == (
        f"cannot write --out=r.json: No space left on device; {MACHINE_REFUSALS[errno.ENOSPC]}")
    assert system_refusal(raised.value, name_path=False).startswith("No space left on device")


def test_errors_that_are_not_the_machines_are_not_refusals(tmp_path):
    descriptor = os.open(tmp_path / "f", os.O_CREAT | os.O_WRONLY)
    os.close(descriptor)
    with pytest.raises(OSError) as raised:
        os.write(descriptor, b"x")  # a closed descriptor: EBADF and no path, a bug
    assert system_refusal(raised.value) is None
    assert system_refusal(ValueError("a; No space left on device")) is None  # not an operating-system error
    with pytest.raises(tf.errors.InvalidArgumentError) as raised:
        tf.reshape(tf.zeros([3]), [2])
    assert system_refusal(raised.value) is None
    # A real path error with its errno names the path, whatever the errno.
    with pytest.raises(OSError) as raised:
        open(tmp_path / "missing" / "x")
    assert system_refusal(raised.value) == f"cannot use {tmp_path / 'missing' / 'x'}: No such file or directory"


def _address_space_limit(limit_bytes):
    """A child-process hook: the process may map at most limit_bytes, far below TensorFlow's
    libraries (libtensorflow_cc alone is about 1 GB), as under a small `ulimit -v`."""
    import resource

    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    return apply


def test_every_command_says_in_one_line_that_tensorflow_could_not_be_loaded(tmp_path):
    # The library's own loader fails (a real mmap refused by the kernel): not a bug of ours, and no traceback,
    # whether TensorFlow loads with the command's flags (train's strategies) or in its work.
    from tfgan_zoo.trainers.cli import COMMANDS

    for command in COMMANDS:
        flags = {"train": [f"--workdir={tmp_path}", "--config=ring8"], "list": []}.get(command, [f"--workdir={tmp_path}"])
        done = subprocess.run(["tfgan-zoo", command, *flags], capture_output=True, text=True, timeout=120,
                              preexec_fn=_address_space_limit(600 << 20))
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2 and len(lines) == 1, (command, done.stderr[-2000:])
        assert lines[0].startswith(f"tfgan-zoo: error: {command}: TensorFlow could not be loaded"), lines
