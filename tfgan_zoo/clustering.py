"""k-means on feature vectors, and the matching of one clustering's labels to another's.

What the self-conditioned GAN (Liu et al. 2020, arXiv 2006.10728) does with
its discriminator's features of real images; the authors' code
(stevliu/self-conditioned-gan, `clusterers/selfcondgan.py`) uses
scikit-learn's `KMeans` and a Hungarian matching. Here in NumPy, float32:

    minimize  sum_i ||x_i - c_{a(i)}||^2  over the centers c_1..c_k and assignments a,

by Lloyd's iterations (assign each point to its nearest center, move each
center to its points' mean) from k-means++ seeds (Arthur & Vassilvitskii
2007: each next seed drawn with probability proportional to its squared
distance to the nearest seed so far; scikit-learn's greedy variant tries
2 + log k candidates per seed, this draws one), or from given centers.
As scikit-learn's: the run stops when the centers move by at most
`tol` times the mean of the features' variances (squared distance summed
over the centers), the best of `inits` runs by inertia is kept, and a
cluster left empty takes the point farthest from its center.
"""

import numpy as np
from scipy.optimize import linear_sum_assignment

# Points per block when computing distances: a [block, k] matrix at a time.
_BLOCK = 4096
# Clusters whose sums one matrix product computes.
_CLUSTERS_PER_SUM = 128


def nearest_centers(points, centers):
    """(index of each point's nearest center, its squared distance), both [n]."""
    points = np.asarray(points, np.float32)
    centers = np.asarray(centers, np.float32)
    center_norms = np.sum(centers * centers, axis=1)
    labels = np.empty(len(points), np.int64)
    distances = np.empty(len(points), np.float32)
    for start in range(0, len(points), _BLOCK):
        block = points[start:start + _BLOCK]
        squared = np.sum(block * block, axis=1, keepdims=True) - 2.0 * block @ centers.T + center_norms
        labels[start:start + _BLOCK] = np.argmin(squared, axis=1)
        distances[start:start + _BLOCK] = np.maximum(squared[np.arange(len(block)), labels[start:start + _BLOCK]],
                                                     0.0)
    return labels, distances


def kmeans_plus_plus(points, k, rng):
    """k seeds: the first uniform, each next with probability proportional to its squared
    distance to the nearest seed so far."""
    points = np.asarray(points, np.float32)
    norms = np.sum(points * points, axis=1)

    def squared_distances(index):
        return np.maximum(norms - 2.0 * (points @ points[index]) + norms[index], 0.0)

    chosen = [rng.integers(len(points))]
    closest = squared_distances(chosen[0])
    for _ in range(1, k):
        total = float(closest.sum(dtype=np.float64))
        index = rng.choice(len(points), p=closest / total) if total > 0 else rng.integers(len(points))
        chosen.append(index)
        closest = np.minimum(closest, squared_distances(index))
    return points[chosen].copy()


def means_of(points, labels, k, rng):
    """Each cluster's mean; a cluster without points takes a point drawn at random (as the
    authors' code seeds a starved cluster when it starts from the previous assignments)."""
    points = np.asarray(points, np.float32)
    counts = np.bincount(labels, minlength=k)
    means = np.empty((k, points.shape[1]), np.float32)
    for start in range(0, k, _CLUSTERS_PER_SUM):  # the sums as one-hot products, a few clusters at a time
        clusters = np.arange(start, min(start + _CLUSTERS_PER_SUM, k))
        one_hot = (labels[None, :] == clusters[:, None]).astype(np.float32)
        means[clusters] = (one_hot @ points) / np.maximum(counts[clusters], 1)[:, None]
    for empty in np.flatnonzero(counts == 0):
        means[empty] = points[rng.integers(len(points))]
    return means


def lloyd(points, centers, rng, max_iterations=300, tol=1e-4):
    """(centers, labels, inertia) after Lloyd's iterations from `centers`."""
    points = np.asarray(points, np.float32)
    centers = np.array(centers, np.float32)
    k = len(centers)
    threshold = tol * float(np.mean(np.var(points, axis=0)))
    for _ in range(max_iterations):
        labels, distances = nearest_centers(points, centers)
        counts = np.bincount(labels, minlength=k)
        # An empty cluster restarts at the points farthest from their centers.
        farthest = np.argsort(-distances)
        for taken, empty in enumerate(np.flatnonzero(counts == 0)):
            labels[farthest[taken]] = empty
        moved = means_of(points, labels, k, rng)
        shift = float(np.sum((moved - centers) ** 2))
        centers = moved
        if shift <= threshold:
            break
    labels, distances = nearest_centers(points, centers)
    return centers, labels, float(np.sum(distances, dtype=np.float64))


def kmeans(points, k, rng, initial_centers=None, inits=10, max_iterations=300, tol=1e-4):
    """(centers [k, d], labels [n]) of k-means on `points` [n, d].

    From `initial_centers` when given (one run), else the best of `inits` runs from
    k-means++ seeds drawn with `rng` (a `numpy.random.Generator`).
    """
    points = np.asarray(points, np.float32)
    if not 1 <= k <= len(points):
        raise ValueError(f"k-means needs 1 <= k <= the number of points; got k={k} for {len(points)} points")
    starts = [initial_centers] if initial_centers is not None else [
        kmeans_plus_plus(points, k, rng) for _ in range(inits)]
    best = None
    for start in starts:
        centers, labels, inertia = lloyd(points, start, rng, max_iterations, tol)
        if best is None or inertia < best[2]:
            best = centers, labels, inertia
    return best[0], best[1]


def matching_permutation(new_labels, old_labels, k):
    """p with p[new] = old: the one-to-one relabelling of the new clusters that agrees with the
    old labels on the most points (a Hungarian matching, as the authors' code keeps a cluster's
    label from one clustering to the next)."""
    agreement = np.zeros((k, k), np.int64)
    np.add.at(agreement, (new_labels, old_labels), 1)
    rows, columns = linear_sum_assignment(-agreement)
    permutation = np.empty(k, np.int64)
    permutation[rows] = columns
    return permutation
