"""The original minimax GAN (Goodfellow et al. 2014, arXiv 1406.2661) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=gan_mnist --workdir=runs/gan_mnist

The saturating generator loss learns slowly at first; compare with dcgan_mnist (nsgan).
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 steps, 3 seeds, 10,000 samples each: FCD 323.8 +-
5.2, 6% of samples confident, the rarest digit 0.0% and the commonest 100.0% of
them (means over seeds); 197 s of training per seed on one thread of the 2-core
AMD EPYC, beside other jobs; every seed collapsed to a single digit (the
minimax loss gives G no gradient once D wins).
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets gan_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("gan")
