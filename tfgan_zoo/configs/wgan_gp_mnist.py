"""WGAN-GP (Gulrajani et al. 2017, arXiv 1704.00028) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=wgan_gp_mnist --workdir=runs/wgan_gp_mnist

The paper's settings: Adam(1e-4, beta_1=0, beta_2=0.9), lambda 10, 5 critic updates.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 generator steps (10,000 critic steps), 3 seeds,
10,000 samples each: FCD 178.6 +- 33.1, recall 0.01, 17.5% of samples
confident, the rarest digit 1.7% and the commonest 29.5% (means over seeds);
1,119 s of training per seed on one thread of the 2-core AMD EPYC, beside
other jobs:
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets wgan_gp_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("wgan_gp", g_learning_rate=1e-4, d_learning_rate=1e-4, beta_1=0.0, beta_2=0.9)
