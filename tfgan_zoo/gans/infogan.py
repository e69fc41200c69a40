"""Information-maximizing GAN (Chen et al. 2016, arXiv 1606.03657): categorical and continuous codes."""

import math

import keras
import tensorflow as tf

from tfgan_zoo.gans.auxiliary_head import AuxiliaryHeadGAN
from tfgan_zoo.layers.categorical_latent import latent_categories
from tfgan_zoo.losses.classification import auxiliary_classifier_loss
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("infogan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class InfoGAN(AuxiliaryHeadGAN):
    """G's latent holds codes, a uniform categorical c of K categories and C continuous
    ones, and D's second head Q must read them back from G's image: both players
    maximize the variational lower bound of the mutual information,

        I(c; G(z, c)) >= H(c) - L_I,
        L_I = E[-log Q(c_cat | x)] + E[sum_j (c_j - mu_j(x))^2 / 2],   x = G(z, c),

        L_D = L_S^D + lambda L_I,   L_G = L_S^G + lambda L_I,

    with L_S the adversarial objective (non-saturating by default), Q's
    continuous part a unit Gaussian of mean mu(x) (the constant 0.5 log 2 pi
    dropped), and H(c) = log K + C/2 (C/2 + the Gaussian's constant). The
    codes are learned without labels: the data's labels are never read, and
    real images get no code term. `mutual_information` reports the bound
    log K + C/2 - L_I in nats.

    The generator takes the categorical code through `CategoricalLatent`
    (`generator.latent_categories=K`): c = argmax of z's first K coordinates,
    uniform for z ~ N(0, I); the continuous codes are the next C
    coordinates of z as they are, so c_j ~ N(0, 1). So the model is
    unconditional: sampling, exports and evaluations draw z ~ N(0, I) as for
    any GAN, and chosen codes are z with one_hot(c) in its first K
    coordinates and the continuous values after them. A training step
    draws its codes and writes them there.

    As the authors' code (openai/InfoGAN, `infogan_trainer.py`): lambda = 1
    for both players and both kinds of code, Q shares D's layers, the
    continuous codes' Q a Gaussian of fixed unit deviation. Where this
    differs: Q is a linear head on D's last features (theirs adds a 128-unit
    layer with batch norm), and the continuous codes are N(0, 1), not their
    U(-1, 1).

    Args:
        generator: an unconditional generator with a `CategoricalLatent` of K
            categories (`dcgan_generator(latent_categories=K)`) and a z of more
            than K + C coordinates.
        discriminator: images -> [real/fake logit, K + C code outputs]: the
            categorical code's logits, then the continuous codes' means
            (`dcgan_discriminator(class_head=True, num_classes=K + C)`).
        continuous_codes: C (the authors' MNIST run: 2).
        information_weight: lambda.
        objective: see `GAN`; "non_saturating" by default.
        See `GAN` for the rest.
    """

    refused_aids = {"packing": "a pack of several examples has no single code for Q to read back"}
    test_networks = {
        "generator": {"name": "dcgan_generator", "resolution": 8, "channels": 1, "z_dim": 8, "base_filters": 4,
                      "latent_categories": 3},
        "discriminator": {"name": "dcgan_discriminator", "resolution": 8, "channels": 1, "base_filters": 4,
                          "class_head": True, "num_classes": 3},
    }

    def __init__(self, generator, discriminator, continuous_codes=0, information_weight=1.0,
                 objective="non_saturating", **kwargs):
        categories = latent_categories(generator)
        if not categories:
            raise ValueError("InfoGAN's generator needs a categorical code; build it with latent_categories=K "
                             "(generator.latent_categories=10 for MNIST's digits)")
        if len(generator.inputs) != 1:
            raise ValueError("InfoGAN learns its codes without labels; use an unconditional generator")
        if continuous_codes < 0:
            raise ValueError(f"continuous_codes must be >= 0, got {continuous_codes}")
        z_dim = generator.inputs[0].shape[-1]
        if z_dim <= categories + continuous_codes:
            raise ValueError(f"z of {z_dim} coordinates cannot hold {categories} categories and {continuous_codes} "
                             f"continuous codes with noise beside them; z_dim must be > "
                             f"{categories + continuous_codes}")
        outputs = categories + continuous_codes
        self.check_head(discriminator, outputs, "code outputs",
                        f"{categories} category logits, then {continuous_codes} continuous means; use a class head "
                        f"of num_classes={outputs}")
        if information_weight < 0:
            raise ValueError(f"information_weight must be >= 0, got {information_weight}")
        super().__init__(generator, discriminator, objective=objective, **kwargs)
        self.categories = categories
        self.continuous_codes = continuous_codes
        self.information_weight = information_weight
        self.information_tracker = keras.metrics.Mean(name="mutual_information")

    @property
    def metrics(self):
        return [*super().metrics, self.information_tracker]

    def step_labels(self, real_images, labels):
        """Each generated example's codes [batch, 1 + C]: its category (uniform, as a float),
        then its continuous codes (N(0, 1)). The data's labels are not read."""
        def uniform_categories(shape, seed):
            return tf.random.stateless_uniform(shape, seed, minval=0, maxval=self.categories, dtype=tf.int32)

        batch = tf.shape(real_images)[0]
        codes = [tf.cast(self.draw(uniform_categories, batch), tf.float32)[:, None]]
        if self.continuous_codes:
            codes.append(self.draw(tf.random.stateless_normal, batch, (self.continuous_codes,)))
        return tf.concat(codes, axis=-1)

    def generate(self, z, labels=None, training=True, generator=None):
        """G(z); with codes [batch, 1 + c] (c <= C), G(z) with one_hot(category) in z's first K
        coordinates, where the generator's categorical latent reads it, and the c continuous
        codes after them (c = 0: z keeps its own). Categories alone [batch] (what `sample`
        takes as labels) are codes with c = 0."""
        if labels is not None:
            codes = labels if len(labels.shape) == 2 else tf.cast(labels, tf.float32)[:, None]
            category = tf.cast(codes[:, 0], tf.int32)
            continuous = codes.shape[-1] - 1
            z = tf.concat([tf.one_hot(category, self.categories, dtype=z.dtype), tf.cast(codes[:, 1:], z.dtype),
                           z[:, self.categories + continuous:]], axis=-1)
        return super().generate(z, None, training=training, generator=generator)

    @property
    def sample_classes(self):
        """`sample` takes a category of the code as its label (the continuous codes stay z's
        own): a grid has a row per category."""
        return self.categories

    def information_loss(self, code_outputs, codes):
        """lambda L_I per example, with the bound log K + C/2 - L_I reported."""
        loss = auxiliary_classifier_loss(code_outputs[:, :self.categories], tf.cast(codes[:, 0], tf.int32))
        if self.continuous_codes:
            means = tf.cast(code_outputs[:, self.categories:], tf.float32)
            loss += 0.5 * tf.reduce_sum(tf.square(codes[:, 1:] - means), axis=-1)
        self.information_tracker.update_state(math.log(self.categories) + self.continuous_codes / 2 - loss)
        return self.information_weight * loss

    def discriminator_head_loss(self, real_head, fake_head, codes):
        """Only generated images carry codes: real ones get no term."""
        return self.information_loss(fake_head, codes)

    def generator_head_loss(self, fake_head, codes):
        return self.information_loss(fake_head, codes)

    def get_config(self):
        return {**super().get_config(), "continuous_codes": self.continuous_codes,
                "information_weight": self.information_weight}
