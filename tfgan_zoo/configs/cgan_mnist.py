"""Conditional GAN on MNIST: the label enters both networks (Mirza & Osindero 2014).

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=cgan_mnist --workdir=runs/cgan_mnist
    tfgan-zoo sample --workdir=runs/cgan_mnist --label=3 --out=threes.png
    tfgan-zoo eval --workdir=runs/cgan_mnist --metrics=accuracy,fid --num_samples=1000

The tutorial's 28x28 networks with a label embedding concatenated to z and
to the image, non-saturating loss, Adam(2e-4, beta_1 0.5), batch 64. The
number of classes comes from the dataset's metadata. BENCHMARKS.md has the
class accuracy the shipped MNIST classifier measures on its samples (86.2%
after 5,000 steps; acgan_mnist reaches the 90% target sooner).
Variations: --set discriminator.conditioning=projection (Miyato & Koyama
2018), --set generator.conditional_bn=true.
"""

from tfgan_zoo.configs._base import conditional_mnist_config


def get_config():
    return conditional_mnist_config("cgan", "cgan_mnist_discriminator")
