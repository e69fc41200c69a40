"""PacGAN's Table 1 protocol on the 2-D grid (25 Gaussians at {-4, -2, 0, 2, 4}^2, std 0.05).

Run:
    tfgan-zoo train --config=pacgan_grid25 --workdir=runs/pacgan_grid25
    python benchmarks/pacgan_table1.py --datasets grid25     # every packing, several seeds, beside the paper
    python benchmarks/pacgan_table1.py --datasets grid25 --keep_workdirs runs/t1   # run again to go on

The authors' networks, optimizer and schedule (`configs._base.pacgan_toy_config`;
Lin et al. 2018, arXiv 1712.04086): 400 epochs of 1,000 steps at 100 packs
per step. The paper's Table 1 (10 runs) for this data is printed by the
benchmark beside ours; BENCHMARKS.md holds what ran here and for how long.

Time here (a 2-core Intel Xeon with AMX, one thread a run): 18, 22, 26 and
29 CPU seconds an epoch for m = 1-4 with four runs on the two cores, so
2.0-3.2 hours of one core for the 400 epochs (up to 44 s an epoch counted
in later sittings of two runs).

Scores, seed 0, 400 epochs unless said (BENCHMARKS.md, "All four rows, one
seed, on the Intel Xeon" and the sittings after it), against the paper's
mean over 10 runs: GAN 15 modes, 94.7% high quality, reverse KL 0.57 (7,113
CPU s; the paper 17.3, 94.8%, 0.70); PacGAN2 22, 94.7%, 0.33 (9,598 CPU s;
the paper 23.8, 91.3%, 0.13); PacGAN3 25, 94.3%, 0.064 (12,005 CPU s; the
paper 24.6, 94.2%, 0.06); PacGAN4 24, 94.6%, 0.066 (14,220 CPU s; the paper
24.8, 93.6%, 0.04). One seed a row, where the paper's rows are means over
10.
"""

from tfgan_zoo.configs._base import pacgan_toy_config


def get_config():
    return pacgan_toy_config("grid25")
