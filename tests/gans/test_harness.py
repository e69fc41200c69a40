"""The shared harness: every registered variant (and the base GAN under every
objective) builds, takes one compiled and one eager `fit()` step with finite
losses that change both networks, and survives a `get_config` round trip.
Every training aid is run the same way on gan and wgan_gp."""

import inspect

import keras
import numpy as np
import pytest
import tensorflow as tf

import tfgan_zoo  # noqa: F401  (fills the registries)
from tfgan_zoo.aids import AIDS as REGISTERED_AIDS
from tfgan_zoo.gans.staged import StagedGAN
from tfgan_zoo.networks.aids import NETWORK_AID_FIELDS, apply_network_aids
from tfgan_zoo.registry import NETWORKS, OBJECTIVES, VARIANTS

BATCH = 4
SIZE = 8  # the default test networks' resolution

CLASSES = 3

CASES = [(name, {}) for name in VARIANTS.names()]
CASES += [("gan", {"objective": name}) for name in OBJECTIVES.names() if name != "minimax"]
CASES += [("nsgan", {"label_smoothing": 0.1}), ("wgan_gp", {"d_steps": 2})]
# The projection discriminator and conditional batch norm, and a conditional GAN under another objective.
CASES += [("cgan", {"objective": "hinge"})]


def _test_generator(variant):
    return VARIANTS.get(variant).test_networks["generator"]["name"]


# Unconditional variants whose networks can be class-conditional (the ResNet line's), conditioned;
# of the many on DCGAN's networks, which condition alike, one.
CASES += [(name, {"num_classes": CLASSES}) for name in VARIANTS.names()
          if "conditional" in inspect.signature(NETWORKS.get(_test_generator(name))).parameters
          and (_test_generator(name) != "dcgan_generator" or name == "nsgan")]
CASE_IDS = [name + "".join(f"-{v}" for v in kwargs.values()) for name, kwargs in CASES]

# Each training aid: (variant arguments, discriminator aids, generator aids).
AIDS = {
    "packing": ({"packing": 2}, {}, {}),
    "feature_matching": ({"feature_matching": 1.0}, {}, {}),
    "feature_matching_alone": ({"feature_matching": 1.0, "adversarial_weight": 0.0}, {}, {}),
    "historical_averaging": ({"g_historical_averaging": 0.1, "d_historical_averaging": 0.1}, {}, {}),
    "experience_replay": ({"replay_pool_size": 16, "replay_ratio": 0.5}, {}, {}),
    "unrolled": ({"unrolled_steps": 2}, {}, {}),
    "instance_noise": ({"instance_noise": 0.1, "instance_noise_anneal_steps": 10}, {}, {}),
    "ema": ({"ema_decay": 0.9}, {}, {}),
    "spectral_norm": ({}, {"spectral_norm": True}, {"spectral_norm": True}),
    "minibatch_discrimination": ({}, {"minibatch_discrimination": 4}, {}),
    "minibatch_stddev": ({}, {"minibatch_stddev": 2}, {}),
}
# Compiled, with the base GAN and with WGAN-GP (its own discriminator loss);
# d_steps=1 keeps WGAN-GP's cases quick, its 5-step default is covered above.
# Every step aid runs eagerly with every variant in test_aid_support.py.
AID_CASES = [(variant, aid) for variant in ("gan", "wgan_gp") for aid in AIDS]
AID_IDS = [f"{variant}-{aid}" for variant, aid in AID_CASES]


def _network(spec, role, num_classes, aids, packing=1):
    """A network from its spec (a registered name and arguments): conditional when the
    case has classes and the factory takes them, then the aids of the case applied."""
    spec = dict(spec)
    factory = NETWORKS.get(spec.pop("name"))
    aid_fields = {key: spec.pop(key) for key in list(spec) if key in NETWORK_AID_FIELDS}
    accepted = inspect.signature(factory).parameters
    if num_classes:
        spec.update({key: value for key, value in (("conditional", True), ("num_classes", num_classes))
                     if key in accepted})
    network = factory(**spec)
    extra = {"packing": packing} if role == "discriminator" else {}
    return apply_network_aids(network, role, **aid_fields, **(aids or {}), **extra)


