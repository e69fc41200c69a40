"""Improved precision and recall (Kynkäänniemi et al. 2019, arXiv 1904.06991)."""

import numpy as np


def _squared_distances(a, b):
    return np.maximum((a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T, 0.0)


def knn_radii(features, k=3, batch_size=5000):
    """The squared distance from each example to its k-th nearest other example."""
    features = np.asarray(features, np.float64)
    radii = np.empty(len(features))
    for start in range(0, len(features), batch_size):
        distances = _squared_distances(features[start:start + batch_size], features)
        # Column k of the sorted row: column 0 is the example itself.
        radii[start:start + batch_size] = np.partition(distances, k, axis=1)[:, k]
    return radii


def manifold_coverage(manifold, radii, queries, batch_size=5000):
    """The fraction of queries inside at least one k-NN ball of the manifold's examples."""
    manifold, queries = np.asarray(manifold, np.float64), np.asarray(queries, np.float64)
    inside = np.zeros(len(queries), bool)
    for start in range(0, len(queries), batch_size):
        distances = _squared_distances(queries[start:start + batch_size], manifold)
        inside[start:start + batch_size] = (distances <= radii[None, :]).any(axis=1)
    return float(inside.mean())


def precision_recall(real, fake, k=3):
    """precision = fraction of fakes inside the real k-NN manifold;
    recall = fraction of reals inside the fake k-NN manifold (k = 3 in the paper).

    Returns:
        (precision, recall).
    """
    precision = manifold_coverage(real, knn_radii(real, k), fake)
    recall = manifold_coverage(fake, knn_radii(fake, k), real)
    return precision, recall
