"""Build networks, variants and optimizers from a config dict (see `configs/_base.py`).

Pure construction: no files, no flags. Call inside `strategy.scope()` so that
every variable, optimizer slot included, is created by the strategy.
"""

import inspect
import random

import keras

from tfgan_zoo.aids import all_fields
from tfgan_zoo.data.toy import MIXTURES
from tfgan_zoo.errors import ConfigError
from tfgan_zoo.networks.aids import (
    NETWORK_AID_FIELDS,
    apply_network_aids,
    with_fused_batch_norm,
    with_synchronized_batch_norm,
)
from tfgan_zoo.networks.resnet import initial_weights_are_discarded, orthogonal_kernels_stubbed
from tfgan_zoo.optimizers import FusedAdam
from tfgan_zoo.registry import NETWORKS, VARIANTS


def network_kwargs(section_name, section):
    """Splits a generator/discriminator section into (factory, its kwargs, aid kwargs).

    The aid fields (`networks.aids.NETWORK_AID_FIELDS`: spectral_norm,
    minibatch_discrimination, ...) apply to any network; every other field
    must be an argument of the registered factory.
    """
    factory = NETWORKS.get(section["name"])
    kwargs = {key: value for key, value in section.items() if key != "name" and key not in NETWORK_AID_FIELDS}
    aids = {key: value for key, value in section.items() if key in NETWORK_AID_FIELDS}
    accepted = inspect.signature(factory).parameters
    unknown = sorted(set(kwargs) - set(accepted))
    if unknown:
        raise ConfigError(
            f"{section_name}.{unknown[0]} is not an argument of network {section['name']!r}; "
            f"it takes: {', '.join(p for p in accepted if p != 'name')}, or a training aid: "
            f"{', '.join(NETWORK_AID_FIELDS)}"
        )
    return factory, kwargs, aids


def is_conditional(config):
    """Whether the config's generator is class-conditional: its factory takes
    num_classes and, for networks that can be either (ResNet, BigGAN), its
    `conditional` field is true."""
    section = config["generator"]
    parameters = inspect.signature(NETWORKS.get(section["name"])).parameters
    if "num_classes" not in parameters:
        return False
    if "conditional" in parameters:
        return bool(section.get("conditional", parameters["conditional"].default))
    return True


def _generator_classes(config):
    """The class count the generator was built with: data.num_classes once the
    trainer has read it from the dataset, else the section's or factory's value."""
    factory = NETWORKS.get(config["generator"]["name"])
    default = inspect.signature(factory).parameters["num_classes"].default
    return config["data"]["num_classes"] or config["generator"].get("num_classes", default)


def _build_network(config, role, packing=1):
    factory, kwargs, aids = network_kwargs(role, config[role])
    parameters = inspect.signature(factory).parameters
    if "conditional" in parameters and role == "discriminator":  # follows the generator
        kwargs.setdefault("conditional", is_conditional(config))
    conditional = kwargs.get("conditional", True) if "conditional" in parameters else True
    conditional = conditional or kwargs.get("class_head", False)  # an AC-GAN head predicts the label
    if "num_classes" in parameters and config["data"]["num_classes"] and conditional:
        kwargs.setdefault("num_classes", config["data"]["num_classes"])
    try:
        return apply_network_aids(factory(**kwargs), role, packing=packing, **aids)
    except ValueError as error:
        raise ConfigError(f"{role}: {error}") from None


def build_generator(config):
    return _build_network(config, "generator")


def build_networks(config):
    """(generator, discriminator) as the config says, shapes checked against each other.

    Orthogonal kernels (BigGAN's) take a QR decomposition each, half a minute for
    biggan128's; a bad argument of the discriminator, or a shape it does not share with
    the generator, would show only after the generator's. So networks that draw any are
    first built with those kernels stubbed (`orthogonal_kernels_stubbed`), in seconds,
    which raises whatever the real build would; the real build then restores Python's
    `random` (where each initializer takes its seed when made) and so draws the very
    weights a single build would have. Networks without orthogonal kernels are built once.
    """
    if initial_weights_are_discarded():  # a restore: nothing slow to draw
        return _checked_networks(config)
    seeds = random.getstate()
    with orthogonal_kernels_stubbed() as stubbed:
        networks = _checked_networks(config)
    if not stubbed:
        return networks  # the same build as one made outside the scope
    random.setstate(seeds)
    return _checked_networks(config)


def _checked_networks(config):
    generator, discriminator = build_generator(config), build_discriminator(config)
    _check_shapes(config, generator, discriminator)
    return generator, discriminator


def packing(config):
    """m of PacGAN (`aids.Packing`): the examples the discriminator judges at once; 1 without packing."""
    return config["variant"].get("packing", 1)


