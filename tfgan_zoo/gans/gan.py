"""The `GAN` base model: a template `train_step` that every variant specialises."""

from typing import NamedTuple

import keras
import tensorflow as tf

from tfgan_zoo import aids as aids_lib
from tfgan_zoo import replicas
from tfgan_zoo.gans.objectives import get_objective
from tfgan_zoo.gans.pair import NetworkPair, check_labels
from tfgan_zoo.networks.calls import call_with_labels
from tfgan_zoo.registry import OBJECTIVES, VARIANTS

# Names other modules import from here.
__all__ = ["GAN", "OWN_LOSSES", "UPDATE_ORDERS", "call_with_labels", "check_labels", "unpack_batch"]

# How a step's last D update and its G update relate (`GAN`'s `updates`):
# "alternating" (Goodfellow et al. 2014, Algorithm 1): D is updated, then G
# with fresh z against the updated D.
# "simultaneous": one generated batch and one D pass on it give both
# gradients, both taken at the same weights, then both are applied (the
# TensorFlow DCGAN tutorial's two-tape step, TF-GAN's joint train ops). It
# skips a G pass and a D pass per step and is a different algorithm, not a
# faster route to the same weights. With d_steps = k > 1 the first k - 1 D
# updates are alternating ones. A generator loss that needs its own D pass
# (unrolling, replay, a variant's own `generator_loss` without its own
# `generator_loss_on_pass`) still gets one; the gradients are still
# simultaneous.
# "alternating_same_batch" (the PyTorch DCGAN example's step): D is updated on
# one generated batch, then G against the updated D on that same batch, its
# gradient through the G pass D's update was given (`fake.detach()` for D,
# then `netD(fake)` for G). Alternating with D's z reused for G, as
# `shared_latents` does, but with one G pass a step where that takes two (3 G +
# 8 D forward-pass equivalents against 4 G + 8 D), and one update of G's
# batch-norm statistics. With d_steps = k > 1 the first k - 1 D updates draw
# their own z, as in the other orders.
UPDATE_ORDERS = ("alternating", "simultaneous", "alternating_same_batch")

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


class _LossTerms(NamedTuple):
    """One network's loss in a step: per example (for its metric), reduced, and
    as its optimizer differentiates it; the aids' (tracker, values) reports;
    for D also its outputs (as `discriminator_loss` returns them) and, when
    G's loss on the same batch may reuse that pass, the (real, fake) inputs it
    saw."""

    per_example: tf.Tensor
    loss: tf.Tensor
    scaled: tf.Tensor
    reports: tuple = ()
    real_out: tf.Tensor = None
    fake_out: tf.Tensor = None
    inputs: tuple = None


def _add_terms(per_example, terms):
    """per_example + sum of weight * values; returns it with the terms' (tracker, values) reports."""
    reports = []
    for term in terms:
        weighted = term.weight * term.values
        per_example += weighted if weighted.shape.rank else weighted * tf.ones_like(per_example)
        if term.tracker is not None:
            reports.append((term.tracker, term.values))
    return per_example, tuple(reports)


