"""WGAN with weight clipping (Arjovsky et al. 2017, arXiv 1701.07875) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=wgan_mnist --workdir=runs/wgan_mnist

The paper's settings: RMSProp(5e-5), clip 0.01, 5 critic updates per generator update.
RMSprop as the authors' code (martinarjovsky/WassersteinGAN, PyTorch's
RMSprop) runs it: rho 0.99 and epsilon 1e-8, not Keras's 0.9 and 1e-7.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("wgan", name="rmsprop", g_learning_rate=5e-5, d_learning_rate=5e-5, rho=0.99,
                        epsilon=1e-8)
