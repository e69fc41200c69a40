"""BEGAN (Berthelot et al. 2017, arXiv 1703.10717) on MNIST with an autoencoder discriminator.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=began_mnist --workdir=runs/began_mnist

gamma 0.5, lambda_k 0.001, Adam(1e-4) as in the paper; watch m_global fall in TensorBoard.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 steps, 3 seeds, 10,000 samples each: FCD 395.7
+- 2.6, the rarest digit 0.0% and the commonest 100.0% of them (means over
seeds); 320 s of training per seed on one thread of the 2-core AMD EPYC,
beside other jobs; G had not left its start by then (k is only 0.03 after
600 steps at lambda_k 0.001): in every seed one near-constant image, which
the classifier reads as one digit (with confidence 100%, 98% and 2%).
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets began_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("began", discriminator="autoencoder_discriminator", g_learning_rate=1e-4, d_learning_rate=1e-4)
