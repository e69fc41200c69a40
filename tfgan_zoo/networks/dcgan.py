"""DCGAN generators and discriminators (Radford et al. 2015, arXiv 1511.06434).

Two families:
- `dcgan_mnist_*`: the networks of the TensorFlow DCGAN tutorial
  (tensorflow.org/tutorials/generative/dcgan), 28x28x1.
- `dcgan_*`: the paper's all-convolutional networks for any power-of-two
  resolution >= 8. At 64x64x3 with the defaults they are layer for layer the
  pytorch/examples DCGAN (ngf = ndf = 64, z = 100, 4x4 kernels, batch norm,
  ReLU in G, LeakyReLU 0.2 in D, no bias before batch norm, N(0, 0.02) init).

All networks are functional `keras.Model`s with a named input, channels-last,
and return logits (no sigmoid) from the discriminator. `dcgan_*` also come
class-conditional (conditional=True): a label input named "label", batch
norm with class-dependent scale and shift in G, and the projection
discriminator (Miyato & Koyama 2018, arXiv 1802.05637), as SNGAN and BigGAN
condition their networks.
"""

import math

import keras
from keras import layers, ops

from tfgan_zoo.layers import CategoricalLatent, ConditionalBatchNormalization
from tfgan_zoo.networks.conditional import label_input, projected_logits
from tfgan_zoo.registry import NETWORKS

# How a conditional `dcgan_discriminator` takes its label.
DISCRIMINATOR_CONDITIONINGS = ("projection", "mask")

# DCGAN paper, section 4: weights from N(0, 0.02); batch-norm scale from N(1, 0.02).
# A new initializer per layer, created when the network is built: a shared,
# module-level instance would fix its seed at import time, before
# keras.utils.set_random_seed can make the run reproducible.

def _weight_init():
    return keras.initializers.RandomNormal(mean=0.0, stddev=0.02)


def _gamma_init():
    return keras.initializers.RandomNormal(mean=1.0, stddev=0.02)


@NETWORKS.register("dcgan_mnist_generator")
def dcgan_mnist_generator(z_dim=100, channels=1, name="dcgan_mnist_generator"):
    """The TensorFlow DCGAN tutorial's generator: z -> 28x28x`channels` in [-1, 1]
    (3 channels for Stacked MNIST).

    Args:
        z_dim: the latent size.
        channels: the images' channels (1 grey, 3 colour).
    """
    z = keras.Input((z_dim,), name="z")
    x = layers.Dense(7 * 7 * 256, use_bias=False)(z)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(0.3)(x)
    x = layers.Reshape((7, 7, 256))(x)
    for filters, strides in ((128, 1), (64, 2)):
        x = layers.Conv2DTranspose(filters, 5, strides=strides, padding="same", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.LeakyReLU(0.3)(x)
    images = layers.Conv2DTranspose(channels, 5, strides=2, padding="same", use_bias=False,
                                    activation="tanh", dtype="float32")(x)
    return keras.Model(z, images, name=name)


@NETWORKS.register("dcgan_mnist_discriminator")
def dcgan_mnist_discriminator(image_shape=(28, 28, 1), dropout=0.3,
                              name="dcgan_mnist_discriminator"):
    """The TensorFlow DCGAN tutorial's discriminator: 28x28x1 -> one logit.

    Args:
        image_shape: [height, width, channels] of the images judged.
        dropout: the dropout rate after each convolution (the tutorial's 0.3).
    """
    images = keras.Input(tuple(image_shape), name="images")
    x = images
    for filters in (64, 128):
        x = layers.Conv2D(filters, 5, strides=2, padding="same")(x)
        x = layers.LeakyReLU(0.3)(x)
        x = layers.Dropout(dropout)(x)
    x = layers.Flatten()(x)
    logits = layers.Dense(1, dtype="float32")(x)
    return keras.Model(images, logits, name=name)


def _num_doublings(resolution):
    doublings = math.log2(resolution) - 2
    if resolution < 8 or doublings != int(doublings):
        raise ValueError(
            f"DCGAN resolution must be a power of two >= 8, got {resolution}; "
            "use 32 or 64 (or resize the data to one)"
        )
    return int(doublings)


@NETWORKS.register("dcgan_generator")
def dcgan_generator(resolution=64, channels=3, z_dim=100, base_filters=64, conditional=False, num_classes=10,
                    embedding_dim=0, latent_categories=0, name="dcgan_generator"):
    """DCGAN generator for `resolution` x `resolution` x `channels` images.

    z is projected to 4x4 by a 4x4 transposed convolution, then each stride-2
    4x4 transposed convolution doubles the resolution and halves the filters,
    ending with `base_filters` before the tanh output layer.

    Args:
        resolution: the images' size, a power of two >= 8.
        channels: the images' channels.
        z_dim: the latent size (the paper's 100).
        base_filters: the filters of the last hidden layer, doubling per layer towards the input (pytorch/examples' ngf).
        conditional: [z, label] -> images, every batch norm class-conditional (de Vries et al. 2017,
            arXiv 1707.00683): y = gamma[c] * x_hat + beta[c], tables starting at 1 and 0.
        num_classes: classes of the label, when conditional.
        embedding_dim: when conditional and > 0, z is first concatenated with a learned embedding
            of the label of this size (Mirza & Osindero 2014, arXiv 1411.1784), a path for the
            label from the first layer on.
        latent_categories: K > 0 turns z's first K coordinates into the one-hot code of their
            argmax (`CategoricalLatent`): G is then continuous only within each of K categories;
            z_dim must exceed K. On the README recipe 10 categories scored as none (75.8% of
            samples confident against 75.3%; BENCHMARKS.md).
    """
    doublings = _num_doublings(resolution)
    z = keras.Input((z_dim,), name="z")
    label = label_input() if conditional else None
    latent = CategoricalLatent(latent_categories)(z) if latent_categories else z
    if conditional and embedding_dim:
        latent = layers.Concatenate()([latent, layers.Embedding(num_classes, embedding_dim)(label)])

    def normalize_and_activate(x):
        if conditional:
            return layers.ReLU()(ConditionalBatchNormalization(num_classes, momentum=0.9, epsilon=1e-5)([x, label]))
        return _bn_relu(x, layers.ReLU())

    x = layers.Reshape((1, 1, latent.shape[-1]))(latent)
    filters = base_filters * 2 ** (doublings - 1)
    x = layers.Conv2DTranspose(filters, 4, strides=1, padding="valid", use_bias=False,
                               kernel_initializer=_weight_init())(x)
    x = normalize_and_activate(x)
    for _ in range(doublings - 1):
        filters //= 2
        x = layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False,
                                   kernel_initializer=_weight_init())(x)
        x = normalize_and_activate(x)
    images = layers.Conv2DTranspose(channels, 4, strides=2, padding="same", use_bias=False,
                                    kernel_initializer=_weight_init(), activation="tanh",
                                    dtype="float32")(x)
    return keras.Model([z, label] if conditional else z, images, name=name)


