"""Build networks, variants and optimizers from a config dict (see `configs/_base.py`).

Pure construction: no files, no flags. Call inside `strategy.scope()` so that
every variable, optimizer slot included, is created by the strategy.
"""

import inspect

import keras

from tfgan_zoo.data.toy import MIXTURES
from tfgan_zoo.registry import NETWORKS, VARIANTS


class ConfigError(ValueError):
    """A config that cannot be built; the message names the field and the fix."""


def network_kwargs(section_name, section):
    """Checks a generator/discriminator section against its factory's arguments."""
    factory = NETWORKS.get(section["name"])
    kwargs = {key: value for key, value in section.items() if key != "name"}
    accepted = inspect.signature(factory).parameters
    unknown = sorted(set(kwargs) - set(accepted))
    if unknown:
        raise ConfigError(
            f"{section_name}.{unknown[0]} is not an argument of network {section['name']!r}; "
            f"it takes: {', '.join(p for p in accepted if p != 'name')}"
        )
    return factory, kwargs


def build_generator(config):
    factory, kwargs = network_kwargs("generator", config["generator"])
    return factory(**kwargs)


def build_discriminator(config):
    factory, kwargs = network_kwargs("discriminator", config["discriminator"])
    return factory(**kwargs)


def variant_kwargs(section):
    """Checks a variant section against the arguments its class (and bases) accept."""
    cls = VARIANTS.get(section["name"])
    kwargs = {key: value for key, value in section.items() if key != "name"}
    accepted = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass) and klass is not keras.Model and issubclass(klass, keras.Model):
            accepted |= set(inspect.signature(klass.__init__).parameters)
    accepted -= {"self", "kwargs", "generator", "discriminator", "seed", "name"}
    unknown = sorted(set(kwargs) - accepted)
    if unknown:
        raise ConfigError(
            f"variant.{unknown[0]} is not an argument of variant {section['name']!r}; "
            f"it takes: {', '.join(sorted(accepted))}"
        )
    return cls, kwargs


def build_gan(config):
    """Returns the compiled variant named by config["variant"], optimizers built."""
    cls, kwargs = variant_kwargs(config["variant"])
    generator = build_generator(config)
    discriminator = build_discriminator(config)
    _check_shapes(config, generator, discriminator)
    try:
        gan = cls(generator=generator, discriminator=discriminator, seed=config["train"]["seed"], **kwargs)
    except ValueError as error:
        raise ConfigError(f"variant {config['variant']['name']!r}: {error}") from None
    gan.compile(g_optimizer=build_optimizer(config, "g_learning_rate"),
                d_optimizer=build_optimizer(config, "d_learning_rate"))
    return gan


OPTIMIZERS = ("adam", "rmsprop")


def build_optimizer(config, rate_field):
    """Adam(lr, beta_1, beta_2) or RMSprop(lr) from the optimizer section."""
    opt = config["optimizer"]
    if opt[rate_field] <= 0:
        raise ConfigError(f"optimizer.{rate_field} must be > 0, got {opt[rate_field]}")
    if opt["name"] == "adam":
        return keras.optimizers.Adam(opt[rate_field], beta_1=opt["beta_1"], beta_2=opt["beta_2"])
    if opt["name"] == "rmsprop":
        return keras.optimizers.RMSprop(opt[rate_field])
    raise ConfigError(f"optimizer.name must be one of {', '.join(OPTIMIZERS)}, got {opt['name']!r}")


def data_shape(config):
    """The shape of one example the data section delivers."""
    data = config["data"]
    if data["name"] in MIXTURES:
        return (2,)
    return (data["image_size"], data["image_size"], data["channels"])


def _check_shapes(config, generator, discriminator):
    expected = data_shape(config)
    produced = tuple(generator.output_shape[1:])
    judged = tuple(discriminator.inputs[0].shape[1:])
    if produced != expected or judged != expected:
        raise ConfigError(
            f"data gives {expected} images but the generator produces {produced} and the "
            f"discriminator takes {judged}; make data.image_size/data.channels and the "
            "networks' resolution/channels agree"
        )
