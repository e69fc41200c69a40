"""One `train` per workdir at a time.

The chief holds an exclusive `flock` on WORKDIR/.train.lock for the whole
run, with its process id written inside. The kernel releases the lock when
the process ends, however it ends (a SIGKILL included), so a lock is never
left stale. A second `train` on the same workdir is refused, naming the first.
"""

import contextlib
import fcntl
import os
import socket

from tfgan_zoo.builders import ConfigError

LOCK_FILE = ".train.lock"


@contextlib.contextmanager
def exclusive(workdir):
    """Holds the workdir's training lock, or raises ConfigError naming the process that does."""
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, LOCK_FILE)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 200, 0).decode(errors="replace").strip() or "another process"
            raise ConfigError(f"workdir {workdir!r} is being trained by {holder}; wait for it to finish or "
                              "stop it (Ctrl-C saves a checkpoint), or use another --workdir") from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"process {os.getpid()} on {socket.gethostname()}".encode(), 0)
        yield
    finally:
        os.close(descriptor)
