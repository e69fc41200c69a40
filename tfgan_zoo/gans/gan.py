"""The `GAN` base model: a template `train_step` that every variant specialises."""

import copy
from typing import NamedTuple

import keras
import tensorflow as tf

from tfgan_zoo.aids import unrolling
from tfgan_zoo.gans.aids import ParameterAverage, ReplayPool, instance_noise_stddev
from tfgan_zoo.gans.objectives import get_objective
from tfgan_zoo.losses.penalties import dragan_penalty, r1_penalty, wasserstein_gradient_penalty
from tfgan_zoo.losses.precision import at_least_float32
from tfgan_zoo.losses.regularizers import feature_matching_distance, historical_averaging_penalty
from tfgan_zoo.networks.aids import head_layer
from tfgan_zoo.registry import OBJECTIVES, VARIANTS

# The constructor arguments of the training aids, in get_config order.
AID_ARGUMENTS = ("packing", "feature_matching", "feature_matching_layer", "adversarial_weight",
                 "g_historical_averaging", "d_historical_averaging", "replay_pool_size", "replay_ratio",
                 "unrolled_steps", "unrolled_update", "unrolled_learning_rate", "instance_noise",
                 "instance_noise_anneal_steps", "ema_decay", "ema_start", "penalty", "penalty_weight")

# The gradient penalties any variant's discriminator can take (`GAN`'s `penalty`).
PENALTIES = ("", "r1", "dragan", "gp")

# Each training aid a variant may support, and whether a GAN has it on. A
# variant lists those it supports in `supported_aids`; asking for another
# is an error at construction.
AIDS = {
    "packing": lambda gan: gan.packing > 1,
    "feature_matching": lambda gan: gan.feature_matching > 0,
    "historical_averaging": lambda gan: gan.g_historical_averaging > 0 or gan.d_historical_averaging > 0,
    "experience_replay": lambda gan: gan.replay_pool_size > 0,
    "unrolling": lambda gan: gan.unrolled_steps > 0,
    "instance_noise": lambda gan: gan.instance_noise > 0,
    "ema": lambda gan: gan.ema_decay > 0,
    "penalty": lambda gan: bool(gan.penalty),
}

# How a step's last D update and its G update relate (see `GAN`).
UPDATE_ORDERS = ("alternating", "simultaneous")

# The update rule an unrolled GAN unrolls D with (see `GAN`).
UNROLLED_UPDATES = unrolling.UPDATES

# `fixed_objective` of variants whose losses are their own, not an objective's
# (the autoencoder discriminators of EBGAN and BEGAN).
OWN_LOSSES = "own losses"


def unpack_batch(data):
    """Returns (images, labels or None) from what a dataset or `fit()` yields."""
    if isinstance(data, dict):
        return data["image"], data.get("label")
    if isinstance(data, (tuple, list)):
        return data[0], (data[1] if len(data) > 1 else None)
    return data, None


def call_with_labels(model, images, labels, training=True):
    """model([images, labels]) for a two-input (conditional) model, else model(images)."""
    if len(model.inputs) == 2:
        if labels is None:
            raise ValueError(f"{model.name} takes [images, label] but no labels were given")
        return model([images, labels], training=training)
    return model(images, training=training)


def check_labels(labels, num_classes):
    """The labels, after a clear error for any outside [0, num_classes).

    Use the returned tensor: inside a graph, only it is ordered after the check.
    """
    labels = tf.convert_to_tensor(labels)
    if tf.executing_eagerly():
        values = labels.numpy().reshape(-1)
        bad = values[(values < 0) | (values >= num_classes)]
        if bad.size:
            raise ValueError(f"label {int(bad[0])} is outside [0, {num_classes}); this model has "
                             f"{num_classes} classes")
        return labels
    message = f"label must be in [0, {num_classes}): this model has {num_classes} classes"
    checks = [tf.debugging.assert_non_negative(labels, message=message),
              tf.debugging.assert_less(labels, tf.cast(num_classes, labels.dtype), message=message)]
    # In a graph, asserts are ordered only with the function's outputs: an
    # embedding's gather could fail first with its own message. The returned
    # labels wait for the checks.
    with tf.control_dependencies(checks):
        return tf.identity(labels)


def _scale_loss(optimizer, loss):
    """The loss a LossScaleOptimizer's gradients are taken of (mixed float16), else the loss."""
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer.scale_loss(loss)
    return loss


def unscaled_optimizer(optimizer):
    """The optimizer doing the updates: inside a LossScaleOptimizer (mixed float16), its inner one."""
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer.inner_optimizer
    return optimizer


class _LossTerms(NamedTuple):
    """One network's loss in a step: per example (for its metric), reduced, and
    as its optimizer differentiates it. For D also its outputs (the score
    metrics) and, when a generator loss on the same batch may reuse that pass,
    the (real, fake) inputs it saw."""

    per_example: tf.Tensor
    loss: tf.Tensor
    scaled: tf.Tensor
    real_out: tf.Tensor = None
    fake_out: tf.Tensor = None
    inputs: tuple = None
    feature_distance: tf.Tensor = None


def _update_if(tracker, values, finite):
    """Adds values to a Mean tracker only when the update they belong to was applied."""
    values = tf.cast(values, tf.float32)
    tracker.update_state(tf.where(finite, values, tf.zeros_like(values)),
                         sample_weight=tf.fill(tf.shape(values), tf.cast(finite, tf.float32)))


