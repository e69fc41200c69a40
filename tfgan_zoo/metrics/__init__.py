"""GAN evaluation metrics: pure numpy math on features and class probabilities, in float64."""

from tfgan_zoo.metrics.codes import channel_code_purity, code_purity
from tfgan_zoo.metrics.feature_statistics import FeatureStatistics
from tfgan_zoo.metrics.frechet import frechet_distance
from tfgan_zoo.metrics.inception_score import inception_score
from tfgan_zoo.metrics.kernel_distance import kernel_distance, unbiased_mmd2
from tfgan_zoo.metrics.mode_collapse import (
    ModeCoverage,
    mode_coverage,
    nearest_modes,
    reverse_kl_to_uniform,
    stacked_mnist_coverage,
    stacked_mnist_marginal_kl,
)
from tfgan_zoo.metrics.precision_recall import knn_radii, precision_recall

__all__ = [
    "FeatureStatistics",
    "ModeCoverage",
    "channel_code_purity",
    "code_purity",
    "frechet_distance",
    "inception_score",
    "kernel_distance",
    "knn_radii",
    "mode_coverage",
    "nearest_modes",
    "precision_recall",
    "reverse_kl_to_uniform",
    "stacked_mnist_coverage",
    "stacked_mnist_marginal_kl",
    "unbiased_mmd2",
]