def tiny_gan(name, kwargs, seed=0, discriminator_aids=None, generator_aids=None, networks=None):
    """The variant on the tiny networks it declares (`test_networks`; `networks`
    overrides arguments per role), at its last phase if it trains in stages."""
    keras.utils.set_random_seed(seed)
    cls = VARIANTS.get(name)
    specs = {role: {**spec, **(networks or {}).get(role, {})} for role, spec in cls.test_networks.items()}
    num_classes = kwargs.get("num_classes") or specs["generator"].get("num_classes", 0)
    generator = _network(specs["generator"], "generator", num_classes, generator_aids)
    # Packed networks only for variants that take packing; the rest must refuse it themselves.
    packing = kwargs.get("packing", 1) if cls.supports_aid("packing") else 1
    discriminator = _network(specs["discriminator"], "discriminator", num_classes, discriminator_aids, packing)
    if num_classes and "num_classes" in inspect.signature(cls.__init__).parameters:
        kwargs = {"num_classes": num_classes, **kwargs}
    gan = cls(generator=generator, discriminator=discriminator, seed=seed, **kwargs)
    if isinstance(gan, StagedGAN):
        gan.set_phase(gan.phases[-1])
    return gan


def aid_gan(variant, aid):
    kwargs, discriminator_aids, generator_aids = AIDS[aid]
    kwargs = {**kwargs, "d_steps": 1} if variant == "wgan_gp" else kwargs
    return tiny_gan(variant, kwargs, discriminator_aids=discriminator_aids, generator_aids=generator_aids)


def real_images(gan, seed=1):
    rng = np.random.default_rng(seed)
    rows = BATCH * gan.d_steps
    return rng.uniform(-1, 1, (rows, *gan.generator.output_shape[1:])).astype(np.float32)


def real_labels(gan, seed=2):
    return np.random.default_rng(seed).integers(0, gan.num_classes, BATCH * gan.d_steps)


def weights(model):
    return [v.numpy() for v in model.trainable_variables]


def changed(before, model):
    return any(not np.allclose(b, a.numpy()) for b, a in zip(before, model.trainable_variables, strict=True))


def check_one_fit_step(gan, run_eagerly):
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3),
                run_eagerly=run_eagerly, jit_compile=False)
    g_before, d_before = weights(gan.generator), weights(gan.discriminator)
    x = real_images(gan)
    y = real_labels(gan) if gan.conditional else None
    history = gan.fit(x, y, batch_size=len(x), epochs=1, verbose=0, shuffle=False)
    assert {"g_loss", "d_loss", "real_score", "fake_score"} <= set(history.history)
    for metric, values in history.history.items():
        assert np.isfinite(values[-1]), metric
    assert changed(g_before, gan.generator), "generator weights did not change"
    assert changed(d_before, gan.discriminator), "discriminator weights did not change"


def _stepped_elsewhere(name, kwargs, run_eagerly):
    """Whether another test takes the same step, so a case here would test nothing more:
    test_aid_support steps every variant that takes an aid eagerly, with each aid, on these
    networks (nsgan stays: the eager `fit` loop itself); test_resnet_line steps the
    conditional BigGAN eagerly at 64 and 128. Compiled, the unconditional SAGAN trains
    through the trainer in sagan_mnist's smoke run and before its export
    (tests/trainers/test_presets.py, test_resnet_line.py); BigGAN's and SAGAN's compiled
    steps stay here conditioned, a graph that holds the unconditional one's and the labels'."""
    if run_eagerly:
        plain_with_aids = not kwargs and name != "nsgan" and any(
            VARIANTS.get(name).supports_aid(aid) for aid in REGISTERED_AIDS.names())
        return plain_with_aids or (name == "biggan" and "num_classes" in kwargs)
    return name in ("biggan", "sagan") and not kwargs


