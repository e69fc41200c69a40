"""ResNet generators and discriminators: SNGAN, SAGAN and BigGAN.

- `resnet_generator` and `resnet_discriminator`: the residual networks of
  SNGAN (Miyato et al. 2018, arXiv 1802.05957, appendix B.4) with an optional
  self-attention block (SAGAN, Zhang et al. 2018, arXiv 1805.08318) at a
  chosen resolution. Conditional: class-conditional batch norm in G
  (`ConditionalBatchNormalization`) and the projection discriminator
  (Miyato & Koyama 2018, arXiv 1802.05637):
      D(x, y) = psi(phi(x)) + embed(y) . phi(x),  phi = global sum pooling.
- `biggan_generator` (Brock et al. 2018, arXiv 1809.11096): the same blocks,
  with a hierarchical latent (z split into one chunk for the 4x4 input and
  one per block), a shared class embedding, and batch norms whose gain and
  bias are linear functions of [shared embedding, z chunk]:
      y = (1 + W_gamma c) * BN(x) + W_beta c,   c = [embed(y), z_i].
  Its discriminator is `resnet_discriminator`.

Blocks (pre-activation):
    G: x -> BN -> ReLU -> up x2 -> conv3x3 -> BN -> ReLU -> conv3x3, plus up x2 -> conv1x1 on the shortcut
    D: x -> ReLU -> conv3x3 -> ReLU -> conv3x3 -> avgpool, plus conv1x1 -> avgpool on the shortcut
       (the first block has no leading ReLU and pools before its 1x1 shortcut
       convolution: SNGAN's "optimized" block).

Widths follow BigGAN's architecture tables for 32, 64, 128 and 256 (as
multiples of `base_filters`); SNGAN's CIFAR networks are the 32x32 entry.
Spectral normalization is the `spectral_norm` aid of a network's config
section (`networks.aids.with_spectral_norm`): it wraps every Dense and
convolution here, those inside self-attention included. All networks are
functional, channels-last, and return logits from the discriminator.
"""

import contextlib
import contextvars

import keras
from keras import layers, ops

from tfgan_zoo.layers import ConditionalBatchNormalization, SelfAttention
from tfgan_zoo.networks.conditional import label_input, projected_logits
from tfgan_zoo.registry import NETWORKS

# Generator: (channels of the 4x4 input, output channels of each up block),
# in multiples of base_filters.
GENERATOR_WIDTHS = {
    32: (4, (4, 4, 4)),
    64: (16, (16, 8, 4, 2)),
    128: (16, (16, 8, 4, 2, 1)),
    256: (16, (16, 8, 8, 4, 2, 1)),
}
# Discriminator: output channels of each block, and which blocks halve the resolution.
DISCRIMINATOR_WIDTHS = {
    32: ((4, 4, 4, 4), (True, True, False, False)),
    64: ((1, 2, 4, 8, 16), (True, True, True, True, False)),
    128: ((1, 2, 4, 8, 16, 16), (True, True, True, True, True, False)),
    256: ((1, 2, 4, 8, 8, 16, 16), (True, True, True, True, True, True, False)),
}


def _widths(table, resolution):
    if resolution not in table:
        raise ValueError(f"resolution must be one of {', '.join(map(str, sorted(table)))}, got {resolution}")
    return table[resolution]


def _check_classes(conditional, num_classes):
    if conditional and num_classes < 1:
        raise ValueError(f"a conditional network needs num_classes >= 1, got {num_classes}; the trainer reads "
                         "it from the dataset")


# A new initializer per layer, so keras.utils.set_random_seed makes a build
# reproducible: SNGAN's Glorot (Xavier) uniform, BigGAN's orthogonal (its
# ImageNet networks), and N(0, 0.02) (BigGAN-PyTorch's N02, which its CIFAR
# script uses in both networks).
# Drawing an orthogonal kernel takes a QR decomposition of its flattened shape, which for
# biggan128's networks is about 33 s of one core in all. A network built only to be
# restored from a checkpoint (sampling, export, evaluation) has every weight replaced, so
# within `initial_weights_discarded()` those kernels are drawn from N(0, 0.02) instead;
# `orthogonal_kernels_stubbed()` does the same and counts them, for a build that only
# checks the arguments before the slow one (`builders.build_networks`).
_INITIAL_WEIGHTS_DISCARDED = contextvars.ContextVar("initial_weights_discarded", default=False)
_STUBBED_ORTHOGONAL_KERNELS = contextvars.ContextVar("stubbed_orthogonal_kernels", default=None)


