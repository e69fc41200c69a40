"""The non-saturating GAN on ring8, 8 Gaussians on the unit circle (mode-collapse benchmark).

Run:
    tfgan-zoo train --config=ring8 --workdir=runs/ring8

MLP networks as in PacGAN's 2-D experiments (arXiv 1712.04086), z of 2
dimensions, Adam(1e-4, beta_1=0.5), batch 256, 5,000 steps. The sample
"grids" are scatter plots with the true modes in red.
benchmarks/mode_collapse.py trains this and other variants over several
seeds and scores them.

Our recipe for the ring is the `ring8_recipe` preset (the `grid25` recipe on the
ring, then a selection by a fitted density ratio): `tfgan-zoo train
--config=ring8_recipe --workdir=W`, then `tfgan-zoo eval --workdir=W --drs`.
Its docstring gives the command of its table and the scores (DRS: 8 of 8 modes,
98.7 +- 0.2% high quality, KL 0.005, both targets in 10 of 10 seeds).
"""

from tfgan_zoo.configs._base import toy_config


def get_config():
    return toy_config("ring8")
