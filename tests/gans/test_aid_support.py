"""Every registered training aid crossed with every variant: a variant trains with
each aid it does not refuse (`refused_aids`) and refuses the others with a clear error.

The supported pairs take one eager train step on the harness's tiny networks:
finite losses, and both networks' weights change."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from test_harness import changed, real_images, real_labels, tiny_gan, weights

from tfgan_zoo.aids import AIDS
from tfgan_zoo.gans.gan import UPDATE_ORDERS
from tfgan_zoo.registry import VARIANTS

PAIRS = [(variant, aid) for variant in VARIANTS.names() for aid in AIDS.names()]


def test_every_aid_names_fields_that_turn_it_on_and_defaults_that_leave_it_off():
    for name in AIDS.names():
        cls = AIDS.get(name)
        assert cls.test_fields and set(cls.test_fields) <= set(cls.fields), name
        assert cls.from_fields(**cls.fields) is None, name
        aid = cls.from_fields(**{**cls.fields, **cls.test_fields})
        assert aid.name == name and aid.get_config()["name"] == name


@pytest.mark.parametrize("variant,aid", PAIRS, ids=[f"{v}-{a}" for v, a in PAIRS])
def test_a_variant_trains_with_each_aid_it_supports_and_refuses_the_rest(variant, aid):
    arguments = AIDS.get(aid).test_fields
    if not VARIANTS.get(variant).supports_aid(aid):
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


ORDERS = [(order, aid) for order in UPDATE_ORDERS if order != "alternating" for aid in AIDS.names()]


@pytest.mark.parametrize("updates,aid", ORDERS, ids=[f"{u}-{a}" for u, a in ORDERS])
def test_every_update_order_trains_with_each_aid(updates, aid):
    # The table above crosses aids with variants in the default (alternating) order; each other
    # order builds its step from the same terms, so every aid trains in it too.
    gan = tiny_gan("gan", {**AIDS.get(aid).test_fields, "objective": "non_saturating", "updates": updates})
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    g_before, d_before = weights(gan.generator), weights(gan.discriminator)
    logs = gan.train_step(tf.constant(real_images(gan)))
    for name, value in logs.items():
        assert np.isfinite(float(value)), name
    assert changed(g_before, gan.generator) and changed(d_before, gan.discriminator)
