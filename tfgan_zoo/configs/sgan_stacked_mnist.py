"""Stacked GAN (Huang et al. 2017, arXiv 1612.04357) on MNIST: two stacks under a learned encoder.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=sgan_stacked_mnist --workdir=runs/sgan_stacked
    tfgan-zoo eval --workdir=runs/sgan_stacked --metrics=accuracy --num_samples=1000

Stages: the encoder (a CNN classifier: x -> 256 features -> 10 classes) for
1,000 steps, then stack 1 (y, z1 -> features) and stack 0 (features, z0 ->
image) for 2,000 steps each on the encoder's real features, then both
jointly for 2,000 steps. Batch 64, Adam(2e-4, beta_1=0.5); z1 of 50 and z0
of 16 dimensions; the conditional loss has weight 1 and the entropy loss
10, on per-dimension means, as the authors' code (xunhuang1995/SGAN). A grid
with a row per class is written at the end of every stage (samples/).
Reaches 98.9% class accuracy (the shipped classifier, 1,000 samples) and
FCD 101.5, in 37 minutes here on a machine shared with other jobs
(BENCHMARKS.md); each class still comes out in nearly one style.
"""

from tfgan_zoo.configs._base import base_config


def get_config():
    config = base_config()
    config["variant"] = {"name": "sgan_stacked", "encoder_steps": 1000, "stack_steps": 2000,
                         "cond_weight": 1.0, "entropy_weight": 10.0}
    config["generator"] = {"name": "stacked_mnist_generator", "feature_dims": [256], "z_dims": [16, 50]}
    config["discriminator"] = {"name": "stacked_mnist_discriminator", "z0_dim": 16}
    config["data"].update(name="mnist", image_size=28, channels=1)
    config["train"].update(batch_size=64, steps=7000, log_every=100, sample_every=1000, checkpoint_every=1000)
    config["eval"].update(metrics=["accuracy", "fid"])
    return config
