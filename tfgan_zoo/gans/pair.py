"""`NetworkPair`: a generator and a discriminator held as one Keras model.

What every GAN needs around its step: the networks and their optimizers,
class conditioning, serialization, checkpoint items and sampling. It knows
nothing of losses or training; `GAN` (gan.py) adds those.
"""

import copy

import keras
import tensorflow as tf

from tfgan_zoo import replicas


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


class NetworkPair(keras.Model):
    """A generator, a discriminator, their two optimizers and the model's own noise.

    Args:
        generator: keras.Model mapping z [batch, z_dim] (and a label, when
            conditional) to examples.
        discriminator: keras.Model judging examples.
        num_classes: > 0 makes the pair class-conditional: the generator
            takes [z, label]. 0: unconditional.
        seed: seed of the model's own noise generator.
        z_dim: latent size; read from the generator's (first) input when None.
        **kwargs: Keras model arguments.
    """

    def __init__(self, generator, discriminator, num_classes=0, seed=0, z_dim=None, **kwargs):
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.seed = seed
        self.z_dim = z_dim if z_dim is not None else generator.inputs[0].shape[-1]
        if not self.z_dim or self.z_dim < 1:
            raise ValueError(f"the generator's noise has {self.z_dim} dimensions; a generator needs z_dim >= 1")
        self.num_classes = num_classes
        takes_label = len(generator.inputs) == 2
        if self.conditional and not takes_label:
            raise ValueError(f"num_classes={num_classes} makes the GAN conditional, but the generator "
                             f"takes only z; use a conditional generator such as cgan_mnist_generator")
        if takes_label and not self.conditional:
            raise ValueError("the generator takes [z, label]; set num_classes to the number of classes")
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.g_optimizer = None
        self.d_optimizer = None

    @property
    def conditional(self):
        return self.num_classes > 0

    @property
    def sample_classes(self):
        """How many labels `sample` takes (a sample grid has a row per label): a
        conditional model's classes; 0 when it draws without labels."""
        return self.num_classes

    def label_probabilities(self):
        """Each label's probability when samples are drawn without chosen labels (an
        evaluation's): None for uniform over `sample_classes`."""
        return None

    def draw(self, sampler, batch_size, event_shape=()):
        """This replica's slice of a global per-example draw from the model's seed (`replicas.draw`)."""
        return replicas.draw(self.seed_generator.next(), sampler, batch_size, event_shape)

    # ----------------------------------------------------------- optimizers

    def compile(self, g_optimizer, d_optimizer, **kwargs):
        """Sets and BUILDS both optimizers, so no slot is created inside a replica."""
        super().compile(**kwargs)
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        g_optimizer.build(self.generator.trainable_variables)
        d_optimizer.build(self.discriminator_side_variables())

    def discriminator_side_variables(self):
        """Every variable d_optimizer updates (a variant with more than one
        discriminator, or an encoder, lists them all)."""
        return self.discriminator.trainable_variables

    def get_compile_config(self):
        if self.g_optimizer is None:
            return None
        return {"g_optimizer": keras.saving.serialize_keras_object(self.g_optimizer),
                "d_optimizer": keras.saving.serialize_keras_object(self.d_optimizer)}

    def compile_from_config(self, config):
        self.compile(g_optimizer=keras.saving.deserialize_keras_object(config["g_optimizer"]),
                     d_optimizer=keras.saving.deserialize_keras_object(config["d_optimizer"]))

    def build(self, input_shape=None):
        """The networks come built (functional); nothing of the pair's own to create."""
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
        return {"generator": self.generator, "discriminator": self.discriminator,
                "g_optimizer": self.g_optimizer, "d_optimizer": self.d_optimizer,
                "seed_generator_state": self.seed_generator.state, "network_seed_states": network_seeds}

    # ------------------------------------------------------------- sampling

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

    def sampling_generator(self):
        """The generator to sample and export from (a subclass may average it). Call outside a step."""
        return self.generator

    def sample(self, z, labels=None):
        """Samples from the sampling generator, outside a step.

        For a conditional model, labels default to 0, 1, ..., num_classes - 1
        repeated. For any model that takes labels (`sample_classes`: a
        conditional model's classes, InfoGAN's categories) a label outside
        [0, sample_classes) is an error.
        """
        z = tf.convert_to_tensor(z, tf.float32)
        if self.conditional and labels is None:
            labels = tf.range(tf.shape(z)[0]) % self.num_classes
        if self.sample_classes and labels is not None:
            labels = check_labels(tf.convert_to_tensor(labels, tf.int32), self.sample_classes)
        return self.generate(z, labels, training=False, generator=self.sampling_generator())

    # --------------------------------------------------------------- config

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable,
                "generator": keras.saving.serialize_keras_object(self.generator),
                "discriminator": keras.saving.serialize_keras_object(self.discriminator),
                "num_classes": self.num_classes, "seed": self.seed, "z_dim": self.z_dim}

    @classmethod
    def from_config(cls, config):
        config = copy.deepcopy(config)  # deserialization consumes nested dicts
        for key in ("generator", "discriminator"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)
