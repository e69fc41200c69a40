"""Relativistic average GAN (Jolicoeur-Martineau 2018, arXiv 1807.00734) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=ragan_mnist --workdir=runs/ragan_mnist

Adam(2e-4, beta_1=0.5) as in the paper's DCGAN experiments.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("ragan")
