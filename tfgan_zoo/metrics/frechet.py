"""Fréchet distance between Gaussians fitted to features (FID: Heusel et al. 2017, arXiv 1706.08500)."""

import numpy as np


def _psd_sqrt(matrix):
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def frechet_distance(mean1, cov1, mean2, cov2):
    """d^2 = ||mu_1 - mu_2||^2 + Tr(Sigma_1 + Sigma_2 - 2 (Sigma_1 Sigma_2)^{1/2}).

    Tr((Sigma_1 Sigma_2)^{1/2}) is computed as the sum of the square roots of the
    eigenvalues of Sigma_1^{1/2} Sigma_2 Sigma_1^{1/2}, a symmetric PSD matrix with
    the same eigenvalues: stable where scipy's sqrtm of the non-symmetric
    product returns complex noise. All in float64.

    With Inception pool_3 features of the 2015-12-05 graph this is FID; with
    another extractor it is a Fréchet distance in that extractor's space (for
    example the Fréchet classifier distance of an MNIST classifier), and the
    numbers are not comparable across extractors.
    """
    mean1, mean2 = np.asarray(mean1, np.float64), np.asarray(mean2, np.float64)
    cov1, cov2 = np.asarray(cov1, np.float64), np.asarray(cov2, np.float64)
    root1 = _psd_sqrt(cov1)
    middle = root1 @ cov2 @ root1
    trace_root = np.sqrt(np.clip(np.linalg.eigvalsh((middle + middle.T) / 2), 0.0, None)).sum()
    distance = np.sum((mean1 - mean2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2.0 * trace_root
    return float(max(distance, 0.0))
