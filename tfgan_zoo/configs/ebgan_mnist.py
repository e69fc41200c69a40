"""EBGAN (Zhao et al. 2016, arXiv 1609.03126) on MNIST with an autoencoder discriminator.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=ebgan_mnist --workdir=runs/ebgan_mnist

Margin 1 on per-pixel mean squared energies, pulling-away weight 0.1; Adam(2e-4, beta_1=0.5).
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("ebgan", discriminator="autoencoder_discriminator")
