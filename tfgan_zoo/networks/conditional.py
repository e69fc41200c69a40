"""Class-conditional networks on the TensorFlow tutorial's 28x28 architecture.

- `cgan_mnist_generator`: z and a class label -> an image. The label enters
  as a learned embedding concatenated with z (Mirza & Osindero 2014, arXiv
  1411.1784), and optionally through conditional batch normalization
  (class-dependent gamma and beta; de Vries et al. 2017, Miyato & Koyama 2018).
- `cgan_mnist_discriminator`: an image and its label -> one logit, with the
  label either concatenated to the image as an embedded extra channel
  ("concat", the CGAN of Mirza & Osindero) or by the projection of Miyato &
  Koyama 2018 (arXiv 1802.05637): D(x, y) = psi(phi(x)) + embed(y) . phi(x).
- `acgan_mnist_discriminator`: an image -> [real/fake logit, class logits]
  (Odena et al. 2016, arXiv 1610.09585).

Labels are int inputs named "label", one per example, in [0, num_classes).
"""

import keras
from keras import layers, ops

from tfgan_zoo.layers import ConditionalBatchNormalization
from tfgan_zoo.registry import NETWORKS

CONDITIONINGS = ("concat", "projection")


def label_input():
    return keras.Input((), dtype="int32", name="label")


def projected_logits(logits, features, label, num_classes, embeddings_initializer="uniform"):
    """The projection discriminator's logit (Miyato & Koyama 2018, arXiv 1802.05637):

        D(x, y) = psi(phi(x)) + embed(y) . phi(x),

    from the unconditional logit psi(phi(x)) [batch, 1], the features phi(x)
    [batch, F] and the label, through a learned [num_classes, F] embedding."""
    embedded = layers.Embedding(num_classes, features.shape[-1], embeddings_initializer=embeddings_initializer,
                                name="class_projection")(label)
    return layers.Add(dtype="float32")([logits, ops.sum(embedded * features, axis=-1, keepdims=True)])


@NETWORKS.register("cgan_mnist_generator")
def cgan_mnist_generator(z_dim=100, num_classes=10, channels=1, embedding_dim=50, conditional_bn=False,
                         name="cgan_mnist_generator"):
    """[z, label] -> 28x28x`channels` in [-1, 1]: the tutorial's generator with the label's
    embedding concatenated to z, and class-conditional batch norm when conditional_bn.

    Args:
        z_dim: the latent size.
        num_classes: classes of the label.
        channels: the images' channels.
        embedding_dim: the size of the label's embedding.
        conditional_bn: class-conditional batch norm in place of plain batch norm.
    """
    z, label = keras.Input((z_dim,), name="z"), label_input()
    x = layers.Concatenate()([z, layers.Embedding(num_classes, embedding_dim)(label)])

    def normalize(x):
        if conditional_bn:
            return ConditionalBatchNormalization(num_classes)([x, label])
        return layers.BatchNormalization()(x)

    x = layers.Dense(7 * 7 * 256, use_bias=False)(x)
    x = layers.LeakyReLU(0.3)(normalize(x))
    x = layers.Reshape((7, 7, 256))(x)
    for filters, strides in ((128, 1), (64, 2)):
        x = layers.Conv2DTranspose(filters, 5, strides=strides, padding="same", use_bias=False)(x)
        x = layers.LeakyReLU(0.3)(normalize(x))
    images = layers.Conv2DTranspose(channels, 5, strides=2, padding="same", use_bias=False,
                                    activation="tanh", dtype="float32")(x)
    return keras.Model([z, label], images, name=name)


def _features(x, dropout):
    for filters in (64, 128):
        x = layers.Conv2D(filters, 5, strides=2, padding="same")(x)
        x = layers.LeakyReLU(0.3)(x)
        x = layers.Dropout(dropout)(x)
    return layers.Flatten()(x)


@NETWORKS.register("cgan_mnist_discriminator")
def cgan_mnist_discriminator(image_shape=(28, 28, 1), num_classes=10, conditioning="concat", dropout=0.3,
                             name="cgan_mnist_discriminator"):
    """[images, label] -> one logit; `conditioning` is "concat" or "projection"."""
    if conditioning not in CONDITIONINGS:
        raise ValueError(f"conditioning must be one of {', '.join(CONDITIONINGS)}, got {conditioning!r}")
    images, label = keras.Input(tuple(image_shape), name="images"), label_input()
    height, width = image_shape[0], image_shape[1]
    if conditioning == "concat":
        plane = layers.Reshape((height, width, 1))(layers.Embedding(num_classes, height * width)(label))
        features = _features(layers.Concatenate()([images, plane]), dropout)
        logits = layers.Dense(1, dtype="float32")(features)
    else:
        features = _features(images, dropout)
        logits = projected_logits(layers.Dense(1, dtype="float32")(features), features, label, num_classes)
    return keras.Model([images, label], logits, name=name)


@NETWORKS.register("acgan_mnist_discriminator")
def acgan_mnist_discriminator(image_shape=(28, 28, 1), num_classes=10, dropout=0.3,
                              name="acgan_mnist_discriminator"):
    """images -> [real/fake logit [batch, 1], class logits [batch, num_classes]]."""
    images = keras.Input(tuple(image_shape), name="images")
    features = _features(images, dropout)
    adversarial = layers.Dense(1, dtype="float32", name="adversarial")(features)
    classes = layers.Dense(num_classes, dtype="float32", name="classes")(features)
    return keras.Model(images, [adversarial, classes], name=name)
