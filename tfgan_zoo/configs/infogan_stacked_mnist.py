"""InfoGAN on Stacked MNIST: a categorical code per channel's digit (our recipe for PacGAN's
Table 2 data, Lin et al. 2018, arXiv 1712.04086; InfoGAN: Chen et al. 2016, arXiv 1606.03657).

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=infogan_stacked_mnist --workdir=runs/infogan_stacked
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo eval --workdir=runs/infogan_stacked --metrics=stacked_mnist,channel_codes \\
        --num_samples=26000   # channel_codes: how well code m names channel m's digit

`infogan_fast_mnist` (InfoGAN's MNIST networks and rates, batch 64, one
shared pass for D's and G's updates, samples from G's moving average of
decay 0.999) with three channels and three 10-way categorical codes in
place of one, beside the 2 continuous codes and 62 noise coordinates
(z of 94). Q must read every code back from the image, so each code comes
to set one channel's digit, and uniform codes then draw each channel's
digit uniformly: the per-channel digit imbalance that is two thirds of
`dcgan_stacked_mnist`'s KL (BENCHMARKS.md, "Packing, and where the KL
comes from") has a term that works against it. Several codes are not in
the InfoGAN paper. Data and scoring are PacGAN's: 128,000 training triples,
modes and KL to uniform from the MNIST classifier on each channel of
26,000 samples (PacDCGAN2: 1000 modes, KL 0.06).

Q reads each code from its own channel (`discriminator.code_per_channel`,
15% slower a step than one Q on D's features), so a code that sets another
channel's digit is read back only if it also marks its own channel some
other way, as a style of the stroke (seeds 0 and 3 below do this). Measured (2026-12-06, AMD EPYC,
BENCHMARKS.md, "Q reads each code from its own channel"), scored as PacGAN
scores: seed 1 reaches all 1000 modes and KL 0.056 at 6,000 steps and 0.020
at 16,000; seed 2 reaches 1000 modes and KL 0.058 at 18,000; seed 0 sets
each channel's digit with the next channel's code (KL 0.154 at 8,000, where
it was stopped); seed 3 follows seed 2's curve to 8,000 steps (0.168), then
stays at 0.127-0.128 from 10,000 to 12,000, where it was stopped. Those
runs predate changes to the step's rounding (oneDNN kernels on every x86
CPU, the fused Adam); from the tree at 2abb7c1 seed 1 is a new draw: its
codes align, and its KL is 0.153 at 6,000 steps, 0.078 at 18,000 and
0.090 at 20,000 (BENCHMARKS.md, "Seed 1 again, from today's tree"). At the
measured 5.3 steps/s alone (`benchmarks/throughput.py`), 6,000 steps are
about 19 minutes and 18,000 about 57 (estimates from the step rate; the
runs shared the 2 cores). The shared Q (`--set
discriminator.code_per_channel=false`, this preset until 2026-12-06):
KL 0.022 at 20,000 steps in seed 1 (0.049 at 14,000) and 0.086 in seed 0.
`--set discriminator.continuous_per_channel=2 --set
variant.continuous_codes=6 --set discriminator.num_classes=36` also reads
two continuous codes from each channel, to give the stroke's style codes
of its own: on seed 0 each code then sets its own channel's digit by 4,000
steps, and the KL is 0.146 at 10,000 (BENCHMARKS.md, "Continuous codes per
channel too"); on seed 3 the codes do not find their channels (code m on
channel m: purity 0.25-0.28, `--metrics=channel_codes`), and the KL reaches
0.086 at 9,000 steps, then stays near 0.09-0.11 to 20,000 (BENCHMARKS.md, "Seed 3 with
continuous codes per channel").
"""

from tfgan_zoo.configs import infogan_fast_mnist

DIGITS, CHANNELS, CONTINUOUS_CODES, NOISE = 10, 3, 2, 62


def get_config():
    config = infogan_fast_mnist.get_config()
    config["generator"].update(channels=CHANNELS, categorical_codes=CHANNELS,
                               z_dim=CHANNELS * DIGITS + CONTINUOUS_CODES + NOISE)
    config["discriminator"].update(channels=CHANNELS, num_classes=CHANNELS * DIGITS + CONTINUOUS_CODES,
                                   code_per_channel=True, latent_categories=DIGITS)
    config["variant"]["continuous_codes"] = CONTINUOUS_CODES
    config["data"].update(name="stacked_mnist", channels=CHANNELS, shuffle_buffer=20_000)
    config["train"].update(steps=20_000, sample_every=1000, checkpoint_every=1000)
    config["eval"].update(metrics=["stacked_mnist"], num_samples=26_000)
    return config
