"""PacGAN's Table 2 under the authors' protocol: DCGAN and PacDCGAN2-4 on Stacked MNIST, VEEGAN setting.

Run (DCGAN; PacDCGANm adds --set variant.packing=m --set train.batch_size=64m, as their batch counts packs,
and --set generator.batch_norm_slots=m, as their G runs once per slot of the packs):
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=pacgan_stacked_mnist --workdir=runs/pacgan_stacked
    TFDS_DATA_DIR=../shared/tfds python benchmarks/pacgan_table2.py   # the table, its curves, the paper's rows

Lin et al. 2018 (arXiv 1712.04086), Table 2, as their code runs it
(fjxmlzn/PacGAN, stacked_MNIST_experiments/VEEGAN_experiment):
`pacgan_dcgan_generator` / `pacgan_dcgan_discriminator` (carpedm20's DCGAN
with 5x5 kernels at 64 filters, G from 2x2x512, their U(-1, 1) latent and
[0, 1] data kept as exact reparametrizations), the minimax D loss with the
non-saturating G loss, Adam(2e-4, beta_1 0.5) for both, batch 64, two G
updates per D update, all three on one z (`variant.g_steps=2`,
`variant.shared_latents`), 128,000 digit triples
drawn once from MNIST's train and test splits together, 50 epochs of 2,000
steps; scored on 26,000 samples by the modes of 1000 an MNIST classifier
finds on each channel and the KL of their histogram from uniform.

Where it differs: the zoo's classifier scores the channels, not theirs (both
are MNIST CNNs); the batches are shuffled each epoch where their code reads
the triples in one fixed order; a PacDCGANm pack is m consecutive
triples of the shuffled set, where theirs draws 128,000 packs once.

The paper's rows for this code (Table 2, 10 runs each, mean ± s.e.): DCGAN
78.9 ± 6.46 modes, KL 4.50 ± 0.127; PacDCGAN2 and 3: 1000 modes, KL 0.06 ±
0.003; PacDCGAN4: 1000, 0.07 ± 0.005.

Measured here before the shared z and G's per-slot batch norm (2026-12-05,
AMD EPYC, BENCHMARKS.md, "PacGAN Tables 2 and 3 under the authors' protocol"): 2.0 steps/s on the idle machine, so an epoch
takes about 17 minutes and the 50 epochs about 14 hours a run. Seed 0
after its first epoch: DCGAN 30 modes, KL 4.21; PacDCGAN2 962 modes, KL 0.84.
"""

from tfgan_zoo.configs._base import base_config

STEPS_PER_EPOCH = 2000  # 128,000 triples at batch 64


def get_config():
    config = base_config()
    config["variant"] = {"name": "nsgan", "g_steps": 2, "shared_latents": True}
    config["generator"] = {"name": "pacgan_dcgan_generator", "resolution": 28, "channels": 3, "z_dim": 100}
    config["discriminator"] = {"name": "pacgan_dcgan_discriminator", "resolution": 28, "channels": 3}
    config["data"].update(name="stacked_mnist", split="train+test", image_size=28, channels=3,
                          shuffle_buffer=128_000)
    config["optimizer"].update(g_learning_rate=2e-4, d_learning_rate=2e-4, beta_1=0.5)
    config["train"].update(batch_size=64, steps=50 * STEPS_PER_EPOCH, log_every=500,
                           sample_every=STEPS_PER_EPOCH, checkpoint_every=STEPS_PER_EPOCH)
    config["eval"].update(metrics=["stacked_mnist"], num_samples=26_000)
    return config
