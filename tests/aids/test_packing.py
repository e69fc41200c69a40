"""Packing (PacGAN): the pack layout, one loss per pack, and its checks."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.gans import GAN
from tfgan_zoo.networks.aids import packed

from aid_fixtures import BATCH, compiled, mlp_pair, real_batch


def test_pack_puts_m_consecutive_examples_side_by_side():
    generator, discriminator = mlp_pair(data_dim=2)
    gan = GAN(generator, packed(discriminator, 2), objective="non_saturating", packing=2)
    images = tf.reshape(tf.range(8, dtype=tf.float32), [4, 2])  # rows [0 1] [2 3] [4 5] [6 7]
    np.testing.assert_array_equal(gan.aid("packing").pack(images).numpy(), [[0, 1, 2, 3], [4, 5, 6, 7]])
    maps = tf.reshape(tf.range(16, dtype=tf.float32), [4, 2, 1, 2])
    out = gan.aid("packing").pack(maps).numpy()
    assert out.shape == (2, 2, 1, 4)
    np.testing.assert_array_equal(out[0, 1, 0], [2, 3, 6, 7])  # example 0 then example 1, same pixel


def test_packing_gives_one_loss_per_pack_and_checks_the_discriminator():
    generator, discriminator = mlp_pair()
    gan = compiled(GAN(generator, packed(discriminator, 2), objective="non_saturating", packing=2))
    fake = gan.generator(tf.zeros([BATCH, 2]))
    per_example, _, _ = gan.discriminator_loss(gan.discriminator_inputs(real_batch()), gan.discriminator_inputs(fake), None)
    assert per_example.shape == (BATCH // 2,)
    with pytest.raises(ValueError, match=r"packing=2 needs a discriminator taking 2 x 3 = 6 channels"):
        GAN(*mlp_pair(), packing=2)
    with pytest.raises(ValueError, match="cannot be packed in groups of packing=2"):
        gan.aid("packing").pack(tf.zeros([3, 3]))
