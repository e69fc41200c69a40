"""DCGAN's own architecture, small, on MNIST padded to 32x32: the quick MNIST recipe and the README's main job.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=dcgan_mnist_small --workdir=runs/dcgan_mnist_small
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo eval --workdir=runs/dcgan_mnist_small --metrics=fid,is,pr,classes --num_samples=10000

Radford et al. 2015 (arXiv 1511.06434): 4x4 stride-2 (transposed)
convolutions with batch norm, ReLU in G and LeakyReLU(0.2) in D, weights
N(0, 0.02), Adam(2e-4, beta_1 0.5), the non-saturating loss; here with 32
base filters (`dcgan_generator` / `dcgan_discriminator` at 32x32, about a
quarter of the tutorial networks' arithmetic per image), MNIST padded to
32x32 (scored on the central 28x28), G's moving average (0.999) for
samples and exports, batch 64, 12,500 steps with D's and G's updates
sharing one forward pass (`variant.updates=simultaneous`): 1.26 times the
steps per second of alternating updates here, and on two seeds better
scores at the same wall time (BENCHMARKS.md, "One shared pass at equal
wall time").

Measured here (2026-12-05, BENCHMARKS.md): the README job from a fresh
clone on the idle AMD EPYC, 9 min 48 s in all (9 min 19 s of training at
23-24 steps/s), FCD 5.4, classifier score 7.88, precision 0.61, recall
0.81, 75.3% of 10,000 samples confident, every digit between 8.4% and
11.1%.

Before this preset shared the pass (10,000 alternating steps, 2026-12-02): on Intel with AMX, 10,000 steps
in 7 min 37 s of wall time for the train command (22 steps/s), FCD 7.8,
classifier score 7.70, precision 0.56, recall 0.82, 74% of 10,000 samples
confident, every digit between 7.2% and 12.1%. On AMD EPYC (one thread,
another training beside it): 682 s, FCD 8.3, 73.5% confident, digits
7.1-12.9%; an independent judge (scikit-learn MLP) finds 90.4% of the same
samples confident. `tfgan-zoo export` writes all six TFLite files (the
dynamic-range file within its sensitivity bound). The README job with it,
from a fresh clone on the idle AMD machine: 7 min 34 s in all, 24 steps/s,
FCD 8.4, 72.7% confident, digits 7.4-12.6%.
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    config = mnist_config("nsgan")
    config["variant"].update(ema_decay=0.999, updates="simultaneous")
    config["generator"] = {"name": "dcgan_generator", "resolution": 32, "channels": 1, "z_dim": 100,
                           "base_filters": 32}
    config["discriminator"] = {"name": "dcgan_discriminator", "resolution": 32, "channels": 1, "base_filters": 32}
    config["data"].update(image_size=32, pad_to=32)
    config["train"].update(steps=12_500, log_every=100, sample_every=1000, checkpoint_every=1000)
    return config
