"""WGAN-GP (Gulrajani et al. 2017, arXiv 1704.00028) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=wgan_gp_mnist --workdir=runs/wgan_gp_mnist

The paper's settings: Adam(1e-4, beta_1=0, beta_2=0.9), lambda 10, 5 critic updates.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("wgan_gp", g_learning_rate=1e-4, d_learning_rate=1e-4, beta_1=0.0, beta_2=0.9)
