"""The latent layers (`UniformLatent`, `CategoricalLatent`) leave as every TFLite file, in builtin
ops and within parity, and the int8 file draws the category of the z it reads."""

import keras
import numpy as np

from tfgan_zoo.export.tflite import PARITY_BOUNDS, QUANTIZATIONS, convert_all, file_input_rounding, run_tflite
from tfgan_zoo.layers import CategoricalLatent, UniformLatent


def latent_layers_generator():
    """z (12) -> a 10-way code beside 2 uniform coordinates, as the networks read their latent
    (infogan_mnist_generator), shown as 2x2x3 images so that the files' outputs are the code."""
    z = keras.Input((12,), name="z")
    code = CategoricalLatent(10)(z)
    x = keras.layers.Concatenate()([code[:, :10], UniformLatent()(code[:, 10:])])
    return keras.Model(z, keras.layers.Reshape((2, 2, 3))(x))


def test_the_latent_layers_convert_to_builtin_ops_and_match_keras(tmp_path):
    generator = latent_layers_generator()
    # convert_all raises ExportError when an op is not a TFLite builtin or a file misses its parity bound.
    reports = convert_all(generator, 12, str(tmp_path / "tflite"), {"z_dim": 12})
    assert {report.quantization for report in reports} == set(QUANTIZATIONS)
    # z with its largest code coordinate at each of the 10 positions (every category), and wide tails.
    z = np.zeros((10, 12), np.float32)
    z[np.arange(10), np.arange(10)] = 1.0
    z[:, 10:] = np.linspace(-6.0, 6.0, 20, dtype=np.float32).reshape(10, 2)
    float32 = next(r.path for r in reports if r.quantization == "float32" and "batch1" not in r.path)
    np.testing.assert_allclose(run_tflite(float32, z), generator(z).numpy(), atol=PARITY_BOUNDS["float32"])

    # The int8 file rounds z to 8 bits on entry, which ties or swaps the top two of 10 coordinates
    # in a few percent of draws: 16 parity samples can miss that, 2,000 draws cannot. On the z it
    # reads, it must draw the generator's category, one per draw, the first of tied maxima; a wrong
    # or second category moves a code coordinate by 1, twice the int8 bound. (Ties once gave a
    # two-hot code: the file calibrates the count of earlier maxima on draws without ties.)
    int8 = next(report for report in reports if report.quantization == "int8")
    z = np.random.default_rng(1).standard_normal((2000, 12)).astype(np.float32)
    with open(int8.path, "rb") as file:
        read = file_input_rounding(file.read(), z)
    assert (read != z).any() and len(np.unique(read)) <= 256  # z at 8 bits
    codes = run_tflite(int8.path, z).reshape(-1, 12)[:, :10]
    assert (np.abs(codes - 1.0) < PARITY_BOUNDS["int8"]).sum(axis=1).tolist() == [1] * len(z)
    np.testing.assert_array_less(np.abs(codes - generator(read).numpy().reshape(-1, 12)[:, :10]), int8.bound)