@VARIANTS.register("gan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class GAN(keras.Model):
    """A generator and a discriminator trained against each other.

    Goodfellow et al. 2014, "Generative Adversarial Networks" (arXiv 1406.2661):
    by default the original minimax game, min_G max_D E log D(x) + E log(1 - D(G(z))).
    Any registered objective can be chosen by name; the variants in this
    package (`nsgan`, `wgan`, `hinge`, ...) fix theirs and add what their
    paper adds.

    One call of `train_step` is one generator update preceded by `d_steps`
    discriminator updates (`updates` says how the last two relate). The real
    batch is split into `d_steps` equal interleaved slices so that each
    discriminator update sees fresh real images (Algorithm 1 of WGAN, arXiv
    1701.07875); the trainer therefore feeds `d_steps * batch_size` real
    images per step. Losses are computed per example and reduced in
    `reduce_loss` only, dividing by the GLOBAL batch so that the summed
    gradients of all replicas equal the single-device gradient.

    Subclasses override only what differs: `discriminator_loss`,
    `generator_loss`, `generator_penalty`, `after_discriminator_step`, `sample_z`.

    Args:
        generator: keras.Model mapping z [batch, z_dim] to images in [-1, 1].
        discriminator: keras.Model mapping images to one logit/score per example.
        objective: name of a registered objective (`tfgan-zoo list`) or an
            `Objective`: "minimax" (default), "non_saturating", "wasserstein",
            "least_squares", "hinge", "relativistic", "relativistic_average".
        d_steps: discriminator updates per generator update.
        updates: how a step's last discriminator update and its generator
            update relate.
            "alternating" (default; Goodfellow et al. 2014, Algorithm 1): D
            is updated, then G with fresh z against the updated D.
            "simultaneous": one generated batch and one discriminator pass
            on it give both gradients, both taken at the same weights, then
            both are applied: the TensorFlow DCGAN tutorial's
            two-tape step (TF-GAN's joint train ops). It skips a generator
            pass and a discriminator pass per step, and is a different
            algorithm, not a faster route to the same weights. With
            d_steps = k > 1 the first k - 1 D updates are alternating ones.
            Variants whose generator loss needs its own discriminator pass
            (unrolling, experience replay, own `generator_loss`) still get
            one; the gradients are still simultaneous.
        label_smoothing: one-sided label smoothing of the real targets
            (Salimans et al. 2016, arXiv 1606.03498); probabilistic objectives only.
        seed: seed of the model's own noise generator.
        z_dim: latent size; read from the generator's (first) input when None.
        num_classes: > 0 makes the model class-conditional: the generator
            takes [z, label] and a discriminator with two inputs takes
            [images, label]. Generated examples take the labels of the real
            batch they are paired with, so they follow the data's class
            distribution. 0 (default): unconditional; labels in the data are
            ignored.

    Training aids (Salimans et al. 2016 and the survey's list), each off by
    default and usable with every variant:
        packing: m, PacGAN (Lin et al. 2018, arXiv 1712.04086): the
            discriminator judges m examples concatenated on the channel axis,
            so its input has m times the generator's channels
            (`networks.aids.packed`) and a loss value is one per pack.
        feature_matching: weight w of feature matching (arXiv 1606.03498,
            section 3.1): L_G += w ||E_x f(x) - E_z f(G(z))||_2^2 with f the
            discriminator's activation at `feature_matching_layer` (default: the
            input of its last layer with weights). The means span the global
            batch.
        feature_matching_layer: the discriminator layer whose output is f.
        adversarial_weight: the weight of the generator's adversarial loss;
            0 with feature_matching > 0 trains G by feature matching alone.
        g_historical_averaging, d_historical_averaging: weights of the
            historical averaging penalty (arXiv 1606.03498, section 3.3)
            ||theta - (1/t) sum_i theta_i||^2 on G's or D's parameters.
        replay_pool_size, replay_ratio: experience replay (Shrivastava et
            al. 2017, arXiv 1612.07828): a pool of past generated examples
            from which a ratio of each discriminator fake batch is drawn
            (`aids.ReplayPool`); saved with checkpoints.
        unrolled_steps, unrolled_update, unrolled_learning_rate: unrolled
            GAN (Metz et al. 2016, arXiv 1611.02163): the generator's
            adversarial loss is taken against D after k update steps,
            differentiated through the unrolling; D's real update is
            unchanged. unrolled_update="adam" (default) unrolls D's own Adam
            update from its current moments, step and rate, as the paper's
            code does; "sgd" unrolls plain gradient descent
            theta_D^{i+1} = theta_D^i - eta grad L_D(theta_D^i) with
            eta = unrolled_learning_rate (eq. 3).
        instance_noise, instance_noise_anneal_steps: instance noise
            (Sonderby et al. 2016, arXiv 1610.04490): N(0, sigma_t^2) added to
            every example the discriminator sees, sigma_t = sigma_0
            max(0, 1 - t / T).
        ema_decay, ema_start: an exponential moving average of G's weights
            (decay d, starting after `ema_start` steps), used by
            `sampling_generator()` for samples and exports.
        penalty, penalty_weight: a gradient penalty added to the
            discriminator's per-example loss, with weight w:
            "r1" (Mescheder et al. 2018, arXiv 1801.04406): (w/2) ||grad D(x)||^2
                on real examples, w being gamma (as StyleGAN and R3GAN train);
            "gp" (Gulrajani et al. 2017, arXiv 1704.00028):
                w (||grad D(x_hat)||_2 - 1)^2 on x_hat = a x + (1 - a) G(z), a ~ U[0, 1];
            "dragan" (Kodali et al. 2017, arXiv 1705.07215): the same around
                the reals, x_hat = a x + (1 - a)(x + 0.5 std(x) u), u ~ U[0, 1].
            "" (default): none. The penalty is part of D's loss wherever
            it is computed, an unrolled D's included.

    A variant declares the aids it supports (`supported_aids`, names from
    `AIDS`); asking it for another is a ValueError that says why.

    Example:
        >>> from tfgan_zoo.networks import dcgan
        >>> gan = GAN(dcgan.dcgan_mnist_generator(), dcgan.dcgan_mnist_discriminator(),
        ...           objective="non_saturating")
        >>> gan.compile(keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4))
        >>> gan.fit(mnist_images, batch_size=256, epochs=1)  # doctest: +SKIP
    """

    # Variants defined by their objective set this (or OWN_LOSSES); their
    # `objective` argument may then only repeat it.
    fixed_objective = None
    # The training aids (names from `AIDS`) this variant trains with, and
    # why it refuses the others.
    supported_aids = frozenset(AIDS)
    # The smallest networks the shared tests build a variant with ({role: a
    # registered network's name and arguments}); with num_classes given, the
    # tests also pass it (and conditional=True) to factories that take them.
    test_networks = {
        "generator": {"name": "dcgan_generator", "resolution": 8, "channels": 1, "z_dim": 8, "base_filters": 4},
        "discriminator": {"name": "dcgan_discriminator", "resolution": 8, "channels": 1, "base_filters": 4},
    }
    unsupported_aid_reason = ""

    def __init__(self, generator, discriminator, objective=None, d_steps=1, updates="alternating",
                 label_smoothing=0.0, packing=1, feature_matching=0.0, feature_matching_layer="",
                 adversarial_weight=1.0, g_historical_averaging=0.0, d_historical_averaging=0.0,
                 replay_pool_size=0, replay_ratio=0.5, unrolled_steps=0, unrolled_update="adam",
                 unrolled_learning_rate=0.01,
                 instance_noise=0.0, instance_noise_anneal_steps=0, ema_decay=0.0, ema_start=0,
                 penalty="", penalty_weight=10.0, num_classes=0, seed=0, z_dim=None, **kwargs):
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        if self.fixed_objective is not None and objective not in (None, self.fixed_objective):
            raise ValueError(
                f"{type(self).__name__} always uses its own objective, not "
                f"{objective!r}; use variant 'gan' with objective={objective!r} instead"
            )
        chosen = self.fixed_objective or objective or "minimax"
        self.objective = None if chosen == OWN_LOSSES else get_objective(chosen)
        if d_steps < 1:
            raise ValueError(f"d_steps must be >= 1, got {d_steps}")
        if updates not in UPDATE_ORDERS:
            raise ValueError(f"updates must be one of {', '.join(UPDATE_ORDERS)}, got {updates!r}")
        if label_smoothing and not getattr(self.objective, "supports_label_smoothing", False):
            raise ValueError(
                f"label_smoothing applies to probabilistic objectives (minimax, "
                f"non_saturating), not {type(self).__name__}'s; set it to 0"
            )
        self.d_steps = d_steps
        self.updates = updates
        if not 0.0 <= label_smoothing < 1.0:
            raise ValueError(f"label_smoothing must be in [0, 1), got {label_smoothing}; 0.1 is the usual "
                             "one-sided smoothing")
        self.label_smoothing = label_smoothing
        self.seed = seed
        self.z_dim = z_dim if z_dim is not None else generator.inputs[0].shape[-1]
        if not self.z_dim or self.z_dim < 1:
            raise ValueError(f"the generator's noise has {self.z_dim} dimensions; a generator needs z_dim >= 1")
        self.num_classes = num_classes
        self._check_conditioning()
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.real_score_tracker = keras.metrics.Mean(name="real_score")
        self.fake_score_tracker = keras.metrics.Mean(name="fake_score")
        self.skipped_tracker = keras.metrics.Sum(name="skipped_updates")
        # Consecutive train steps with an update skipped for a non-finite loss or
        # gradient; every replica computes the same value from all-reduced flags.
        self.bad_streak = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                          name="bad_streak", aggregation="only_first_replica")
        # Train steps taken, skipped updates included: the clock of schedules
        # that follow training time (ProGAN's fade-in, instance noise's
        # annealing), which an optimizer's update count would stop on a
        # skipped update. The trainer checkpoints it as its step.
        self.steps_done = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                          name="steps_done", aggregation="only_first_replica")
        self.g_optimizer = None
        self.d_optimizer = None
        self._set_up_aids(packing=packing, feature_matching=feature_matching,
                          feature_matching_layer=feature_matching_layer,
                          adversarial_weight=adversarial_weight,
                          g_historical_averaging=g_historical_averaging,
                          d_historical_averaging=d_historical_averaging,
                          replay_pool_size=replay_pool_size, replay_ratio=replay_ratio,
                          unrolled_steps=unrolled_steps, unrolled_update=unrolled_update,
                          unrolled_learning_rate=unrolled_learning_rate,
                          instance_noise=instance_noise,
                          instance_noise_anneal_steps=instance_noise_anneal_steps,
                          ema_decay=ema_decay, ema_start=ema_start, penalty=penalty,
                          penalty_weight=penalty_weight)

    # ----------------------------------------------------------------- setup

    def _set_up_aids(self, **aids):
        """Checks and stores the training aids' arguments; creates their state."""
        if aids["packing"] < 1:
            raise ValueError(f"packing must be >= 1, got {aids['packing']}")
        for name in ("feature_matching", "adversarial_weight", "g_historical_averaging",
                     "d_historical_averaging", "replay_pool_size", "unrolled_steps", "instance_noise",
                     "instance_noise_anneal_steps", "ema_start"):
            if aids[name] < 0:
                raise ValueError(f"{name} must be >= 0, got {aids[name]}")
        if aids["unrolled_update"] not in UNROLLED_UPDATES:
            raise ValueError(f"unrolled_update must be one of {', '.join(UNROLLED_UPDATES)}, "
                             f"got {aids['unrolled_update']!r}")
        if not 0.0 <= aids["ema_decay"] < 1.0:
            raise ValueError(f"ema_decay must be in [0, 1), got {aids['ema_decay']}")
        if aids["penalty"] not in PENALTIES:
            raise ValueError(f"penalty must be one of {', '.join(map(repr, PENALTIES))}, got {aids['penalty']!r}")
        if not aids["penalty_weight"] >= 0:
            raise ValueError(f"penalty_weight must be >= 0, got {aids['penalty_weight']}")
        if aids["adversarial_weight"] == 0 and aids["feature_matching"] == 0:
            raise ValueError("adversarial_weight=0 leaves the generator no loss; set feature_matching > 0 "
                             "to train it by feature matching alone")
        for name, value in aids.items():
            setattr(self, name, value)
        refused = [name for name, on in AIDS.items() if on(self) and name not in self.supported_aids]
        if refused:
            raise ValueError(f"{type(self).__name__} does not support {refused[0]}: {self.unsupported_aid_reason}; "
                             f"it supports {', '.join(sorted(self.supported_aids)) or 'no training aid'}")
        if aids["packing"] > 1:
            self._check_packing()
        self.feature_extractor = self._make_feature_extractor() if aids["feature_matching"] else None
        self.fm_tracker = keras.metrics.Mean(name="feature_matching")
        self.d_penalty_tracker = keras.metrics.Mean(name="d_penalty")
        self.g_history = (ParameterAverage(self.generator.trainable_variables, name="g_history")
                          if aids["g_historical_averaging"] else None)
        self.d_history = (ParameterAverage(self.discriminator.trainable_variables, name="d_history")
                          if aids["d_historical_averaging"] else None)
        self.replay_pool = (ReplayPool(aids["replay_pool_size"], aids["replay_ratio"],
                                       self.generator.output_shape[1:], name="replay_pool")
                            if aids["replay_pool_size"] else None)
        self.generator_ema = (ParameterAverage(self.generator.trainable_variables, decay=aids["ema_decay"],
                                               start=aids["ema_start"], name="generator_ema")
                              if aids["ema_decay"] else None)
        self._ema_copy = None

    @property
    def conditional(self):
        return self.num_classes > 0

    def _check_conditioning(self):
        takes_label = len(self.generator.inputs) == 2
        if self.conditional and not takes_label:
            raise ValueError(f"num_classes={self.num_classes} makes the GAN conditional, but the generator "
                             f"takes only z; use a conditional generator such as cgan_mnist_generator")
        if takes_label and not self.conditional:
            raise ValueError("the generator takes [z, label]; set num_classes to the number of classes")

    def _check_packing(self):
        if self.conditional:
            raise ValueError(f"packing judges several examples at once, which have no single label; "
                             f"{type(self).__name__} is conditional, so use packing=1")
        produced = self.generator.output_shape[-1]
        judged = self.discriminator.inputs[0].shape[-1]
        if judged != produced * self.packing:
            raise ValueError(
                f"packing={self.packing} needs a discriminator taking {self.packing} x {produced} = "
                f"{self.packing * produced} channels, but it takes {judged}; build it with "
                "tfgan_zoo.networks.aids.packed(discriminator, packing)"
            )

    def _make_feature_extractor(self):
        """A model sharing D's layers that returns the features of feature matching."""
        if self.feature_matching_layer:
            try:
                features = self.discriminator.get_layer(self.feature_matching_layer).output
            except ValueError:
                names = ", ".join(layer.name for layer in self.discriminator.layers)
                raise ValueError(f"feature_matching_layer {self.feature_matching_layer!r} is not a layer "
                                 f"of the discriminator; its layers: {names}") from None
        else:
            features = head_layer(self.discriminator).input
        return keras.Model(self.discriminator.inputs, features, name="feature_extractor")

    def compile(self, g_optimizer, d_optimizer, **kwargs):
        """Sets and BUILDS both optimizers, so no slot is created inside a replica."""
        super().compile(**kwargs)
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        g_optimizer.build(self.generator.trainable_variables)
        d_optimizer.build(self.discriminator_side_variables())
        if self.unrolled_steps and self.unrolled_update == "adam" and not isinstance(
                unscaled_optimizer(d_optimizer), keras.optimizers.Adam):
            raise ValueError(
                f"unrolled_update='adam' unrolls the discriminator's Adam, but its optimizer is "
                f"{type(unscaled_optimizer(d_optimizer)).__name__}; use optimizer.name=adam or "
                "variant.unrolled_update=sgd")

    def discriminator_side_variables(self):
        """Every variable d_optimizer updates (a variant with more than one
        discriminator, or an encoder, lists them all)."""
        return self.discriminator.trainable_variables

    def get_compile_config(self):
        if self.g_optimizer is None:
            return None
        return {
            "g_optimizer": keras.saving.serialize_keras_object(self.g_optimizer),
            "d_optimizer": keras.saving.serialize_keras_object(self.d_optimizer),
        }

    def compile_from_config(self, config):
        self.compile(
            g_optimizer=keras.saving.deserialize_keras_object(config["g_optimizer"]),
            d_optimizer=keras.saving.deserialize_keras_object(config["d_optimizer"]),
        )

    def build(self, input_shape=None):
        """The networks come built (functional); nothing of the GAN's own to create."""
        self.built = True

    def checkpoint_items(self):
        """Everything a resumed run needs, as named trackables for tf.train.Checkpoint.

        Seed generator states are listed explicitly, the model's own and the
        networks' (dropout layers draw from one): tf.train.Checkpoint does not
        find them through the model, and without them a resumed run would
        draw different noise.
        """
        network_seeds = [variable for network in (self.generator, self.discriminator)
                         for variable in network.non_trainable_variables
                         if variable.path.endswith("seed_generator_state")]
        items = {
            "generator": self.generator,
            "discriminator": self.discriminator,
            "g_optimizer": self.g_optimizer,
            "d_optimizer": self.d_optimizer,
            "seed_generator_state": self.seed_generator.state,
            "network_seed_states": network_seeds,
        }
        for name in ("g_history", "d_history", "replay_pool", "generator_ema"):
            if getattr(self, name) is not None:
                items[name] = getattr(self, name).weights
        return items

    @property
    def metrics(self):
        trackers = [self.g_loss_tracker, self.d_loss_tracker,
                    self.real_score_tracker, self.fake_score_tracker, self.skipped_tracker]
        return (trackers + ([self.fm_tracker] if self.feature_matching else [])
                + ([self.d_penalty_tracker] if self.penalty else []))

    def sampling_generator(self):
        """The generator to sample and export from: G itself, or with `ema_decay`
        a copy of G holding the moving average of its weights (and G's current
        non-trainable state, e.g. batch-norm statistics). Call outside a step."""
        if self.generator_ema is None:
            return self.generator
        if self._ema_copy is None:
            self._ema_copy = keras.models.clone_model(self.generator)
        for target, average in zip(self._ema_copy.trainable_variables, self.generator_ema.averages,
                                   strict=True):
            target.assign(average)
        for target, source in zip(self._ema_copy.non_trainable_variables,
                                  self.generator.non_trainable_variables, strict=True):
            target.assign(source)
        return self._ema_copy

    # ------------------------------------------------------------- the step

    def call(self, z, training=False):
        return self.generator(z, training=training)

    def generate(self, z, labels=None, training=True, generator=None):
        """G(z), or G(z, labels) for a conditional model."""
        generator = generator or self.generator
        if not self.conditional:
            return generator(z, training=training)
        if labels is None:
            raise ValueError("this GAN is conditional (num_classes > 0) and needs labels; the dataset gives "
                             "none. Use a labelled dataset, or num_classes=0 with unconditional networks")
        return generator([z, labels], training=training)

    def sample(self, z, labels=None):
        """Samples from the sampling generator (the EMA when enabled), outside a step.

        For a conditional model, labels default to 0, 1, ..., num_classes - 1
        repeated, and a label outside [0, num_classes) is an error.
        """
        z = tf.convert_to_tensor(z, tf.float32)
        if self.conditional:
            labels = (tf.range(tf.shape(z)[0]) % self.num_classes) if labels is None else labels
            labels = tf.convert_to_tensor(labels, tf.int32)
            labels = check_labels(labels, self.num_classes)
        return self.generate(z, labels, training=False, generator=self.sampling_generator())

    def train_step(self, data):
        real_images, labels = unpack_batch(data)
        real_slices = self._split_for_d_steps(real_images)
        label_slices = self._split_for_d_steps(labels) if labels is not None else [None] * self.d_steps
        simultaneous = self.updates == "simultaneous"
        # Simultaneous: the last slice's D update is taken together with G's.
        d_only = self.d_steps - 1 if simultaneous else self.d_steps
        applied = [self._discriminator_update(real, slice_labels)
                   for real, slice_labels in zip(real_slices[:d_only], label_slices[:d_only], strict=True)]
        if simultaneous:
            applied += self._simultaneous_updates(real_slices[-1], label_slices[-1])
        else:
            applied.append(self._generator_update(real_slices[-1], label_slices[-1]))
        self.end_step(applied)
        return {metric.name: metric.result() for metric in self.metrics}

    def end_step(self, applied):
        """Counts the step, and in `bad_streak` the steps in a row whose
        `applied` flags say an update was skipped."""
        step_ok = tf.reduce_all(tf.stack(applied))
        self.bad_streak.assign(tf.where(step_ok, tf.constant(0, tf.int64), self.bad_streak + 1))
        self.steps_done.assign_add(1)

    def _split_for_d_steps(self, tensor):
        if self.d_steps == 1:
            return [tensor]
        rows = tensor.shape[0]
        if rows is not None and rows % self.d_steps:
            raise ValueError(
                f"a batch of {rows} real examples cannot be split into d_steps="
                f"{self.d_steps} equal slices; feed d_steps * batch_size examples per step"
            )
        # Update i takes rows i, i + k, i + 2k, ... (k = d_steps). A replica
        # holds a contiguous block of the global batch whose length is a
        # multiple of k, so its share of update i is exactly its block of the
        # global slice i: R replicas train on what one device trains on.
        grouped = tf.reshape(tensor, [-1, self.d_steps, *tensor.shape[1:]])
        return tf.unstack(grouped, axis=1)

    def _discriminator_update(self, real_images, labels):
        z = self.sample_z(tf.shape(real_images)[0])
        fake_images = self.generate(z, labels)
        with tf.GradientTape() as tape:
            terms = self._discriminator_terms(real_images, fake_images, labels)
        return self._apply_discriminator_update(
            tape.gradient(terms.scaled, self.discriminator.trainable_variables), terms)

    def _generator_update(self, real_images, labels):
        z = self.sample_z(tf.shape(real_images)[0])
        with tf.GradientTape() as tape:
            fake_images = self.generate(z, labels)
            terms = self._generator_terms(real_images, fake_images, labels)
        return self._apply_generator_update(tape.gradient(terms.scaled, self.generator.trainable_variables), terms)

    def _simultaneous_updates(self, real_images, labels):
        """D's and G's updates from one generated batch and one D pass on it,
        both gradients taken before either update is applied."""
        z = self.sample_z(tf.shape(real_images)[0])
        with tf.GradientTape() as g_tape:
            fake_images = self.generate(z, labels)
            with tf.GradientTape() as d_tape:
                d_terms = self._discriminator_terms(real_images, fake_images, labels)
            g_terms = self._generator_terms(real_images, fake_images, labels, d_terms)
        d_gradients = d_tape.gradient(d_terms.scaled, self.discriminator.trainable_variables)
        g_gradients = g_tape.gradient(g_terms.scaled, self.generator.trainable_variables)
        return [self._apply_discriminator_update(d_gradients, d_terms),
                self._apply_generator_update(g_gradients, g_terms)]

    def _discriminator_terms(self, real_images, fake_images, labels):
        """D's loss on a real and a generated batch (computed inside the caller's tape)."""
        fed_fakes = fake_images
        if self.replay_pool is not None:
            fed_fakes = self.replay_pool.mix(fake_images, self.seed_generator.next())
        real_in, fake_in = self.discriminator_inputs(real_images), self.discriminator_inputs(fed_fakes)
        per_example, real_out, fake_out = self.penalized_discriminator_loss(real_in, fake_in,
                                                                            self._pack_labels(labels))
        loss = self.reduce_loss(per_example) + self._historical_penalty(
            self.d_history, self.d_historical_averaging, self.discriminator)
        # A generator loss on the same batch may reuse this pass, unless
        # replay mixed old fakes into what D saw.
        inputs = (real_in, fake_in) if self.replay_pool is None else None
        return _LossTerms(per_example, loss, _scale_loss(self.d_optimizer, loss), real_out, fake_out, inputs)

    def _generator_terms(self, real_images, fake_images, labels, d_terms=None):
        """G's loss on a generated batch (computed inside the caller's tape).

        With `d_terms`, D's loss on this very batch, the generator's loss
        reuses D's inputs and, where the loss is the objective's, its outputs.
        """
        labels = self._pack_labels(labels)
        d_outputs = None
        if d_terms is None or d_terms.inputs is None:
            real_in, fake_in = self.discriminator_inputs(real_images), self.discriminator_inputs(fake_images)
        else:
            (real_in, fake_in), d_outputs = d_terms.inputs, (d_terms.real_out, d_terms.fake_out)
        per_example = self._adversarial_generator_loss(real_in, fake_in, labels, d_outputs)
        distance = None
        if self.feature_matching:
            distance = self.feature_matching_loss(real_in, fake_in, labels)
            per_example += self.feature_matching * distance * tf.ones_like(per_example)
        loss = self.reduce_loss(per_example) + self._historical_penalty(
            self.g_history, self.g_historical_averaging, self.generator)
        penalty = self.generator_penalty()
        if penalty is not None:
            loss += self.scale_regularizer(penalty)
        return _LossTerms(per_example, loss, _scale_loss(self.g_optimizer, loss), feature_distance=distance)

    def _apply_discriminator_update(self, gradients, terms):
        variables = self.discriminator.trainable_variables
        finite = self._apply_if_finite(self.d_optimizer, terms.loss, gradients, variables)
        self.after_discriminator_step()
        if self.d_history is not None:
            self.d_history.update(variables, finite)
        _update_if(self.d_loss_tracker, terms.per_example, finite)
        _update_if(self.real_score_tracker, terms.real_out, finite)
        _update_if(self.fake_score_tracker, terms.fake_out, finite)
        return finite

    def _apply_generator_update(self, gradients, terms):
        variables = self.generator.trainable_variables
        finite = self._apply_if_finite(self.g_optimizer, terms.loss, gradients, variables)
        for average in (self.g_history, self.generator_ema):
            if average is not None:
                average.update(variables, finite)
        _update_if(self.g_loss_tracker, terms.per_example, finite)
        if terms.feature_distance is not None:
            _update_if(self.fm_tracker, terms.feature_distance, finite)
        return finite

    # ------------------------------------------------------ the training aids

    def discriminator_inputs(self, images):
        """What the discriminator sees of a batch: with instance noise added, then packed."""
        if self.instance_noise:
            stddev = instance_noise_stddev(self.steps_done, self.instance_noise,
                                           self.instance_noise_anneal_steps)
            noise = self.draw(tf.random.stateless_normal, tf.shape(images)[0], images.shape[1:])
            images = images + tf.cast(stddev * noise, images.dtype)
        return self.pack(images)

    def pack(self, images):
        """[n, ..., c] -> [n / m, ..., m * c]: m consecutive examples side by side (PacGAN)."""
        if self.packing == 1:
            return images
        rows = images.shape[0]
        if rows is not None and rows % self.packing:
            raise ValueError(f"a batch of {rows} examples cannot be packed in groups of packing="
                             f"{self.packing}; use a (per-replica) batch size divisible by {self.packing}")
        rank = images.shape.rank
        grouped = tf.reshape(images, [-1, self.packing, *images.shape[1:]])
        # Move the group axis next to the channels, then merge the two.
        grouped = tf.transpose(grouped, [0, *range(2, rank), 1, rank])
        return tf.reshape(grouped, [-1, *images.shape[1:-1], self.packing * images.shape[-1]])

    def _pack_labels(self, labels):
        # A pack of m examples has no single label; unconditional models
        # ignore labels, and conditional ones refuse packing at construction.
        return None if self.packing > 1 else labels

    def _adversarial_generator_loss(self, real_in, fake_in, labels, d_outputs=None):
        if not self.adversarial_weight:
            return tf.zeros([tf.shape(fake_in)[0]])
        if self.unrolled_steps:
            per_example = self.unrolled_generator_loss(real_in, fake_in, labels, self.unrolled_steps)
        elif d_outputs is not None and type(self).generator_loss is GAN.generator_loss:
            # The objective's loss on D's outputs of this very pass: what
            # `generator_loss` computes, without running D again. Variants with
            # their own generator loss run it as written.
            real_out, fake_out = d_outputs
            per_example = self.objective.generator_loss(real_out if self.objective.generator_uses_real else None,
                                                        fake_out)
        else:
            per_example = self.generator_loss(real_in, fake_in, labels)
        return self.adversarial_weight * per_example if self.adversarial_weight != 1 else per_example

    def unrolled_generator_loss(self, real_in, fake_in, labels, steps):
        """The generator's loss against D unrolled `steps` update steps ahead
        (`tfgan_zoo.aids.unrolling`; with steps=0 this is `generator_loss`)."""
        return unrolling.unrolled_generator_loss(
            self, real_in, fake_in, labels, steps, update=self.unrolled_update,
            learning_rate=self.unrolled_learning_rate,
            optimizer=unscaled_optimizer(self.d_optimizer) if steps and self.unrolled_update == "adam" else None)

    def penalized_discriminator_loss(self, real_in, fake_in, labels):
        """`discriminator_loss` plus the gradient penalty, when one is chosen."""
        per_example, real_out, fake_out = self.discriminator_loss(real_in, fake_in, labels)
        if not self.penalty:
            return per_example, real_out, fake_out
        penalty = self.gradient_penalty(self.penalty, real_in, fake_in, labels)
        self.d_penalty_tracker.update_state(penalty)
        return per_example + self.penalty_weight * penalty, real_out, fake_out

    def gradient_penalty(self, kind, real_in, fake_in, labels):
        """The unweighted per-example penalty `kind` (one of `PENALTIES`) on what D saw (R1: already halved)."""
        def critic(images):
            return self.discriminate(images, labels)

        if kind == "r1":
            return 0.5 * r1_penalty(critic, real_in)
        batch = tf.shape(real_in)[0]
        alpha = self.draw(tf.random.stateless_uniform, batch)
        if kind == "gp":
            return wasserstein_gradient_penalty(critic, real_in, fake_in, alpha)
        real = at_least_float32(real_in)
        # DRAGAN's perturbation scale is the std of the whole (global) real batch.
        std = tf.sqrt(tf.maximum(self.global_mean(tf.square(real)) - tf.square(self.global_mean(real)), 0.0))
        noise = self.draw(tf.random.stateless_uniform, batch, real_in.shape[1:])
        return dragan_penalty(critic, real, 0.5 * std * tf.cast(noise, real.dtype), alpha)

    def feature_matching_loss(self, real_in, fake_in, labels=None):
        """||E_x f(x) - E_z f(G(z))||^2 with both means over the global batch."""
        real_features = tf.stop_gradient(call_with_labels(self.feature_extractor, real_in, labels))
        fake_features = call_with_labels(self.feature_extractor, fake_in, labels)
        return feature_matching_distance(self.global_mean(real_features, axis=0),
                                         self.global_mean(fake_features, axis=0))

    def _historical_penalty(self, history, weight, network):
        if history is None:
            return 0.0
        penalty = historical_averaging_penalty(network.trainable_variables, history.averages)
        return self.scale_regularizer(weight * penalty)

    def _apply_if_finite(self, optimizer, loss, grads, variables):
        """Applies the update only when the loss and every gradient are finite on
        every replica; returns that flag. A skipped update leaves the weights and
        the optimizer state untouched and counts in `skipped_updates`.

        The flag is all-reduced so that all replicas (and workers) take the same
        branch. The conditional apply follows keras.optimizers.LossScaleOptimizer:
        under strategies that need merge_call, the cond runs in cross-replica
        context around a per-replica apply.

        Variables without a gradient (layers a step does not use, such as a
        growing network's other resolutions) are left out of the update.
        """
        used = [(grad, variable) for grad, variable in zip(grads, variables, strict=True) if grad is not None]
        grads, variables = [grad for grad, _ in used], [variable for _, variable in used]
        checks = [tf.reduce_all(tf.math.is_finite(loss))]
        checks += [tf.reduce_all(tf.math.is_finite(g)) for g in grads]
        bad_here = 1.0 - tf.cast(tf.reduce_all(tf.stack(checks)), tf.float32)
        replica = tf.distribute.get_replica_context()
        finite = replica.all_reduce(tf.distribute.ReduceOp.SUM, bad_here) < 0.5
        if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
            # Mixed float16: overflowing scaled gradients are how the loss scale
            # learns to shrink, so the LossScaleOptimizer sees every step, skips
            # the non-finite ones itself and lowers its scale.
            optimizer.apply(grads, variables)
            self.skipped_tracker.update_state(1.0 - tf.cast(finite, tf.float32))
            return finite

        def apply():
            optimizer.apply(grads, variables)
            return tf.constant(True)

        if tf.__internal__.distribute.strategy_supports_no_merge_call():
            tf.cond(finite, apply, lambda: tf.constant(False))
        else:
            def cross_replica(distribution, finite, grads):
                def apply_everywhere():
                    distribution.extended.call_for_each_replica(optimizer.apply, args=(grads, variables))
                    return tf.constant(True)

                decided = distribution.experimental_local_results(finite)[0]
                tf.cond(decided, apply_everywhere, lambda: tf.constant(False))

            replica.merge_call(cross_replica, args=(finite, grads))
        self.skipped_tracker.update_state(1.0 - tf.cast(finite, tf.float32))
        return finite

    # ---------------------------------------------------------------- hooks

    def discriminate(self, images, labels, training=True):
        """The discriminator's output per example; a discriminator with a label input gets the labels."""
        return call_with_labels(self.discriminator, images, labels, training)

    def discriminator_loss(self, real_images, fake_images, labels):
        """Returns (per-example loss [batch], real outputs, fake outputs)."""
        real_out = self.discriminate(real_images, labels)
        fake_out = self.discriminate(fake_images, labels)
        options = {"label_smoothing": self.label_smoothing} if self.label_smoothing else {}
        per_example = self.objective.discriminator_loss(real_out, fake_out, **options)
        return per_example, real_out, fake_out

    def generator_loss(self, real_images, fake_images, labels):
        """Returns the generator's per-example loss [batch]."""
        fake_out = self.discriminate(fake_images, labels)
        real_out = self.discriminate(real_images, labels) if self.objective.generator_uses_real else None
        return self.objective.generator_loss(real_out, fake_out)

    def generator_penalty(self):
        """A scalar added once per step to the generator's loss, or None (BigGAN's
        orthogonal regularization). It is a regularizer, not a per-example loss:
        `scale_regularizer` gives each replica its share."""
        return None

    def after_discriminator_step(self):
        """Runs after every discriminator update (e.g. WGAN's weight clipping)."""
        return None

    def sample_z(self, batch_size):
        """Draws this replica's z ~ N(0, I) [batch_size, z_dim]."""
        return self.draw(tf.random.stateless_normal, batch_size, (self.z_dim,))

    def draw(self, sampler, batch_size, event_shape=()):
        """This replica's slice of a per-example random draw from the model's seed.

        Every replica draws the GLOBAL batch from the same seed and keeps its
        own slice, so replicas get different values and a step on R replicas
        uses exactly the values of the same step on one device: the same seed
        gives the same numbers whatever the strategy.

        Args:
            sampler: a stateless sampler, e.g. tf.random.stateless_normal.
            batch_size: this replica's examples.
            event_shape: the shape drawn per example.
        """
        seed = tf.cast(self.seed_generator.next(), tf.int64)
        replica = tf.distribute.get_replica_context()
        replicas, index = 1, 0
        if replica is not None:
            replicas, index = replica.num_replicas_in_sync, replica.replica_id_in_sync_group
        values = sampler([batch_size * replicas, *event_shape], seed=seed)
        return values[index * batch_size:(index + 1) * batch_size]

    def global_mean(self, values, axis=None):
        """Mean of `values` over the global batch: all-reduced across replicas.

        For batch statistics that a loss needs (relativistic averages,
        BEGAN's equilibrium, feature matching's mean features), so a step
        does not depend on the replica count.

        Args:
            values: [batch, ...] on this replica.
            axis: None for one scalar over everything; 0 for the mean
                over the batch of each feature.
        """
        values = at_least_float32(values)
        replica = tf.distribute.get_replica_context()
        if replica is None or replica.num_replicas_in_sync == 1:
            return tf.reduce_mean(values, axis=axis)
        total = tf.reduce_sum(values, axis=axis)
        # Replicas hold equal batches, so the global count is this replica's times R.
        count = tf.cast(tf.size(values) // tf.size(total) * replica.num_replicas_in_sync, values.dtype)
        return replica.all_reduce(tf.distribute.ReduceOp.SUM, total) / count

    def scale_regularizer(self, value):
        """A scalar regularizer's share on this replica: value / replicas.

        The replicas' gradients are summed, so each contributes 1/R of a term
        that is not a per-example loss (tf.nn.scale_regularization_loss).
        """
        return tf.nn.scale_regularization_loss(at_least_float32(value))

    def reduce_loss(self, per_example_loss):
        """The one reduction: sum over the replica's examples / GLOBAL batch.

        Replicas' gradients are summed by the optimizer, so dividing by the
        global batch (not the replica's) makes every strategy match one device.
        """
        return tf.nn.compute_average_loss(at_least_float32(per_example_loss))

    # --------------------------------------------------------------- config

    def get_config(self):
        if self.objective is not None and self.objective.name not in OBJECTIVES:
            raise ValueError(
                f"objective {self.objective.name!r} is not registered, so the model "
                "cannot be serialized; register it with tfgan_zoo.registry.OBJECTIVES"
            )
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "d_steps": self.d_steps,
            "updates": self.updates,
            "label_smoothing": self.label_smoothing,
            **{name: getattr(self, name) for name in AID_ARGUMENTS},
            "num_classes": self.num_classes,
            "seed": self.seed,
            "z_dim": self.z_dim,
        }
        if self.fixed_objective is None:
            config["objective"] = self.objective.name
        return config

    @classmethod
    def from_config(cls, config):
        config = copy.deepcopy(config)  # deserialization consumes nested dicts
        for key in ("generator", "discriminator"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)

