"""DCGAN on Stacked MNIST: three MNIST digits as RGB channels, 1000 modes.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=dcgan_stacked_mnist --workdir=runs/stacked
    tfgan-zoo eval --workdir=runs/stacked --metrics=stacked_mnist --num_samples=26000

PacGAN's protocol (Lin et al. 2018, arXiv 1712.04086, Table 2): 128,000
training images, batch 64, Adam(2e-4, beta_1 0.5), z of 100 dimensions,
modes and KL from the MNIST classifier on each channel of 26,000 samples.
The networks are the TensorFlow tutorial's 28x28 pair with 3 channels.
PacGAN reports DCGAN 99 modes / KL 3.40 and PacDCGAN2 1000 modes / KL 0.06;
`benchmarks/stacked_mnist.py` compares the two here (BENCHMARKS.md).
Packing: add --set variant.packing=2.
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    config = mnist_config("nsgan")
    config["generator"]["channels"] = 3
    config["discriminator"]["image_shape"] = [28, 28, 3]
    config["data"].update(name="stacked_mnist", channels=3, shuffle_buffer=20_000)
    config["train"].update(steps=4000, sample_every=1000, checkpoint_every=1000)
    config["eval"].update(metrics=["stacked_mnist"], num_samples=26_000)
    return config
