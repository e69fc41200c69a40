"""Feature matching and historical averaging on hand-computed values."""

import numpy as np

from tfgan_zoo.losses import regularizers


def test_feature_matching_distance_is_the_squared_l2_distance_of_means():
    real_mean = np.array([1.0, 2.0, -1.0], np.float32)
    fake_mean = np.array([0.0, 4.0, -1.0], np.float32)
    # (1 - 0)^2 + (2 - 4)^2 + 0 = 5
    assert float(regularizers.feature_matching_distance(real_mean, fake_mean)) == 5.0
    assert float(regularizers.feature_matching_distance(real_mean, real_mean)) == 0.0


def test_historical_averaging_penalty_sums_over_parameters():
    parameters = [np.array([[1.0, 2.0]], np.float32), np.array([3.0], np.float32)]
    averages = [np.array([[0.0, 0.0]], np.float32), np.array([1.0], np.float32)]
    # (1 + 4) + 4 = 9
    assert float(regularizers.historical_averaging_penalty(parameters, averages)) == 9.0
