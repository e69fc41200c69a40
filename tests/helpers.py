"""Checks several test modules share (importable because pytest puts tests/ on sys.path for conftest.py)."""

import os


def snapshot(directory):
    """Every file below `directory` with its modification time: equal snapshots mean nothing was touched."""
    return {os.path.join(root, name): os.path.getmtime(os.path.join(root, name))
            for root, _, names in os.walk(directory) for name in names}


def error_lines(stderr):
    """The command line's own error lines in a captured stderr."""
    return [line for line in stderr.splitlines() if line.startswith("tfgan-zoo: error:")]


def scalar_events(workdir, tag):
    """{step: value} of one scalar tag of a workdir's TensorBoard events, read by TensorBoard's own loader."""
    import tensorflow as tf
    from tensorboard.backend.event_processing import plugin_event_accumulator

    accumulator = plugin_event_accumulator.EventAccumulator(
        os.path.join(workdir, "tensorboard"), size_guidance={plugin_event_accumulator.TENSORS: 0})
    accumulator.Reload()
    return {event.step: float(tf.make_ndarray(event.tensor_proto)) for event in accumulator.Tensors(tag)}
