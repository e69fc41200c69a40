"""Generators that begin with a latent layer (`CategoricalLatent`, `UniformLatent`) leave as every
TFLite file, in builtin ops and within parity."""

import keras
import numpy as np
import pytest

from tfgan_zoo.export.tflite import PARITY_BOUNDS, QUANTIZATIONS, convert_all, run_tflite
from tfgan_zoo.networks.dcgan import dcgan_generator
from tfgan_zoo.networks.pacgan_dcgan import pacgan_dcgan_generator

GENERATORS = {
    "categorical": lambda: dcgan_generator(resolution=8, channels=1, z_dim=12, base_filters=4, latent_categories=10),
    "uniform": lambda: pacgan_dcgan_generator(resolution=28, channels=3, z_dim=12, base_filters=2),
}


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_a_latent_layer_converts_to_builtin_ops_and_matches_keras(kind, tmp_path):
    keras.utils.set_random_seed(0)
    generator = GENERATORS[kind]()
    # convert_all raises ExportError when an op is not a TFLite builtin or a file misses its parity bound.
    reports = convert_all(generator, 12, str(tmp_path / "tflite"), {"z_dim": 12})
    assert {report.quantization for report in reports} == set(QUANTIZATIONS)
    # z with its largest code coordinate at each of the first 10 positions (every category), and tails.
    z = np.zeros((10, 12), np.float32)
    z[np.arange(10), np.arange(10)] = 1.0
    z[:, 10:] = np.linspace(-4.0, 4.0, 20, dtype=np.float32).reshape(10, 2)
    float32 = next(r.path for r in reports if r.quantization == "float32" and "batch1" not in r.path)
    np.testing.assert_allclose(run_tflite(float32, z), generator(z).numpy(), atol=PARITY_BOUNDS["float32"])
