"""InfoGAN's MNIST networks (Chen et al. 2016, arXiv 1606.03657, Table 1 of its appendix), as
the authors' code builds them (openai/InfoGAN, infogan/models/regularized_gan.py and
misc/custom_ops.py):

    G: z -> FC 1024, BN, ReLU -> FC 7x7x128, BN, ReLU -> 4x4 up-conv 64 (14x14), BN, ReLU
         -> 4x4 up-conv 1 (28x28), sigmoid
    D: 28x28x1 -> 4x4 conv 64 (stride 2), LReLU -> 4x4 conv 128 (stride 2), BN, LReLU
         -> FC 1024, BN, LReLU -> FC 1 (D's logit)
    Q: D's FC 1024 features -> FC 128, BN, LReLU -> FC (the codes' outputs)

with LeakyReLU of slope 0.01, weights from N(0, 0.02) (truncated in the
convolutions), zero biases on every layer, batch norm of epsilon 1e-5 and
moving averages of decay 0.9 whose scale starts from N(1, 0.02).

Their data path is kept by exact reparametrizations, so that the zoo's
conventions (z ~ N(0, I), images in [-1, 1]) hold:

- Their noise and continuous codes are U(-1, 1): after `CategoricalLatent`
  turns z's first K coordinates into the one-hot code, `UniformLatent` turns
  the rest into exactly that. (Q reads the continuous codes back in z's
  Gaussian coordinates: a bijection of each code, so the information is the
  same, though Q's unit Gaussian then models another variable than theirs.)
- Their images are in [0, 1] and G ends in a sigmoid: here G ends in
  tanh(a / 2) = 2 sigmoid(a) - 1, and D reads (x + 1) / 2, so D sees their
  images and their G's output.
"""

import keras
from keras import layers

from tfgan_zoo.layers import CategoricalLatent, UniformLatent
from tfgan_zoo.registry import NETWORKS

LEAKINESS = 0.01  # their leaky_rectify


def _dense(units):
    return layers.Dense(units, kernel_initializer=keras.initializers.RandomNormal(stddev=0.02))


def _batch_norm():
    return layers.BatchNormalization(momentum=0.9, epsilon=1e-5,
                                     gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02))


@NETWORKS.register("infogan_mnist_generator")
def infogan_mnist_generator(z_dim=74, latent_categories=10, categorical_codes=1, channels=1,
                            name="infogan_mnist_generator"):
    """InfoGAN's MNIST generator (the module docstring): z -> 28x28xchannels in [-1, 1].

    Args:
        z_dim: the latent: M K categorical, then the continuous codes and the noise
            (theirs: 10 + 2 + 62 = 74).
        latent_categories: K, read by `CategoricalLatent`.
        categorical_codes: M codes of K categories (theirs: 1; Stacked MNIST's three digits: 3).
        channels: the image's channels (theirs: 1; Stacked MNIST: 3).
    """
    z = keras.Input((z_dim,), name="z")
    latent = CategoricalLatent(latent_categories, codes=categorical_codes)
    code = latent(z)
    x = layers.Concatenate()([code[:, :latent.coordinates], UniformLatent()(code[:, latent.coordinates:])])
    for units in (1024, 7 * 7 * 128):
        x = layers.ReLU()(_batch_norm()(_dense(units)(x)))
    x = layers.Reshape((7, 7, 128))(x)
    x = layers.Conv2DTranspose(64, 4, strides=2, padding="same",
                               kernel_initializer=keras.initializers.RandomNormal(stddev=0.02))(x)
    x = layers.ReLU()(_batch_norm()(x))
    logits = layers.Conv2DTranspose(channels, 4, strides=2, padding="same",
                                    kernel_initializer=keras.initializers.RandomNormal(stddev=0.02))(x)
    # 2 sigmoid(a) - 1: their sigmoid output in the zoo's [-1, 1].
    images = layers.Activation("tanh", dtype="float32")(layers.Rescaling(0.5)(logits))
    return keras.Model(z, images, name=name)


def _discriminator_features(x, filters, units):
    """D's trunk on [0, 1] images: 4x4 conv `filters` (stride 2), LReLU -> 4x4 conv 2 `filters`
    (stride 2), BN, LReLU -> FC `units`, BN, LReLU."""
    for width, normalized in ((filters, False), (2 * filters, True)):
        x = layers.Conv2D(width, 4, strides=2, padding="same",
                          kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.02))(x)
        x = layers.LeakyReLU(LEAKINESS)(_batch_norm()(x) if normalized else x)
    return layers.LeakyReLU(LEAKINESS)(_batch_norm()(_dense(units)(layers.Flatten()(x))))


