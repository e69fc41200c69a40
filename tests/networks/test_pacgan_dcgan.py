"""PacGAN's Stacked MNIST DCGANs (carpedm20's; Tables 2 and 3): the authors' shapes, their transposed
convolutions, and their [0, 1] data and U(-1, 1) noise as exact reparametrizations."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.layers import UniformLatent
from tfgan_zoo.networks.pacgan_dcgan import (
    pacgan_dcgan_discriminator,
    pacgan_dcgan_generator,
    pacgan_unrolled_discriminator,
    pacgan_unrolled_generator,
)


def feature_shapes(model, kinds):
    return [tuple(layer.output.shape[1:]) for layer in model.layers if isinstance(layer, kinds)]


def test_layer_shapes_are_the_authors_at_28x28():
    generator = pacgan_dcgan_generator()
    # model.py: linear to s_h16 x s_w16 x gf_dim * 8 = 2x2x512, then 4x4x256, 7x7x128, 14x14x64, 28x28x3.
    assert feature_shapes(generator, (keras.layers.Dense,)) == [(2 * 2 * 512,)]
    assert feature_shapes(generator, (keras.layers.Conv2DTranspose,)) == [
        (4, 4, 256), (7, 7, 128), (14, 14, 64), (28, 28, 3)]
    assert all(layer.use_bias for layer in generator.layers if isinstance(layer, keras.layers.Conv2DTranspose))
    discriminator = pacgan_dcgan_discriminator(channels=6)  # PacDCGAN2: two triples side by side
    assert feature_shapes(discriminator, (keras.layers.Conv2D,)) == [
        (14, 14, 64), (7, 7, 128), (4, 4, 256), (2, 2, 512)]
    assert sum(isinstance(layer, keras.layers.BatchNormalization) for layer in discriminator.layers) == 3
    assert discriminator.output.shape[1:] == (1,)


def test_table_3s_networks_have_the_unrolled_gan_shapes_at_both_discriminator_sizes():
    generator = pacgan_unrolled_generator()
    assert generator.input.shape[1:] == (256,)
    # model.py: linear to 4x4x64, 3x3 deconvolutions to 7x7x32, 14x14x16, 28x28x8, a 3x3 conv to 28x28x3.
    assert feature_shapes(generator, (keras.layers.Dense,)) == [(4 * 4 * 64,)]
    assert feature_shapes(generator, (keras.layers.Conv2DTranspose,)) == [(7, 7, 32), (14, 14, 16), (28, 28, 8)]
    assert feature_shapes(generator, (keras.layers.Conv2D,))[-1] == (28, 28, 3)
    for base_filters in (2, 4):  # D=0.25G and D=0.5G
        discriminator = pacgan_unrolled_discriminator(channels=6, base_filters=base_filters)
        assert feature_shapes(discriminator, (keras.layers.Conv2D,)) == [
            (14, 14, base_filters), (7, 7, 2 * base_filters), (4, 4, 4 * base_filters)]
        assert sum(isinstance(layer, keras.layers.BatchNormalization) for layer in discriminator.layers) == 3


@pytest.mark.parametrize("factory", [pacgan_dcgan_generator, pacgan_unrolled_generator])
def test_transposed_convolutions_are_tensorflows_same_ones_with_the_authors_output_shapes(factory):
    keras.utils.set_random_seed(0)
    generator = factory()
    for layer in (layer for layer in generator.layers if isinstance(layer, keras.layers.Conv2DTranspose)):
        x = np.random.default_rng(1).standard_normal((2, *layer.input.shape[1:])).astype(np.float32)
        # carpedm20's deconv2d: tf.nn.conv2d_transpose(output_shape, strides 2, padding SAME) + bias.
        want = tf.nn.conv2d_transpose(x, layer.kernel, [2, *layer.output.shape[1:]], strides=2,
                                      padding="SAME") + layer.bias
        np.testing.assert_array_equal(layer(x).numpy(), want.numpy())


def test_their_data_range_and_noise_are_the_same_functions_of_the_same_weights():
    keras.utils.set_random_seed(2)
    generator = pacgan_dcgan_generator(resolution=28, channels=3, base_filters=4)
    assert isinstance(generator.layers[1], UniformLatent)
    plain = pacgan_dcgan_generator(resolution=28, channels=3, base_filters=4, uniform_latent=False,
                                   unit_interval_data=False)
    plain.set_weights(generator.get_weights())
    z = np.random.default_rng(3).standard_normal((4, 100)).astype(np.float32)
    uniform = UniformLatent()(z).numpy()
    # Zoo G(z) = 2 G_theirs(u) - 1 with u = erf(z / sqrt 2) ~ U(-1, 1).
    np.testing.assert_allclose(generator(z).numpy(), 2.0 * plain(uniform).numpy() - 1.0, atol=1e-6)

    discriminator = pacgan_dcgan_discriminator(base_filters=4)
    theirs = pacgan_dcgan_discriminator(base_filters=4, unit_interval_data=False)
    theirs.set_weights(discriminator.get_weights())
    x = np.random.default_rng(4).uniform(-1, 1, (4, 28, 28, 3)).astype(np.float32)
    # Zoo D(x) = D_theirs((x + 1) / 2): their D on their [0, 1] images.
    np.testing.assert_allclose(discriminator(x).numpy(), theirs((x + 1.0) / 2.0).numpy(), rtol=1e-5, atol=1e-6)
