"""Feature matching: the distance on the chosen layer, feature matching alone, and its checks."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.gans import GAN

from aid_fixtures import BATCH, compiled, mlp_pair, real_batch


def test_feature_matching_loss_uses_the_chosen_layer_and_alone_trains_g():
    generator, discriminator = mlp_pair()
    gan = compiled(GAN(generator, discriminator, objective="non_saturating", feature_matching=1.0,
                       feature_matching_layer="hidden", adversarial_weight=0.0))
    real, fake = real_batch(), gan.generator(tf.ones([BATCH, 2]))
    hidden = keras.Model(discriminator.inputs, discriminator.get_layer("hidden").output)
    expected = np.sum((hidden(real).numpy().mean(0) - hidden(fake).numpy().mean(0)) ** 2)
    np.testing.assert_allclose(float(gan.aid("feature_matching").distance(gan, real, fake)), expected, rtol=1e-5)
    metrics = gan.train_step(real_batch())
    # With adversarial_weight 0 the generator's loss is feature matching alone.
    np.testing.assert_allclose(float(metrics["g_loss"]), float(metrics["feature_matching"]), rtol=1e-6)


def test_default_feature_layer_is_the_input_of_the_last_weighted_layer():
    generator, discriminator = mlp_pair()
    gan = GAN(generator, discriminator, feature_matching=0.5)
    assert gan.aid("feature_matching").feature_extractor.output.shape == (None, 4)
    with pytest.raises(ValueError, match="feature_matching_layer 'nope' is not a layer"):
        GAN(*mlp_pair(), feature_matching=0.5, feature_matching_layer="nope")
    with pytest.raises(ValueError, match="adversarial_weight=0 leaves the generator no loss"):
        GAN(*mlp_pair(), adversarial_weight=0.0)
