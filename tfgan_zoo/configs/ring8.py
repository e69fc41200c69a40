"""The non-saturating GAN on ring8, 8 Gaussians on the unit circle (mode-collapse benchmark).

Run:
    tfgan-zoo train --config=ring8 --workdir=runs/ring8

MLP networks as in PacGAN's 2-D experiments (arXiv 1712.04086), z of 2
dimensions, Adam(1e-4, beta_1=0.5), batch 256. The sample "grids" are
scatter plots with the true modes in red. benchmarks/mode_collapse.py trains
this and other variants over several seeds and scores them.

Our recipe for the ring is the `grid25` preset's settings (hinge, spectral
norm in D, TTUR, G's moving average, 24,000 steps):
    python benchmarks/mode_collapse.py --datasets ring8 --steps 24000 --seeds 5 --threads 1 \
        --variants "hinge:discriminator.spectral_norm=true;optimizer.d_learning_rate=4e-4;variant.ema_decay=0.999"
Measured here over 5 seeds (2026-12-02, BENCHMARKS.md): 8 of 8 modes in
every seed, 90.7 +- 1.2% high-quality samples, reverse KL 0.0026 +- 0.0009,
6-11 minutes per seed on one thread beside other work. With discriminator
rejection sampling (`tfgan-zoo eval --metrics=modes --drs_steps=10000
--drs_batch_size=1024`, BENCHMARKS.md) over the same seeds (2026-12-05):
8 modes in every seed, 98.1 +- 0.2% high quality (97.6-98.6%), reverse KL
0.014 +- 0.006. With the fit from a pool and DRS or Metropolis-Hastings
chains (`--drs_pool=200000 --drs_method=drs|mh`; BENCHMARKS.md,
"Metropolis-Hastings chains beside DRS"), over 5 new seeds (2026-12-06):
DRS 98.3 +- 0.1% high quality, reverse KL 0.019 +- 0.006, both targets
(98%, 0.02) in 2 of 5 seeds; MH 96.9 +- 0.4%, KL 0.010 +- 0.006, both in 1
of 5. With proposal noise of half the data's std (`--drs_noise=0.005`;
BENCHMARKS.md, "Proposal noise"), on the same 5 trainings: MH 98.3 +- 0.1%
high quality, KL 0.003 +- 0.001 (at most 0.006 in every seed), both targets
in 4 of 5 seeds (seed 0: 97.92%); DRS 98.4 +- 0.1%, 0.012 +- 0.005, 4 of 5.
"""

from tfgan_zoo.configs._base import toy_config


def get_config():
    return toy_config("ring8")
