"""EBGAN (Zhao et al. 2016, arXiv 1609.03126) on MNIST with an autoencoder discriminator.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=ebgan_mnist --workdir=runs/ebgan_mnist

Margin 1 on per-pixel mean squared energies, pulling-away weight 0.1; Adam(2e-4, beta_1=0.5).
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 steps, 3 seeds, 10,000 samples each: FCD 373.0 +-
0.1, 100% of samples confident, the rarest digit 0.0% and the commonest 100.0%
of them (means over seeds); 396 s of training per seed on one thread of the
2-core AMD EPYC, beside other jobs; G had not left its start by then: every
seed draws one near-constant image, which the classifier reads as one digit
with full confidence.
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets ebgan_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("ebgan", discriminator="autoencoder_discriminator")
