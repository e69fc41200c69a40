"""PacGAN's Table 1 protocol on the 2-D ring (8 Gaussians on the unit circle, std 0.01).

Run:
    tfgan-zoo train --config=pacgan_ring8 --workdir=runs/pacgan_ring8
    python benchmarks/pacgan_table1.py --datasets ring8     # every packing, several seeds, beside the paper

The authors' networks, optimizer and schedule (`configs._base.pacgan_toy_config`;
Lin et al. 2018, arXiv 1712.04086): 400 epochs of 1,000 steps at 100 packs
per step. The paper's Table 1 (10 runs) for this data is printed by the
benchmark beside ours; BENCHMARKS.md holds what ran here and for how long.

The GAN row (packing 1, seed 0) on a 2-core Intel Xeon with AMX, 2026-12-07
(BENCHMARKS.md, "The fifth sitting"): 5 of 8 modes, 99.2% high quality,
reverse KL 0.51 at the paper's 400 epochs (8,183 CPU s, about 2.3 hours of
one core); the paper's GAN after 400: 6.3 +- 0.5 of 8 modes, 98.2%, 0.45
(10 runs). The packed rows have not been run at length here.
"""

from tfgan_zoo.configs._base import pacgan_toy_config


def get_config():
    return pacgan_toy_config("ring8")
