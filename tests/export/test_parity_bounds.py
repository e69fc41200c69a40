"""The TFLite parity bounds: integer files are held to the generator's own sensitivity, floats to rounding."""

import keras
import numpy as np
import pytest

from tfgan_zoo.errors import ExportError
from tfgan_zoo.export.tflite import (
    PARITY_BOUNDS,
    QUANTIZATIONS,
    convert_all,
    int8_weight_tensors,
    parity_bound,
    round_to_int8,
)


def test_int8_rounding_keeps_each_rows_extreme_and_a_step_of_its_range():
    rows = np.random.default_rng(0).standard_normal((50, 100)).astype(np.float32)
    rounded = round_to_int8(rows)
    step = np.abs(rows).max(axis=1, keepdims=True) / 127.0
    # Every value lands on a multiple of its row's step, within half a step (plus float32 rounding).
    assert np.all(np.abs(rounded - rows) <= step / 2 * (1 + 1e-5))
    np.testing.assert_allclose(np.abs(rounded).max(axis=1), np.abs(rows).max(axis=1), rtol=1e-6)
    assert np.all(round_to_int8(np.zeros((2, 3), np.float32)) == 0)


def test_sensitivity_leaves_a_categorical_codes_coordinates_exact():
    """Rounding z would flip the argmax of close code coordinates, a change no weight layer's
    rounding makes: those coordinates stay, the rest are rounded as before."""
    from tfgan_zoo.layers import latent_codes
    from tfgan_zoo.networks.infogan_mnist import infogan_mnist_generator
    from tfgan_zoo.networks.mlp import mlp_generator

    rows = np.random.default_rng(0).standard_normal((50, 74)).astype(np.float32)
    assert latent_codes(infogan_mnist_generator(z_dim=74, latent_categories=10)) == (1, 10)
    assert latent_codes(mlp_generator(z_dim=2)) == (0, 0)
    # Three codes of 10 (a Stacked MNIST generator) take the first 30 coordinates.
    codes, categories = latent_codes(infogan_mnist_generator(z_dim=74, latent_categories=10, categorical_codes=3))
    exact = codes * categories
    assert exact == 30
    rounded = round_to_int8(rows, exact)
    np.testing.assert_array_equal(rounded[:, :30], rows[:, :30])
    np.testing.assert_array_equal(rounded[:, 30:], round_to_int8(rows)[:, 30:])


@pytest.mark.parametrize("quantization", QUANTIZATIONS)
def test_bounds_never_fall_below_their_floor_and_only_integer_files_follow_sensitivity(quantization):
    floor = PARITY_BOUNDS[quantization]
    assert parity_bound(quantization, 0.0, int8_weight_tensors=3) == floor
    sensitive = parity_bound(quantization, 10 * floor, int8_weight_tensors=8)
    if quantization in ("dynamic_range", "int8"):
        assert sensitive == pytest.approx(4 * 10 * floor)  # sqrt(2 x 8) roundings of size s
    else:
        assert sensitive == floor


def linear_generator(gain):
    """images = tanh(gain * z W) as 2x2x1 images: its output change under a rounding of z grows with gain."""
    keras.utils.set_random_seed(0)
    z = keras.Input((8,), name="z")
    x = keras.layers.Dense(4, kernel_initializer="glorot_uniform", use_bias=False)(z)
    x = keras.layers.Rescaling(gain)(x)
    images = keras.layers.Reshape((2, 2, 1))(keras.layers.Activation("tanh")(x))
    return keras.Model(z, images)


def test_a_sharper_generator_gets_a_wider_integer_bound_and_exports(tmp_path):
    sharp = linear_generator(30.0)
    reports = {r.quantization: r for r in convert_all(sharp, 8, str(tmp_path / "sharp"), {"z_dim": 8})}
    for quantization in ("float32", "float16"):
        assert reports[quantization].bound == PARITY_BOUNDS[quantization]
    assert int8_weight_tensors(open(reports["float32"].path, "rb").read()) == 0
    rounded_layers = int8_weight_tensors(open(reports["int8"].path, "rb").read())
    for report in reports.values():
        assert report.max_abs_error <= report.bound

    def sensitivity(generator):  # as convert_all measures it, on its 16 parity latents
        z = np.random.default_rng(0).standard_normal((16, 8)).astype(np.float32)
        return float(np.abs(generator(round_to_int8(z)) - generator(z)).max())

    assert reports["int8"].bound == parity_bound("int8", sensitivity(sharp), rounded_layers)
    assert reports["int8"].bound >= parity_bound("int8", sensitivity(linear_generator(1.0)), rounded_layers)
    assert sensitivity(sharp) > 5 * sensitivity(linear_generator(1.0))


def test_a_file_that_does_not_reproduce_the_generator_still_fails(tmp_path, monkeypatch):
    import tfgan_zoo.export.tflite as tflite

    real_run = tflite.run_tflite
    # A conversion that flips the images' sign: every output is off by 2|y|, far above any bound.
    monkeypatch.setattr(tflite, "run_tflite", lambda path, z, labels=None: -real_run(path, z, labels) - 0.5)
    with pytest.raises(ExportError, match="does not reproduce the generator"):
        convert_all(linear_generator(1.0), 8, str(tmp_path / "out"), {"z_dim": 8})


def uniform_latent_generator(gain):
    """images = gain * u W, u = UniformLatent(z): a float16 file rounds the erf formula's
    constants as well as W, and the output change that makes grows with gain."""
    from tfgan_zoo.layers import UniformLatent

    keras.utils.set_random_seed(0)
    z = keras.Input((8,), name="z")
    x = keras.layers.Dense(4, kernel_initializer="glorot_uniform", use_bias=False)(UniformLatent()(z))
    images = keras.layers.Reshape((2, 2, 1))(keras.layers.Rescaling(gain)(x))
    return keras.Model(z, images)


def test_a_float16_file_is_held_to_what_rounding_weights_and_formula_constants_does(tmp_path):
    from tfgan_zoo.export.tflite import half_precision_sensitivity

    z = np.random.default_rng(0).standard_normal((16, 8)).astype(np.float32)
    sharp = uniform_latent_generator(8.0)
    expected = sharp(z).numpy()
    half = half_precision_sensitivity(sharp, lambda: sharp(z).numpy(), expected)
    np.testing.assert_array_equal(sharp(z).numpy(), expected)  # weights and constants restored
    assert 2 * half > PARITY_BOUNDS["float16"]  # this generator needs more than the floor
    reports = {r.quantization: r for r in convert_all(sharp, 8, str(tmp_path / "sharp"), {"z_dim": 8})}
    assert reports["float16"].bound == parity_bound("float16", 0.0, half_sensitivity=half)
    assert reports["float16"].max_abs_error <= reports["float16"].bound
    assert parity_bound("float16", 0.0, half_sensitivity=0.0) == PARITY_BOUNDS["float16"]
