"""Reading a training workdir back: its saved config and its checkpoints.

The one place that reads them, for train (resume), sample, eval and export.
Files damaged by a crash, a full disk or a stray edit never end in a trace:
an unreadable newest checkpoint is skipped for the one before it, an
unreadable checkpoint list is rebuilt from the checkpoint files themselves,
and what cannot be recovered is a `WorkdirError` that says what to do.
"""

import json
import os
import re
import sys

import tensorflow as tf
from google.protobuf import text_format

from tfgan_zoo.builders import build_gan
from tfgan_zoo.configs._base import with_defaults
from tfgan_zoo.errors import ExportError, WorkdirError, reason_of
from tfgan_zoo.gans.staged import StagedGAN
from tfgan_zoo.networks.resnet import initial_weights_discarded
from tfgan_zoo.workdir import CONFIG_FILE, checkpoint_dir, config_path, kept_checkpoint_dir

# What reading a damaged checkpoint raises, from TensorFlow's C++ readers and its Python wrappers.
UNREADABLE = (tf.errors.OpError, ValueError, AssertionError, IndexError, RuntimeError, OSError,
              UnicodeDecodeError, text_format.ParseError)
STATE_FILE = "checkpoint"  # TensorFlow's list of a folder's checkpoints
DAMAGED_DIR = "damaged"  # unreadable checkpoints the trainer moved out of its way


