"""A generator with a categorical code (`CategoricalLatent`) leaves as every TFLite file, within parity."""

import keras
import numpy as np

from tfgan_zoo.export.tflite import PARITY_BOUNDS, QUANTIZATIONS, convert_all, run_tflite
from tfgan_zoo.networks.dcgan import dcgan_generator


def test_a_categorical_latent_converts_to_builtin_ops_and_matches_keras(tmp_path):
    keras.utils.set_random_seed(0)
    generator = dcgan_generator(resolution=8, channels=1, z_dim=12, base_filters=4, latent_categories=10)
    # convert_all raises ExportError when an op is not a TFLite builtin or a file misses its parity bound.
    reports = convert_all(generator, 12, str(tmp_path / "tflite"), {"z_dim": 12})
    assert {report.quantization for report in reports} == set(QUANTIZATIONS)
    # Every category of the code reaches the float file: z with its code at each of the 10 positions.
    z = np.zeros((10, 12), np.float32)
    z[np.arange(10), np.arange(10)] = 1.0
    float32 = next(r.path for r in reports if r.quantization == "float32" and "batch1" not in r.path)
    np.testing.assert_allclose(run_tflite(float32, z), generator(z).numpy(), atol=PARITY_BOUNDS["float32"])
