"""Relativistic standard GAN (Jolicoeur-Martineau 2018, arXiv 1807.00734) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=rsgan_mnist --workdir=runs/rsgan_mnist

Adam(2e-4, beta_1=0.5) as in the paper's DCGAN experiments.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 steps, 3 seeds, 10,000 samples each: FCD 69.4 +-
3.0, 47% of samples confident, the rarest digit 2.9% and the commonest 18.3% of
them (means over seeds); 203 s of training per seed on one thread of the 2-core
AMD EPYC, beside other jobs.
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets rsgan_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("rsgan")