@contextlib.contextmanager
def initial_weights_discarded():
    """Networks built within will have every weight restored from a checkpoint (the caller
    checks that each was), so their orthogonal kernels need not be drawn as such."""
    token = _INITIAL_WEIGHTS_DISCARDED.set(True)
    try:
        yield
    finally:
        _INITIAL_WEIGHTS_DISCARDED.reset(token)


def initial_weights_are_discarded():
    """True within `initial_weights_discarded()`."""
    return _INITIAL_WEIGHTS_DISCARDED.get()


@contextlib.contextmanager
def orthogonal_kernels_stubbed():
    """Within, orthogonal kernels are drawn from N(0, 0.02) as in `initial_weights_discarded()`;
    yields a list that gets one entry per kernel stubbed, so the caller knows whether a
    build had any slow draw to skip. Each initializer still takes its seed from Python's
    `random` when made, so a build after restoring `random`'s state draws the same seeds."""
    stubbed = []
    token = _STUBBED_ORTHOGONAL_KERNELS.set(stubbed)
    try:
        with initial_weights_discarded():
            yield stubbed
    finally:
        _STUBBED_ORTHOGONAL_KERNELS.reset(token)


def _orthogonal():
    if _INITIAL_WEIGHTS_DISCARDED.get():
        stubbed = _STUBBED_ORTHOGONAL_KERNELS.get()
        if stubbed is not None:
            stubbed.append(True)
        return keras.initializers.RandomNormal(stddev=0.02)
    return keras.initializers.Orthogonal()


INITIALIZERS = {
    "glorot": keras.initializers.GlorotUniform,
    "orthogonal": _orthogonal,
    "normal": lambda: keras.initializers.RandomNormal(stddev=0.02),
}


def _initializer(name):
    if name not in INITIALIZERS:
        raise ValueError(f"init must be one of {', '.join(INITIALIZERS)}, got {name!r}")
    return INITIALIZERS[name]


def _conv(filters, kernel_size, initializer):
    return layers.Conv2D(filters, kernel_size, padding="same", kernel_initializer=initializer())


def upsample_nearest(x):
    """Nearest-neighbour x2 with a static output size. (UpSampling2D repeats along
    each axis, which loses the static height, and TFLite's converter then keeps
    the next convolution as a TensorFlow op.)"""
    return ops.image.resize(x, (2 * x.shape[1], 2 * x.shape[2]), interpolation="nearest")


def _generator_block(x, filters, normalize, initializer):
    h = layers.ReLU()(normalize(x))
    h = upsample_nearest(h)
    h = _conv(filters, 3, initializer)(h)
    h = layers.ReLU()(normalize(h))
    h = _conv(filters, 3, initializer)(h)
    shortcut = _conv(filters, 1, initializer)(upsample_nearest(x))
    return layers.Add()([h, shortcut])


def _discriminator_block(x, filters, downsample, first, initializer):
    h = x if first else layers.ReLU()(x)
    h = _conv(filters, 3, initializer)(h)
    h = _conv(filters, 3, initializer)(layers.ReLU()(h))
    if downsample:
        h = layers.AveragePooling2D(2)(h)
    shortcut = x
    if first and downsample:
        shortcut = _conv(filters, 1, initializer)(layers.AveragePooling2D(2)(shortcut))
    elif x.shape[-1] != filters or downsample:
        shortcut = _conv(filters, 1, initializer)(shortcut)
        if downsample:
            shortcut = layers.AveragePooling2D(2)(shortcut)
    return layers.Add()([h, shortcut])


