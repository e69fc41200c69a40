"""Hinge-loss GAN (Lim & Ye 2017, arXiv 1705.02894) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=hinge_mnist --workdir=runs/hinge_mnist

Adam(2e-4, beta_1=0.5); SAGAN/BigGAN use the same loss with TTUR and spectral norm.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("hinge")
