"""Our recipe for grid25, 25 Gaussians on a 5x5 grid (std 0.05, 2 apart), the
mode-collapse benchmark of PacGAN's Table 1 (arXiv 1712.04086).

Run:
    tfgan-zoo train --config=grid25 --workdir=runs/grid25
    tfgan-zoo eval --workdir=runs/grid25 --drs   # the selection below; --drs_method=mh for MH chains
    python benchmarks/mode_collapse.py --preset grid25 --first_seed 10 --seeds 5 --threads 1 --drs_steps 20000 \
        --drs_pool 200000 --drs_methods drs,mh --drs_noise_stds 0.5   # the table in BENCHMARKS.md

The same MLPs as the plain baseline (G 4 x 400 ReLU with batch norm, z of 2
dimensions; D 3 x 200), trained with the hinge loss, spectral norm in D,
TTUR (G 1e-4, D 4e-4, Adam(0.5, 0.999)), batch 256, 24,000 steps. Samples
come from G's moving average (0.999), whose batch norm holds standing
statistics from 256 batches of 64 draws: with 16 batches the average's
whole distribution sat up to 1.1 std off the modes (BENCHMARKS.md, "Sixteen
standing batches shift the whole 2-D distribution"). A workdir trained
before 2026-12-06 takes the setting with `tfgan-zoo train
--workdir=runs/grid25 --set variant.ema_standing_batches=256`.

The recipe ends in a selection (the `selection` section, which `--drs`
runs): a density ratio fitted after training for 20,000 steps of 1,024 real
and 1,024 generated points, drawn from a pool of 200,000 generated once,
each widened by N(0, 0.025^2) noise (half a mode's std), then DRS at the
80th percentile. A workdir trained before the section existed takes it with
`tfgan-zoo eval --workdir=W --drs --drs_steps=20000 --drs_batch_size=1024
--drs_pool=200000 --drs_noise=0.025`.

Measured (2026-12-06, BENCHMARKS.md, "Five fresh seeds with the 20,000-step
fit"), an AVX2-only 2-core AMD EPYC: `tfgan-zoo train` alone took 8 min 4 s
(seed 0); 652-1,043 s per seed with two to four other processes beside it.
On five fresh seeds (10-14), plain samples: 25 of 25 modes in every seed,
80.1 +- 0.9% high quality, reverse KL 0.010. DRS from a density ratio fitted
after training (20,000 steps; the eval command alone 5 min 34 s): 96.7 +-
0.4% high quality, KL 0.010, both targets (25 modes, 95%, KL 0.04) in 5 of 5
seeds, and in all 12 seeds fitted this long (95.3-97.7%). MH on the same fit:
96.4 +- 0.7%, 4 of 5 (seed 11: 94.0%). With a 10,000-step fit both met the
targets in only 7 of 10 seeds. PacGAN4 after 400 epochs: 24.8 modes, 93.6%,
0.04.
On a 2-core Intel Xeon with AMX (2026-12-07, BENCHMARKS.md, "Training and
selection within 10 minutes"), seed 30 with nothing else running: training
5 min 21 s, `eval --drs` 3 min 30 s; DRS 25 modes, 96.04%, KL 0.0082.
"""

from tfgan_zoo.configs._base import mixture_recipe_config


def get_config():
    config = mixture_recipe_config("grid25")
    # A 10,000-step fit met the targets in 7 of 10 seeds, 20,000 steps in 12 of 12 (BENCHMARKS.md).
    config["selection"].update(fit_steps=20_000, batch_size=1024, pool=200_000, noise=0.025)
    return config
