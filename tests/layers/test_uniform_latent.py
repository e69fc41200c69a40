"""UniformLatent: erf against the standard library, a uniform output, serialization."""

import math

import numpy as np

from tfgan_zoo.layers import UniformLatent
from tfgan_zoo.layers.uniform_latent import ERF_APPROXIMATION_ERROR


def test_output_is_erf_of_z_over_root_two_within_the_formulas_error():
    z = np.linspace(-7.0, 7.0, 20_001).astype(np.float32)
    got = UniformLatent()(z[:, None]).numpy()[:, 0].astype(np.float64)
    want = np.array([math.erf(float(value) / math.sqrt(2.0)) for value in z])
    # The formula's own error, plus float32 rounding of its ~16 operations on values of size <= 1.
    bound = ERF_APPROXIMATION_ERROR + 16 * np.finfo(np.float32).eps
    assert np.abs(got - want).max() <= bound
    assert np.all(np.abs(got) <= 1.0) and np.all(np.diff(got) >= 0), "a monotone map into [-1, 1]"
    np.testing.assert_array_equal(UniformLatent()(-z[:, None]).numpy()[:, 0], -got.astype(np.float32))


def test_a_standard_normal_z_becomes_uniform_on_minus_one_to_one():
    n = 50_000
    u = np.sort(UniformLatent()(np.random.default_rng(0).standard_normal((n, 4)).astype(np.float32))
                .numpy().ravel())
    # Kolmogorov-Smirnov distance to U(-1, 1): its 1e-3 critical value is 1.95 / sqrt(N).
    cdf = (u + 1.0) / 2.0
    ranks = np.arange(1, u.size + 1) / u.size
    assert np.max(np.abs(cdf - ranks)) < 1.95 / np.sqrt(u.size)


def test_config_round_trip():
    layer = UniformLatent.from_config(UniformLatent(name="u").get_config())
    assert layer.name == "u"
    assert layer.compute_output_shape((None, 7)) == (None, 7)
