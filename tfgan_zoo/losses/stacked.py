"""The extra losses of Stacked GANs (Huang et al. 2017, arXiv 1612.04357, section 3).

Pure and unreduced: one value per example. Squared distances are means over
the d dimensions, as the authors' code (xunhuang1995/SGAN, `T.mean((recon -
target)**2)`) takes them, so the loss weights mean what they mean there.
"""

import tensorflow as tf

from tfgan_zoo.losses.precision import at_least_float32


def conditional_feature_loss(encoded, condition):
    """L_cond for a stack conditioned on continuous features h (eq. 2 with f the squared
    Euclidean distance): (1/d) ||E_i(G_i(h, z)) - h||_2^2 per example.

    Args:
        encoded: E_i(G_i(h, z)), the encoder applied to the stack's output [batch, d].
        condition: h, the representation the stack was conditioned on [batch, d].
    """
    difference = at_least_float32(encoded) - at_least_float32(condition)
    return tf.reduce_mean(tf.square(tf.reshape(difference, [tf.shape(difference)[0], -1])), axis=1)


def conditional_class_loss(class_logits, labels):
    """L_cond for the top stack, conditioned on the class y (eq. 2 with f the
    cross-entropy): -log softmax(E_top(G_top(y, z)))_y per example."""
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(tf.reshape(labels, [-1]), tf.int32),
                                                          logits=at_least_float32(class_logits))


def entropy_loss(z_reconstruction, z):
    """L_ent (eq. 4): -log Q(z | G(h, z)) for a Gaussian Q with fixed variance and
    mean Q's output, up to a constant and a scale: (1/d) ||Q(G(h, z)) - z||_2^2
    per example, the authors' `T.mean((recon_z - z)**2)`. Minimising it keeps
    the stack's output dependent on its noise z."""
    difference = at_least_float32(z_reconstruction) - at_least_float32(z)
    return tf.reduce_mean(tf.square(difference), axis=1)
