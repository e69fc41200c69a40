"""WGAN with weight clipping (Arjovsky et al. 2017, arXiv 1701.07875) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=wgan_mnist --workdir=runs/wgan_mnist

The paper's settings: RMSProp(5e-5), clip 0.01, 5 critic updates per generator update.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("wgan", name="rmsprop", g_learning_rate=5e-5, d_learning_rate=5e-5)
