"""Regularizers of the survey's training aids (Salimans et al. 2016, arXiv 1606.03498).

Pure functions. Feature matching compares batch statistics and historical
averaging compares parameters, so neither has one value per example: both
return a scalar, and the caller decides how it enters the loss (see
`replicas.reduce_loss` and `replicas.scale_regularizer`).
"""

import tensorflow as tf

from tfgan_zoo.losses.precision import at_least_float32


def feature_matching_distance(real_feature_mean, fake_feature_mean):
    """Feature matching (section 3.1): ||E_x f(x) - E_z f(G(z))||_2^2.

    Args:
        real_feature_mean: E_x f(x), the mean of an intermediate
            discriminator activation over a real batch, shape [...].
        fake_feature_mean: E_z f(G(z)) over a generated batch, same shape.

    Returns:
        A scalar: the squared L2 distance between the two means.
    """
    difference = at_least_float32(real_feature_mean) - at_least_float32(fake_feature_mean)
    return tf.reduce_sum(tf.square(difference))


def historical_averaging_penalty(parameters, averages):
    """Historical averaging (section 3.3): sum_k ||theta_k - (1/t) sum_{i=1}^{t} theta_k[i]||_2^2.

    Args:
        parameters: the current parameter tensors theta_k.
        averages: their running means over the past updates, same shapes.

    Returns:
        A scalar.
    """
    terms = [tf.reduce_sum(tf.square(at_least_float32(p) - at_least_float32(a)))
             for p, a in zip(parameters, averages, strict=True)]
    return tf.add_n(terms) if terms else tf.constant(0.0)


def orthogonal_regularization(kernels):
    """BigGAN's orthogonal regularization (Brock et al. 2018, arXiv 1809.11096, eq. 3):

        R(W) = sum_W ||W^T W (.) (1 - I)||_F^2

    with each kernel reshaped to a matrix [fan_in, units]: the columns
    (filters) are pushed towards orthogonality, their norms left free (the
    diagonal is masked out). Zero for any matrix with orthogonal columns.

    Args:
        kernels: weight tensors, each [..., fan_in, units].

    Returns:
        A scalar (0 for no kernels).
    """
    terms = []
    for kernel in kernels:
        matrix = tf.reshape(at_least_float32(kernel), [-1, kernel.shape[-1]])
        gram = tf.matmul(matrix, matrix, transpose_a=True)
        off_diagonal = gram * (1.0 - tf.eye(tf.shape(gram)[0], dtype=gram.dtype))
        terms.append(tf.reduce_sum(tf.square(off_diagonal)))
    return tf.add_n(terms) if terms else tf.constant(0.0)
