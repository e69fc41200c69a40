"""Multilayer perceptrons for 2-D toy data (the mode-collapse benchmarks)."""

import keras
from keras import layers

from tfgan_zoo.layers import CategoricalLatent, Maxout, SlotBatchNormalization
from tfgan_zoo.registry import NETWORKS


@NETWORKS.register("mlp_generator")
def mlp_generator(z_dim=2, output_dim=2, hidden_units=400, hidden_layers=4, batch_norm=True, init_stddev=0.0,
                  latent_categories=0, batch_norm_epsilon=1e-3, batch_norm_momentum=0.99, batch_norm_slots=1,
                  batch_norm_average_stdev=False, name="mlp_generator"):
    """z -> a point in R^output_dim, with no output activation.

    Four ReLU layers of 400 units with batch norm, as the generators of the
    PacGAN 2-D experiments (Lin et al. 2018, arXiv 1712.04086).

    Args:
        z_dim: the latent size.
        output_dim: the size of a generated point.
        hidden_units: units of each hidden layer.
        hidden_layers: the number of hidden layers.
        batch_norm: batch norm after each hidden layer (whose bias it then replaces).
        init_stddev: > 0 draws the weights from N(0, init_stddev^2), biases
            zero (the PacGAN code's 0.02); 0 keeps Keras's Glorot uniform.
        latent_categories: K > 0 turns z's first K coordinates into the one-hot
            code of their argmax (`CategoricalLatent`), so G can map each of K
            categories to its own mode; z_dim must exceed K. On grid25 (25
            categories) each category collapsed to a point (BENCHMARKS.md).
        batch_norm_epsilon: eps in (x - mu_B) / sqrt(sigma_B^2 + eps); Keras's 1e-3
            by default, 1e-4 in the PacGAN code (Blocks' BatchNormalization). It
            matters at the first layer: with N(0, 0.02^2) weights on a 2-D z,
            sigma_B^2 starts near 8e-4, so 1e-3 would scale that layer's
            normalized output down by a third.
        batch_norm_momentum: m in moving <- m moving + (1 - m) batch, the statistics
            samples are drawn with; 0.95 in the PacGAN code.
        batch_norm_slots: m > 1 takes training statistics per slot of D's m-sample
            packs (`SlotBatchNormalization`), as the PacGAN code, which runs G once
            per slot; set it with `variant.packing=m`.
        batch_norm_average_stdev: the statistics samples are drawn with average the
            standard deviation sqrt(sigma_B^2 + eps), as Blocks (the PacGAN code),
            not the variance, as Keras (`SlotBatchNormalization(average_stdev)`).
    """
    z = keras.Input((z_dim,), name="z")
    x = CategoricalLatent(latent_categories)(z) if latent_categories else z
    for _ in range(hidden_layers):
        x = layers.Dense(hidden_units, use_bias=not batch_norm, kernel_initializer=_kernel_init(init_stddev))(x)
        if batch_norm:
            x = _batch_norm(batch_norm_slots, batch_norm_average_stdev, momentum=batch_norm_momentum,
                            epsilon=batch_norm_epsilon)(x)
        x = layers.ReLU()(x)
    points = layers.Dense(output_dim, dtype="float32", kernel_initializer=_kernel_init(init_stddev))(x)
    return keras.Model(z, points, name=name)


def _batch_norm(slots, average_stdev, **kwargs):
    # Keras's own layer where it computes the same: the trainer's fused kernel replaces exactly that class.
    if slots > 1 or average_stdev:
        return SlotBatchNormalization(slots, average_stdev=average_stdev, **kwargs)
    return layers.BatchNormalization(**kwargs)


def _kernel_init(stddev):
    return keras.initializers.RandomNormal(stddev=stddev) if stddev > 0 else "glorot_uniform"


@NETWORKS.register("maxout_discriminator")
def maxout_discriminator(input_dim=2, hidden_units=200, hidden_layers=3, pieces=5, init_stddev=0.02,
                         name="maxout_discriminator"):
    """A point (or a pack of points) -> one logit, through maxout layers: the
    discriminator of PacGAN's 2-D experiments (fjxmlzn/PacGAN,
    synthetic_data_experiments): three `LinearMaxout` layers of 200 units with
    5 pieces, a linear output, no batch norm, weights N(0, 0.02), zero biases.

    Args:
        input_dim: the size of a point.
        hidden_units: units of each maxout layer.
        hidden_layers: the number of maxout layers.
        pieces: affine pieces per maxout unit.
        init_stddev: the weights' N(0, init_stddev^2).
    """
    points = keras.Input((input_dim,), name="images")
    x = points
    for _ in range(hidden_layers):
        x = Maxout(hidden_units, pieces, kernel_initializer=_kernel_init(init_stddev))(x)
    logits = layers.Dense(1, dtype="float32", kernel_initializer=_kernel_init(init_stddev))(x)
    return keras.Model(points, logits, name=name)


@NETWORKS.register("mlp_discriminator")
def mlp_discriminator(input_dim=2, hidden_units=200, hidden_layers=3, class_head=False, num_classes=10,
                      name="mlp_discriminator"):
    """A point -> one logit/score, through ReLU layers (3 x 200 units by default).

    Args:
        input_dim: the size of a point.
        hidden_units: units of each hidden layer.
        hidden_layers: the number of hidden layers.
        class_head: point -> [logit, num_classes logits], a second linear layer on the
            last hidden one (AC-GAN's class head; InfoGAN's Q for a code of num_classes).
        num_classes: the second head's logits, with class_head.
    """
    points = keras.Input((input_dim,), name="images")
    x = points
    for _ in range(hidden_layers):
        x = layers.Dense(hidden_units, activation="relu")(x)
    logits = layers.Dense(1, dtype="float32")(x)
    if class_head:
        return keras.Model(points, [logits, layers.Dense(num_classes, dtype="float32", name="classes")(x)],
                           name=name)
    return keras.Model(points, logits, name=name)
