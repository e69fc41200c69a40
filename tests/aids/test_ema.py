"""The generator EMA: its formula, the averaged sampling generator, its checkpoint item."""

import keras
import numpy as np

from tfgan_zoo.aids.parameter_average import ParameterAverage
from tfgan_zoo.gans import GAN

from aid_fixtures import compiled, mlp_pair, real_batch, weights


def test_exponential_moving_average_follows_its_formula_after_the_start():
    variable = keras.Variable([0.0])
    average = ParameterAverage([variable], decay=0.9, start=1)
    expected = 0.0
    for step, value in enumerate([1.0, 2.0, 3.0], start=1):
        variable.assign([value])
        average.update([variable])
        expected = value if step <= 1 else 0.9 * expected + 0.1 * value
    np.testing.assert_allclose(average.averages[0].numpy(), [expected], rtol=1e-6)


def test_sampling_generator_holds_the_moving_average():
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating", ema_decay=0.5, seed=2))
    initial = weights(gan.generator)
    gan.train_step(real_batch())
    current = weights(gan.generator)
    ema = gan.sampling_generator()
    assert ema is not gan.generator
    for start, now, averaged in zip(initial, current, ema.trainable_variables, strict=True):
        np.testing.assert_allclose(averaged.numpy(), 0.5 * start + 0.5 * now, rtol=1e-6)
    assert "generator_ema" in gan.checkpoint_items()
    plain = compiled(GAN(*mlp_pair(), objective="non_saturating"))
    assert plain.sampling_generator() is plain.generator
