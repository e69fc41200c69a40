"""SAGAN at the scale of this machine: MNIST resized to 32x32, class-conditional.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=sagan_mnist --workdir=runs/sagan_mnist

`sagan32`'s recipe (ResNets with self-attention at 16x16, spectral norm in
both networks, hinge loss, TTUR G 1e-4 / D 4e-4 with Adam(0, 0.9),
conditional batch norm and projection) with narrow networks (8 base
filters) and one channel, so that it trains on two CPU cores.
"""

from tfgan_zoo.configs._base import resnet_config


def get_config():
    config = resnet_config("sagan", "resnet_generator", 32, "mnist", channels=1, base_filters=8,
                           attention_resolution=16)
    config["generator"]["z_dim"] = 64
    config["train"].update(batch_size=64, steps=3000, sample_every=500, checkpoint_every=500)
    config["eval"].update(metrics=["accuracy", "fid"])
    return config
