"""The non-saturating GAN on grid25, 25 Gaussians on a 5x5 grid (mode-collapse benchmark).

Run:
    tfgan-zoo train --config=grid25 --workdir=runs/grid25

Same networks and optimizer as the ring8 preset; benchmarks/mode_collapse.py
compares variants on it against PacGAN's Table 1 (arXiv 1712.04086).
"""

from tfgan_zoo.configs._base import toy_config


def get_config():
    return toy_config("grid25")
