"""Tiny networks and batches the aid tests share."""

import keras
import numpy as np
import tensorflow as tf

BATCH = 4


def mlp_pair(data_dim=3, seed=0):
    keras.utils.set_random_seed(seed)
    z = keras.Input((2,), name="z")
    generator = keras.Model(z, keras.layers.Dense(data_dim, activation="tanh")(keras.layers.Dense(5)(z)))
    x = keras.Input((data_dim,), name="images")
    hidden = keras.layers.Dense(4, activation="relu", name="hidden")(x)
    discriminator = keras.Model(x, keras.layers.Dense(1, name="score")(hidden))
    return generator, discriminator


def compiled(gan, rate=0.05):
    gan.compile(keras.optimizers.SGD(rate), keras.optimizers.SGD(rate))
    return gan


def real_batch(rows=BATCH, dim=3, seed=1):
    return tf.constant(np.random.default_rng(seed).uniform(-1, 1, (rows, dim)).astype(np.float32))


def weights(model):
    return [v.numpy().copy() for v in model.trainable_variables]
