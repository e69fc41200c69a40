"""What a run writes to TensorBoard besides images: grouped scalars, the config, hparams.

Scalars are grouped by what they are, so TensorBoard's Scalars tab shows
one section each: `losses/` (the losses and their terms), `scores/` (the
discriminator's mean outputs), `optimizer/` (learning rates), `train/`
(throughput, skipped updates, growth) and `eval/` (metrics of
`eval.every`). The resolved config is a text summary (`config`), and its
fields are the run's hparams, so the HParams tab compares runs of several
workdirs by their settings and their metrics.
"""

import json
import os

import tensorflow as tf
from tensorboard.plugins.hparams import api as hparams_api

from tfgan_zoo.replicas import unscaled_optimizer

# Logged metrics that are loss terms without "_loss" in their name.
LOSS_TERMS = frozenset({"gradient_penalty", "d_penalty", "feature_matching", "orthogonal_regularization"})


def tag(name):
    """The TensorBoard tag of a logged metric: its group, then its name.

    Losses and their terms go to losses/, the discriminator's mean outputs
    to scores/, the rest (throughput, skipped updates, growth, BEGAN's k and
    convergence, the encoder's accuracy) to train/.
    """
    if "/" in name:
        return name
    if name.endswith("_loss") or name in LOSS_TERMS:
        return f"losses/{name}"
    if name.endswith("_score"):
        return f"scores/{name}"
    return f"train/{name}"


def write_scalars(metrics, step):
    for name, value in metrics.items():
        tf.summary.scalar(tag(name), value, step=step)


def learning_rates(gan):
    """{name: the rate each optimizer applies at its current step}."""
    rates = {}
    for role in ("g", "d"):
        optimizer = getattr(gan, f"{role}_optimizer", None)
        if optimizer is not None:
            # A variable (a MirroredVariable under a strategy) or a schedule's tensor: read as a tensor.
            rate = tf.convert_to_tensor(unscaled_optimizer(optimizer).learning_rate)
            rates[f"optimizer/{role}_learning_rate"] = float(rate.numpy())
    return rates


def hparams(config):
    """The config's fields as hparams: scalars as they are, lists and dicts as JSON text."""
    flat = {}
    for section, fields in config.items():
        for field, value in (fields.items() if isinstance(fields, dict) else [("", fields)]):
            key = f"{section}.{field}" if field else section
            flat[key] = value if isinstance(value, (bool, int, float, str)) else json.dumps(value, sort_keys=True)
    return flat


def write_run_description(config, workdir, step):
    """The config as text and as hparams, the workdir as the HParams trial;
    written when a run starts or resumes."""
    text = "```json\n" + json.dumps(config, indent=2, sort_keys=True) + "\n```"
    tf.summary.text("config", text, step=step)
    # The trial's name leads with the workdir's own name (the column is narrow)
    # and stays unique across folders.
    path = os.path.abspath(workdir)
    hparams_api.hparams(hparams(config), trial_id=f"{os.path.basename(path)} in {os.path.dirname(path)}")
