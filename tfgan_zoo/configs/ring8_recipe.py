"""Our recipe for ring8, 8 Gaussians on the unit circle (std 0.01), the mode-collapse
benchmark of PacGAN's Table 1 (arXiv 1712.04086). The `ring8` preset is the plain
non-saturating baseline; this is the `grid25` recipe on the ring.

Run:
    tfgan-zoo train --config=ring8_recipe --workdir=runs/ring8_recipe
    tfgan-zoo eval --workdir=runs/ring8_recipe --drs   # the selection below; --drs_method=mh for MH chains
    python benchmarks/mode_collapse.py --preset ring8_recipe --first_seed 5 --seeds 5 --threads 1 \
        --drs_steps 10000 --drs_pool 200000 --drs_methods drs,mh --drs_noise_stds 0.5   # the table

`configs._base.mixture_recipe_config`: the baseline's MLPs (G 4 x 400 ReLU with
batch norm, z of 2 dimensions; D 3 x 200) trained with the hinge loss, spectral
norm in D, TTUR (G 1e-4, D 4e-4, Adam(0.5, 0.999)), batch 256, 24,000 steps,
sampled from G's moving average (0.999) through 256 standing batches. Then a
selection (the `selection` section, which `--drs` runs): a density ratio fitted
for 10,000 steps of 1,024 real and 1,024 generated points from a pool of
200,000 generated once, each widened by N(0, 0.005^2) noise (half a mode's
std), then DRS at the 80th percentile.

Measured (2026-12-06, BENCHMARKS.md, "The presets with 256 standing batches"),
an AVX2-only 2-core AMD EPYC, with this training run by `mode_collapse.py
--datasets ring8 --steps 24000` and the same settings as variant overrides
(this preset names them; the same training): 582-624 s of training per seed
with two seeds side by side at one thread each, the fit 3-3.5 minutes. Five new
seeds (5-9), plain samples: 8 of 8 modes in every seed, 92.6 +- 0.7% high
quality, reverse KL 0.002. DRS: 98.7 +- 0.2% high quality, KL 0.005 +- 0.001,
both targets (8 modes, 98%, 0.02) in 5 of 5 seeds, and in 10 of 10 with five
seeds trained before and rescored. MH chains: 98.2 +- 0.3%, 3 of 5. A
20,000-step fit changes nothing here (five rescored seeds: DRS 98.5%, MH
98.3%, both 5 of 5). The commands above on a new seed (15, 2026-12-07, one
thread beside two other jobs): training 10 min 54 s, `eval --drs` 4 min 37 s;
plain 91.1%, DRS 8 modes, 98.68%, KL 0.0026. PacGAN4 after 400 epochs: 7.8
modes, 95.9%, 0.07.
"""

from tfgan_zoo.configs._base import mixture_recipe_config


def get_config():
    config = mixture_recipe_config("ring8")
    config["selection"].update(fit_steps=10_000, batch_size=1024, pool=200_000, noise=0.005)
    return config