def _channel_code_reader(outputs):
    """Q's reader of one channel's codes: InfoGAN's D at half width on one 28x28 channel in
    [0, 1] -> `outputs` (K logits, then the channel's own continuous means) (4x4 conv 32
    (stride 2), LReLU -> 4x4 conv 64 (stride 2), BN, LReLU -> FC 128, BN, LReLU -> FC)."""
    channel = keras.Input((28, 28, 1), name="channel")
    read = layers.Dense(outputs, dtype="float32", kernel_initializer=keras.initializers.RandomNormal(
        stddev=0.02))(_discriminator_features(channel, filters=32, units=128))
    return keras.Model(channel, read, name="channel_code_reader")


@NETWORKS.register("infogan_mnist_discriminator")
def infogan_mnist_discriminator(num_classes=12, channels=1, code_per_channel=False, latent_categories=10,
                                continuous_per_channel=0, name="infogan_mnist_discriminator"):
    """InfoGAN's MNIST discriminator and Q (the module docstring): 28x28xchannels in [-1, 1] ->
    [D's logit, num_classes code outputs].

    Args:
        num_classes: Q's outputs, the categorical codes' logits then the continuous codes'
            means (theirs: 10 + 2); the name follows the class head of the other networks.
        channels: the image's channels (theirs: 1).
        code_per_channel: Q reads categorical code m from channel m alone, through one reader
            shared by the channels (`_channel_code_reader`), and the continuous codes from D's
            features as before. InfoGAN's objective is met by any invertible map from codes to
            images; this one asks each code to set one channel, which is how Stacked MNIST's
            channels vary (its digits are drawn independently). Not in the InfoGAN paper.
        latent_categories: K, each code's categories (read with `code_per_channel` only).
        continuous_per_channel: c; with `code_per_channel`, the reader also reads c continuous
            codes from each channel: continuous code m c + j from channel m (the first M c of
            the variant's continuous codes; any beyond them are read from D's features). A
            style of the stroke then has codes of its own on every channel, beside the digit's.
    """
    categorical_outputs = channels * latent_categories
    per_channel_outputs = channels * (latent_categories + continuous_per_channel)
    if continuous_per_channel < 0 or (continuous_per_channel and not code_per_channel):
        raise ValueError(f"continuous_per_channel must be >= 0, and > 0 only with code_per_channel; got "
                         f"{continuous_per_channel} with code_per_channel={code_per_channel}")
    if code_per_channel and num_classes < per_channel_outputs:
        raise ValueError(f"code_per_channel reads a code of {latent_categories} categories"
                         + (f" and {continuous_per_channel} continuous codes" if continuous_per_channel else "")
                         + f" from each of the {channels} channels: num_classes must be >= "
                         f"{per_channel_outputs}, got {num_classes}")
    images = keras.Input((28, 28, channels), name="images")
    x = layers.Rescaling(0.5, offset=0.5)(images)  # their [0, 1] images
    pixels = x
    shared = _discriminator_features(x, filters=64, units=1024)
    logit = layers.Dense(1, dtype="float32", kernel_initializer=keras.initializers.RandomNormal(stddev=0.02))(shared)
    # Q's own layer on D's features: for every code, or with code_per_channel for the continuous
    # ones only (none: no layer left untrained).
    reads_features = not code_per_channel or num_classes > per_channel_outputs
    q = layers.LeakyReLU(LEAKINESS)(_batch_norm()(_dense(128)(shared))) if reads_features else None
    if not code_per_channel:
        codes = layers.Dense(num_classes, dtype="float32", name="classes",
                             kernel_initializer=keras.initializers.RandomNormal(stddev=0.02))(q)
        return keras.Model(images, [logit, codes], name=name)
    # [batch, 28, 28, M] -> [batch, M, 28, 28, 1]: each channel an image of its own.
    per_channel = layers.Reshape((channels, 28, 28, 1))(layers.Permute((3, 1, 2))(pixels))
    read = layers.TimeDistributed(_channel_code_reader(latent_categories + continuous_per_channel))(per_channel)
    # Without continuous codes per channel the reader's outputs are the logits as they are: no
    # slicing op, so the model's operations (which name its checkpoint's variables) stay as
    # before the option existed, and those checkpoints load.
    logits = read[..., :latent_categories] if continuous_per_channel else read
    outputs = [layers.Reshape((categorical_outputs,))(logits)]
    if continuous_per_channel:
        outputs.append(layers.Reshape((channels * continuous_per_channel,))(read[..., latent_categories:]))
    if num_classes > per_channel_outputs:
        outputs.append(layers.Dense(num_classes - per_channel_outputs, dtype="float32",
                                    kernel_initializer=keras.initializers.RandomNormal(stddev=0.02))(q))
    codes = layers.Concatenate(dtype="float32", name="classes")(outputs) if len(outputs) > 1 else outputs[0]
    return keras.Model(images, [logit, codes], name=name)