def _check_attention(attention_resolution, resolutions):
    if attention_resolution and attention_resolution not in resolutions:
        raise ValueError(f"attention_resolution must be 0 (none) or one of the network's feature-map "
                         f"resolutions {sorted(set(resolutions))}, got {attention_resolution}")


def _generator(inputs, first_input, block_conditions, make_normalize, resolution, channels, base_filters,
               attention_resolution, initializer, name):
    start, outputs = _widths(GENERATOR_WIDTHS, resolution)
    _check_attention(attention_resolution, [4 * 2 ** (i + 1) for i in range(len(outputs))])
    x = layers.Dense(4 * 4 * start * base_filters, kernel_initializer=initializer())(first_input)
    x = layers.Reshape((4, 4, start * base_filters))(x)
    for multiple, condition in zip(outputs, block_conditions, strict=True):
        x = _generator_block(x, multiple * base_filters, make_normalize(condition), initializer)
        if x.shape[1] == attention_resolution:
            x = SelfAttention()(x)
    x = layers.ReLU()(layers.BatchNormalization()(x))
    images = layers.Conv2D(channels, 3, padding="same", activation="tanh", kernel_initializer=initializer(),
                           dtype="float32")(x)
    return keras.Model(inputs, images, name=name)


@NETWORKS.register("resnet_generator")
def resnet_generator(resolution=32, z_dim=128, channels=3, base_filters=64, attention_resolution=0,
                     conditional=False, num_classes=0, init="glorot", name="resnet_generator"):
    """SNGAN/SAGAN generator: z (and a label) -> resolution^2 x channels in [-1, 1].

    Args:
        resolution: 32, 64, 128 or 256.
        z_dim: the latent size.
        channels: the images' channels.
        base_filters: the width unit (SNGAN CIFAR: 64, i.e. 256 channels at 32x32).
        attention_resolution: feature-map size after which a SelfAttention
            block is placed (SAGAN: 32 at 128x128); 0 for none.
        conditional: take [z, label] and use class-conditional batch norm.
        num_classes: classes, when conditional.
        init: the kernels' initializer: "glorot" (SNGAN), "orthogonal" or
            "normal" (N(0, 0.02)).
    """
    _check_classes(conditional, num_classes)
    initializer = _initializer(init)
    z = keras.Input((z_dim,), name="z")
    label = label_input() if conditional else None

    def make_normalize(_):
        if conditional:
            return lambda x: ConditionalBatchNormalization(num_classes)([x, label])
        return lambda x: layers.BatchNormalization()(x)

    blocks = len(_widths(GENERATOR_WIDTHS, resolution)[1])
    return _generator([z, label] if conditional else z, z, [None] * blocks, make_normalize, resolution,
                      channels, base_filters, attention_resolution, initializer, name)


def _modulated_batch_norm(x, condition):
    """BigGAN's conditional BN: (1 + W_gamma c) * BN(x) + W_beta c, c a vector per example."""
    filters = x.shape[-1]
    normalized = layers.BatchNormalization(center=False, scale=False)(x)
    gain = layers.Reshape((1, 1, filters))(layers.Dense(filters, use_bias=False, kernel_initializer=_orthogonal())(
        condition))
    bias = layers.Reshape((1, 1, filters))(layers.Dense(filters, use_bias=False, kernel_initializer=_orthogonal())(
        condition))
    return normalized * (1.0 + gain) + bias


