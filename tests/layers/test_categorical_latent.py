"""CategoricalLatent: a numpy reference, uniform categories, no gradient to z, bad sizes, serialization."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.layers import CategoricalLatent
from tfgan_zoo.networks.dcgan import dcgan_generator
from tfgan_zoo.networks.mlp import mlp_generator


def test_output_is_the_one_hot_argmax_of_the_first_k_coordinates_then_the_rest():
    z = np.random.default_rng(0).standard_normal((64, 7)).astype(np.float32)
    out = CategoricalLatent(4)(z).numpy()
    expected = np.concatenate([np.eye(4, dtype=np.float32)[z[:, :4].argmax(axis=1)], z[:, 4:]], axis=1)
    np.testing.assert_array_equal(out, expected)
    # Tied maxima (a clipped z) take the first, as argmax does.
    tied = np.array([[1.0, 2.0, 2.0, 0.5, 0.25]], np.float32)
    np.testing.assert_array_equal(CategoricalLatent(3)(tied).numpy(), [[0.0, 1.0, 0.0, 0.5, 0.25]])


def test_several_codes_each_take_the_one_hot_argmax_of_their_own_block():
    z = np.random.default_rng(5).standard_normal((64, 11)).astype(np.float32)
    out = CategoricalLatent(3, codes=3)(z).numpy()
    eye = np.eye(3, dtype=np.float32)
    expected = np.concatenate([eye[z[:, 3 * m:3 * m + 3].argmax(axis=1)] for m in range(3)] + [z[:, 9:]], axis=1)
    np.testing.assert_array_equal(out, expected)
    # Ties are broken within each block, not across blocks.
    tied = np.array([[2.0, 2.0, 1.0, 5.0, 5.0, 5.0, 0.5]], np.float32)
    np.testing.assert_array_equal(CategoricalLatent(3, codes=2)(tied).numpy(),
                                  [[1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.5]])
    with pytest.raises(ValueError, match="3 categorical codes of 3 categories take 9 .* z_dim must be > 9, got 9"):
        CategoricalLatent(3, codes=3)(np.zeros((2, 9), np.float32))
    with pytest.raises(ValueError, match="codes must be >= 1"):
        CategoricalLatent(3, codes=0)
    assert CategoricalLatent.from_config(CategoricalLatent(4, codes=2).get_config()).codes == 2


def test_categories_of_a_standard_normal_z_are_uniform():
    # The argmax of K i.i.d. coordinates is uniform over K: each count is Binomial(n, 1/K), so a
    # bound of 5 standard deviations fails by chance with probability below 1e-5 per category.
    n, k = 20_000, 5
    z = np.random.default_rng(1).standard_normal((n, k + 2)).astype(np.float32)
    counts = CategoricalLatent(k)(z).numpy()[:, :k].sum(axis=0)
    bound = 5 * np.sqrt(n * (1 / k) * (1 - 1 / k))
    assert np.all(np.abs(counts - n / k) < bound), counts


def test_no_gradient_reaches_the_code_coordinates():
    z = tf.constant(np.random.default_rng(2).standard_normal((3, 5)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = CategoricalLatent(3)(z)
        total = tf.reduce_sum(out * tf.range(1.0, 6.0))
    gradient = tape.gradient(total, z).numpy()
    np.testing.assert_array_equal(gradient[:, :3], 0.0)
    np.testing.assert_array_equal(gradient[:, 3:], np.tile([4.0, 5.0], (3, 1)))


def test_too_few_coordinates_or_categories_are_clear_errors():
    with pytest.raises(ValueError, match="a categorical code of 4 categories .* z_dim must be > 4, got 4"):
        CategoricalLatent(4)(np.zeros((2, 4), np.float32))
    with pytest.raises(ValueError, match="categories must be >= 2"):
        CategoricalLatent(1)
    with pytest.raises(ValueError, match="z_dim must be > 25, got 2"):
        mlp_generator(z_dim=2, latent_categories=25)


def test_config_round_trip_and_generators_take_it():
    clone = CategoricalLatent.from_config(CategoricalLatent(6).get_config())
    assert clone.categories == 6
    z = np.random.default_rng(3).standard_normal((2, 27)).astype(np.float32)
    generator = mlp_generator(z_dim=27, latent_categories=25)
    assert any(isinstance(layer, CategoricalLatent) for layer in generator.layers)
    assert generator(z).shape == (2, 2)
    scaled = z.copy()
    scaled[:, :25] *= 2.0
    np.testing.assert_array_equal(generator(z).numpy(), generator(scaled).numpy())
    images = dcgan_generator(resolution=8, channels=1, z_dim=12, base_filters=4, latent_categories=10)
    assert any(isinstance(layer, CategoricalLatent) for layer in images.layers)
    # z enters only through its code: scaling the code coordinates keeps their argmax, and the image.
    z = np.random.default_rng(4).standard_normal((3, 12)).astype(np.float32)
    scaled = z.copy()
    scaled[:, :10] = 3.0 * scaled[:, :10] + 5.0
    np.testing.assert_array_equal(images(z).numpy(), images(scaled).numpy())
    assert images(z).shape == (3, 8, 8, 1)
    keras.backend.clear_session()