FIT_STEP_CASES = [(name, kwargs, run_eagerly) for run_eagerly in (False, True) for name, kwargs in CASES
                  if not _stepped_elsewhere(name, kwargs, run_eagerly)]
FIT_STEP_IDS = [f"{case_id}-{'eager' if run_eagerly else 'compiled'}"
                for run_eagerly in (False, True) for case_id, (name, kwargs) in zip(CASE_IDS, CASES, strict=True)
                if not _stepped_elsewhere(name, kwargs, run_eagerly)]


@pytest.mark.parametrize("name,kwargs,run_eagerly", FIT_STEP_CASES, ids=FIT_STEP_IDS)
def test_one_fit_step_changes_both_networks(name, kwargs, run_eagerly):
    check_one_fit_step(tiny_gan(name, kwargs), run_eagerly)


@pytest.mark.parametrize("variant,aid", AID_CASES, ids=AID_IDS)
def test_every_aid_composes_with_the_variant(variant, aid):
    check_one_fit_step(aid_gan(variant, aid), run_eagerly=False)


@pytest.mark.parametrize("aid", ["spectral_norm", "minibatch_discrimination", "minibatch_stddev"])
def test_every_network_aid_runs_eagerly(aid):
    check_one_fit_step(aid_gan("gan", aid), run_eagerly=True)


def check_config_round_trip(gan):
    config = gan.get_config()
    clone = type(gan).from_config(config)
    assert clone.get_config() == config
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(gan))
    assert type(restored) is type(gan)
    assert restored.get_config() == config


@pytest.mark.parametrize("name,kwargs", CASES, ids=CASE_IDS)
def test_get_config_round_trip(name, kwargs):
    check_config_round_trip(tiny_gan(name, kwargs))


@pytest.mark.parametrize("variant,aid", AID_CASES, ids=AID_IDS)
def test_get_config_round_trip_with_every_aid(variant, aid):
    check_config_round_trip(aid_gan(variant, aid))


def _one_step_weights(seed):
    gan = tiny_gan("nsgan", {}, seed=seed)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), jit_compile=False)
    gan.fit(real_images(gan), batch_size=BATCH, epochs=1, verbose=0, shuffle=False)
    return weights(gan.generator) + weights(gan.discriminator)


def test_same_seed_same_numbers():
    first, second = _one_step_weights(3), _one_step_weights(3)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


def test_d_steps_takes_a_fresh_slice_of_real_images_per_update():
    gan = tiny_gan("nsgan", {"d_steps": 3})
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), jit_compile=False)
    gan.train_step(tf.constant(real_images(gan)))
    assert int(gan.d_optimizer.iterations) == 3
    assert int(gan.g_optimizer.iterations) == 1
    with pytest.raises(ValueError, match="cannot be split into d_steps=3"):
        gan.train_step(tf.zeros([BATCH * 3 + 1, SIZE, SIZE, 1]))


def test_label_smoothing_on_a_non_probabilistic_objective_is_an_error():
    with pytest.raises(ValueError, match="label_smoothing applies to probabilistic"):
        tiny_gan("gan", {"objective": "hinge", "label_smoothing": 0.1})


def test_optimizers_are_built_at_compile():
    gan = tiny_gan("nsgan", {})
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    assert gan.g_optimizer.built and gan.d_optimizer.built


@pytest.mark.parametrize("conditioning,conditional_bn", [("projection", True), ("concat", True)],
                         ids=["projection-conditional_bn", "concat-conditional_bn"])
def test_conditional_network_options_train(conditioning, conditional_bn):
    gan = tiny_gan("cgan", {}, networks={"generator": {"conditional_bn": conditional_bn},
                                          "discriminator": {"conditioning": conditioning}})
    check_one_fit_step(gan, run_eagerly=False)
    check_config_round_trip(gan)
