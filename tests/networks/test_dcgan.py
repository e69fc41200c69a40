"""DCGAN networks: shapes at every resolution, and the 64x64 pair layer for layer."""

import numpy as np
import pytest

from tfgan_zoo.networks import dcgan


def trainable_count(model):
    return sum(int(np.prod(v.shape)) for v in model.trainable_variables)


@pytest.mark.parametrize("resolution", [8, 32, 64])
def test_generator_and_discriminator_shapes(resolution):
    generator = dcgan.dcgan_generator(resolution, channels=3, z_dim=16, base_filters=4)
    discriminator = dcgan.dcgan_discriminator(resolution, channels=3, base_filters=4)
    images = generator(np.zeros((2, 16), np.float32))
    assert images.shape == (2, resolution, resolution, 3)
    assert discriminator(images).shape == (2, 1)


def test_64x64_matches_pytorch_examples_dcgan_parameter_counts():
    # netG / netD of pytorch/examples dcgan/main.py with nz=100, ngf=ndf=64, nc=3
    # (conv weights, no biases, plus batch-norm gamma and beta).
    assert trainable_count(dcgan.dcgan_generator(64, 3, 100, 64)) == 3_576_704
    assert trainable_count(dcgan.dcgan_discriminator(64, 3, 64)) == 2_765_568


def test_mnist_pair_shapes():
    images = dcgan.dcgan_mnist_generator(z_dim=100)(np.zeros((2, 100), np.float32))
    assert images.shape == (2, 28, 28, 1)
    assert dcgan.dcgan_mnist_discriminator()(images).shape == (2, 1)


def test_resolution_not_a_power_of_two_is_an_error():
    with pytest.raises(ValueError, match="power of two >= 8"):
        dcgan.dcgan_generator(48)