@NETWORKS.register("dcgan_discriminator")
def dcgan_discriminator(resolution=64, channels=3, base_filters=64, conditional=False, num_classes=10,
                        class_head=False, conditioning="projection", name="dcgan_discriminator"):
    """DCGAN discriminator for `resolution` x `resolution` x `channels` images.

    Each stride-2 4x4 convolution halves the resolution and doubles the
    filters down to 4x4 (no batch norm on the first); a 4x4 valid convolution
    gives one logit.

    Args:
        resolution: the images' size, a power of two >= 8.
        channels: the images' channels.
        base_filters: the filters of the first layer, doubling per layer (pytorch/examples' ndf).
        conditional: [images, label] -> one logit, by projection (Miyato & Koyama 2018, arXiv
            1802.05637): D(x, y) = psi(phi(x)) + embed(y) . phi(x), with psi the last 4x4
            convolution and phi(x) the last feature map averaged over its 4x4 positions. Unlike
            SNGAN's and BigGAN's, this D keeps batch norm, and on MNIST it had not learned the
            label by 3,000-5,600 steps, where the same G with `cgan_mnist_discriminator`'s
            projection (no batch norm) had by 1,000 (BENCHMARKS.md, "Which conditional
            discriminators learn the label").
        num_classes: classes of the label, when conditional or with class_head.
        class_head: images -> [logit, num_classes class logits]: AC-GAN's discriminator (Odena et
            al. 2016, arXiv 1610.09585), a second 4x4 valid convolution on the same features.
        conditioning: how a conditional D takes the label: "projection" (above) or "mask", one
            logit per class from the last 4x4 convolution and the label's kept, D(x, y) = psi_y(phi(x))
            (the self-conditioned GAN's discriminator, Liu et al. 2020, arXiv 2006.10728).
    """
    if conditional and class_head:
        raise ValueError("a discriminator either takes the label (conditional) or predicts it (class_head)")
    if conditioning not in DISCRIMINATOR_CONDITIONINGS:
        raise ValueError(f"conditioning must be one of {', '.join(DISCRIMINATOR_CONDITIONINGS)}, got "
                         f"{conditioning!r}")
    doublings = _num_doublings(resolution)
    images = keras.Input((resolution, resolution, channels), name="images")
    x = layers.Conv2D(base_filters, 4, strides=2, padding="same", use_bias=False,
                      kernel_initializer=_weight_init())(images)
    x = layers.LeakyReLU(0.2)(x)
    filters = base_filters
    for _ in range(doublings - 1):
        filters *= 2
        x = layers.Conv2D(filters, 4, strides=2, padding="same", use_bias=False,
                          kernel_initializer=_weight_init())(x)
        x = _bn_relu(x, layers.LeakyReLU(0.2))
    if conditional and conditioning == "mask":
        label = label_input()
        per_class = layers.Flatten()(layers.Conv2D(num_classes, 4, strides=1, padding="valid", use_bias=False,
                                                   kernel_initializer=_weight_init(), dtype="float32",
                                                   name="class_logits")(x))
        logits = ops.take_along_axis(per_class, ops.expand_dims(label, 1), axis=1)
        return keras.Model([images, label], logits, name=name)
    logits = layers.Flatten()(layers.Conv2D(1, 4, strides=1, padding="valid", use_bias=False,
                                            kernel_initializer=_weight_init(), dtype="float32")(x))
    if class_head:
        classes = layers.Flatten()(layers.Conv2D(num_classes, 4, strides=1, padding="valid",
                                                 kernel_initializer=_weight_init(), dtype="float32",
                                                 name="classes")(x))
        return keras.Model(images, [logits, classes], name=name)
    if not conditional:
        return keras.Model(images, logits, name=name)
    label = label_input()
    # The mean, not SNGAN's sum, over the 4x4 positions: with the embedding's N(0, 0.02) start the
    # projection then begins at the scale of the unconditional logit instead of 16 times it.
    logits = projected_logits(logits, ops.mean(x, axis=(1, 2)), label, num_classes,
                              embeddings_initializer=_weight_init())
    return keras.Model([images, label], logits, name=name)


def _bn_relu(x, activation):
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-5, gamma_initializer=_gamma_init())(x)
    return activation(x)
