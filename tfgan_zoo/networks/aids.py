"""Network-level training aids: rewrite a built functional network.

Each function returns a NEW network with fresh weights (a `clone_model` of
the original with the aid inserted), so any registered factory can take any
aid without knowing about it:

- `with_spectral_norm`: every Dense/convolution layer (and in a
  discriminator, every class embedding) wrapped in `SpectralNormalization`
  (Miyato et al. 2018, arXiv 1802.05957);
- `with_minibatch_discrimination`: a `MinibatchDiscrimination` layer before
  the network's last layer with weights (Salimans et al. 2016, arXiv 1606.03498);
- `with_minibatch_stddev`: a `MinibatchStddev` layer in the same place
  (Karras et al. 2017, arXiv 1710.10196);
- `packed`: the same network judging m examples concatenated along the
  channel axis (Lin et al. 2018, PacGAN, arXiv 1712.04086).
"""

import keras

from tfgan_zoo.layers import (
    FusedBatchNormalization,
    MinibatchDiscrimination,
    MinibatchStddev,
    SelfAttention,
    SpectralNormalization,
)
from tfgan_zoo.layers.spectral_normalization import weight_matrix

# The fields of a generator/discriminator config section that name an aid
# rather than an argument of the network's factory, with their defaults.
NETWORK_AID_FIELDS = {
    "spectral_norm": False,
    "power_iterations": 1,
    "minibatch_discrimination": 0,  # number of kernels B; 0 is off
    "minibatch_kernel_dim": 5,
    "minibatch_stddev": 0,  # group size; 0 is off
}
DISCRIMINATOR_ONLY_AIDS = ("minibatch_discrimination", "minibatch_stddev")


def _is_functional(model):
    return isinstance(model, keras.Model) and hasattr(model, "_nodes_by_depth") and \
        not isinstance(model, keras.Sequential)


def _require_functional(model, aid):
    if not _is_functional(model):
        raise ValueError(
            f"{aid} rewrites functional networks; {model.name!r} is a {type(model).__name__}. "
            "Build it with the functional API (keras.Model(inputs, outputs))"
        )


def _fresh_copy(layer):
    return layer.__class__.from_config(layer.get_config())


def with_spectral_norm(model, power_iterations=1, embeddings=False):
    """Every layer with a kernel (Dense, Conv*, Conv*Transpose) spectrally normalized, and
    layers with a `spectral_norm` option (SelfAttention) switched to it.

    embeddings=True normalizes Embedding tables too: SNGAN's and BigGAN's
    discriminators normalize their projection embedding (SNEmbedID,
    SNEmbedding); their generators keep a plain class embedding.
    """
    _require_functional(model, "spectral_norm")

    def clone(layer):
        config = layer.get_config()
        if "spectral_norm" in config:  # a layer that normalizes its own kernels (SelfAttention)
            config.update(spectral_norm=True, power_iterations=power_iterations)
        copy = layer.__class__.from_config(config)
        wrap = hasattr(layer, "kernel") or (embeddings and isinstance(layer, keras.layers.Embedding))
        if wrap and not isinstance(layer, SpectralNormalization):
            return SpectralNormalization(copy, power_iterations=power_iterations,
                                         name=f"sn_{layer.name}")
        return copy

    return keras.models.clone_model(model, clone_function=clone)


def _spectrally_normalized(layer):
    return isinstance(layer, SpectralNormalization) or layer.get_config().get("spectral_norm", False)


def _copy_folded(source, target):
    """Copies source's weights into target, with each W / sigma(W) as a plain kernel."""
    if isinstance(source, SpectralNormalization):
        sigma, _ = source.spectral_norm(training=False)
        _copy_folded(source.layer, target)
        weight_matrix(target).assign(source.weight_matrix / sigma)
    elif isinstance(source, SelfAttention):
        for name in ("query", "key", "value", "output_projection"):
            _copy_folded(getattr(source, name), getattr(target, name))
        target.gamma.assign(source.gamma)
    else:
        for target_weight, source_weight in zip(target.weights, source.weights, strict=True):
            target_weight.assign(source_weight)


def fold_spectral_norm(model):
    """The same function with every spectral normalization computed once.

    At inference a SpectralNormalization layer uses W / sigma(W) with sigma
    from its stored vector u; this returns a copy of the network whose plain
    layers hold those kernels, so an exported generator does no power
    iteration per request and converts to TFLite's builtin ops (whose
    convolutions take constant filters). Networks without spectral norm are
    returned as they are.
    """
    if not any(_spectrally_normalized(layer) for layer in model.layers):
        return model
    _require_functional(model, "fold_spectral_norm")

    def clone(layer):
        if isinstance(layer, SpectralNormalization):
            return _fresh_copy(layer.layer)
        config = layer.get_config()
        if config.get("spectral_norm"):
            config["spectral_norm"] = False
        return layer.__class__.from_config(config)

    folded = keras.models.clone_model(model, clone_function=clone)
    for source, target in zip(model.layers, folded.layers, strict=True):
        _copy_folded(source, target)
    return folded


def with_synchronized_batch_norm(model):
    """Every BatchNormalization layer computing its statistics over the GLOBAL batch
    (all replicas), so a step on R replicas normalises as one device would."""
    _require_functional(model, "sync_batch_norm")

    def clone(layer):
        config = layer.get_config()
        if isinstance(layer, keras.layers.BatchNormalization):
            config["synchronized"] = True
        return layer.__class__.from_config(config)

    return _with_weights_of(model, keras.models.clone_model(model, clone_function=clone))


