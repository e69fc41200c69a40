"""Our recipe for grid25, 25 Gaussians on a 5x5 grid (std 0.05, 2 apart), the
mode-collapse benchmark of PacGAN's Table 1 (arXiv 1712.04086).

Run:
    tfgan-zoo train --config=grid25 --workdir=runs/grid25
    python benchmarks/mode_collapse.py --preset grid25 --seeds 5   # the table in BENCHMARKS.md

The same MLPs as the plain baseline (G 4 x 400 ReLU with batch norm, z of 2
dimensions; D 3 x 200), trained with the hinge loss, spectral norm in D,
TTUR (G 1e-4, D 4e-4, Adam(0.5, 0.999)), G's moving average (0.999) for
sampling, batch 256, 24,000 steps.

Measured here over 5 seeds (2026-12-02, BENCHMARKS.md), with G's average
sampling through standing batch-norm statistics: 25 of 25 modes in every
seed, 77.6 +- 1.5% high-quality samples, reverse KL 0.017 +- 0.006; 6-7.5
minutes of training per seed with two seeds at a time on 2 cores (up to
11.4 minutes with four trainings at once). PacGAN4 after 400 epochs: 24.8
modes, 93.6%, 0.04.

With discriminator rejection sampling (a density ratio fitted for 10,000
steps after training; BENCHMARKS.md, "Discriminator rejection sampling"):
    tfgan-zoo eval --workdir=runs/grid25 --metrics=modes --num_samples=2500 --drs_steps=10000 --drs_batch_size=1024
over the same 5 seeds (2026-12-05): 25 modes in every seed, 94.2 +- 1.0%
high-quality samples (90.4-96.1%), reverse KL 0.042 +- 0.007; the fit took
about 12 minutes per seed beside three other jobs.

The same fit from a pool of 200,000 generated points (1.85 times faster),
selecting by DRS or by Metropolis-Hastings chains (BENCHMARKS.md,
"Metropolis-Hastings chains beside DRS"):
    tfgan-zoo eval --workdir=runs/grid25 --metrics=modes --num_samples=2500 --drs_steps=10000 \
        --drs_batch_size=1024 --drs_pool=200000 --drs_method=mh     # or --drs_method=drs
over 5 new seeds (2026-12-06, an AVX2-only AMD EPYC, where 24,000 steps took
11-29 minutes by how many jobs shared the cores): DRS 94.7 +- 0.4% high
quality, reverse KL 0.026 +- 0.003, both targets (95%, 0.04) in 3 of 5
seeds; MH 93.3 +- 1.4%, KL 0.014 +- 0.002, both in 2 of 5.

With proposal noise of half the data's std (BENCHMARKS.md, "Proposal
noise"), so the selection reaches data that G's slightly narrow or shifted
modes miss:
    tfgan-zoo eval --workdir=runs/grid25 --metrics=modes --num_samples=2500 --drs_steps=10000 \
        --drs_batch_size=1024 --drs_pool=200000 --drs_method=mh --drs_noise=0.025
over 5 seeds (2026-12-06, the AVX2-only machine; seeds 0 and 1 the
trainings above): MH 95.0 +- 0.7% high quality, reverse KL 0.011 +- 0.002,
both targets in 3 of 5 seeds (seeds 2 and 4: 93.0% and 93.7%); DRS 94.9 +-
0.7%, 0.019 +- 0.004, also 3 of 5. The fit took 5.4-10.1 minutes per seed
and MH's sampling 1.6-3.2 minutes, with four to six jobs on the 2 cores.
"""

from tfgan_zoo.configs._base import toy_config


def get_config():
    # 256 standing batches: a batch of 64 gives an MLP's batch norm only 64 values per
    # channel, and 16 such batches shift the average's whole distribution (BENCHMARKS.md).
    config = toy_config("grid25", {"name": "hinge", "ema_decay": 0.999, "ema_standing_batches": 256})
    config["discriminator"]["spectral_norm"] = True
    config["optimizer"].update(d_learning_rate=4e-4)
    config["train"].update(steps=24_000, log_every=1000, sample_every=4000, checkpoint_every=4000)
    return config
