"""Every error the project raises for a user to act on, in one place.

Each message says what is wrong and what to do. The command line catches
`Error` and prints its message as one line (exit code 2); anything else is
a bug. Each class also derives from the built-in exception that fits it, so
callers that catch ValueError, KeyError or RuntimeError keep working.
"""


def reason_of(error, line=-1):
    """One line of an exception's message, shortened, for a one-line error that wraps it: the
    last by default (TensorFlow's put the cause there), or another (`line=0`: the first)."""
    lines = str(error).strip().splitlines()
    return (lines[line] if lines else type(error).__name__)[:200]


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