def with_fused_batch_norm(model):
    """Every keras BatchNormalization layer replaced by `FusedBatchNormalization`:
    the same variables and function, trained through TensorFlow's fused kernel.
    Networks without batch norm (or not functional) are returned as they are."""
    if not _is_functional(model) or not any(type(layer) is keras.layers.BatchNormalization
                                             for layer in model.layers):
        return model

    def clone(layer):
        if type(layer) is keras.layers.BatchNormalization:
            return FusedBatchNormalization.from_config(layer.get_config())
        return _fresh_copy(layer)

    return _with_weights_of(model, keras.models.clone_model(model, clone_function=clone))


def _with_weights_of(source, clone):
    """The clone holding the source's weight values (a layer swap that keeps the
    function must keep the initialisation too, so a seed gives the same run)."""
    for source_layer, clone_layer in zip(source.layers, clone.layers, strict=True):
        clone_layer.set_weights(source_layer.get_weights())
    return clone


def head_layer(model):
    """The network's last layer with weights: the one that turns features into scores."""
    weighted = [layer for layer in model.layers if layer.weights]
    if not weighted:
        raise ValueError(f"network {model.name!r} has no layer with weights")
    return weighted[-1]


def feature_layer(model):
    """The last layer with weights that is not a label's embedding (a projection discriminator's
    `class_projection`): its input is the network's last features, before the scores."""
    weighted = [layer for layer in model.layers
                if layer.weights and not isinstance(layer, keras.layers.Embedding)]
    if not weighted:
        raise ValueError(f"network {model.name!r} has no layer with weights outside its label embeddings")
    return weighted[-1]


def _insert_before_head(model, make_layer, aid):
    _require_functional(model, aid)
    head = head_layer(model).name

    def call(layer, *args, **kwargs):
        if layer.name == head:
            args = (make_layer()(args[0]), *args[1:])
        return layer(*args, **kwargs)

    return keras.models.clone_model(model, clone_function=_fresh_copy, call_function=call)


def with_minibatch_discrimination(model, num_kernels=50, kernel_dim=5):
    """Minibatch discrimination features appended before the last weighted layer."""
    return _insert_before_head(
        model, lambda: MinibatchDiscrimination(num_kernels, kernel_dim, name="minibatch_discrimination"),
        "minibatch_discrimination")


def with_minibatch_stddev(model, group_size=4):
    """The minibatch standard deviation appended before the last weighted layer."""
    return _insert_before_head(model, lambda: MinibatchStddev(group_size, name="minibatch_stddev"),
                               "minibatch_stddev")


def packed(model, packing):
    """The network with an input of `packing` examples concatenated on the last axis."""
    if not isinstance(packing, int) or packing < 1:
        raise ValueError(f"packing must be an integer >= 1, got {packing!r}")
    if packing == 1:
        return model
    _require_functional(model, "packing")
    if len(model.inputs) != 1:
        raise ValueError(f"packing needs a network with one input; {model.name!r} has {len(model.inputs)}")
    original = model.inputs[0]
    shape = (*original.shape[1:-1], original.shape[-1] * packing)
    inputs = keras.Input(shape, name=original.name)
    return keras.models.clone_model(model, input_tensors=inputs, clone_function=_fresh_copy)


def apply_network_aids(model, role, spectral_norm=False, power_iterations=1, minibatch_discrimination=0,
                       minibatch_kernel_dim=5, minibatch_stddev=0, packing=1):
    """Applies the aids a config section asks for, in a fixed order.

    Packing changes the input first; minibatch features go in before
    spectral normalization wraps the layers, so the new head is normalized
    too. (A wrapped layer is rebuilt from a config that records its input
    shape, so spectral normalization comes last.)

    Args:
        model: the factory's functional network.
        role: "generator" or "discriminator"; the minibatch aids and packing
            apply to discriminators only.
        spectral_norm: wrap every Dense, convolution (and a discriminator's
            embedding) in spectral normalization (Miyato et al. 2018, arXiv 1802.05957).
        power_iterations: power-iteration steps per training call of spectral normalization.
        minibatch_discrimination: the kernels B of minibatch discrimination
            before the head (Salimans et al. 2016, arXiv 1606.03498); 0 is off.
        minibatch_kernel_dim: the dimension C of each minibatch-discrimination kernel.
        minibatch_stddev: the group size of the minibatch standard-deviation
            feature (Karras et al. 2017, arXiv 1710.10196); 0 is off.
        packing: m of PacGAN: the discriminator takes m examples at once.
    """
    if role != "discriminator":
        asked = [name for name, value in (("minibatch_discrimination", minibatch_discrimination),
                                          ("minibatch_stddev", minibatch_stddev), ("packing", packing != 1))
                 if value]
        if asked:
            raise ValueError(f"{asked[0]} is an aid of the discriminator, not of the {role}")
    model = packed(model, packing)
    if minibatch_discrimination:
        model = with_minibatch_discrimination(model, minibatch_discrimination, minibatch_kernel_dim)
    if minibatch_stddev:
        model = with_minibatch_stddev(model, minibatch_stddev)
    if spectral_norm:
        model = with_spectral_norm(model, power_iterations, embeddings=role == "discriminator")
    return model
