"""DCGAN (Radford et al. 2015, arXiv 1511.06434) at 32x32x3, e.g. CIFAR-10.

Run:
    tfgan-zoo train --config=dcgan32 --workdir=runs/dcgan32 --data_dir=DIR_WITH_CIFAR10

Adam(2e-4, beta_1=0.5), batch 128, N(0, 0.02) init: the paper's settings (section 4).
Any 32x32 dataset works with --set data.name=NAME (and data.channels).
"""

from tfgan_zoo.configs._base import dcgan_config


def get_config():
    return dcgan_config(resolution=32, channels=3, dataset="cifar10")
