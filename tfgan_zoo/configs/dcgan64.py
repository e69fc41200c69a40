"""DCGAN at 64x64x3, layer for layer the pytorch/examples DCGAN (e.g. CelebA).

Run:
    tfgan-zoo train --config=dcgan64 --workdir=runs/dcgan64 --data_dir=DIR_WITH_CELEB_A

ngf = ndf = 64, z = 100, Adam(2e-4, beta_1=0.5), batch 64 as pytorch/examples
has it (the DCGAN paper uses 128); CelebA images are centre-cropped to a
square and resized to 64x64 by the pipeline.
"""

from tfgan_zoo.configs._base import dcgan_config


def get_config():
    return dcgan_config(resolution=64, channels=3, dataset="celeb_a", batch_size=64)