@NETWORKS.register("biggan_generator")
def biggan_generator(resolution=128, z_dim=120, channels=3, base_filters=96, attention_resolution=64,
                     shared_embedding_dim=128, hierarchical=True, conditional=False, num_classes=0,
                     name="biggan_generator"):
    """BigGAN generator: z (and a label) -> resolution^2 x channels in [-1, 1].

    Args:
        resolution: 32, 64, 128 or 256.
        channels: the images' channels.
        z_dim: latent size; with `hierarchical` it must split evenly into
            (number of blocks + 1) chunks (BigGAN 128: 120 = 6 x 20).
        base_filters: the width unit (BigGAN 128: ch = 96).
        attention_resolution: where the SelfAttention block goes (BigGAN: 64); 0 for none.
        shared_embedding_dim: size of the class embedding shared by every
            block's batch norm (BigGAN: 128).
        hierarchical: split z across the 4x4 input and the blocks; otherwise
            the whole z enters the first layer and every block sees only the class.
        conditional: take [z, label]; unconditional batch norms are
            modulated by the z chunks alone (or are plain when not hierarchical).
        num_classes: classes, when conditional.
    """
    _check_classes(conditional, num_classes)
    blocks = len(_widths(GENERATOR_WIDTHS, resolution)[1])
    z = keras.Input((z_dim,), name="z")
    inputs = [z]
    shared = None
    if conditional:
        label = label_input()
        inputs.append(label)
        shared = layers.Embedding(num_classes, shared_embedding_dim, name="shared_embedding")(label)
    if hierarchical:
        if z_dim % (blocks + 1):
            raise ValueError(f"a hierarchical latent splits z into {blocks + 1} chunks at {resolution}x"
                             f"{resolution} ({blocks} blocks + the input); z_dim={z_dim} does not divide evenly, "
                             f"use e.g. z_dim={(blocks + 1) * max(z_dim // (blocks + 1), 1)}")
        chunks = ops.split(z, blocks + 1, axis=-1)
        first_input, block_chunks = chunks[0], chunks[1:]
    else:
        first_input, block_chunks = z, [None] * blocks

    def condition_of(chunk):
        parts = [part for part in (shared, chunk) if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else layers.Concatenate()(parts)

    def make_normalize(condition):
        if condition is None:
            return lambda x: layers.BatchNormalization()(x)
        return lambda x: _modulated_batch_norm(x, condition)

    conditions = [condition_of(chunk) for chunk in block_chunks]
    return _generator(inputs if conditional else z, first_input, conditions, make_normalize, resolution,
                      channels, base_filters, attention_resolution, _orthogonal, name)


@NETWORKS.register("resnet_discriminator")
def resnet_discriminator(resolution=32, channels=3, base_filters=64, attention_resolution=0, conditional=False,
                         num_classes=0, init="glorot", name="resnet_discriminator"):
    """SNGAN/SAGAN/BigGAN discriminator: images (and a label) -> one logit.

    Args:
        resolution: 32, 64, 128 or 256.
        channels: the images' channels.
        base_filters: the width unit (BigGAN 128: ch = 96).
        attention_resolution: feature-map size after whose first block a
            SelfAttention block is placed (BigGAN 128: 64); 0 for none.
        conditional: take [images, label] and add the projection term.
        num_classes: classes, when conditional.
        init: the kernels' and the projection embedding's initializer:
            "glorot" (SNGAN), "orthogonal" (BigGAN) or "normal" (N(0, 0.02)).
    """
    _check_classes(conditional, num_classes)
    outputs, downsamples = _widths(DISCRIMINATOR_WIDTHS, resolution)
    sizes, size = [], resolution
    for down in downsamples:
        size //= 2 if down else 1
        sizes.append(size)
    _check_attention(attention_resolution, sizes)
    initializer = _initializer(init)
    images = keras.Input((resolution, resolution, channels), name="images")
    x, attended = images, False
    for index, (multiple, down) in enumerate(zip(outputs, downsamples, strict=True)):
        x = _discriminator_block(x, multiple * base_filters, down, index == 0, initializer)
        if x.shape[1] == attention_resolution and not attended:
            x, attended = SelfAttention()(x), True
    features = ops.sum(layers.ReLU()(x), axis=(1, 2))  # global sum pooling (phi)
    logits = layers.Dense(1, kernel_initializer=initializer(), dtype="float32", name="logit")(features)
    if not conditional:
        return keras.Model(images, logits, name=name)
    label = label_input()
    logits = projected_logits(logits, features, label, num_classes,
                              embeddings_initializer=initializer() if init == "normal" else "uniform")
    return keras.Model([images, label], logits, name=name)
