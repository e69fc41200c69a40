"""Checks several test modules share (importable because pytest puts tests/ on sys.path for conftest.py)."""

import os


def snapshot(directory):
    """Every file below `directory` with its modification time: equal snapshots mean nothing was touched."""
    return {os.path.join(root, name): os.path.getmtime(os.path.join(root, name))
            for root, _, names in os.walk(directory) for name in names}


def outside(field):
    """Values of the right syntax that no value of the field's domain equals."""
    if field.kind is bool:
        return ["2", '"yes"']
    if field.kind is list:
        return ["5", '"a"']
    if field.kind is str:
        return ['"not_a_choice"', "5"] if field.choices else []
    values = ['"many"', "NaN", "Infinity", "-Infinity", "[1]"]
    step = 1 if field.kind is int else 0.5
    if field.kind is int:
        values.append("1.5")
    if field.low is not None:
        values.append(repr(field.low if field.low_open else field.low - step))
    if field.high is not None:
        values.append(repr(field.high if field.high_open else field.high + step))
    return values


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


def orthogonal_config():
    """A small biggan32 whose networks draw orthogonal kernels (a QR decomposition each)."""
    from tfgan_zoo.trainers import config as config_lib

    return config_lib.apply_overrides(config_lib.preset_config("biggan32"), [
        "generator.init=orthogonal", "discriminator.init=orthogonal", "generator.base_filters=8",
        "discriminator.base_filters=8", "data.num_classes=10"])
