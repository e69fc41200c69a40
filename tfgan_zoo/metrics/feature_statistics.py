"""Running mean and covariance of features, in float64, one batch at a time."""

import numpy as np


class FeatureStatistics:
    """Accumulates sum x and sum x x^T so that 50,000 activations never sit in memory.

        mean = S1 / n,   cov = (S2 - n mean mean^T) / (n - 1)   (unbiased, as numpy.cov)

    Args:
        dim: the feature dimension.
    """

    def __init__(self, dim):
        self.dim = dim
        self.count = 0
        self._sum = np.zeros(dim, np.float64)
        self._outer = np.zeros((dim, dim), np.float64)

    def update(self, features):
        features = np.asarray(features, np.float64).reshape(-1, self.dim)
        self.count += len(features)
        self._sum += features.sum(axis=0)
        self._outer += features.T @ features

    @property
    def mean(self):
        return self._sum / self.count

    @property
    def covariance(self):
        if self.count < 2:
            raise ValueError(f"a covariance needs at least 2 examples, got {self.count}")
        mean = self.mean
        return (self._outer - self.count * np.outer(mean, mean)) / (self.count - 1)
