"""The aid protocol: objects and flat fields build the same aids, which serialize, run in order and
are checked against each other and the variant."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo import aids
from tfgan_zoo.errors import UnknownNameError
from tfgan_zoo.gans import GAN, StackedGAN
from tfgan_zoo.networks.aids import packed

from aid_fixtures import compiled, mlp_pair, real_batch, weights


def test_aid_objects_and_flat_fields_make_the_same_gan():
    def trained(**kwargs):
        gan = compiled(GAN(*mlp_pair(), objective="non_saturating", seed=5, **kwargs))
        for seed in range(3):
            gan.train_step(real_batch(seed=seed))
        return weights(gan.generator) + weights(gan.sampling_generator())

    flat = trained(ema_decay=0.9, instance_noise=0.2, penalty="r1", penalty_weight=1.0)
    objects = trained(aids=[aids.GradientPenalty("r1", 1.0), aids.GeneratorEMA(0.9), aids.InstanceNoise(0.2)])
    for a, b in zip(flat, objects, strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_gan_with_aids_round_trips_through_its_config():
    generator, discriminator = mlp_pair(data_dim=2)
    gan = GAN(generator, packed(discriminator, 2), aids=[aids.Packing(2), aids.GeneratorEMA(0.99, ema_start=7)])
    config = gan.get_config()
    assert config["packing"] == 2 and config["ema_decay"] == 0.99 and config["ema_start"] == 7
    again = GAN.from_config(config)
    assert [aid.get_config() for aid in again.aids] == [aid.get_config() for aid in gan.aids]
    # A config dict is accepted in place of an object.
    from_dicts = GAN(*mlp_pair(), aids=[{"name": "ema", "ema_decay": 0.5}])
    assert from_dicts.aid("ema").ema_decay == 0.5 and from_dicts.aid("packing") is None


def test_packing_runs_after_the_aids_that_change_single_examples():
    generator, discriminator = mlp_pair(data_dim=2)
    gan = GAN(generator, packed(discriminator, 2), aids=[aids.Packing(2), aids.InstanceNoise(0.1)])
    assert [aid.name for aid in gan.aids] == ["instance_noise", "packing"]
    assert gan.discriminator_inputs(tf.zeros([4, 2])).shape == (2, 4)


def test_an_aid_given_twice_or_refused_is_an_error_that_says_why():
    with pytest.raises(ValueError, match="the aid ema is given twice"):
        GAN(*mlp_pair(), ema_decay=0.9, aids=[aids.GeneratorEMA(0.5)])
    with pytest.raises(ValueError, match="StackedGAN does not support top_k: its stacks train in a step of their own"):
        aids.attach(StackedGAN.__new__(StackedGAN), [aids.TopK()])  # the variant's class decides
    with pytest.raises(UnknownNameError, match="unknown training aid 'nope'; known training aids: ema, "):
        GAN(*mlp_pair(), aids=[{"name": "nope"}])
