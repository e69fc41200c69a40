"""SAGAN at the scale of this machine: MNIST resized to 32x32, class-conditional.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=sagan_mnist --workdir=runs/sagan_mnist

`sagan32`'s recipe (ResNets with self-attention at 16x16, spectral norm in
both networks, hinge loss, TTUR G 1e-4 / D 4e-4 with Adam(0, 0.9),
conditional batch norm and projection) with narrow networks (8 base
filters) and one channel, so that it trains on two CPU cores.

Measured (2026-12-07, Intel Xeon with AMX, from a copy of the tree at
59b16fe beside two other trainings, so an upper bound): the 3,000 steps took
27 min 32 s of wall time at about 2 steps/s (1,444 s of user CPU). Scored on
10,000 samples by the shipped MNIST classifier (each image resized back to
28x28; `tfgan-zoo eval --workdir=runs/sagan_mnist
--metrics=fid,pr,classes,accuracy --num_samples=10000`): 96.2% drawn as the
digit asked for, 91.1% confident, every digit 9.4-11.2% of the samples
(the labels are drawn uniformly), Fréchet classifier distance 13.2,
precision 0.66, recall 0.39. One seed.
"""

from tfgan_zoo.configs._base import resnet_config


def get_config():
    config = resnet_config("sagan", "resnet_generator", 32, "mnist", channels=1, base_filters=8,
                           attention_resolution=16)
    config["generator"]["z_dim"] = 64
    config["train"].update(batch_size=64, steps=3000, sample_every=500, checkpoint_every=500)
    config["eval"].update(metrics=["accuracy", "fid"])
    return config
