"""The shared harness: every registered variant (and the base GAN under every
objective) builds, takes one compiled and one eager `fit()` step with finite
losses that change both networks, and survives a `get_config` round trip.
Every training aid is run the same way on gan and wgan_gp."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import tfgan_zoo  # noqa: F401  (fills the registries)
from tfgan_zoo.networks import autoencoder, conditional, dcgan, progressive, resnet, stacked
from tfgan_zoo.networks.aids import apply_network_aids
from tfgan_zoo.registry import NETWORKS, OBJECTIVES, VARIANTS

BATCH = 4
SIZE = 8

# Variants whose discriminator is not a classifier of images get their own.
AUTOENCODER_VARIANTS = {"ebgan", "began"}
# Class-conditional variants run on the conditional 28x28 networks, with labels.
CONDITIONAL_VARIANTS = {"cgan": "cgan_mnist_discriminator", "acgan": "acgan_mnist_discriminator"}
CLASSES = 3
# The ResNet line runs at 32x32 with self-attention at 16x16 and spectral norm in both networks.
RESNET_VARIANTS = {"sagan": "resnet_generator", "biggan": "biggan_generator"}

CASES = [(name, {}) for name in VARIANTS.names()]
CASES += [("gan", {"objective": name}) for name in OBJECTIVES.names() if name != "minimax"]
CASES += [("nsgan", {"label_smoothing": 0.1}), ("wgan_gp", {"d_steps": 2})]
# The projection discriminator and conditional batch norm, and a conditional GAN under another objective.
CASES += [("cgan", {"objective": "hinge"})]
CASES += [(name, {"num_classes": CLASSES}) for name in RESNET_VARIANTS]
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


def tiny_conditional_gan(name, kwargs, seed=0, conditioning="concat", conditional_bn=False):
    keras.utils.set_random_seed(seed)
    generator = conditional.cgan_mnist_generator(z_dim=8, num_classes=CLASSES, embedding_dim=4,
                                                 conditional_bn=conditional_bn)
    factory = NETWORKS.get(CONDITIONAL_VARIANTS[name])
    extra = {"conditioning": conditioning} if name == "cgan" else {}
    discriminator = factory(num_classes=CLASSES, **extra)
    return VARIANTS.get(name)(generator=generator, discriminator=discriminator, num_classes=CLASSES, seed=seed,
                              **kwargs)


def tiny_resnet_gan(name, kwargs, seed=0):
    keras.utils.set_random_seed(seed)
    classes = kwargs.get("num_classes", 0)
    shared = {"conditional": bool(classes), "num_classes": classes, "resolution": 32, "channels": 1,
              "base_filters": 2, "attention_resolution": 16}
    extra = {"shared_embedding_dim": 4} if name == "biggan" else {}
    generator = NETWORKS.get(RESNET_VARIANTS[name])(z_dim=8, **shared, **extra)
    discriminator = resnet.resnet_discriminator(**shared)
    generator = apply_network_aids(generator, "generator", spectral_norm=True)
    discriminator = apply_network_aids(discriminator, "discriminator", spectral_norm=True,
                                       packing=kwargs.get("packing", 1))
    return VARIANTS.get(name)(generator=generator, discriminator=discriminator, seed=seed, **kwargs)


def tiny_progressive_gan(name, kwargs, seed=0):
    """Progressive networks grown to 8x8, run at their last phase (8x8, stable)."""
    keras.utils.set_random_seed(seed)
    shared = {"resolution": SIZE, "channels": 1, "filter_base": 32, "max_filters": 4}
    generator = progressive.progan_generator(z_dim=8, **shared)
    discriminator = progressive.progan_discriminator(minibatch_group_size=2, **shared)
    gan = VARIANTS.get(name)(generator=generator, discriminator=discriminator, seed=seed, **kwargs)
    gan.set_phase(gan.schedule.phases[-1])
    return gan


def tiny_stacked_gan(kwargs, seed=0):
    """The two-stack MNIST networks, run at the joint stage (both stacks and D0 train)."""
    keras.utils.set_random_seed(seed)
    generator = stacked.stacked_mnist_generator(num_classes=CLASSES, feature_dims=[8], z_dims=[4, 4])
    discriminator = stacked.stacked_mnist_discriminator(z0_dim=4)
    gan = VARIANTS.get("sgan_stacked")(generator=generator, discriminator=discriminator, num_classes=CLASSES,
                                       seed=seed, **kwargs)
    gan.set_phase(gan.stages[-1])
    return gan


def tiny_gan(name, kwargs, seed=0, discriminator_aids=None, generator_aids=None):
    if name in CONDITIONAL_VARIANTS:
        return tiny_conditional_gan(name, kwargs, seed)
    if name in RESNET_VARIANTS:
        return tiny_resnet_gan(name, kwargs, seed)
    if name == "progan":
        return tiny_progressive_gan(name, kwargs, seed)
    if name == "sgan_stacked":
        return tiny_stacked_gan(kwargs, seed)
    keras.utils.set_random_seed(seed)
    generator = dcgan.dcgan_generator(resolution=SIZE, channels=1, z_dim=8, base_filters=4)
    if name in AUTOENCODER_VARIANTS:
        discriminator = autoencoder.autoencoder_discriminator((SIZE, SIZE, 1), code_dim=4, base_filters=4)
    else:
        discriminator = dcgan.dcgan_discriminator(resolution=SIZE, channels=1, base_filters=4)
    generator = apply_network_aids(generator, "generator", **(generator_aids or {}))
    discriminator = apply_network_aids(discriminator, "discriminator", packing=kwargs.get("packing", 1),
                                       **(discriminator_aids or {}))
    gan = VARIANTS.get(name)(generator=generator, discriminator=discriminator, seed=seed, **kwargs)
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


@pytest.mark.parametrize("run_eagerly", [False, True], ids=["compiled", "eager"])
@pytest.mark.parametrize("name,kwargs", CASES, ids=CASE_IDS)
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
    gan = tiny_conditional_gan("cgan", {}, conditioning=conditioning, conditional_bn=conditional_bn)
    check_one_fit_step(gan, run_eagerly=False)
    check_config_round_trip(gan)
