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


def test_orthogonal_regularization_is_zero_for_orthogonal_columns():
    rng = np.random.default_rng(0)
    orthogonal, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    # Column norms are free (only the off-diagonal of W^T W counts): scale each column.
    scaled_columns = (orthogonal[:, :4] * np.array([1.0, 2.0, 0.5, 3.0])).astype(np.float32)
    assert abs(float(regularizers.orthogonal_regularization([orthogonal.astype(np.float32)]))) < 1e-10
    assert abs(float(regularizers.orthogonal_regularization([scaled_columns]))) < 1e-9


def test_orthogonal_regularization_sums_the_squared_off_diagonal_of_the_gram_matrix():
    kernel = np.random.default_rng(1).standard_normal((3, 3, 2, 5)).astype(np.float32)  # a conv kernel
    matrix = kernel.reshape(-1, 5).astype(np.float64)
    gram = matrix.T @ matrix
    expected = np.sum((gram * (1 - np.eye(5))) ** 2)
    np.testing.assert_allclose(float(regularizers.orthogonal_regularization([kernel, kernel])), 2 * expected,
                               rtol=1e-5)
    assert float(regularizers.orthogonal_regularization([])) == 0.0
