"""What the command and every script set before TensorFlow is imported: the CPU kernels it
runs and a quiet terminal. TensorFlow reads both once, as it loads. And how they end when
the reader of their output has gone."""

import os
import platform
import signal
import sys

from tfgan_zoo.trainers.quiet import quiet_unless_asked

# TensorFlow's switch for its oneDNN kernels (convolutions, matmuls and their fusions).
ONEDNN_SWITCH = "TF_ENABLE_ONEDNN_OPTS"


def use_onednn_kernels():
    """Turns TensorFlow's oneDNN kernels on for x86 CPUs, unless the user set TF_ENABLE_ONEDNN_OPTS.

    TensorFlow's Linux x86 builds hold them but turn them on by default only
    on CPUs with AVX-512 VNNI, BF16 or AMX (TensorFlow RFC 400); elsewhere
    its Eigen kernels run. On a 2-core AMD EPYC with AVX2 and no AVX-512, the
    README job's InfoGAN step took 364 ms with Eigen's kernels and 203 ms with
    oneDNN's, transposed convolutions most of the gain (BENCHMARKS.md, "oneDNN
    on AVX2 CPUs"). The machines that had them on already are unchanged, so
    every x86 CPU now runs the same kernels. `TF_ENABLE_ONEDNN_OPTS=0` keeps
    Eigen's.
    """
    if platform.machine().lower() in ("x86_64", "amd64"):
        os.environ.setdefault(ONEDNN_SWITCH, "1")


def prepare_tensorflow(verbose=False):
    """The command's and every script's start, before anything imports TensorFlow: oneDNN
    kernels on x86 (`use_onednn_kernels`) and TensorFlow's runtime lines off the terminal
    unless asked for (`quiet_unless_asked`, whose `verbose` this passes on)."""
    use_onednn_kernels()
    quiet_unless_asked(verbose=verbose)


def closed_pipe_exit():
    """The exit status of a command whose output's reader has gone (`tfgan-zoo list | head -1`):
    no traceback, and the status of a process that SIGPIPE ended (141), as the shell's own tools
    give. Both streams go to /dev/null first, so Python's last flush has nowhere to fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError):  # a stream without a descriptor (replaced, closed)
            pass
    return 128 + signal.SIGPIPE