def read_saved_config(workdir):
    """The config the workdir was started with (fields it predates filled in), or None without one."""
    path = config_path(workdir)
    if not os.path.lexists(path):
        return None
    try:
        with open(path, encoding="utf-8") as file:
            config = json.load(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WorkdirError(f"{path} cannot be read ({reason_of(error)}); it records the run's settings: restore it "
                           "from a backup, or start over in a new --workdir") from None
    if not isinstance(config, dict) or not all(isinstance(fields, dict) for fields in config.values()):
        raise WorkdirError(f"{path} is not a config written by tfgan-zoo train (sections of fields); restore it "
                           "from a backup, or start over in a new --workdir")
    return with_defaults(config)


def checkpoint_paths(directory):
    """The checkpoint prefixes in `directory`, oldest first.

    From TensorFlow's state file when it is readable; otherwise (or when it
    names files that are gone) from the `<name>-<step>.index` files present.
    """
    listed = _listed(_readable_state(directory))
    return listed if listed else _present(directory)


def checkpoints_by_step(workdir):
    """{step: checkpoint prefix} of a workdir's checkpoints: the newest few in
    checkpoints/ and those kept for good in kept_checkpoints/ (train.keep_every)."""
    kept = {checkpoint_step(path): path for path in _present(kept_checkpoint_dir(workdir))}
    return {**kept, **{checkpoint_step(path): path for path in checkpoint_paths(checkpoint_dir(workdir))}}


def listed_checkpoints(directory):
    """The checkpoints TensorFlow's state file lists in `directory`, exactly
    what a CheckpointManager opened there resumes from (unlike
    `checkpoint_paths`, no fallback to the files present); none when the
    list is unreadable."""
    state = _readable_state(directory)
    return list(state.all_model_checkpoint_paths) if state else []


def _readable_state(directory):
    """TensorFlow's CheckpointState of the folder; None when it is missing or unreadable."""
    try:
        return tf.train.get_checkpoint_state(directory)
    except UNREADABLE:
        return None


def _listed(state):
    """A state's checkpoints when it has some and all of them exist, else None.
    TensorFlow has joined relative entries to their folder already."""
    paths = [] if state is None else list(state.all_model_checkpoint_paths)
    return paths if paths and all(tf.io.gfile.exists(path + ".index") for path in paths) else None


def _present(directory):
    """The `<name>-<step>.index` checkpoints in the folder, oldest first."""
    found = []
    for name in tf.io.gfile.listdir(directory) if tf.io.gfile.isdir(directory) else []:
        match = re.fullmatch(r"(.+)-(\d+)\.index", name)
        if match:
            found.append((int(match.group(2)), os.path.join(directory, name[:-len(".index")])))
    return [path for _, path in sorted(found)]


def repair_checkpoint_state(directory, report=None):
    """Makes TensorFlow's state file list the checkpoint files present, so a
    CheckpointManager opened on the folder resumes from them instead of
    starting over: rewritten when it is unreadable, missing or names files
    that are gone; says so through `report`."""
    state_path = os.path.join(directory, STATE_FILE)
    if os.path.isdir(state_path):
        raise WorkdirError(f"{state_path} is a folder, not TensorFlow's list of checkpoints; move it away and "
                           "rerun (the list is rebuilt from the ckpt-N files)")
    try:
        state = tf.train.get_checkpoint_state(directory)
        problem = "missing" if state is None else "out of date"
    except UNREADABLE as error:
        state, problem = None, f"unreadable: {reason_of(error)}"
    if _listed(state):
        return  # intact: it lists checkpoints, and each exists
    paths = _present(directory)
    stale = state is not None and bool(state.all_model_checkpoint_paths)
    if not paths and not stale and (state is not None or not os.path.lexists(state_path)):
        return  # no checkpoint yet, and a list that says so (or none)
    if paths:
        _write_state(state_path, paths)
    else:
        os.remove(state_path)
    (report or to_stderr)(f"warning: {state_path} was {problem}; rebuilt it from the {len(paths)} "
                           "checkpoint(s) in the folder")


def _write_state(state_path, paths):
    """TensorFlow's CheckpointState in its text format, atomically. The
    timestamps (the files' times) matter: CheckpointManager pairs each path
    with one, and manages (lists, rotates) only those after the last
    preserved timestamp."""
    times = [os.path.getmtime(path + ".index") for path in paths]
    lines = [f"model_checkpoint_path: {json.dumps(os.path.basename(paths[-1]))}"]
    lines += [f"all_model_checkpoint_paths: {json.dumps(os.path.basename(path))}" for path in paths]
    lines += [f"all_model_checkpoint_timestamps: {time!r}" for time in times]
    lines.append(f"last_preserved_timestamp: {min(times) - 1.0!r}")
    write_atomically(state_path, "\n".join(lines) + "\n")


def restore_newest(checkpoint, paths, verify=lambda status: status.assert_existing_objects_matched(),
                   report=None, set_aside=False):
    """Restores the newest of `paths` that reads; returns its path, or None when there are none.

    A damaged checkpoint is skipped, with a warning naming it, for the one
    before it; with set_aside (the trainer, which will write that step
    again) its files move to DAMAGED_DIR beside it, kept but out of the way.
    Raises WorkdirError when none of them reads.
    """
    damaged = []
    for path in reversed(paths):
        try:
            verify(checkpoint.restore(path))
        except UNREADABLE as error:
            (report or to_stderr)(f"warning: checkpoint {path} is unreadable ({reason_of(error)}); "
                                   "trying the one before it")
            damaged.append(path)
            continue
        for newer in damaged if set_aside else []:
            _set_aside(newer, report or to_stderr)
        return path
    if paths:
        raise WorkdirError(f"no checkpoint in {os.path.dirname(paths[0])} is readable; move the folder away to "
                           "start over, or restore it from a backup")
    return None


def _set_aside(path, report):
    folder = os.path.join(os.path.dirname(path), DAMAGED_DIR)
    os.makedirs(folder, exist_ok=True)
    for file in tf.io.gfile.glob(path + ".index") + tf.io.gfile.glob(path + ".data-*"):
        os.replace(file, os.path.join(folder, os.path.basename(file)))
    report(f"warning: moved the files of {path} to {folder}; training writes that step again")


def load_trained_gan(workdir, step=None):
    """Returns (gan, config, checkpoint path) restored from the workdir's newest readable checkpoint,
    or with `step` from the checkpoint of that step (an error naming the kept steps when it is
    not kept)."""
    config = read_saved_config(workdir)
    if config is None:
        raise ExportError(
            f"{workdir!r} is not a training workdir (no {CONFIG_FILE}); pass the --workdir "
            "of a `tfgan-zoo train` run"
        )
    if step is None:
        paths = checkpoint_paths(checkpoint_dir(workdir))
    else:
        # The kept checkpoints count too: a workdir may hold the step only in
        # kept_checkpoints/ (train.keep_every) after its recent ones are gone.
        kept = checkpoints_by_step(workdir)
        paths = list(kept.values())
    if not paths:
        raise ExportError(
            f"workdir {workdir!r} has no checkpoint yet, so there are no trained weights; "
            f"train first: tfgan-zoo train --workdir={workdir}"
        )
    if step is not None:
        if step not in kept:
            raise ExportError(f"workdir {workdir!r} keeps the checkpoints of steps "
                              f"{', '.join(str(s) for s in sorted(kept))}, not of step {step}; pass one of those "
                              "(train.keep_checkpoints sets how many recent ones a run keeps, and "
                              "train.keep_every=N keeps every N-th step's for good)")
        paths = [kept[step]]
    with initial_weights_discarded():  # every weight is restored below, and checked to be
        gan = build_gan(config, for_training=False)
    # The networks and their averages only: the optimizers' state is not needed
    # here, and a mixed-float16 run's LossScaleOptimizers do not match the
    # float32 build.
    items = {name: item for name, item in gan.checkpoint_items().items()
             if name not in ("g_optimizer", "d_optimizer")}
    latest = restore_newest(tf.train.Checkpoint(**items), paths,
                            verify=lambda status: status.expect_partial().assert_existing_objects_matched())
    if isinstance(gan, StagedGAN):  # e.g. progressive growing: the level and alpha reached
        gan.restore_phase()
    return gan, config, latest


def checkpoint_step(path):
    """The training step of a checkpoint prefix `<name>-<step>`."""
    return int(path.rsplit("-", 1)[-1])


def write_atomically(path, data):
    """Writes `data` (str or bytes) to `path` through a temporary file beside it, then a rename:
    a reader never sees half a file, and a write that fails (a full disk) leaves `path` as it
    was and no temporary file behind."""
    temporary = path + ".tmp"
    try:
        with open(temporary, "wb" if isinstance(data, bytes) else "w",
                  encoding=None if isinstance(data, bytes) else "utf-8") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.lexists(temporary):
            os.remove(temporary)
        raise


def to_stderr(line):
    """The default report of what the workdir readers repaired or skipped."""
    print(line, file=sys.stderr, flush=True)
