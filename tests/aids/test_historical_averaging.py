"""Historical averaging: the running mean of the weights and its penalty in D's loss."""

import keras
import numpy as np
import tensorflow as tf

from tfgan_zoo.aids.parameter_average import ParameterAverage
from tfgan_zoo.gans import GAN

from aid_fixtures import compiled, mlp_pair, real_batch, weights


def test_historical_average_after_n_steps_is_the_mean_of_the_snapshots():
    variable = keras.Variable([1.0, -2.0])
    average = ParameterAverage([variable])
    snapshots = [[3.0, 0.0], [0.0, 4.0], [-1.0, 1.0], [2.0, 2.0]]
    for snapshot in snapshots:
        variable.assign(snapshot)
        average.update([variable])
    np.testing.assert_allclose(average.averages[0].numpy(), np.mean(snapshots, axis=0), rtol=1e-6)
    variable.assign([9.0, 9.0])
    average.update([variable], applied=tf.constant(False))  # a skipped update adds nothing
    np.testing.assert_allclose(average.averages[0].numpy(), np.mean(snapshots, axis=0), rtol=1e-6)
    assert int(average.updates.numpy()) == 4


def test_historical_averaging_penalty_enters_the_discriminator_loss():
    def d_after(weight):
        gan = compiled(GAN(*mlp_pair(), objective="non_saturating", d_historical_averaging=weight, seed=1))
        for _ in range(3):
            gan.train_step(real_batch())
        return weights(gan.discriminator), gan

    plain, _ = d_after(0.0)
    pulled, gan = d_after(10.0)
    assert any(not np.allclose(a, b) for a, b in zip(plain, pulled, strict=True))
    assert int(gan.aid("historical_averaging").d_history.updates.numpy()) == 3
