"""The auxiliary classifier loss of AC-GAN (Odena et al. 2016, arXiv 1610.09585), unreduced."""

import tensorflow as tf

from tfgan_zoo.losses.precision import at_least_float32


def auxiliary_classifier_loss(class_logits, labels):
    """L_C = -log P(C = c | X), the cross-entropy of the discriminator's class head.

    Args:
        class_logits: [batch, num_classes] logits of the class head.
        labels: int [batch], the class c each example was drawn (or generated) with.

    Returns:
        [batch]: one value per example.
    """
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(labels, tf.int32),
                                                          logits=at_least_float32(class_logits))
