"""The non-saturating GAN on ring8, 8 Gaussians on the unit circle (mode-collapse benchmark).

Run:
    tfgan-zoo train --config=ring8 --workdir=runs/ring8

MLP networks as in PacGAN's 2-D experiments (arXiv 1712.04086), z of 2
dimensions, Adam(1e-4, beta_1=0.5), batch 256. The sample "grids" are
scatter plots with the true modes in red. benchmarks/mode_collapse.py trains
this and other variants over several seeds and scores them.
"""

from tfgan_zoo.configs._base import toy_config


def get_config():
    return toy_config("ring8")
