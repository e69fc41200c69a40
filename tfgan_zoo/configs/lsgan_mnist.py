"""LSGAN (Mao et al. 2017, arXiv 1611.04076) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=lsgan_mnist --workdir=runs/lsgan_mnist

Adam(2e-4, beta_1=0.5) as in the paper's experiments.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 steps, 3 seeds, 10,000 samples each: FCD 127.3 +-
3.0, 17% of samples confident, the rarest digit 4.1% and the commonest 20.6% of
them (means over seeds); 311 s of training per seed on one thread of the 2-core
AMD EPYC, beside other jobs; every seed collapsed to few, clean digits (recall
0.04-0.08).
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets lsgan_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("lsgan")
