"""Relativistic average least-squares GAN (Jolicoeur-Martineau 2018, arXiv 1807.00734) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=ralsgan_mnist --workdir=runs/ralsgan_mnist
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo eval --workdir=runs/ralsgan_mnist --metrics=fid,is,pr,classes --num_samples=10000

Adam(2e-4, beta_1=0.5), as the paper's DCGAN experiments; the TensorFlow
DCGAN tutorial's networks (28x28x1), 1,200 steps at batch 64 as `dcgan_mnist`.
Measured here (2026-12-02, one seed, BENCHMARKS.md): 7 min of training on
the 2 cores shared with two other trainings; FCD 96.7, classifier score
4.15, precision 0.46, recall 0.23, 32% of samples confident, digits between
4.0% and 25.4%: the same short-run level as `dcgan_mnist` (FCD 75-100).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 steps, 3 seeds, 10,000 samples each: FCD 122.4 +-
29.2, 22% of samples confident, the rarest digit 2.7% and the commonest 21.2%
of them (means over seeds); 406 s of training per seed on one thread of the
2-core AMD EPYC, beside other jobs; unstable across seeds at this length (FCD
181, 94 and 93).
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets ralsgan_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("ralsgan")
