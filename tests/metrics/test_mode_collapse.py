"""Mode-collapse metrics on samples whose answer is known."""

import math

import numpy as np

from tfgan_zoo.data import MIXTURES
from tfgan_zoo.metrics import mode_coverage, reverse_kl_to_uniform


def test_samples_from_the_data_capture_every_mode():
    for mixture in MIXTURES.values():
        points, _ = mixture.sample(20_000, seed=1)
        coverage = mode_coverage(points, mixture.centers, mixture.std)
        assert coverage.modes_captured == mixture.num_modes
        # Within 3 std in 2-D: P(chi^2_2 <= 9) = 1 - exp(-4.5) = 0.9889.
        assert abs(coverage.high_quality_fraction - (1 - math.exp(-4.5))) < 0.005
        assert coverage.reverse_kl < 0.01


def test_a_collapsed_generator():
    mixture = MIXTURES["ring8"]
    samples = np.concatenate([
        np.tile(mixture.centers[0], (75, 1)),          # 75 on mode 0
        np.tile(mixture.centers[3] + 0.02, (25, 1)),   # 25 within 3 std of mode 3
        np.full((100, 2), 5.0),                         # 100 far from every mode
    ])
    coverage = mode_coverage(samples, mixture.centers, mixture.std)
    assert coverage.modes_captured == 2
    assert coverage.high_quality_fraction == 0.5
    assert coverage.mode_counts.tolist() == [75, 0, 0, 25, 0, 0, 0, 0]
    expected_kl = 0.75 * math.log(0.75 * 8) + 0.25 * math.log(0.25 * 8)
    assert math.isclose(coverage.reverse_kl, expected_kl, rel_tol=1e-12)


def test_reverse_kl_of_uniform_counts_is_zero_and_of_nothing_is_infinite():
    assert reverse_kl_to_uniform([5, 5, 5, 5]) == 0.0
    assert reverse_kl_to_uniform([0, 0]) == float("inf")
    assert math.isclose(reverse_kl_to_uniform([1, 0, 0, 0]), math.log(4))
