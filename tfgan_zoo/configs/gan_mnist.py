"""The original minimax GAN (Goodfellow et al. 2014, arXiv 1406.2661) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=gan_mnist --workdir=runs/gan_mnist

The saturating generator loss learns slowly at first; compare with dcgan_mnist (nsgan).
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("gan")
