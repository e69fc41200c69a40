"""Inception score (Salimans et al. 2016, arXiv 1606.03498, section 4)."""

import numpy as np


def inception_score(probabilities, splits=10):
    """IS = exp(E_x KL(p(y|x) || p(y))), averaged over `splits` equal parts.

    p(y) is the mean of p(y|x) within each part, as in the original code.
    With an MNIST classifier in place of Inception this is the "classifier
    score"; at most the number of classes.

    Args:
        probabilities: [n, classes] class probabilities of generated images.
        splits: parts; the score is computed per part.

    Returns:
        (mean, std) over the parts.
    """
    probabilities = np.asarray(probabilities, np.float64)
    if len(probabilities) < splits:
        raise ValueError(f"{len(probabilities)} samples cannot be split into {splits} parts")
    scores = []
    for part in np.array_split(probabilities, splits):
        marginal = part.mean(axis=0, keepdims=True)
        kl = np.sum(part * (np.log(np.clip(part, 1e-30, None)) - np.log(np.clip(marginal, 1e-30, None))), axis=1)
        scores.append(np.exp(kl.mean()))
    return float(np.mean(scores)), float(np.std(scores))