def build_discriminator(config):
    """The discriminator, packed for the variant's `packing` (PacGAN) when it is > 1."""
    return _build_network(config, "discriminator", packing=packing(config))


def argument_defaults(section, name):
    """{argument: default} of what an argument section names: a variant's
    constructor and its bases', or a network factory's plus the network aids'
    ("name" is the section's own key, and seed comes from train.seed)."""
    return {key: value for key, value in _all_defaults(section, name).items() if key not in ("name", "seed")}


def _all_defaults(section, name):
    if section == "variant":
        parameters = _variant_parameters(VARIANTS.get(name))
    else:
        parameters = {**inspect.signature(NETWORKS.get(name)).parameters}
    defaults = {key: parameter.default for key, parameter in parameters.items()
                if parameter.default is not inspect.Parameter.empty}
    # A variant takes the training aids' flat fields too (a constructor's own default wins).
    return {**all_fields(), **defaults} if section == "variant" else {**NETWORK_AID_FIELDS, **defaults}


def _variant_parameters(cls):
    """{name: inspect.Parameter} of a variant's constructor and its bases' (a
    subclass's own default wins), down to keras.Model."""
    parameters = {}
    for klass in reversed(cls.__mro__):
        if "__init__" in vars(klass) and klass is not keras.Model and issubclass(klass, keras.Model):
            parameters.update(inspect.signature(klass.__init__).parameters)
    return parameters


def variant_kwargs(section):
    """Checks a variant section against the arguments its class (and bases) accept."""
    cls = VARIANTS.get(section["name"])
    kwargs = {key: value for key, value in section.items() if key != "name"}
    accepted = (set(_variant_parameters(cls)) | set(all_fields())) - {
        "self", "kwargs", "generator", "discriminator", "seed", "name", "aids"}
    unknown = sorted(set(kwargs) - accepted)
    if unknown:
        raise ConfigError(
            f"variant.{unknown[0]} is not an argument of variant {section['name']!r}; "
            f"it takes: {', '.join(sorted(accepted))}"
        )
    return cls, kwargs


def build_gan(config, for_training=True):
    """Returns the compiled variant named by config["variant"], optimizers built.

    For training, train.mixed_precision sets the networks' dtype policy and
    wraps both optimizers in a LossScaleOptimizer (float16), and
    train.sync_batch_norm synchronises batch statistics across replicas, and
    train.fused_batch_norm (on by default) trains batch norm through
    TensorFlow's fused kernel (same variables and function). With
    for_training=False (export, sampling) the networks are built in float32
    with the same variables, so exported graphs stay float32.
    """
    cls, kwargs = variant_kwargs(config["variant"])
    _check_code_layout(config)
    train = config["train"]
    precision = train.get("mixed_precision", "") if for_training else ""
    previous_policy = keras.config.dtype_policy()
    if precision:
        keras.config.set_dtype_policy(precision)
    try:
        generator, discriminator = build_networks(config)
    finally:
        keras.config.set_dtype_policy(previous_policy)
    if for_training and train.get("sync_batch_norm"):
        generator, discriminator = (with_synchronized_batch_norm(generator),
                                    with_synchronized_batch_norm(discriminator))
    if for_training and train.get("fused_batch_norm", True):
        generator, discriminator = with_fused_batch_norm(generator), with_fused_batch_norm(discriminator)
    if is_conditional(config):
        kwargs.setdefault("num_classes", _generator_classes(config))
    if "batch_size" in inspect.signature(cls.__init__).parameters:  # per-phase batches default to train's
        kwargs.setdefault("batch_size", config["train"]["batch_size"])
    try:
        gan = cls(generator=generator, discriminator=discriminator, seed=config["train"]["seed"], **kwargs)
    except ValueError as error:
        raise ConfigError(f"variant {config['variant']['name']!r}: {error}") from None
    steps = config["optimizer"]["decay_steps"]
    optimizers = [build_optimizer(config, "g", decay_steps=steps),
                  build_optimizer(config, "d", decay_steps=steps * gan.d_steps)]
    if precision == "mixed_float16":  # bfloat16 has float32's range: no loss scaling
        optimizers = [keras.optimizers.LossScaleOptimizer(optimizer) for optimizer in optimizers]
    gan.compile(g_optimizer=optimizers[0], d_optimizer=optimizers[1])
    return gan


OPTIMIZERS = ("adam", "rmsprop")
SCHEDULES = ("constant", "linear", "cosine")


