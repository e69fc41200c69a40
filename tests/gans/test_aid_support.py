"""Every training aid crossed with every variant: a variant trains with each aid
it declares (`supported_aids`) and refuses the others with a clear error.

The supported pairs take one eager train step on the harness's tiny networks:
finite losses, and both networks' weights change."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from test_harness import changed, real_images, real_labels, tiny_gan, weights

from tfgan_zoo.gans.gan import AIDS
from tfgan_zoo.registry import VARIANTS

# The variant arguments that turn each aid of `AIDS` on, small enough for tiny networks.
AID_ARGUMENTS = {
    "packing": {"packing": 2},
    "feature_matching": {"feature_matching": 1.0},
    "historical_averaging": {"g_historical_averaging": 0.1, "d_historical_averaging": 0.1},
    "experience_replay": {"replay_pool_size": 16, "replay_ratio": 0.5},
    "unrolling": {"unrolled_steps": 1},
    "instance_noise": {"instance_noise": 0.1, "instance_noise_anneal_steps": 10},
    "ema": {"ema_decay": 0.9},
    "penalty": {"penalty": "r1", "penalty_weight": 1.0},
}
PAIRS = [(variant, aid) for variant in VARIANTS.names() for aid in AIDS]


def test_every_aid_has_arguments_here():
    assert set(AID_ARGUMENTS) == set(AIDS)


@pytest.mark.parametrize("variant,aid", PAIRS, ids=[f"{v}-{a}" for v, a in PAIRS])
def test_a_variant_trains_with_each_aid_it_supports_and_refuses_the_rest(variant, aid):
    arguments = AID_ARGUMENTS[aid]
    if aid not in VARIANTS.get(variant).supported_aids:
        with pytest.raises(ValueError, match=f"does not support {aid}: .+; it supports"):
            tiny_gan(variant, arguments)
        return
    gan = tiny_gan(variant, arguments)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    g_before, d_before = weights(gan.generator), weights(gan.discriminator)
    x = tf.constant(real_images(gan))
    logs = gan.train_step((x, tf.constant(real_labels(gan))) if gan.conditional else x)
    for name, value in logs.items():
        assert np.isfinite(float(value)), name
    assert changed(g_before, gan.generator) and changed(d_before, gan.discriminator)
