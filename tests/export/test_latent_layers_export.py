"""The latent layers (`UniformLatent`, `CategoricalLatent`) leave as every TFLite file, in builtin
ops and within parity."""

import keras
import numpy as np

from tfgan_zoo.export.tflite import PARITY_BOUNDS, QUANTIZATIONS, convert_all, run_tflite
from tfgan_zoo.layers import CategoricalLatent, UniformLatent


def latent_layers_generator():
    """z (12) -> uniform -> a 10-way code beside 2 continuous coordinates -> 2x2x1 images."""
    keras.utils.set_random_seed(0)
    z = keras.Input((12,), name="z")
    x = CategoricalLatent(10)(UniformLatent()(z))
    x = keras.layers.Dense(4, activation="tanh", kernel_initializer="random_normal")(x)
    return keras.Model(z, keras.layers.Reshape((2, 2, 1))(x))


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
