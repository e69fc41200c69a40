"""Top-k training: its schedule, the examples it keeps, and the mean it takes over them."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo import replicas
from tfgan_zoo.aids.top_k import TopK
from tfgan_zoo.gans import GAN

from aid_fixtures import compiled, mlp_pair, real_batch


def test_the_kept_fraction_decays_once_per_epoch_down_to_its_floor():
    aid = TopK(top_k_decay=0.9, top_k_min_rate=0.75, top_k_decay_steps=10)
    rates = [float(aid.rate(step)) for step in (0, 9, 10, 25, 1000)]
    np.testing.assert_allclose(rates, [1.0, 1.0, 0.9, 0.81, 0.75], rtol=1e-6)


def test_the_generator_loss_is_the_mean_over_the_k_best_rated_fakes():
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating", top_k=True, top_k_decay=0.5,
                       top_k_min_rate=0.5, top_k_decay_steps=1))
    gan.steps_done.assign(1)  # rate 0.5: k = 3 of 6
    losses = tf.constant([0.7, 0.1, 2.0, 0.4, 0.9, 0.3])
    weighed = gan.aid("top_k").reweigh_adversarial_loss(gan, losses)
    np.testing.assert_allclose(weighed.numpy(), [0.0, 0.2, 0.0, 0.8, 0.0, 0.6], rtol=1e-6)
    # The one reduction divides by the batch, which gives the mean of the 3 kept.
    np.testing.assert_allclose(float(replicas.reduce_loss(weighed)), (0.1 + 0.4 + 0.3) / 3, rtol=1e-6)


def test_it_changes_only_the_generator_update_and_only_once_the_rate_falls():
    def after_two_steps(**aids):
        gan = compiled(GAN(*mlp_pair(), objective="non_saturating", seed=3, **aids))
        first = gan.train_step(real_batch())
        gan.train_step(real_batch(seed=2))
        return gan, first

    plain, plain_first = after_two_steps()
    halved, halved_first = after_two_steps(top_k=True, top_k_decay=0.5, top_k_decay_steps=1)
    # Step 0 keeps every example (rate 1); step 1 keeps half for G's update.
    assert float(halved_first["g_loss"]) == pytest.approx(float(plain_first["g_loss"]), rel=1e-6)
    for a, b in zip(plain.discriminator.get_weights(), halved.discriminator.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert any(not np.allclose(a, b) for a, b in zip(plain.generator.get_weights(), halved.generator.get_weights(),
                                                     strict=True))


def test_its_fields_are_checked_even_when_it_is_off():
    with pytest.raises(ValueError, match=r"top_k_decay and top_k_min_rate must be in \(0, 1\]"):
        GAN(*mlp_pair(), top_k_min_rate=0.0)
    with pytest.raises(ValueError, match="top_k_decay_steps must be >= 1"):
        GAN(*mlp_pair(), top_k=True, top_k_decay_steps=0)
