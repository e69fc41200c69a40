"""DCGAN on MNIST with the TensorFlow DCGAN tutorial's networks (28x28x1).

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=dcgan_mnist --workdir=runs/dcgan_mnist

The networks are the tutorial's; the optimizer is the DCGAN paper's (Adam
2e-4, beta_1 0.5) at batch 64, which gives recognisable digits after 1,200
steps (about 1.3 epochs), a few minutes on a 2-core CPU (BENCHMARKS.md has
the measured time). The tutorial's own Adam(1e-4) at batch 256 needs several
epochs for the same.
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("nsgan")
