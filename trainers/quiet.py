"""A quiet terminal: the TensorFlow runtime's own log lines never reach it.

TensorFlow's C++ runtime writes its logs straight to file descriptor 2, and
some before TF_CPP_MIN_LOG_LEVEL is read ("All log messages before
absl::InitializeLog() is called are written to STDERR"): oneDNN and CPU
feature notices, CUDA probes on machines without a GPU, Grappler and tf.data
warnings, the TFLite converter's lines. `hide_runtime_logs` routes fd 2
through a filter that drops exactly those lines and passes everything else
on, while Python's `sys.stderr` (our messages, warnings, the progress bar)
writes to the terminal directly, so the bar still sees a terminal.
"""

import io
import os
import re
import sys
import threading
import warnings

# An absl/TensorFlow C++ log line: severity letter, MMDD, time (or seconds),
# thread id, file:line] (fatal "F" lines are kept: they explain a crash); the
# notice absl prints before its logging is initialised; LiteRT's INFO lines;
# and the TFLite quantizer's settings line.
RUNTIME_LOG_LINE = re.compile(
    rb"^(?:[IWE]\d{4} [\d:.]+\s+\d+ [\w./-]+:\d+\]"
    rb"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    rb"|INFO: |fully_quantize: \d)")


# TF_CPP_MIN_LOG_LEVEL's scale: 0 info, 1 warning, 2 error (fatal lines are always kept).
SEVERITIES = {b"I": 0, b"W": 1, b"E": 2}


def severity(line):
    """TF_CPP_MIN_LOG_LEVEL's number for a runtime log line's severity (absl's notice is a
    warning; LiteRT's and the quantizer's lines are information)."""
    if line.startswith(b"WARNING: "):
        return 1
    return SEVERITIES.get(line[:1], 0)


def keep(line, min_level=None):
    """Whether a line written to fd 2 is shown: every line but the runtime's log lines or, with
    `min_level` (a TF_CPP_MIN_LOG_LEVEL), the runtime's lines of that severity and above."""
    if not RUNTIME_LOG_LINE.match(line):
        return True
    return min_level is not None and severity(line) >= min_level


def _forward(source, target, min_level):
    pending = b""
    while True:
        chunk = os.read(source, 65536)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        shown = b"".join(line + b"\n" for line in lines if keep(line, min_level))
        if shown:
            os.write(target, shown)
    if pending and keep(pending, min_level):
        os.write(target, pending)


def hide_runtime_logs(min_level=None):
    """From now on, fd 2 drops the runtime's log lines (with `min_level`, those below that
    TF_CPP_MIN_LOG_LEVEL); `sys.stderr` stays the terminal.

    Call before TensorFlow is imported, so even its first lines are caught.
    TensorFlow's deprecation notice for `tf.lite.Interpreter`, which its
    converter raises while it calibrates int8 models (the project itself
    runs LiteRT's interpreter), is hidden too.
    """
    warnings.filterwarnings("ignore", message=r"\s*Warning: tf\.lite\.Interpreter is deprecated")
    terminal = os.dup(2)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)
    sys.stderr.flush()
    sys.stderr = io.TextIOWrapper(os.fdopen(terminal, "wb", buffering=0), encoding=sys.stderr.encoding,
                                  errors="backslashreplace", line_buffering=True, write_through=True)
    threading.Thread(target=_forward, args=(read_end, terminal, min_level), name="runtime-log-filter",
                     daemon=True).start()


# Whether the user chose TensorFlow's log level, read when this module is first
# imported (before the command or a script sets a level of its own): then
# TensorFlow's logs are theirs to see, at the level they chose.
USER_LOG_LEVEL = "TF_CPP_MIN_LOG_LEVEL" in os.environ


def _user_min_level():
    """The user's TF_CPP_MIN_LOG_LEVEL as 0-3, or None when it is not a number TensorFlow reads."""
    value = os.environ.get("TF_CPP_MIN_LOG_LEVEL", "").strip()
    return min(int(value), 3) if value.isdigit() else None


def quiet_unless_asked(verbose=False):
    """The terminal of the command and of every script: TensorFlow's runtime lines are hidden,
    unless the user set TF_CPP_MIN_LOG_LEVEL (which then decides alone) or asked for them
    (`verbose`: the command's -v, which shows every level). TensorFlow prints its first lines
    (oneDNN, CUDA probes) before it reads the level, so with a user's level of 1 or more the
    filter still drops the lines below it: TF_CPP_MIN_LOG_LEVEL=3 shows no information line.

    Call as a script starts (under `if __name__ == "__main__"`, before anything
    imports TensorFlow), never on import: a test importing the script keeps its fd 2.
    """
    if USER_LOG_LEVEL:
        level = _user_min_level()
        if level:
            hide_runtime_logs(min_level=level)
        return
    if verbose:
        os.environ["TF_CPP_MIN_LOG_LEVEL"] = "0"
        return
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
    hide_runtime_logs()
