"""Load a trained model back from a training workdir."""

import json
import os

import tensorflow as tf

from tfgan_zoo.builders import build_gan
from tfgan_zoo.configs._base import with_defaults
from tfgan_zoo.workdir import CONFIG_FILE, checkpoint_dir, config_path


class ExportError(ValueError):
    """An export that cannot be made; the message says why and what to do."""


def load_trained_gan(workdir):
    """Returns (gan, config, checkpoint path) restored from the workdir's latest checkpoint."""
    path = config_path(workdir)
    if not os.path.exists(path):
        raise ExportError(
            f"{workdir!r} is not a training workdir (no {CONFIG_FILE}); pass the --workdir "
            "of a `tfgan-zoo train` run"
        )
    with open(path) as file:
        config = with_defaults(json.load(file))
    latest = tf.train.latest_checkpoint(checkpoint_dir(workdir))
    if latest is None:
        raise ExportError(
            f"workdir {workdir!r} has no checkpoint yet, so there are no trained weights; "
            f"train first: tfgan-zoo train --workdir={workdir}"
        )
    gan = build_gan(config, for_training=False)
    # The networks and their averages only: the optimizers' state is not needed
    # here, and a mixed-float16 run's LossScaleOptimizers do not match the
    # float32 build.
    items = {name: item for name, item in gan.checkpoint_items().items()
             if name not in ("g_optimizer", "d_optimizer")}
    tf.train.Checkpoint(**items).restore(latest).expect_partial()
    if hasattr(gan, "restore_phase"):  # progressive growing: the level and alpha reached
        gan.restore_phase()
    return gan, config, latest
