"""Where a run keeps its files inside --workdir: names only, no I/O.

The trainer writes these and the exporter reads them; both take the names
from here so the two can never disagree.
"""

import os

CONFIG_FILE = "config.json"
CHECKPOINT_DIR = "checkpoints"
KEPT_DIR = "kept_checkpoints"  # every train.keep_every-th step's checkpoint, never deleted
TENSORBOARD_DIR = "tensorboard"
SAMPLES_DIR = "samples"
EXPORT_DIR = "export"
EVAL_DIR = "eval"  # JSON reports and cached reference statistics
BEST_DIR = "best_checkpoint"  # the checkpoint with the best train-time evaluation, and its record
BEST_RECORD = "best.json"


def config_path(workdir):
    return os.path.join(workdir, CONFIG_FILE)


def checkpoint_dir(workdir):
    return os.path.join(workdir, CHECKPOINT_DIR)


def kept_checkpoint_dir(workdir):
    return os.path.join(workdir, KEPT_DIR)
