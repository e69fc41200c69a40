"""Stacked GAN (Huang et al. 2017, "Stacked Generative Adversarial Networks", arXiv 1612.04357)."""

import dataclasses

import keras
import tensorflow as tf

from tfgan_zoo import replicas
from tfgan_zoo.gans.gan import unpack_batch
from tfgan_zoo.gans.staged import StagedGAN
from tfgan_zoo.losses.classification import auxiliary_classifier_loss
from tfgan_zoo.losses.stacked import conditional_class_loss, conditional_feature_loss, entropy_loss
from tfgan_zoo.networks.stacked import feature_discriminator, stacked_encoder
from tfgan_zoo.registry import VARIANTS


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
class StackedGAN(StagedGAN):
    """N stacked conditional GANs inverting a classifier, trained stack by stack, then jointly.

    Stack i's generator G_i maps the representation above, h_{i+1}, and noise
    z_i to the representation below; h_N = y (the class), h_1 ... h_{N-1} the
    encoder's features, h_0 = x. Each stack has three losses (section 3):

        L_G_i = w_adv L_adv + w_cond L_cond + w_ent L_ent
        L_adv  = -log D_i(G_i(h_{i+1}, z_i))                  (non-saturating)
        L_cond = f(E_i(G_i(h_{i+1}, z_i)), h_{i+1})           (cross-entropy for y, squared L2 for features)
        L_ent  = 0.5 ||Q_i(G_i(h_{i+1}, z_i)) - z_i||^2        (Q_i shares D_i's layers)
        L_D_i  = -log D_i(h_i) - log(1 - D_i(G_i(h_{i+1}, z_i))) + w_ent L_ent   (Q_i learns with D_i)

    Stages, from the train step (the trainer switches at their ends; the
    stage is model state, saved with checkpoints):
        encoder      (encoder_steps): E trains as a classifier on (x, y); then it is frozen.
        stack_{N-1} ... stack_0 (stack_steps each): G_i and D_i on the encoder's real
                     representations (independent training, top stack first).
        joint        (the rest): G_0(... G_{N-1}(y, z_{N-1}) ..., z_0) end to end; the
                     losses of every stack flow into the stacks above it.

    Args:
        generator: a chained generator with stacks named generator_0 ...
            generator_{N-1} (`stacked_generator`); N comes from it.
        discriminator: D_0 on images, returning [logit, z_0 reconstruction]
            (`stacked_mnist_discriminator`).
        num_classes: classes of y (the trainer reads it from the dataset).
        encoder_steps, stack_steps: the lengths of the first stages.
        cond_weight, entropy_weight: w_cond and w_ent (w_adv = 1).
        encoder_learning_rate: Adam's rate for the encoder stage.
        batch_size: the batch of every stage (the builder passes train.batch_size).
        See `GAN` for the rest.
    """

    refused_aids = {"*": "its stacks train in a step of their own, which the aids do not reach"}

    test_networks = {"generator": {"name": "stacked_mnist_generator", "num_classes": 3, "feature_dims": [8],
                                   "z_dims": [4, 4]},
                     "discriminator": {"name": "stacked_mnist_discriminator", "z0_dim": 4}}

    def __init__(self, generator, discriminator, num_classes=10, encoder_steps=1000, stack_steps=2000,
                 cond_weight=1.0, entropy_weight=1.0, encoder_learning_rate=1e-3, batch_size=64,
                 objective="non_saturating", **kwargs):
        if num_classes < 1:
            raise ValueError(f"num_classes must be >= 1 for a Stacked GAN, got {num_classes}")
        if kwargs.get("updates", "alternating") != "alternating":
            raise ValueError("sgan_stacked trains its stacks with alternating updates only; "
                             "remove variant.updates or set it to 'alternating'")
        super().__init__(generator, discriminator, objective=objective, num_classes=num_classes, **kwargs)
        names = [layer.name for layer in generator.layers]
        self.num_stacks = sum(1 for name in names if name.startswith("generator_"))
        if self.num_stacks < 2 or any(f"generator_{i}" not in names for i in range(self.num_stacks)):
            raise ValueError("sgan_stacked needs a chained generator with stacks named generator_0 ... "
                             "generator_{N-1}, N >= 2, e.g. stacked_generator")
        if len(discriminator.outputs) != 2:
            raise ValueError("sgan_stacked needs a discriminator returning [logit, noise reconstruction], "
                             "e.g. stacked_mnist_discriminator")
        if min(encoder_steps, stack_steps) < 1 or min(cond_weight, entropy_weight) < 0:
            raise ValueError("encoder_steps and stack_steps must be >= 1 and the loss weights >= 0")
        self.generators = [generator.get_layer(f"generator_{i}") for i in range(self.num_stacks)]
        # Inputs: [condition, z] below the top, [z, label] at the top.
        self.z_dims = [g.inputs[1].shape[-1] for g in self.generators[:-1]] + [self.generators[-1].inputs[0].shape[-1]]
        self.feature_dims = [g.output_shape[-1] for g in self.generators[1:]]
        self.encoder_steps, self.stack_steps = encoder_steps, stack_steps
        self.cond_weight, self.entropy_weight = cond_weight, entropy_weight
        self.encoder_learning_rate = encoder_learning_rate
        self.batch_size = batch_size
        self.encoder, self.encoder_pieces = stacked_encoder(self.feature_dims, num_classes, generator.output_shape[1:])
        self.discriminators = [discriminator] + [
            feature_discriminator(self.feature_dims[i - 1], self.z_dims[i], name=f"discriminator_{i}")
            for i in range(1, self.num_stacks)]
        self.encoder_optimizer = keras.optimizers.Adam(encoder_learning_rate)
        self.encoder_optimizer.build(self.encoder.trainable_variables)
        self.stage_variable = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                              name="stage", aggregation="only_first_replica")
        self.cond_tracker = keras.metrics.Mean(name="cond_loss")
        self.entropy_tracker = keras.metrics.Mean(name="entropy_loss")
        self.encoder_loss = keras.metrics.Mean(name="encoder_loss")
        self.encoder_accuracy = keras.metrics.Mean(name="encoder_accuracy")
        resolution = generator.output_shape[1]
        names = ["encoder", *[f"stack_{i}" for i in range(self.num_stacks - 1, -1, -1)], "joint"]
        bounds = [0, encoder_steps] + [encoder_steps + k * stack_steps for k in range(1, self.num_stacks + 1)] + [None]
        self.stages = [Stage(index, name, resolution, batch_size, bounds[index], bounds[index + 1])
                       for index, name in enumerate(names)]
        self.phases = self.stages
        self.set_phase(self.stages[0])

    # --------------------------------------------------------------- stages

    def set_phase(self, stage, step=None):
        """Trains `stage` from the next traced step on."""
        del step
        self.stage = stage.name
        self.stage_variable.assign(stage.index)

    def restore_phase(self):
        self.stage = self.stages[int(self.stage_variable.numpy())].name

    def _trained_stacks(self):
        """The stacks the current stage trains, top first."""
        if self.stage == "joint":
            return list(range(self.num_stacks - 1, -1, -1))
        return [int(self.stage.split("_")[1])]

    def discriminator_side_variables(self):
        return [v for network in self.discriminators for v in network.trainable_variables]

    def checkpoint_items(self):
        return {**super().checkpoint_items(), "encoder": self.encoder,
                "feature_discriminators": self.discriminators[1:], "encoder_optimizer": self.encoder_optimizer,
                "stage": self.stage_variable}

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
            # h_0 = x, h_1 ... h_{N-1}: the real representations of every level.
            real = [images, *self.encoder(images, training=False)[:-1]]
            applied = [self._discriminator_update(i, real, labels) for i in self._trained_stacks()]
            applied.append(self._generator_update_for_stage(real, labels))
        self.end_step(applied)
        # Each stage reports what it trains: the encoder's loss and accuracy, or the GAN losses.
        encoder_metrics = {self.encoder_loss.name, self.encoder_accuracy.name}
        logs = {metric.name: metric.result() for metric in self.metrics
                if (metric.name in encoder_metrics) == (self.stage == "encoder") or metric is self.skipped_tracker}
        return {**logs, "stage": tf.cast(self.stage_variable, tf.float32)}

    def _encoder_update(self, images, labels):
        with tf.GradientTape() as tape:
            logits = self.encoder(images, training=True)[-1]
            per_example = auxiliary_classifier_loss(logits, labels)
            loss = replicas.reduce_loss(per_example)
        variables = self.encoder.trainable_variables
        finite = self.apply_if_finite(self.encoder_optimizer, loss, tape.gradient(loss, variables), variables)
        correct = tf.cast(tf.equal(tf.argmax(logits, -1, output_type=tf.int32), tf.cast(labels, tf.int32)),
                          tf.float32)
        replicas.update_if(self.encoder_accuracy, correct, finite)
        replicas.update_if(self.encoder_loss, per_example, finite)
        return finite

    def _noise(self, batch, dim):
        return self.draw(tf.random.stateless_normal, batch, (dim,))

    def generate_level(self, i, condition, z, training=True):
        """G_i's output: condition is the label for the top stack, h_{i+1} below it."""
        if i == self.num_stacks - 1:
            return self.generators[i]([z, condition], training=training)
        return self.generators[i]([condition, z], training=training)

    def _chain_condition(self, i, real, labels):
        """What stack i is conditioned on: the real level above it, or in the joint stage
        the chain's output from the stacks above (drawn afresh)."""
        condition = labels if i == self.num_stacks - 1 else real[i + 1]
        if self.stage == "joint":
            condition = labels
            for upper in range(self.num_stacks - 1, i, -1):
                condition = self.generate_level(upper, condition, self._noise(tf.shape(labels)[0],
                                                                              self.z_dims[upper]))
        return condition

    def _discriminator_update(self, i, real, labels):
        network = self.discriminators[i]
        z = self._noise(tf.shape(labels)[0], self.z_dims[i])
        fake = self.generate_level(i, self._chain_condition(i, real, labels), z)
        with tf.GradientTape() as tape:
            real_out = network(real[i], training=True)[0]
            fake_out, reconstruction = network(fake, training=True)
            per_example = self.objective_discriminator_loss(real_out, fake_out)
            per_example += self.entropy_weight * entropy_loss(reconstruction, z)
            loss = replicas.reduce_loss(per_example)
        variables = network.trainable_variables
        finite = self.apply_if_finite(self.d_optimizer, loss, tape.gradient(loss, variables), variables)
        replicas.update_if(self.d_loss_tracker, per_example, finite)
        replicas.update_if(self.real_score_tracker, real_out, finite)
        replicas.update_if(self.fake_score_tracker, fake_out, finite)
        return finite

    def stack_losses(self, i, fake, condition, z):
        """(L_adv, L_cond, L_ent) of stack i's output, per example; condition is what it was given."""
        fake_out, reconstruction = self.discriminators[i](fake, training=True)
        adversarial = self.objective.generator_loss(None, fake_out)
        encoded = self.encoder_pieces[i](fake, training=False)
        if i == self.num_stacks - 1:
            conditional = conditional_class_loss(encoded, condition)
        else:
            conditional = conditional_feature_loss(encoded, tf.stop_gradient(condition))
        return adversarial, conditional, entropy_loss(reconstruction, z)

    def _generator_update_for_stage(self, real, labels):
        batch = tf.shape(labels)[0]
        stacks = self._trained_stacks()
        variables = [v for i in stacks for v in self.generators[i].trainable_variables]
        with tf.GradientTape() as tape:
            terms = []
            condition = labels
            for i in stacks:  # top first; in the joint stage each output conditions the stack below
                if self.stage != "joint":
                    condition = labels if i == self.num_stacks - 1 else real[i + 1]
                z = self._noise(batch, self.z_dims[i])
                fake = self.generate_level(i, condition, z)
                terms.append(self.stack_losses(i, fake, condition, z))
                condition = fake
            adversarial = tf.add_n([term[0] for term in terms])
            conditional = tf.add_n([term[1] for term in terms])
            entropy = tf.add_n([term[2] for term in terms])
            per_example = adversarial + self.cond_weight * conditional + self.entropy_weight * entropy
            loss = replicas.reduce_loss(per_example)
        finite = self.apply_if_finite(self.g_optimizer, loss, tape.gradient(loss, variables), variables)
        replicas.update_if(self.g_loss_tracker, per_example, finite)
        replicas.update_if(self.cond_tracker, conditional, finite)
        replicas.update_if(self.entropy_tracker, entropy, finite)
        return finite

    def get_config(self):
        return {**super().get_config(), "encoder_steps": self.encoder_steps, "stack_steps": self.stack_steps,
                "cond_weight": self.cond_weight, "entropy_weight": self.entropy_weight,
                "encoder_learning_rate": self.encoder_learning_rate, "batch_size": self.batch_size}
