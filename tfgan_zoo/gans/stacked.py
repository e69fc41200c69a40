"""Stacked GAN (Huang et al. 2017, "Stacked Generative Adversarial Networks", arXiv 1612.04357)."""

import dataclasses

import keras
import tensorflow as tf

from tfgan_zoo.gans.gan import GAN, _update_if, unpack_batch
from tfgan_zoo.losses.classification import auxiliary_classifier_loss
from tfgan_zoo.losses.stacked import conditional_class_loss, conditional_feature_loss, entropy_loss
from tfgan_zoo.networks.stacked import ENCODER_CLASSES_LAYER, feature_discriminator, mnist_encoder
from tfgan_zoo.registry import VARIANTS

STAGES = ("encoder", "stack_1", "stack_0", "joint")


@dataclasses.dataclass(frozen=True)
class Stage:
    """One stage of Stacked GAN training over train steps [start, end) (end None: until the run ends)."""

    index: int
    name: str
    resolution: int
    batch_size: int
    start: int
    end: int | None


@VARIANTS.register("sgan_stacked")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class StackedGAN(GAN):
    """Two stacked conditional GANs inverting a classifier, trained stack by stack, then jointly.

    Stack i's generator G_i maps the representation above, h_{i+1}, and noise
    z_i to the representation below; h_2 = y (the class), h_1 = the encoder's
    features E0(x), h_0 = x. Each stack has three losses (section 3):

        L_G_i = w_adv L_adv + w_cond L_cond + w_ent L_ent
        L_adv  = -log D_i(G_i(h_{i+1}, z_i))                  (non-saturating)
        L_cond = f(E_i(G_i(h_{i+1}, z_i)), h_{i+1})           (cross-entropy for y, squared L2 for h1)
        L_ent  = 0.5 ||Q_i(G_i(h_{i+1}, z_i)) - z_i||^2        (Q_i shares D_i's layers)
        L_D_i  = -log D_i(h_i) - log(1 - D_i(G_i(h_{i+1}, z_i))) + w_ent L_ent   (Q_i learns with D_i)

    Stages, from the train step (the trainer switches at their ends; the
    stage is model state, saved with checkpoints):
        encoder  (encoder_steps): E trains as a classifier on (x, y); then it is frozen.
        stack_1  (stack_steps):   G1, D1 on real features h1 = E0(x) and real labels.
        stack_0  (stack_steps):   G0, D0 conditioned on real h1 = E0(x) (independent training).
        joint    (the rest):      G0(G1(y, z1), z0) end to end; L_G1 + L_G0 flows into both stacks.

    Args:
        generator: `stacked_mnist_generator` (the chain, with sub-models
            generator_1 and generator_0).
        discriminator: D0, `stacked_mnist_discriminator`.
        num_classes: classes of y (the trainer reads it from the dataset).
        encoder_steps, stack_steps: the lengths of the first stages.
        cond_weight, entropy_weight: w_cond and w_ent (w_adv = 1).
        encoder_learning_rate: Adam's rate for the encoder stage.
        batch_size: the batch of every stage (the builder passes train.batch_size).
        See `GAN` for the rest.
    """

    def __init__(self, generator, discriminator, num_classes=10, encoder_steps=1000, stack_steps=2000,
                 cond_weight=1.0, entropy_weight=1.0, encoder_learning_rate=1e-3, batch_size=64,
                 objective="non_saturating", **kwargs):
        if num_classes < 1:
            raise ValueError(f"num_classes must be >= 1 for a Stacked GAN, got {num_classes}")
        super().__init__(generator, discriminator, objective=objective, num_classes=num_classes, **kwargs)
        try:
            self.generator_1 = generator.get_layer("generator_1")
            self.generator_0 = generator.get_layer("generator_0")
        except ValueError:
            raise ValueError("sgan_stacked needs a chained generator with stacks named generator_1 and "
                             "generator_0, e.g. stacked_mnist_generator") from None
        if len(discriminator.outputs) != 2:
            raise ValueError("sgan_stacked needs a discriminator returning [logit, noise reconstruction], "
                             "e.g. stacked_mnist_discriminator")
        if min(encoder_steps, stack_steps) < 1 or min(cond_weight, entropy_weight) < 0:
            raise ValueError("encoder_steps and stack_steps must be >= 1 and the loss weights >= 0")
        self.feature_dim = self.generator_1.output_shape[-1]
        self.z1_dim = self.generator_1.inputs[0].shape[-1]
        self.z0_dim = self.generator_0.inputs[1].shape[-1]
        self.encoder_steps, self.stack_steps = encoder_steps, stack_steps
        self.cond_weight, self.entropy_weight = cond_weight, entropy_weight
        self.encoder_learning_rate = encoder_learning_rate
        self.batch_size = batch_size
        self.encoder = mnist_encoder(self.feature_dim, num_classes, channels=generator.output_shape[-1])
        self.encoder_classes = self.encoder.get_layer(ENCODER_CLASSES_LAYER)
        self.discriminator_1 = feature_discriminator(self.feature_dim, self.z1_dim)
        self.encoder_optimizer = keras.optimizers.Adam(encoder_learning_rate)
        self.encoder_optimizer.build(self.encoder.trainable_variables)
        self.stage_variable = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                              name="stage", aggregation="only_first_replica")
        self.cond_tracker = keras.metrics.Mean(name="cond_loss")
        self.entropy_tracker = keras.metrics.Mean(name="entropy_loss")
        self.encoder_loss = keras.metrics.Mean(name="encoder_loss")
        self.encoder_accuracy = keras.metrics.Mean(name="encoder_accuracy")
        resolution = generator.output_shape[1]
        bounds = [0, encoder_steps, encoder_steps + stack_steps, encoder_steps + 2 * stack_steps, None]
        self.stages = [Stage(index, name, resolution, batch_size, bounds[index], bounds[index + 1])
                       for index, name in enumerate(STAGES)]
        self.set_phase(self.stages[0])

    # --------------------------------------------------------------- stages

    def phase_at(self, step):
        return next(stage for stage in self.stages if stage.end is None or step < stage.end)

    def set_phase(self, stage, step=None):
        """Trains `stage` from the next traced step on."""
        del step
        self.stage = stage.name
        self.stage_variable.assign(stage.index)

    def restore_phase(self):
        self.stage = STAGES[int(self.stage_variable.numpy())]

    def discriminator_side_variables(self):
        return self.discriminator.trainable_variables + self.discriminator_1.trainable_variables

    def checkpoint_items(self):
        return {**super().checkpoint_items(), "encoder": self.encoder, "discriminator_1": self.discriminator_1,
                "encoder_optimizer": self.encoder_optimizer, "stage": self.stage_variable}

    @property
    def metrics(self):
        return [*super().metrics, self.cond_tracker, self.entropy_tracker, self.encoder_loss, self.encoder_accuracy]

    # ------------------------------------------------------------- the step

    def train_step(self, data):
        images, labels = unpack_batch(data)
        if labels is None:
            raise ValueError("sgan_stacked trains on (image, label) batches; use a labelled dataset")
        if self.stage == "encoder":
            applied = [self._encoder_update(images, labels)]
        else:
            features = self.encoder(images, training=False)[0]
            applied = []
            if self.stage in ("stack_1", "joint"):
                applied.append(self._discriminator_1_update(features, labels))
            if self.stage in ("stack_0", "joint"):
                applied.append(self._discriminator_0_update(images, features, labels))
            applied.append(self._generator_update_for_stage(features, labels))
        step_ok = tf.reduce_all(tf.stack(applied))
        self.bad_streak.assign(tf.where(step_ok, tf.constant(0, tf.int64), self.bad_streak + 1))
        # Each stage reports what it trains: the encoder's loss and accuracy, or the GAN losses.
        encoder_metrics = {self.encoder_loss.name, self.encoder_accuracy.name}
        logs = {metric.name: metric.result() for metric in self.metrics
                if (metric.name in encoder_metrics) == (self.stage == "encoder") or metric is self.skipped_tracker}
        return {**logs, "stage": tf.cast(self.stage_variable, tf.float32)}

    def _encoder_update(self, images, labels):
        with tf.GradientTape() as tape:
            logits = self.encoder(images, training=True)[1]
            per_example = auxiliary_classifier_loss(logits, labels)
            loss = self.reduce_loss(per_example)
        variables = self.encoder.trainable_variables
        finite = self._apply_if_finite(self.encoder_optimizer, loss, tape.gradient(loss, variables), variables)
        correct = tf.cast(tf.equal(tf.argmax(logits, -1, output_type=tf.int32), tf.cast(labels, tf.int32)),
                          tf.float32)
        _update_if(self.encoder_accuracy, correct, finite)
        _update_if(self.encoder_loss, per_example, finite)
        return finite

    def _noise(self, batch, dim):
        return self.draw(tf.random.stateless_normal, batch, (dim,))

    def _discriminator_step(self, network, real, fake, z):
        """One discriminator's loss: the objective on real vs fake, plus its Q head's entropy loss."""
        real_out = network(real, training=True)[0]
        fake_out, reconstruction = network(fake, training=True)
        per_example = self.objective.discriminator_loss(real_out, fake_out)
        per_example += self.entropy_weight * entropy_loss(reconstruction, z)
        return per_example, real_out, fake_out

    def _apply_discriminator(self, tape, loss, per_example, real_out, fake_out, network):
        variables = network.trainable_variables
        finite = self._apply_if_finite(self.d_optimizer, loss, tape.gradient(loss, variables), variables)
        _update_if(self.d_loss_tracker, per_example, finite)
        _update_if(self.real_score_tracker, real_out, finite)
        _update_if(self.fake_score_tracker, fake_out, finite)
        return finite

    def _discriminator_1_update(self, features, labels):
        z1 = self._noise(tf.shape(features)[0], self.z1_dim)
        fake = self.generator_1([z1, labels], training=True)
        with tf.GradientTape() as tape:
            outputs = self._discriminator_step(self.discriminator_1, features, fake, z1)
            loss = self.reduce_loss(outputs[0])
        return self._apply_discriminator(tape, loss, *outputs, self.discriminator_1)

    def _discriminator_0_update(self, images, features, labels):
        batch = tf.shape(images)[0]
        z0 = self._noise(batch, self.z0_dim)
        if self.stage == "joint":  # the chain's images: G0 on G1's features
            features = self.generator_1([self._noise(batch, self.z1_dim), labels], training=True)
        fake = self.generator_0([features, z0], training=True)
        with tf.GradientTape() as tape:
            outputs = self._discriminator_step(self.discriminator, images, fake, z0)
            loss = self.reduce_loss(outputs[0])
        return self._apply_discriminator(tape, loss, *outputs, self.discriminator)

    def stack_1_losses(self, fake_features, labels, z1):
        """(L_adv, L_cond, L_ent) of G1's output, per example."""
        fake_out, reconstruction = self.discriminator_1(fake_features, training=True)
        adversarial = self.objective.generator_loss(None, fake_out)
        conditional = conditional_class_loss(self.encoder_classes(fake_features), labels)
        return adversarial, conditional, entropy_loss(reconstruction, z1)

    def stack_0_losses(self, fake_images, condition, z0):
        """(L_adv, L_cond, L_ent) of G0's output, per example; condition is the h1 G0 was given."""
        fake_out, reconstruction = self.discriminator(fake_images, training=True)
        adversarial = self.objective.generator_loss(None, fake_out)
        encoded = self.encoder(fake_images, training=False)[0]
        conditional = conditional_feature_loss(encoded, tf.stop_gradient(condition))
        return adversarial, conditional, entropy_loss(reconstruction, z0)

    def _generator_update_for_stage(self, features, labels):
        batch = tf.shape(features)[0]
        z1, z0 = self._noise(batch, self.z1_dim), self._noise(batch, self.z0_dim)
        stage_variables = {"stack_1": self.generator_1.trainable_variables,
                           "stack_0": self.generator_0.trainable_variables,
                           "joint": self.generator.trainable_variables}[self.stage]
        with tf.GradientTape() as tape:
            terms = []
            if self.stage in ("stack_1", "joint"):
                fake_features = self.generator_1([z1, labels], training=True)
                terms.append(self.stack_1_losses(fake_features, labels, z1))
            if self.stage in ("stack_0", "joint"):
                condition = fake_features if self.stage == "joint" else features
                fake_images = self.generator_0([condition, z0], training=True)
                terms.append(self.stack_0_losses(fake_images, condition, z0))
            adversarial = tf.add_n([term[0] for term in terms])
            conditional = tf.add_n([term[1] for term in terms])
            entropy = tf.add_n([term[2] for term in terms])
            per_example = adversarial + self.cond_weight * conditional + self.entropy_weight * entropy
            loss = self.reduce_loss(per_example)
        finite = self._apply_if_finite(self.g_optimizer, loss, tape.gradient(loss, stage_variables),
                                       stage_variables)
        _update_if(self.g_loss_tracker, per_example, finite)
        _update_if(self.cond_tracker, conditional, finite)
        _update_if(self.entropy_tracker, entropy, finite)
        return finite

    def get_config(self):
        return {**super().get_config(), "encoder_steps": self.encoder_steps, "stack_steps": self.stack_steps,
                "cond_weight": self.cond_weight, "entropy_weight": self.entropy_weight,
                "encoder_learning_rate": self.encoder_learning_rate, "batch_size": self.batch_size}
