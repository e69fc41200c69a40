"""One `train` per workdir at a time.

The chief holds an exclusive `flock` on WORKDIR/.train.lock for the whole
run, with its process id written inside. The kernel releases the lock when
the process ends, however it ends (a SIGKILL included), so a lock is never
left stale. A second `train` on the same workdir is refused, naming the
first. The file (and a workdir the lock itself created) is removed again
when the run ends, so a run that fails before writing anything leaves the
workdir as it was.
"""

import contextlib
import fcntl
import os
import socket

from tfgan_zoo.builders import ConfigError

LOCK_FILE = ".train.lock"


def _locked_descriptor(workdir, path):
    """An open descriptor of `path` holding its lock; retried if the file was
    replaced between the open and the lock (a run that just ended removed it)."""
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 200, 0).decode(errors="replace").strip() or "another process"
            os.close(descriptor)
            raise ConfigError(f"workdir {workdir!r} is being trained by {holder}; wait for it to finish or "
                              "stop it (Ctrl-C saves a checkpoint), or use another --workdir") from None
        if os.path.exists(path) and os.stat(path).st_ino == os.fstat(descriptor).st_ino:
            return descriptor
        os.close(descriptor)


@contextlib.contextmanager
def exclusive(workdir):
    """Holds the workdir's training lock, or raises ConfigError naming the process that does."""
    created_workdir = not os.path.isdir(workdir)
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, LOCK_FILE)
    descriptor = _locked_descriptor(workdir, path)
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"process {os.getpid()} on {socket.gethostname()}".encode(), 0)
        yield
    finally:
        os.unlink(path)  # still holding the lock: a waiting open sees a new file
        os.close(descriptor)
        if created_workdir and not os.listdir(workdir):
            os.rmdir(workdir)
