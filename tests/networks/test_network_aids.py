"""Network rewrites: spectral norm everywhere, minibatch layers before the head, packed inputs."""

import keras
import numpy as np
import pytest

from tfgan_zoo.layers import MinibatchDiscrimination, MinibatchStddev, SpectralNormalization
from tfgan_zoo.networks import dcgan, mlp
from tfgan_zoo.networks.aids import apply_network_aids, head_layer, packed, with_spectral_norm


def tiny_discriminator():
    return dcgan.dcgan_discriminator(resolution=8, channels=1, base_filters=4)


def test_spectral_norm_wraps_every_layer_with_a_kernel_of_either_network():
    generator = with_spectral_norm(dcgan.dcgan_generator(resolution=8, channels=1, z_dim=8, base_filters=4))
    discriminator = with_spectral_norm(tiny_discriminator())
    for network in (generator, discriminator):
        wrapped = [layer for layer in network.layers if isinstance(layer, SpectralNormalization)]
        bare = [layer for layer in network.layers if hasattr(layer, "kernel")]
        assert wrapped and not bare
    assert generator.output.dtype == "float32"
    assert generator(np.zeros((2, 8), np.float32), training=True).shape == (2, 8, 8, 1)


def test_spectral_norm_covers_the_projection_embedding_of_d_but_not_gs_class_embedding():
    # SNGAN's SNEmbedID and BigGAN's SNEmbedding: D's class projection is
    # normalized; BigGAN's generator keeps a plain shared embedding.
    from tfgan_zoo.networks import resnet
    from tfgan_zoo.networks.aids import fold_spectral_norm

    keras.utils.set_random_seed(0)
    discriminator = apply_network_aids(resnet.resnet_discriminator(
        resolution=32, channels=1, base_filters=2, conditional=True, num_classes=5), "discriminator",
        spectral_norm=True)
    projection = discriminator.get_layer("sn_class_projection")
    assert isinstance(projection.layer, keras.layers.Embedding)
    generator = apply_network_aids(resnet.biggan_generator(
        resolution=32, z_dim=16, channels=1, base_filters=2, attention_resolution=0, shared_embedding_dim=4,
        conditional=True, num_classes=5), "generator", spectral_norm=True)
    assert isinstance(generator.get_layer("shared_embedding"), keras.layers.Embedding)
    images = np.random.default_rng(0).uniform(-1, 1, (3, 32, 32, 1)).astype(np.float32)
    labels = np.array([0, 4, 2], np.int32)
    for _ in range(3):
        discriminator([images, labels], training=True)
    folded = fold_spectral_norm(discriminator)
    assert isinstance(folded.get_layer("class_projection"), keras.layers.Embedding)
    np.testing.assert_allclose(folded([images, labels]).numpy(), discriminator([images, labels]).numpy(),
                               rtol=1e-5, atol=1e-5)


def test_minibatch_layers_go_before_the_head():
    original = tiny_discriminator()
    model = apply_network_aids(original, "discriminator", minibatch_discrimination=6, minibatch_stddev=2)
    head = model.layers.index(head_layer(model))
    assert [type(layer) for layer in model.layers[head - 2:head]] == [MinibatchDiscrimination, MinibatchStddev]
    # The head now takes 6 closeness channels and 1 stddev channel more.
    assert head_layer(model).kernel.shape[-2] == head_layer(original).kernel.shape[-2] + 7
    assert model(np.zeros((4, 8, 8, 1), np.float32)).shape == (4, 1)


def test_packed_network_takes_m_times_the_channels():
    model = packed(mlp.mlp_discriminator(input_dim=2), 3)
    assert model.input_shape == (None, 6)
    assert packed(tiny_discriminator(), 2).input_shape == (None, 8, 8, 2)
    assert packed(tiny_discriminator(), 1).input_shape == (None, 8, 8, 1)


def test_generator_refuses_discriminator_aids_and_subclassed_models_are_named():
    generator = dcgan.dcgan_generator(resolution=8, channels=1, z_dim=8, base_filters=4)
    with pytest.raises(ValueError, match="minibatch_discrimination is an aid of the discriminator"):
        apply_network_aids(generator, "generator", minibatch_discrimination=4)

    class Subclassed(keras.Model):
        def call(self, x):
            return x

    with pytest.raises(ValueError, match="rewrites functional networks"):
        with_spectral_norm(Subclassed())


def test_folding_spectral_norm_keeps_the_function_and_drops_the_wrappers():
    from tfgan_zoo.layers import SelfAttention, SpectralNormalization
    from tfgan_zoo.networks import resnet
    from tfgan_zoo.networks.aids import fold_spectral_norm

    keras.utils.set_random_seed(0)
    network = with_spectral_norm(resnet.resnet_discriminator(resolution=32, channels=1, base_filters=2,
                                                             attention_resolution=16))
    images = np.random.default_rng(0).uniform(-1, 1, (3, 32, 32, 1)).astype(np.float32)
    for _ in range(3):  # move u away from its initial value
        network(images, training=True)
    for layer in network.layers:
        if isinstance(layer, SelfAttention):
            layer.gamma.assign(0.7)
    folded = fold_spectral_norm(network)
    assert not any(isinstance(layer, SpectralNormalization) for layer in folded.layers)
    assert not any(layer.get_config().get("spectral_norm") for layer in folded.layers)
    np.testing.assert_allclose(folded(images).numpy(), network(images).numpy(), rtol=1e-5, atol=1e-5)
    plain = resnet.resnet_discriminator(resolution=32, channels=1, base_filters=2)
    assert fold_spectral_norm(plain) is plain
