"""The protocol every training aid implements, and the registry of aids by name.

An aid is a small object that a GAN calls at fixed points of its step
(`tfgan_zoo.gans.gan.GAN.train_step`). The base class's hooks do nothing, so
an aid overrides only those it needs. In the order a step meets them:

    discriminator_fakes(gan, fakes)           the generated batch D trains on (replay)
    discriminator_input(gan, images)          what D sees of any batch (noise, packing)
    discriminator_labels(labels)              the labels D sees with it (packing: none)
    discriminator_term(gan, real, fake, y)    a per-example term of D's loss (penalties)
    discriminator_regularizer(gan)            a scalar added to D's loss once (historical averaging)
    after_discriminator_update(gan, applied)
    adversarial_generator_loss(gan, real, fake, y)   G's adversarial loss, replaced (unrolling)
    reweigh_adversarial_loss(gan, per_example)       ... and weighed per example (top-k)
    generator_term(gan, real, fake, y)        a term of G's loss (feature matching)
    generator_regularizer(gan)                a scalar added to G's loss once
    after_generator_update(gan, applied)

and outside the step: `attach` (when the GAN is built: check it, create
state), `check_optimizers` (at compile), `checkpoint_items`, `metrics`,
`sampling_generator` (samples and exports: the EMA). Terms are `Term`s: the
GAN weighs, adds and reduces them with the rest of the loss, and reports
their values to their tracker when the update they belong to is applied.

Each aid also names the flat config fields that make it
(`--set variant.feature_matching=1`) in `fields`, and how to build itself
from them (`from_fields`), so configs and checkpoints written before aids
were objects keep working. An aid object belongs to one GAN.
"""

from typing import NamedTuple

import tensorflow as tf

from tfgan_zoo.registry import Registry

AIDS = Registry("training aid")


class Term(NamedTuple):
    """A loss term an aid adds: weight * values, values per example [batch] or
    one scalar for the whole batch; `tracker` (a keras Mean) reports values."""

    values: tf.Tensor
    weight: float = 1.0
    tracker: object = None


class Aid:
    """A training aid. Subclasses set `name` and `fields`, take their fields
    as constructor arguments, and override the hooks they use.

    Class attributes:
        name: the registry name, and the name a variant refuses it by.
        fields: {flat config field: default}: the variant-section fields this
            aid is built from (`from_fields`); the default leaves it off.
        test_fields: small field values the shared tests turn it on with.
        order: aids run in ascending order (then as listed). Packing is 1, the
            others 0: per-example changes to what D sees come before packing.
        reuses_discriminator_pass: False when what D trained on differs from
            what G's loss may reuse (replay mixes in old fakes).
        adversarial_weight: the weight of G's adversarial loss (feature
            matching can lower it, to 0 for feature matching alone).
    """

    name = ""
    fields = {}
    test_fields = {}
    order = 0
    reuses_discriminator_pass = True
    adversarial_weight = 1.0

    @classmethod
    def from_fields(cls, **values):
        """The aid the flat fields ask for, or None when they leave it off."""
        raise NotImplementedError

    def get_config(self):
        """{"name": ..., field: value, ...}: enough to rebuild the aid (`from_config`)."""
        return {"name": self.name, **{field: getattr(self, field) for field in self.fields}}

    def attach(self, gan):
        """Checks the aid fits `gan` and creates its state (called once, in the GAN's constructor)."""

    def check_optimizers(self, gan):
        """Checks the aid can work with the GAN's optimizers (called by `compile`)."""

    def discriminator_fakes(self, gan, fakes):
        return fakes

    def discriminator_input(self, gan, images):
        return images

    def discriminator_labels(self, labels):
        return labels

    def discriminator_term(self, gan, real_in, fake_in, labels):
        return None

    def discriminator_regularizer(self, gan):
        return None

    def after_discriminator_update(self, gan, applied):
        return None

    def adversarial_generator_loss(self, gan, real_in, fake_in, labels):
        return None

    def reweigh_adversarial_loss(self, gan, per_example):
        return per_example

    def generator_term(self, gan, real_in, fake_in, labels):
        return None

    def generator_regularizer(self, gan):
        return None

    def after_generator_update(self, gan, applied):
        return None

    def checkpoint_items(self):
        """{name: trackable or list of variables} a resumed run needs."""
        return {}

    @property
    def metrics(self):
        return []

    def sampling_generator(self, gan, generator):
        return generator


def check_not_negative(**values):
    """Raises a ValueError naming the first field whose value is below 0 (or NaN)."""
    for name, value in values.items():
        if not value >= 0:
            raise ValueError(f"{name} must be >= 0, got {value}")


def register(cls):
    """Class decorator: registers an aid under its `name`."""
    return AIDS.register(cls.name, cls)


def all_fields():
    """{flat field: default} of every registered aid, in registry order."""
    fields = {}
    for name in AIDS.names():
        fields.update(AIDS.get(name).fields)
    return fields


def from_fields(values):
    """The aids flat fields ask for (the rest default), and the fields none of them took.

    Args:
        values: {field: value}, e.g. a variant's keyword arguments.

    Returns:
        (list of aids, {field: value} left over).
    """
    aids, taken = [], set()
    for name in AIDS.names():
        cls = AIDS.get(name)
        if any(field in values for field in cls.fields):
            aid = cls.from_fields(**{field: values.get(field, default) for field, default in cls.fields.items()})
            taken.update(field for field in cls.fields if field in values)
            if aid is not None:
                aids.append(aid)
    return aids, {key: value for key, value in values.items() if key not in taken}


def from_config(config):
    """The aid `Aid.get_config` described."""
    config = dict(config)
    cls = AIDS.get(config.pop("name"))
    return cls.from_fields(**{**cls.fields, **config})


def attach(gan, aids):
    """The aids (objects or `get_config` dicts) checked against the GAN's
    variant and each other, in running order, each attached to the GAN."""
    aids = [aid if isinstance(aid, Aid) else from_config(aid) for aid in aids]
    names = [aid.name for aid in aids]
    for aid in aids:
        if names.count(aid.name) > 1:
            raise ValueError(f"the aid {aid.name} is given twice; give each aid once")
        if not gan.supports_aid(aid.name):
            supported = [name for name in AIDS.names() if gan.supports_aid(name)]
            reason = gan.refused_aids.get(aid.name) or gan.refused_aids["*"]
            raise ValueError(f"{type(gan).__name__} does not support {aid.name}: {reason}; it supports "
                             f"{', '.join(supported) or 'no training aid'}")
    aids = sorted(aids, key=lambda aid: aid.order)
    for aid in aids:
        aid.attach(gan)
    return tuple(aids)
