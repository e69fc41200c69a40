"""GAN evaluation metrics."""

from tfgan_zoo.metrics.mode_collapse import ModeCoverage, mode_coverage, nearest_modes, reverse_kl_to_uniform

__all__ = ["ModeCoverage", "mode_coverage", "nearest_modes", "reverse_kl_to_uniform"]
