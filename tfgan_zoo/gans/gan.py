"""The `GAN` base model: a template `train_step` that every variant specialises."""

import copy

import keras
import tensorflow as tf

from tfgan_zoo.gans.objectives import get_objective
from tfgan_zoo.registry import OBJECTIVES, VARIANTS

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
    discriminator updates. The real batch is split into `d_steps` equal slices
    so that each discriminator update sees fresh real images (Algorithm 1 of
    WGAN, arXiv 1701.07875); the trainer therefore feeds `d_steps * batch_size`
    real images per step. Losses are computed per example and reduced in
    `reduce_loss` only, dividing by the GLOBAL batch so that the summed
    gradients of all replicas equal the single-device gradient.

    Subclasses override only what differs: `discriminator_loss`,
    `generator_loss`, `after_discriminator_step`, `sample_z`.

    Args:
        generator: keras.Model mapping z [batch, z_dim] to images in [-1, 1].
        discriminator: keras.Model mapping images to one logit/score per example.
        objective: name of a registered objective (`tfgan-zoo list`) or an
            `Objective`: "minimax" (default), "non_saturating", "wasserstein",
            "least_squares", "hinge", "relativistic", "relativistic_average".
        d_steps: discriminator updates per generator update.
        label_smoothing: one-sided label smoothing of the real targets
            (Salimans et al. 2016, arXiv 1606.03498); probabilistic objectives only.
        seed: seed of the model's own noise generator.
        z_dim: latent size; read from the generator's input when None.

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

    def __init__(self, generator, discriminator, objective=None, d_steps=1,
                 label_smoothing=0.0, seed=0, z_dim=None, **kwargs):
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
        if label_smoothing and not getattr(self.objective, "supports_label_smoothing", False):
            raise ValueError(
                f"label_smoothing applies to probabilistic objectives (minimax, "
                f"non_saturating), not {type(self).__name__}'s; set it to 0"
            )
        self.d_steps = d_steps
        self.label_smoothing = label_smoothing
        self.seed = seed
        self.z_dim = z_dim if z_dim is not None else generator.input_shape[-1]
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
        self.g_optimizer = None
        self.d_optimizer = None

    # ----------------------------------------------------------------- setup

    def compile(self, g_optimizer, d_optimizer, **kwargs):
        """Sets and BUILDS both optimizers, so no slot is created inside a replica."""
        super().compile(**kwargs)
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        g_optimizer.build(self.generator.trainable_variables)
        d_optimizer.build(self.discriminator.trainable_variables)

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
        return {
            "generator": self.generator,
            "discriminator": self.discriminator,
            "g_optimizer": self.g_optimizer,
            "d_optimizer": self.d_optimizer,
            "seed_generator_state": self.seed_generator.state,
            "network_seed_states": network_seeds,
        }

    @property
    def metrics(self):
        return [self.g_loss_tracker, self.d_loss_tracker,
                self.real_score_tracker, self.fake_score_tracker, self.skipped_tracker]

    # ------------------------------------------------------------- the step

    def call(self, z, training=False):
        return self.generator(z, training=training)

    def train_step(self, data):
        real_images, labels = unpack_batch(data)
        real_slices = self._split_for_d_steps(real_images)
        label_slices = self._split_for_d_steps(labels) if labels is not None else [None] * self.d_steps
        applied = [self._discriminator_update(real, slice_labels)
                   for real, slice_labels in zip(real_slices, label_slices, strict=True)]
        applied.append(self._generator_update(real_slices[-1], label_slices[-1]))
        step_ok = tf.reduce_all(tf.stack(applied))
        self.bad_streak.assign(tf.where(step_ok, tf.constant(0, tf.int64), self.bad_streak + 1))
        return {metric.name: metric.result() for metric in self.metrics}

    def _split_for_d_steps(self, tensor):
        if self.d_steps == 1:
            return [tensor]
        rows = tensor.shape[0]
        if rows is not None and rows % self.d_steps:
            raise ValueError(
                f"a batch of {rows} real examples cannot be split into d_steps="
                f"{self.d_steps} equal slices; feed d_steps * batch_size examples per step"
            )
        return tf.split(tensor, self.d_steps, axis=0)

    def _discriminator_update(self, real_images, labels):
        z = self.sample_z(tf.shape(real_images)[0])
        fake_images = self.generator(z, training=True)
        with tf.GradientTape() as tape:
            per_example, real_out, fake_out = self.discriminator_loss(real_images, fake_images, labels)
            loss = self.reduce_loss(per_example)
        variables = self.discriminator.trainable_variables
        finite = self._apply_if_finite(self.d_optimizer, loss, tape.gradient(loss, variables), variables)
        self.after_discriminator_step()
        _update_if(self.d_loss_tracker, per_example, finite)
        _update_if(self.real_score_tracker, real_out, finite)
        _update_if(self.fake_score_tracker, fake_out, finite)
        return finite

    def _generator_update(self, real_images, labels):
        z = self.sample_z(tf.shape(real_images)[0])
        with tf.GradientTape() as tape:
            fake_images = self.generator(z, training=True)
            per_example = self.generator_loss(real_images, fake_images, labels)
            loss = self.reduce_loss(per_example)
        variables = self.generator.trainable_variables
        finite = self._apply_if_finite(self.g_optimizer, loss, tape.gradient(loss, variables), variables)
        _update_if(self.g_loss_tracker, per_example, finite)
        return finite

    def _apply_if_finite(self, optimizer, loss, grads, variables):
        """Applies the update only when the loss and every gradient are finite on
        every replica; returns that flag. A skipped update leaves the weights and
        the optimizer state untouched and counts in `skipped_updates`.

        The flag is all-reduced so that all replicas (and workers) take the same
        branch. The conditional apply follows keras.optimizers.LossScaleOptimizer:
        under strategies that need merge_call, the cond runs in cross-replica
        context around a per-replica apply.
        """
        checks = [tf.reduce_all(tf.math.is_finite(loss))]
        checks += [tf.reduce_all(tf.math.is_finite(g)) for g in grads if g is not None]
        bad_here = 1.0 - tf.cast(tf.reduce_all(tf.stack(checks)), tf.float32)
        replica = tf.distribute.get_replica_context()
        finite = replica.all_reduce(tf.distribute.ReduceOp.SUM, bad_here) < 0.5

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
        """The discriminator's output per example; conditional variants use labels."""
        del labels
        return self.discriminator(images, training=training)

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

    def global_mean(self, values):
        """Mean of `values` over the global batch: all-reduced across replicas.

        For batch statistics that a loss needs (relativistic averages,
        BEGAN's equilibrium), so a step does not depend on the replica count.
        """
        values = tf.cast(values, tf.float32)
        replica = tf.distribute.get_replica_context()
        if replica is None or replica.num_replicas_in_sync == 1:
            return tf.reduce_mean(values)
        # Replicas hold equal batches, so the global count is static.
        count = tf.cast(tf.size(values) * replica.num_replicas_in_sync, tf.float32)
        return replica.all_reduce(tf.distribute.ReduceOp.SUM, tf.reduce_sum(values)) / count

    def reduce_loss(self, per_example_loss):
        """The one reduction: sum over the replica's examples / GLOBAL batch.

        Replicas' gradients are summed by the optimizer, so dividing by the
        global batch (not the replica's) makes every strategy match one device.
        """
        return tf.nn.compute_average_loss(tf.cast(per_example_loss, tf.float32))

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
            "label_smoothing": self.label_smoothing,
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

