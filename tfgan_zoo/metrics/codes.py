"""How well a learned categorical code names the data's classes (InfoGAN, arXiv 1606.03657)."""

import numpy as np


def code_purity(codes, classes):
    """The share of samples in their code's commonest class:

        purity = (1 / n) sum_k max_d #{i : code_i = k, class_i = d},

    the accuracy of the code as a classifier when each category is read as its
    commonest class (several categories may name one class, so this bounds
    from above the accuracy of a one-to-one matching, InfoGAN's "5% error" on
    MNIST). A code that ignores the classes scores about the commonest class's
    share; a code that names them, 1.

    Args:
        codes: int [n], each sample's category.
        classes: int [n], each sample's class (e.g. a classifier's top class).
    """
    codes, classes = np.asarray(codes, np.int64), np.asarray(classes, np.int64)
    if codes.shape != classes.shape or codes.ndim != 1 or not len(codes):
        raise ValueError(f"codes and classes must be two equal non-empty vectors, got shapes {codes.shape} and "
                         f"{classes.shape}")
    table = np.zeros((codes.max() + 1, classes.max() + 1), np.int64)
    np.add.at(table, (codes, classes), 1)
    return float(table.max(axis=1).sum() / len(codes))


def channel_code_purity(codes, channel_classes):
    """purity[m, c] = `code_purity` of code m against channel c's class: how well each of M
    codes names each of C channels' digits (Stacked MNIST with a code per channel). A code
    that sets its own channel's digit has a high diagonal and a low rest; a code that ties
    two channels together is high off the diagonal.

    Args:
        codes: int [n, M], each sample's category of every code.
        channel_classes: int [n, C], each channel's class (the classifier's top class).

    Returns: float64 [M, C].
    """
    codes, channel_classes = np.asarray(codes, np.int64), np.asarray(channel_classes, np.int64)
    if codes.ndim != 2 or channel_classes.ndim != 2 or len(codes) != len(channel_classes):
        raise ValueError(f"codes and channel_classes must be [n, M] and [n, C] with the same n, got shapes "
                         f"{codes.shape} and {channel_classes.shape}")
    return np.array([[code_purity(codes[:, m], channel_classes[:, c]) for c in range(channel_classes.shape[1])]
                     for m in range(codes.shape[1])])
