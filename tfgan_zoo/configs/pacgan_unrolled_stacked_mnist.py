"""PacGAN's Table 3 under the authors' protocol: DCGAN and PacDCGAN2-4 with the Unrolled GAN's small networks.

Run (D at a quarter of G's size; half: --set discriminator.base_filters=4;
PacDCGANm: --set variant.packing=m --set train.batch_size=128m, as their batch counts packs, and
--set generator.batch_norm_slots=m, as their G runs once per slot of the packs):
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=pacgan_unrolled_stacked_mnist --workdir=runs/pacgan_t3
    TFDS_DATA_DIR=../shared/tfds python benchmarks/pacgan_table3.py   # the table, its curves, the paper's rows

Lin et al. 2018 (arXiv 1712.04086), Table 3, as their code runs it
(fjxmlzn/PacGAN, stacked_MNIST_experiments/unrolled_GAN_experiment):
`pacgan_unrolled_generator` / `pacgan_unrolled_discriminator` (3x3 kernels,
G from 4x4x64 down to 8 filters, D of 2-4-8 filters with batch norm on every
layer for a quarter of G's size, 4-8-16 for half), z ~ N(0, I) of 256
dimensions, images in [-1, 1], the minimax D loss with the non-saturating G
loss, Adam(beta_1 0.5, beta_2 0.99) at 1e-4 for G and 2e-4 for D, batch
128, one z per step for D's update and G's (`variant.shared_latents`),
500,000 steps, scored every 2,000 steps on 25,600 samples.

Where it differs: their triples are drawn afresh for every batch from
MNIST's training split, here from a fixed set of 128,000 drawn once (the
zoo's Stacked MNIST); their sampler normalizes G's batch-norm layers by the
statistics of each batch of 128 scored samples (it calls them without
train=False), the zoo's by the moving averages; the zoo's classifier scores
the channels, not theirs.

The paper's rows for this code (50 runs each, mean ± s.e.), D at a quarter
of G / at half: DCGAN 78.5 ± 17.56 modes, KL 5.21 ± 0.19 / 487.7 ± 34.59,
2.24 ± 0.15; PacDCGAN2 484.5 ± 32.99, 2.61 ± 0.22 / 840.7 ± 15.92, 1.00 ±
0.05; PacDCGAN3 601.3 ± 32.18, 2.00 ± 0.17 / 866.6 ± 12.10, 0.90 ± 0.04;
PacDCGAN4 667.4 ± 29.00, 1.81 ± 0.15 / 820.2 ± 25.50, 1.15 ± 0.14.
Measured here before the shared z and G's per-slot batch norm (2026-12-05,
AMD EPYC, BENCHMARKS.md, "PacGAN Tables 2 and 3 under the authors' protocol"): 35 steps/s on the idle machine, about 4
hours for the 500,000 steps; seed 0 with D a quarter of G collapsed to one
triple by 20,000 steps (DCGAN; 49 modes at 10,000) and by 40,000
(PacDCGAN2; 15 modes at 30,000).
"""

from tfgan_zoo.configs._base import base_config

SCORED_EVERY = 2000  # their log_metrics interval


def get_config():
    config = base_config()
    config["variant"] = {"name": "nsgan", "shared_latents": True}
    config["generator"] = {"name": "pacgan_unrolled_generator", "channels": 3, "z_dim": 256}
    config["discriminator"] = {"name": "pacgan_unrolled_discriminator", "channels": 3, "base_filters": 2}
    config["data"].update(name="stacked_mnist", split="train", image_size=28, channels=3, shuffle_buffer=128_000)
    config["optimizer"].update(g_learning_rate=1e-4, d_learning_rate=2e-4, beta_1=0.5, beta_2=0.99)
    config["train"].update(batch_size=128, steps=500_000, log_every=SCORED_EVERY, sample_every=SCORED_EVERY * 5,
                           checkpoint_every=SCORED_EVERY * 5)
    config["eval"].update(metrics=["stacked_mnist"], num_samples=25_600)
    return config