def learning_rate_schedule(name, rate, decay_steps):
    """A learning rate that decays over `decay_steps` optimizer updates.

    constant: rate.  linear: rate (1 - t / T), reaching 0 at T (SNGAN/BigGAN's
    linear decay).  cosine: rate (1 + cos(pi t / T)) / 2.
    """
    if name == "constant":
        return rate
    if name == "linear":
        return keras.optimizers.schedules.PolynomialDecay(rate, decay_steps, end_learning_rate=0.0, power=1.0)
    if name == "cosine":
        return keras.optimizers.schedules.CosineDecay(rate, decay_steps)
    raise ConfigError(f"learning-rate schedule must be one of {', '.join(SCHEDULES)}, got {name!r}")


def build_optimizer(config, network, decay_steps=1):
    """Adam(lr, beta_1, beta_2, epsilon) or RMSprop(lr, rho, epsilon) for network "g" or "d".

    TTUR (Heusel et al. 2017, arXiv 1706.08500): each network has its own
    learning rate (optimizer.g_learning_rate, optimizer.d_learning_rate) and
    schedule (optimizer.g_schedule, optimizer.d_schedule), decaying over
    `decay_steps` of that network's updates. The horizon is its own field
    (optimizer.decay_steps), not train.steps, which a rerun may raise: a
    resumed run keeps the schedule it started with.
    """
    opt = config["optimizer"]
    rate_field, schedule_field = f"{network}_learning_rate", f"{network}_schedule"
    if opt[rate_field] <= 0:
        raise ConfigError(f"optimizer.{rate_field} must be > 0, got {opt[rate_field]}")
    if opt[schedule_field] not in SCHEDULES:
        raise ConfigError(f"optimizer.{schedule_field} must be one of {', '.join(SCHEDULES)}, "
                          f"got {opt[schedule_field]!r}")
    if opt[schedule_field] != "constant" and decay_steps < 1:
        raise ConfigError(
            f"optimizer.{schedule_field}={opt[schedule_field]} needs optimizer.decay_steps >= 1: the "
            "train steps over which the rate decays (usually train.steps)"
        )
    rate = learning_rate_schedule(opt[schedule_field], opt[rate_field], decay_steps)
    if not opt["epsilon"] > 0 or not 0 <= opt["rho"] < 1:
        raise ConfigError(f"optimizer.epsilon must be > 0 and optimizer.rho in [0, 1), got {opt['epsilon']} "
                          f"and {opt['rho']}")
    if opt["name"] == "adam":
        # A workdir saved before optimizer.fused existed resumes with the fused kernel: same formula.
        adam = FusedAdam if opt.get("fused", True) else keras.optimizers.Adam
        return adam(rate, beta_1=opt["beta_1"], beta_2=opt["beta_2"], epsilon=opt["epsilon"])
    if opt["name"] == "rmsprop":
        return keras.optimizers.RMSprop(rate, rho=opt["rho"], epsilon=opt["epsilon"])
    raise ConfigError(f"optimizer.name must be one of {', '.join(OPTIMIZERS)}, got {opt['name']!r}")


def data_shape(config):
    """The shape of one example the data section delivers."""
    data = config["data"]
    if data["name"] in MIXTURES:
        return (2,)
    return (data["image_size"], data["image_size"], data["channels"])


def section_with_defaults(config, section):
    """An argument section (variant, generator, discriminator) with every argument its
    class or factory takes, the defaults filled in where the section leaves one out."""
    return {**argument_defaults(section, config[section]["name"]), **config[section]}


def _check_code_layout(config):
    """A discriminator whose Q reads each categorical code from its own channel
    (`code_per_channel`) sees only logits, not codes: its channels and categories
    must be the generator's codes and categories, or Q would read code m from a
    channel the code does not draw (or split one code's logits across two)."""
    discriminator = section_with_defaults(config, "discriminator")
    if not discriminator.get("code_per_channel"):
        return
    generator = section_with_defaults(config, "generator")
    drawn = (generator.get("categorical_codes", 1), generator.get("latent_categories", 0))
    read = (discriminator["channels"], discriminator["latent_categories"])
    if drawn != read:
        raise ConfigError(
            f"discriminator.code_per_channel reads a code of {read[1]} categories from each of "
            f"{read[0]} channels, but the generator draws {drawn[0]} code(s) of {drawn[1]} categories; "
            f"set discriminator.channels={drawn[0]} and discriminator.latent_categories={drawn[1]} "
            f"(one code per channel)"
        )


def _check_shapes(config, generator, discriminator):
    expected = data_shape(config)
    m = packing(config)
    packed = (*expected[:-1], expected[-1] * m)
    produced = tuple(generator.output_shape[1:])
    judged = tuple(discriminator.inputs[0].shape[1:])
    if produced != expected or judged != packed:
        raise ConfigError(
            f"data gives {expected} images but the generator produces {produced} and the "
            f"discriminator takes {judged}"
            + (f" (with packing={m} it should take {packed})" if m != 1 else "")
            + "; make data.image_size/data.channels and the networks' resolution/channels agree"
        )
