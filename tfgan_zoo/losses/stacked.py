"""The extra losses of Stacked GANs (Huang et al. 2017, arXiv 1612.04357, section 3).

Pure and unreduced: one value per example.
"""

import tensorflow as tf

from tfgan_zoo.losses.precision import at_least_float32


def conditional_feature_loss(encoded, condition):
    """L_cond for a stack conditioned on continuous features h (eq. 2 with f the squared
    Euclidean distance): ||E_i(G_i(h, z)) - h||_2^2 per example.

    Args:
        encoded: E_i(G_i(h, z)), the encoder applied to the stack's output [batch, d].
        condition: h, the representation the stack was conditioned on [batch, d].
    """
    difference = at_least_float32(encoded) - at_least_float32(condition)
    return tf.reduce_sum(tf.square(tf.reshape(difference, [tf.shape(difference)[0], -1])), axis=1)


def conditional_class_loss(class_logits, labels):
    """L_cond for the top stack, conditioned on the class y (eq. 2 with f the
    cross-entropy): -log softmax(E_top(G_top(y, z)))_y per example."""
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(tf.reshape(labels, [-1]), tf.int32),
                                                          logits=at_least_float32(class_logits))


def entropy_loss(z_reconstruction, z):
    """L_ent (eq. 4): -log Q(z | G(h, z)) for a Gaussian Q with unit variance and mean
    Q's output, up to a constant: 0.5 ||Q(G(h, z)) - z||_2^2 per example.
    Minimising it keeps the stack's output dependent on its noise z."""
    difference = at_least_float32(z_reconstruction) - at_least_float32(z)
    return 0.5 * tf.reduce_sum(tf.square(difference), axis=1)
