"""Mode-collapse metrics on mixtures of Gaussians (Srivastava et al. 2017, arXiv
1705.07761; Lin et al. 2018, PacGAN, arXiv 1712.04086, Table 1).

A generated sample belongs to its nearest mode if it lies within
`threshold` standard deviations of that mode's centre; such a sample is
"high quality". A mode is captured if any sample belongs to it. The reverse
KL divergence compares the distribution of high-quality samples over the
modes with the uniform distribution of the data:

    KL(q || p) = sum_k q_k log(q_k / p_k),  p_k = 1 / K,  q_k = n_k / sum_j n_j

Computed in float64 with numpy: these are evaluation numbers, not training
losses.
"""

import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True)
class ModeCoverage:
    """Attributes:
    modes_captured: modes with at least one high-quality sample.
    high_quality_fraction: fraction of samples within threshold * std of a mode.
    reverse_kl: KL(q || uniform) over modes; inf when no sample is high quality.
    mode_counts: high-quality samples per mode.
    """

    modes_captured: int
    high_quality_fraction: float
    reverse_kl: float
    mode_counts: np.ndarray


def nearest_modes(samples, centers):
    """(index of the nearest centre, distance to it) for each sample."""
    samples = np.asarray(samples, np.float64)
    centers = np.asarray(centers, np.float64)
    distances = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=-1)
    nearest = distances.argmin(axis=1)
    return nearest, distances[np.arange(len(samples)), nearest]


def mode_coverage(samples, centers, std, threshold=3.0):
    """Modes captured, fraction of high-quality samples and reverse KL."""
    nearest, distance = nearest_modes(samples, centers)
    high_quality = distance <= threshold * std
    counts = np.bincount(nearest[high_quality], minlength=len(centers))
    return ModeCoverage(
        modes_captured=int((counts > 0).sum()),
        high_quality_fraction=float(high_quality.mean()),
        reverse_kl=reverse_kl_to_uniform(counts),
        mode_counts=counts,
    )


def reverse_kl_to_uniform(counts):
    """KL(q || uniform) for q the normalised counts; 0 terms where q_k = 0."""
    counts = np.asarray(counts, np.float64)
    if counts.sum() == 0:
        return float("inf")
    q = counts / counts.sum()
    present = q > 0
    return float(np.sum(q[present] * np.log(q[present] * len(counts))))


def stacked_mnist_coverage(channel_digits, num_modes=1000):
    """Stacked MNIST modes (PacGAN Table 2): each sample's mode is the digit triple
    a classifier reads in its three channels, 100 d_R + 10 d_G + d_B.

    Returns:
        (modes captured of `num_modes`, KL(q || uniform) of the mode histogram).
    """
    digits = np.asarray(channel_digits, np.int64)
    modes = digits[:, 0] * 100 + digits[:, 1] * 10 + digits[:, 2]
    counts = np.bincount(modes, minlength=num_modes)
    return int((counts > 0).sum()), reverse_kl_to_uniform(counts)


def stacked_mnist_marginal_kl(channel_digits, classes=10):
    """The part of the Stacked MNIST KL that each channel's digit frequencies explain alone:

        sum_c KL(q_c || uniform over 10),

    with q_c the digit histogram of channel c. The uniform law over the 1000
    modes is the product of the channels' uniform laws, so the KL of
    `stacked_mnist_coverage` splits exactly into this sum plus the total
    correlation KL(q || q_1 q_2 q_3) >= 0, which holds the dependence between
    channels and most of the finite-sample floor (about 999 / (2n) for n
    samples of a uniform generator). A generator that draws some digits too
    rarely in every channel shows it here.
    """
    digits = np.asarray(channel_digits, np.int64)
    return float(sum(reverse_kl_to_uniform(np.bincount(digits[:, channel], minlength=classes))
                     for channel in range(digits.shape[1])))
