"""Relativistic average least-squares GAN (Jolicoeur-Martineau 2018, arXiv 1807.00734) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=ralsgan_mnist --workdir=runs/ralsgan_mnist

Adam(2e-4, beta_1=0.5), as the paper's DCGAN experiments; the TensorFlow
DCGAN tutorial's networks (28x28x1), 1,200 steps at batch 64 as `dcgan_mnist`.
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("ralsgan")
