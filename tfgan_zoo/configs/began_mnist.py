"""BEGAN (Berthelot et al. 2017, arXiv 1703.10717) on MNIST with an autoencoder discriminator.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=began_mnist --workdir=runs/began_mnist

gamma 0.5, lambda_k 0.001, Adam(1e-4) as in the paper; watch m_global fall in TensorBoard.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("began", discriminator="autoencoder_discriminator", g_learning_rate=1e-4, d_learning_rate=1e-4)
