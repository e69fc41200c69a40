"""Every error the project raises for a user to act on, in one place.

Each message says what is wrong and what to do. The command line catches
`Error` and prints its message as one line (exit code 2); anything else is
a bug. Each class also derives from the built-in exception that fits it, so
callers that catch ValueError, KeyError or RuntimeError keep working.
"""

import errno
import os
import re

# The operating system's refusals that are the machine's state, never tfgan-zoo's bug, even when
# the error names no path (a write that fills the disk mid-file does not), with what to do.
MACHINE_REFUSALS = {errno.ENOSPC: "free space on that disk", errno.EDQUOT: "free space within your disk quota",
                    errno.EFBIG: "the file exceeds a size limit (ulimit -f, or the file system's)",
                    errno.EROFS: "the file system is read-only", errno.EIO: "the disk reported an error",
                    errno.EMFILE: "too many open files (raise ulimit -n)",
                    errno.ENFILE: "the system has too many open files"}
# TensorFlow's file systems end a failed call's message with the operating system's reason
# ("<path>; No space left on device"); read back to its errno.
_OS_REASONS = {os.strerror(code): code for code in errno.errorcode}


def reason_of(error, line=-1):
    """One line of an exception's message, shortened, for a one-line error that wraps it: the
    last by default (TensorFlow's put the cause there), or another (`line=0`: the first)."""
    lines = str(error).strip().splitlines()
    return (lines[line] if lines else type(error).__name__)[:200]


def system_refusal(error, where=None, name_path=True):
    """The one line for an error that is the operating system refusing a file operation, or None.

    Python's OSError carries its errno (and the path, when the call had one); TensorFlow's file
    errors carry neither, only the path and the system's reason at the end of the message, as
    "<path>; No space left on device" (and a full disk there is a ResourceExhaustedError, which
    must not read as memory). Without a path only the machine's states in MACHINE_REFUSALS count:
    an errno such as EBADF without one is a bug. `where` names what was being written when the
    error names no path; name_path=False gives the reason alone (for a caller that names the place
    itself, where the path is a temporary file of its own)."""
    if isinstance(error, OSError) and error.errno is not None:
        code, path = error.errno, error.filename
    else:
        last_line = (str(error).strip().splitlines() or [""])[-1]  # whole: a long path must not cut the reason off
        message = re.sub(r"^\{\{function_node [^}]*\}\}\s*|\s*\[Op:\w+\]$", "", last_line.strip())
        path, _, reason = message.rpartition("; ")
        if not type(error).__module__.startswith("tensorflow") or reason not in _OS_REASONS or not path:
            return None
        code = _OS_REASONS[reason]
    if path is None and code not in MACHINE_REFUSALS:
        return None
    hint = MACHINE_REFUSALS.get(code)
    reason = f"{os.strerror(code)}{f'; {hint}' if hint else ''}"
    if not name_path:
        return reason
    what = f"cannot use {path}" if path else f"cannot write {where}" if where else "a file operation failed"
    return f"{what}: {reason}"


class Error(Exception):
    """The base: a problem with the user's input, files or machine, explained in the message."""


class ConfigError(Error, ValueError):
    """A config that cannot be built; the message names the field and the fix."""


class UnknownNameError(Error, KeyError):
    """A name that no registry entry has; the message lists the known ones."""

    def __str__(self):
        return str(self.args[0])


class DataError(Error, ValueError):
    """A dataset that cannot be found, prepared or read; the message says what to do."""


class WorkdirError(Error, ValueError):
    """A workdir file (config, checkpoint, record, cache) that cannot be read or written."""


class ExportError(Error, ValueError):
    """An export that cannot be made or read back; the message says why and what to do."""


class EvaluationError(ConfigError):
    """An evaluation that cannot run; the message says what is missing and where to get it."""


class InceptionGraphError(Error, ValueError):
    """A missing, unverified or wrong Inception graph; the message says where to get the right one."""


class DivergenceError(Error, RuntimeError):
    """A loss that is no longer a finite number."""


class CheckpointWriteError(Error, RuntimeError):
    """A checkpoint that could not be written (a full disk, a lost mount)."""


class ClusterError(Error, RuntimeError):
    """A multi-worker step that failed because a peer task is gone."""
