"""Kernel inception distance (Bińkowski et al. 2018, arXiv 1801.01401)."""

import numpy as np


def polynomial_kernel(x, y):
    """k(x, y) = (x . y / d + 1)^3, the kernel of the KID paper."""
    return (x @ y.T / x.shape[1] + 1.0) ** 3


def unbiased_mmd2(real, fake):
    """The unbiased estimate of MMD^2 with the polynomial kernel:

        1/(m(m-1)) sum_{i!=j} k(x_i, x_j) + 1/(n(n-1)) sum_{i!=j} k(y_i, y_j) - 2/(mn) sum_{i,j} k(x_i, y_j)
    """
    real, fake = np.asarray(real, np.float64), np.asarray(fake, np.float64)
    m, n = len(real), len(fake)
    k_rr, k_ff, k_rf = polynomial_kernel(real, real), polynomial_kernel(fake, fake), polynomial_kernel(real, fake)
    return float((k_rr.sum() - np.trace(k_rr)) / (m * (m - 1)) + (k_ff.sum() - np.trace(k_ff)) / (n * (n - 1))
                 - 2.0 * k_rf.mean())


def kernel_distance(real, fake, num_subsets=100, subset_size=1000, seed=0):
    """KID: the mean (and standard deviation) of unbiased MMD^2 over random subsets.

    Each subset draws `subset_size` rows of each set without replacement
    (the whole set when it is smaller), as in the paper's and TTUR's code.

    Returns:
        (mean, std) over the subsets.
    """
    rng = np.random.default_rng(seed)
    size = min(subset_size, len(real), len(fake))
    if size < 2:
        raise ValueError(f"KID needs at least 2 examples per set, got {len(real)} and {len(fake)}")
    values = [unbiased_mmd2(real[rng.choice(len(real), size, replace=False)],
                            fake[rng.choice(len(fake), size, replace=False)]) for _ in range(num_subsets)]
    return float(np.mean(values)), float(np.std(values))