@VARIANTS.register("gan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class GAN(NetworkPair):
    """A generator and a discriminator trained against each other.

    Goodfellow et al. 2014, "Generative Adversarial Networks" (arXiv 1406.2661):
    by default the original minimax game, min_G max_D E log D(x) + E log(1 - D(G(z))).
    Any registered objective can be chosen by name; the variants in this
    package (`nsgan`, `wgan`, `hinge`, ...) fix theirs and add what their
    paper adds.

    One `train_step` is `d_steps` discriminator updates, each on its own
    interleaved slice of the real batch (WGAN's Algorithm 1, arXiv
    1701.07875: the trainer feeds d_steps * batch_size real images), then
    `g_steps` generator updates (one by default). Losses are per example
    until `replicas.reduce_loss` divides by the GLOBAL batch, so any
    strategy matches one device; an
    update with a non-finite loss or gradient is skipped on every replica.
    Subclasses override only the hooks at the end of the class. Training
    aids (`tfgan_zoo.aids`) are objects whose hooks the step calls; a
    variant names those it refuses, and why, in `refused_aids`.

    Args:
        generator: keras.Model mapping z [batch, z_dim] to images in [-1, 1].
        discriminator: keras.Model mapping images to one logit/score per example.
        objective: name of a registered objective (`tfgan-zoo list`) or an
            `Objective`: "minimax" (default), "non_saturating", "wasserstein",
            "least_squares", "hinge", "relativistic", "relativistic_average".
        d_steps: discriminator updates per generator update.
        g_steps: generator updates per step, each on the same z (the code of PacGAN's
            Stacked MNIST experiment, arXiv 1712.04086, and of carpedm20's DCGAN runs G's
            update twice "to make sure that d_loss does not go to zero"); alternating only.
        updates: how a step's last D update and its G update relate:
            "alternating" (default), "simultaneous" or "alternating_same_batch"
            (see `UPDATE_ORDERS`).
        shared_latents: D's update generates from the z that the step's G updates then
            take, where by default it draws its own (PacGAN's Stacked MNIST code feeds
            one z to D's update and G's two); alternating, with d_steps=1, only.
        label_smoothing: one-sided label smoothing of the real targets
            (Salimans et al. 2016, arXiv 1606.03498); probabilistic objectives only.
        num_classes: > 0 makes the model class-conditional: the generator
            takes [z, label] and a discriminator with two inputs takes
            [images, label]. Generated examples take the labels of the real
            batch they are paired with. 0 (default): unconditional; labels in
            the data are ignored.
        seed: seed of the model's own noise generator.
        z_dim: latent size; read from the generator's (first) input when None.
        aids: training aids (`tfgan_zoo.aids`: objects or their configs).
        **kwargs: Keras model arguments, and the aids' flat fields
            (`packing=2`, `ema_decay=0.999`; `tfgan-zoo list`), made into aids.

    Example:
        >>> from tfgan_zoo import aids
        >>> from tfgan_zoo.networks import dcgan
        >>> gan = GAN(dcgan.dcgan_mnist_generator(), dcgan.dcgan_mnist_discriminator(),
        ...           objective="non_saturating", aids=[aids.GeneratorEMA(0.999)])
        >>> gan.compile(keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4))
        >>> gan.fit(mnist_images, batch_size=256, epochs=1)  # doctest: +SKIP
    """

    # Variants defined by their objective set this (or OWN_LOSSES); their
    # `objective` argument may then only repeat it.
    fixed_objective = None
    # {aid name: why this variant refuses it}; the key "*" refuses every aid.
    refused_aids = {}
    # The smallest networks the shared tests build a variant with ({role: a
    # registered network's name and arguments}); with num_classes given, the
    # tests also pass it (and conditional=True) to factories that take them.
    test_networks = {
        "generator": {"name": "dcgan_generator", "resolution": 8, "channels": 1, "z_dim": 8, "base_filters": 4},
        "discriminator": {"name": "dcgan_discriminator", "resolution": 8, "channels": 1, "base_filters": 4},
    }

    def __init__(self, generator, discriminator, objective=None, d_steps=1, updates="alternating",
                 label_smoothing=0.0, num_classes=0, seed=0, z_dim=None, aids=(), g_steps=1, shared_latents=False,
                 **kwargs):
        flat_aids, kwargs = aids_lib.from_fields(kwargs)
        # The step's own arguments are checked before the networks are.
        objective = self._checked_objective(objective, label_smoothing)
        if d_steps < 1:
            raise ValueError(f"d_steps must be >= 1, got {d_steps}")
        if updates not in UPDATE_ORDERS:
            raise ValueError(f"updates must be one of {', '.join(UPDATE_ORDERS)}, got {updates!r}")
        if g_steps < 1:
            raise ValueError(f"g_steps must be >= 1, got {g_steps}")
        if g_steps > 1 and updates != "alternating":
            raise ValueError(f"g_steps={g_steps} repeats G's update after D's; a {updates} step shares one "
                             "pass between them, so use updates='alternating' or g_steps=1")
        if g_steps > 1 and type(self).train_step is not GAN.train_step:
            raise ValueError(f"{type(self).__name__} has its own training step, which takes one generator "
                             "update per step; use g_steps=1")
        if not isinstance(shared_latents, bool):
            raise ValueError(f"shared_latents must be true or false, got {shared_latents!r}")
        if shared_latents and (updates != "alternating" or d_steps != 1 or type(self).train_step is not GAN.train_step):
            raise ValueError("shared_latents gives D's one update the z of G's updates after it: it needs "
                             "updates='alternating', d_steps=1 and the shared training step")
        super().__init__(generator, discriminator, num_classes=num_classes, seed=seed, z_dim=z_dim, **kwargs)
        self.objective = objective
        self.label_smoothing = label_smoothing
        self.d_steps = d_steps
        self.g_steps = g_steps
        self.shared_latents = shared_latents
        self.updates = updates
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
        self.aids = aids_lib.attach(self, [*aids, *flat_aids])

    # ----------------------------------------------------------------- setup

    @classmethod
    def _checked_objective(cls, objective, label_smoothing):
        """The `Objective` this variant trains with (None for OWN_LOSSES), after checking label smoothing."""
        if cls.fixed_objective is not None and objective not in (None, cls.fixed_objective):
            raise ValueError(f"{cls.__name__} always uses its own objective, not {objective!r}; use "
                             f"variant 'gan' with objective={objective!r} instead")
        chosen = cls.fixed_objective or objective or "minimax"
        objective = None if chosen == OWN_LOSSES else get_objective(chosen)
        if not 0.0 <= label_smoothing < 1.0:
            raise ValueError(f"label_smoothing must be in [0, 1), got {label_smoothing}; 0.1 is the usual "
                             "one-sided smoothing")
        if label_smoothing and not getattr(objective, "supports_label_smoothing", False):
            raise ValueError(f"label_smoothing applies to probabilistic objectives (minimax, non_saturating), "
                             f"not {cls.__name__}'s; set it to 0")
        return objective

    @classmethod
    def supports_aid(cls, name):
        return name not in cls.refused_aids and "*" not in cls.refused_aids

    def aid(self, name):
        """The attached aid registered as `name`, or None."""
        return next((aid for aid in self.aids if aid.name == name), None)

    def compile(self, g_optimizer, d_optimizer, **kwargs):
        super().compile(g_optimizer, d_optimizer, **kwargs)
        for aid in self.aids:
            aid.check_optimizers(self)

    def checkpoint_items(self):
        """The networks', optimizers' and seeds' state (`NetworkPair`), and each aid's."""
        items = super().checkpoint_items()
        for aid in self.aids:
            items.update(aid.checkpoint_items())
        return items

    @property
    def metrics(self):
        return [self.g_loss_tracker, self.d_loss_tracker, self.real_score_tracker, self.fake_score_tracker,
                self.skipped_tracker, *(tracker for aid in self.aids for tracker in aid.metrics)]

    def sampling_generator(self):
        """The generator to sample and export from: G, or what an aid makes of it
        (the EMA's averaged copy). Call outside a step."""
        generator = self.generator
        for aid in self.aids:
            generator = aid.sampling_generator(self, generator)
        return generator

    # ------------------------------------------------------------- the step

    def train_step(self, data):
        real_images, labels = unpack_batch(data)
        labels = self.step_labels(real_images, labels)
        real_slices = self._split_for_d_steps(real_images)
        label_slices = self._split_for_d_steps(labels) if labels is not None else [None] * self.d_steps
        simultaneous = self.updates == "simultaneous"
        same_batch = self.updates == "alternating_same_batch"
        # Simultaneous and same-batch: the last slice's D update is taken together with G's.
        d_only = self.d_steps - 1 if simultaneous or same_batch else self.d_steps
        shared_z = self.sample_z(tf.shape(real_slices[-1])[0]) if self.shared_latents else None
        applied = [self._discriminator_update(real, slice_labels, shared_z)
                   for real, slice_labels in zip(real_slices[:d_only], label_slices[:d_only], strict=True)]
        if simultaneous:
            applied += self._simultaneous_updates(real_slices[-1], label_slices[-1])
        elif same_batch:
            applied += self._same_batch_updates(real_slices[-1], label_slices[-1])
        else:
            z = shared_z if self.shared_latents else self.sample_z(tf.shape(real_slices[-1])[0])
            applied += [self._generator_update(real_slices[-1], label_slices[-1], z)
                        for _ in range(self.g_steps)]
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
            raise ValueError(f"a batch of {rows} real examples cannot be split into d_steps={self.d_steps} "
                             "equal slices; feed d_steps * batch_size examples per step")
        # Update i takes rows i, i + k, i + 2k, ... (k = d_steps). A replica
        # holds a contiguous block of the global batch whose length is a
        # multiple of k, so its share of update i is exactly its block of the
        # global slice i: R replicas train on what one device trains on.
        return tf.unstack(tf.reshape(tensor, [-1, self.d_steps, *tensor.shape[1:]]), axis=1)

    def _discriminator_update(self, real_images, labels, z=None, fake_images=None):
        if fake_images is None:
            fake_images = self.generate(self.sample_z(tf.shape(real_images)[0]) if z is None else z, labels)
        with tf.GradientTape() as tape:
            terms = self._discriminator_terms(real_images, fake_images, labels)
        return self._apply_discriminator_update(
            tape.gradient(terms.scaled, self.discriminator.trainable_variables), terms)

    def _generator_update(self, real_images, labels, z):
        with tf.GradientTape() as tape:
            terms = self._generator_terms(real_images, self.generate(z, labels), labels)
        return self._apply_generator_update(tape.gradient(terms.scaled, self.generator.trainable_variables), terms)

    def _same_batch_updates(self, real_images, labels):
        """D's update on one generated batch, then G's against the updated D on that batch, its
        gradient through the same G pass (D's update is not recorded on G's tape)."""
        with tf.GradientTape() as g_tape:
            fake_images = self.generate(self.sample_z(tf.shape(real_images)[0]), labels)
            with g_tape.stop_recording():
                d_applied = self._discriminator_update(real_images, labels, fake_images=fake_images)
            g_terms = self._generator_terms(real_images, fake_images, labels)
        g_gradients = g_tape.gradient(g_terms.scaled, self.generator.trainable_variables)
        return [d_applied, self._apply_generator_update(g_gradients, g_terms)]

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

    def discriminator_inputs(self, images):
        """What the discriminator sees of a batch, after the aids (instance noise, packing)."""
        for aid in self.aids:
            images = aid.discriminator_input(self, images)
        return images

    def _discriminator_labels(self, labels):
        for aid in self.aids:
            labels = aid.discriminator_labels(labels)
        return labels

    def _regularizers(self, hook):
        """Each aid's scalar regularizer from `hook`, this replica's share, summed."""
        values = [value for value in (hook(aid) for aid in self.aids) if value is not None]
        return sum(replicas.scale_regularizer(value) for value in values) if values else 0.0

    def penalized_discriminator_loss(self, real_in, fake_in, labels):
        """`discriminator_loss` plus the aids' per-example terms (gradient penalties):
        (per example, real outputs, fake outputs, the terms' reports)."""
        per_example, real_out, fake_out = self.discriminator_loss(real_in, fake_in, labels)
        terms = [aid.discriminator_term(self, real_in, fake_in, labels) for aid in self.aids]
        per_example, reports = _add_terms(per_example, [term for term in terms if term is not None])
        return per_example, real_out, fake_out, reports

    def _discriminator_terms(self, real_images, fake_images, labels):
        """D's loss on a real and a generated batch (computed inside the caller's tape)."""
        for aid in self.aids:
            fake_images = aid.discriminator_fakes(self, fake_images)
        real_in, fake_in = self.discriminator_inputs(real_images), self.discriminator_inputs(fake_images)
        per_example, real_out, fake_out, reports = self.penalized_discriminator_loss(
            real_in, fake_in, self._discriminator_labels(labels))
        loss = replicas.reduce_loss(per_example) + self._regularizers(lambda aid: aid.discriminator_regularizer(self))
        # A generator loss on the same batch may reuse this pass, unless an
        # aid (replay) changed what D trained on.
        reusable = all(aid.reuses_discriminator_pass for aid in self.aids)
        return _LossTerms(per_example, loss, replicas.scale_loss(self.d_optimizer, loss), reports, real_out,
                          fake_out, (real_in, fake_in) if reusable else None)

    def _generator_terms(self, real_images, fake_images, labels, d_terms=None):
        """G's loss on a generated batch (computed inside the caller's tape).

        With `d_terms`, D's loss on this very batch, the generator's loss
        reuses D's inputs and, where the loss is the objective's, its outputs.
        """
        labels = self._discriminator_labels(labels)
        d_outputs = None
        if d_terms is None or d_terms.inputs is None:
            real_in, fake_in = self.discriminator_inputs(real_images), self.discriminator_inputs(fake_images)
        else:
            (real_in, fake_in), d_outputs = d_terms.inputs, (d_terms.real_out, d_terms.fake_out)
        per_example = self._adversarial_generator_loss(real_in, fake_in, labels, d_outputs)
        terms = [aid.generator_term(self, real_in, fake_in, labels) for aid in self.aids]
        per_example, reports = _add_terms(per_example, [term for term in terms if term is not None])
        loss = replicas.reduce_loss(per_example) + self._regularizers(lambda aid: aid.generator_regularizer(self))
        penalty = self.generator_penalty()
        if penalty is not None:
            loss += replicas.scale_regularizer(penalty)
        return _LossTerms(per_example, loss, replicas.scale_loss(self.g_optimizer, loss), reports)

    def _adversarial_generator_loss(self, real_in, fake_in, labels, d_outputs=None):
        weight = 1.0
        for aid in self.aids:
            weight *= aid.adversarial_weight
        if not weight:
            return tf.zeros([tf.shape(fake_in)[0]])
        replaced = [aid.adversarial_generator_loss(self, real_in, fake_in, labels) for aid in self.aids]
        replaced = [loss for loss in replaced if loss is not None]
        if replaced:
            per_example = replaced[0]
        else:
            variant = type(self)
            reads_pass = (variant.generator_loss is GAN.generator_loss
                          or variant.generator_loss_on_pass is not GAN.generator_loss_on_pass)
            if d_outputs is not None and reads_pass:
                # What `generator_loss` computes, from D's outputs of this very pass.
                per_example = self.generator_loss_on_pass(*d_outputs, labels)
            else:
                per_example = self.generator_loss(real_in, fake_in, labels)
        for aid in self.aids:
            per_example = aid.reweigh_adversarial_loss(self, per_example)
        return weight * per_example if weight != 1 else per_example

    def _apply_discriminator_update(self, gradients, terms):
        applied = self.apply_if_finite(self.d_optimizer, terms.loss, gradients,
                                       self.discriminator.trainable_variables)
        self.after_discriminator_step()
        for aid in self.aids:
            aid.after_discriminator_update(self, applied)
        for tracker, values in ((self.d_loss_tracker, terms.per_example),
                                (self.real_score_tracker, self.score(terms.real_out)),
                                (self.fake_score_tracker, self.score(terms.fake_out)), *terms.reports):
            replicas.update_if(tracker, values, applied)
        return applied

    def _apply_generator_update(self, gradients, terms):
        applied = self.apply_if_finite(self.g_optimizer, terms.loss, gradients, self.generator.trainable_variables)
        for aid in self.aids:
            aid.after_generator_update(self, applied)
        for tracker, values in ((self.g_loss_tracker, terms.per_example), *terms.reports):
            replicas.update_if(tracker, values, applied)
        return applied

    def apply_if_finite(self, optimizer, loss, gradients, variables):
        """Applies the update when the loss and gradients are finite on every
        replica (`replicas.apply_if_finite`); counts a skipped one."""
        applied = replicas.apply_if_finite(optimizer, loss, gradients, variables)
        self.skipped_tracker.update_state(1.0 - tf.cast(applied, tf.float32))
        return applied

    # ---------------------------------------------------------------- hooks

    def discriminate(self, images, labels, training=True):
        """The discriminator's output per example; a discriminator with a label input gets the labels."""
        return call_with_labels(self.discriminator, images, labels, training)

    def discriminator_loss(self, real_images, fake_images, labels):
        """Returns (per-example loss [batch], real outputs, fake outputs)."""
        real_out = self.discriminate(real_images, labels)
        fake_out = self.discriminate(fake_images, labels)
        return self.objective_discriminator_loss(real_out, fake_out), real_out, fake_out

    def objective_discriminator_loss(self, real_out, fake_out):
        """The objective's per-example D loss on D's outputs, with one-sided label smoothing when set."""
        options = {"label_smoothing": self.label_smoothing} if self.label_smoothing else {}
        return self.objective.discriminator_loss(real_out, fake_out, **options)

    def generator_loss(self, real_images, fake_images, labels):
        """Returns the generator's per-example loss [batch]."""
        fake_out = self.discriminate(fake_images, labels)
        real_out = self.discriminate(real_images, labels) if self.objective.generator_uses_real else None
        return self.objective.generator_loss(real_out, fake_out)

    def generator_loss_on_pass(self, real_out, fake_out, labels):
        """G's per-example loss from D's outputs of the pass it shares with D's loss (the
        `simultaneous` order; the outputs as `discriminator_loss` returned them): the
        objective's. A variant with its own `generator_loss` that can be computed from those
        outputs overrides this too; one that does not gets a D pass of its own."""
        return self.objective.generator_loss(real_out if self.objective.generator_uses_real else None, fake_out)

    def score(self, outputs):
        """The real/fake score in D's outputs as `discriminator_loss` returns them (what the
        real_score and fake_score metrics average): the outputs themselves, unless a variant
        returns more (`AuxiliaryHeadGAN`: [logit, head])."""
        return outputs

    def step_labels(self, real_images, labels):
        """The labels a step trains with: the data's (None for unlabelled data).
        InfoGAN draws its categorical codes here instead."""
        return labels

    def generator_penalty(self):
        """A scalar added once per step to the generator's loss, or None (BigGAN's
        orthogonal regularization); `scale_regularizer` gives each replica its share."""
        return None

    def after_discriminator_step(self):
        """Runs after every discriminator update (e.g. WGAN's weight clipping)."""
        return None

    def refit_due(self, step):
        """How many real examples `refit` needs before train step `step`: 0 (no refit) unless
        the variant derives state from the data between steps (the self-conditioned GAN's
        clusters). The trainer calls it before every step."""
        del step
        return 0

    def refit(self, real_images, step):
        """Derives the variant's state from `real_images` (the run's first `refit_due(step)`)
        before train step `step`; returns a line saying what it found."""
        raise NotImplementedError(f"{type(self).__name__} fits nothing from the data between steps")

    def sample_z(self, batch_size):
        """Draws this replica's z ~ N(0, I) [batch_size, z_dim]."""
        return self.draw(tf.random.stateless_normal, batch_size, (self.z_dim,))

    # --------------------------------------------------------------- config

    def get_config(self):
        if self.objective is not None and self.objective.name not in OBJECTIVES:
            raise ValueError(f"objective {self.objective.name!r} is not registered, so the model cannot be "
                             "serialized; register it with tfgan_zoo.registry.OBJECTIVES")
        config = {**super().get_config(), "d_steps": self.d_steps, "g_steps": self.g_steps,
                  "shared_latents": self.shared_latents, "updates": self.updates,
                  "label_smoothing": self.label_smoothing,
                  # The aids as their flat fields: the form configs and older models use.
                  **{field: value for aid in self.aids for field, value in aid.get_config().items()
                     if field != "name"}}
        if self.fixed_objective is None:
            config["objective"] = self.objective.name
        return config
