"""Hinge-loss GAN (Lim & Ye 2017, arXiv 1705.02894) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=hinge_mnist --workdir=runs/hinge_mnist

Adam(2e-4, beta_1=0.5); SAGAN/BigGAN use the same loss with TTUR and spectral norm.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 steps, 3 seeds, 10,000 samples each: FCD 53.1 +-
0.9, 46% of samples confident, the rarest digit 5.0% and the commonest 15.5% of
them (means over seeds); 201 s of training per seed on one thread of the 2-core
AMD EPYC, beside other jobs.
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets hinge_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("hinge")
