"""LSGAN (Mao et al. 2017, arXiv 1611.04076) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=lsgan_mnist --workdir=runs/lsgan_mnist

Adam(2e-4, beta_1=0.5) as in the paper's experiments.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("lsgan")
