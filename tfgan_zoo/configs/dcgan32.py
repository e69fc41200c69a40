"""DCGAN (Radford et al. 2015, arXiv 1511.06434) at 32x32x3, e.g. CIFAR-10.

Run:
    tfgan-zoo train --config=dcgan32 --workdir=runs/dcgan32 --data_dir=DIR_WITH_CIFAR10

Adam(2e-4, beta_1=0.5), batch 64, N(0, 0.02) init: the paper's settings.
Any 32x32 dataset works with --set data.name=NAME (and data.channels).
"""

from tfgan_zoo.configs._base import base_config


def get_config():
    config = base_config()
    config["generator"] = {"name": "dcgan_generator", "resolution": 32, "channels": 3,
                           "z_dim": 100, "base_filters": 64}
    config["discriminator"] = {"name": "dcgan_discriminator", "resolution": 32, "channels": 3,
                               "base_filters": 64}
    config["data"].update(name="cifar10", image_size=32, channels=3)
    config["train"].update(batch_size=64, steps=50_000, sample_every=1000, checkpoint_every=1000)
    return config
