"""PacGAN's Table 1 protocol on the 2-D grid (25 Gaussians at {-4, -2, 0, 2, 4}^2, std 0.05).

Run:
    tfgan-zoo train --config=pacgan_grid25 --workdir=runs/pacgan_grid25
    python benchmarks/pacgan_table1.py --datasets grid25     # every packing, several seeds, beside the paper
    python benchmarks/pacgan_table1.py --datasets grid25 --keep_workdirs runs/t1   # run again to go on

The authors' networks, optimizer and schedule (`configs._base.pacgan_toy_config`;
Lin et al. 2018, arXiv 1712.04086): 400 epochs of 1,000 steps at 100 packs
per step. The paper's Table 1 (10 runs) for this data is printed by the
benchmark beside ours; BENCHMARKS.md holds what ran here and for how long.

Here: about 27 steps/s, so the 400 epochs take about 4 hours per run.
With G's batch norm as the authors' (epsilon 1e-4, statistics per slot,
refreshed before scoring; since 268e55d), seed 0 at one thread
(BENCHMARKS.md, "The authors' batch norm in G"): GAN 12 modes, 92% and KL
1.06 at 100 epochs (2,423 CPU seconds); PacGAN4 25 modes, 68% and KL 0.13
at 60 (2,397 CPU seconds). All four rows from scratch on a 2-core Intel
Xeon with AMX (2026-12-07, "All four rows, one seed, on the Intel Xeon"; 18,
22, 26 and 29 CPU seconds an epoch for m = 1-4, so 2.0-3.2 hours of one core
for the 400 epochs): GAN 19 modes, 91.8%, KL 0.59 at 160 epochs; PacGAN2 22,
86.2%, 0.36 at 140; PacGAN3 25, 87.6%, 0.023 at 120; PacGAN4 25, 81.6%, 0.09
at 100, each still improving. Continued in a second sitting (the same
section): the GAN at the full 400 epochs, 15 modes, 94.7%, KL 0.57 (7,113
CPU seconds; the paper 17.3, 94.8%, 0.70); PacGAN2 22 modes, 94.7%, KL 0.33
at 400; at 120 epochs, all four rows: 19, 19, 25, 25 modes and KL 0.74, 0.45,
0.023, 0.088 for m = 1-4. A third sitting (the same section): PacGAN3 at 380
epochs 25 modes, 93.5%, KL 0.037 (11,220 CPU seconds; the paper after 400:
24.6, 94.2%, 0.06); PacGAN4 at 160, 25 modes, 88.9%, KL 0.088.
Before that fix, after 10 epochs (2 seeds) the plain GAN had 16 of 25 modes, 23% high-quality
samples and reverse KL 0.84, still improving (BENCHMARKS.md); the paper's
converged GAN: 17.3, 94.8%, 0.70. After 50 epochs (seed 0, `--packings 1,4
--epochs 50`, 1,338 and 2,220 CPU seconds at one thread on an AVX2 EPYC):
GAN 19 modes, 49%, KL 0.95; PacGAN4 24 modes, 36%, KL 0.40, its
high-quality share still climbing (the paper's PacGAN4: 24.8, 93.6%, 0.04).
"""

from tfgan_zoo.configs._base import pacgan_toy_config


def get_config():
    return pacgan_toy_config("grid25")
