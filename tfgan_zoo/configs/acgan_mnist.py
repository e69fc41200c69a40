"""AC-GAN on MNIST: the discriminator also classifies (Odena et al. 2016, arXiv 1610.09585).

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=acgan_mnist --workdir=runs/acgan_mnist
    tfgan-zoo eval --workdir=runs/acgan_mnist --metrics=accuracy,fid --num_samples=1000

The tutorial's 28x28 generator with a label embedding, and its discriminator
with a real/fake head and a 10-way class head; class loss weight 1.
3,000 steps reach 93.6% class accuracy with the shipped MNIST classifier
(BENCHMARKS.md), about 20 minutes on a 2-core CPU shared with other runs.
"""

from tfgan_zoo.configs._base import conditional_mnist_config


def get_config():
    return conditional_mnist_config("acgan", "acgan_mnist_discriminator")
