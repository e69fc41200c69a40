"""Information-maximizing GAN (Chen et al. 2016, arXiv 1606.03657), with a categorical code."""

import math

import keras
import tensorflow as tf

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.layers.categorical_latent import CategoricalLatent
from tfgan_zoo.losses.classification import auxiliary_classifier_loss
from tfgan_zoo.registry import VARIANTS


def latent_categories(generator):
    """K of the generator's `CategoricalLatent` (its uniform code), or 0 without one."""
    return next((layer.categories for layer in generator.layers if isinstance(layer, CategoricalLatent)), 0)


@VARIANTS.register("infogan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class InfoGAN(GAN):
    """G's latent holds a uniform categorical code c of K categories, and D's second
    head Q(c | x) must read c back from G(z, c): both players maximize the
    variational lower bound of the mutual information,

        I(c; G(z, c)) >= H(c) - L_I,   L_I = E[-log Q(c | G(z, c))],

        L_D = L_S^D + lambda L_I,   L_G = L_S^G + lambda L_I,

    with L_S the adversarial objective (non-saturating by default) and
    H(c) = log K a constant. The code is learned without labels: the data's
    labels are never read, and real images get no code term.

    The generator takes the code through `CategoricalLatent`
    (`generator.latent_categories=K`): c = argmax of z's first K
    coordinates, uniform for z ~ N(0, I). So the model is unconditional:
    sampling, exports and evaluations draw z ~ N(0, I) as for any GAN, and
    a chosen code c is z with one_hot(c) in its first K coordinates. A
    training step draws its codes uniformly and writes them there.

    As the authors' code (openai/InfoGAN, `infogan_trainer.py`): lambda = 1
    for both players, Q shares D's layers, the categorical term alone is
    the cross-entropy. Where this differs: Q is a linear head on D's last
    features (theirs adds a 128-unit layer with batch norm), and their MNIST
    run's two continuous U(-1, 1) codes with a Gaussian Q are not offered.

    Args:
        generator: an unconditional generator with a `CategoricalLatent` of K
            categories (`dcgan_generator(latent_categories=K)`).
        discriminator: images -> [real/fake logit, K code logits]
            (`dcgan_discriminator(class_head=True, num_classes=K)`).
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

    def __init__(self, generator, discriminator, information_weight=1.0, objective="non_saturating", **kwargs):
        categories = latent_categories(generator)
        if not categories:
            raise ValueError("InfoGAN's generator needs a categorical code; build it with latent_categories=K "
                             "(generator.latent_categories=10 for MNIST's digits)")
        if len(generator.inputs) != 1:
            raise ValueError("InfoGAN learns its code without labels; use an unconditional generator")
        if len(discriminator.outputs) != 2 or discriminator.outputs[1].shape[-1] != categories:
            raise ValueError(f"InfoGAN's discriminator must return [logit, {categories} code logits], one per "
                             f"category of the generator's code; use class_head=True with num_classes={categories}")
        if information_weight < 0:
            raise ValueError(f"information_weight must be >= 0, got {information_weight}")
        super().__init__(generator, discriminator, objective=objective, **kwargs)
        self.categories = categories
        self.information_weight = information_weight
        # log K - L_I: the lower bound of I(c; G(z, c)) in nats, at most log K.
        self.information_tracker = keras.metrics.Mean(name="mutual_information")

    @property
    def metrics(self):
        return [*super().metrics, self.information_tracker]

    def step_labels(self, real_images, labels):
        """Each generated example's code, drawn uniformly (the data's labels are not read)."""
        def uniform_codes(shape, seed):
            return tf.random.stateless_uniform(shape, seed, minval=0, maxval=self.categories, dtype=tf.int32)

        return self.draw(uniform_codes, tf.shape(real_images)[0])

    def generate(self, z, labels=None, training=True, generator=None):
        """G(z); with codes, G(z) with one_hot(code) in z's first K coordinates, where the
        generator's categorical latent reads its code."""
        if labels is not None:
            z = tf.concat([tf.one_hot(labels, self.categories, dtype=z.dtype), z[:, self.categories:]], axis=-1)
        return super().generate(z, None, training=training, generator=generator)

    def discriminate(self, images, labels, training=True):
        return self.discriminator(images, training=training)[0]

    def information_loss(self, code_logits, codes):
        """L_I per example, with its bound log K - L_I reported."""
        loss = auxiliary_classifier_loss(code_logits, codes)
        self.information_tracker.update_state(math.log(self.categories) - loss)
        return self.information_weight * loss

    def discriminator_loss(self, real_images, fake_images, labels):
        real_out = self.discriminate(real_images, labels)
        fake_out, code_logits = self.discriminator(fake_images, training=True)
        options = {"label_smoothing": self.label_smoothing} if self.label_smoothing else {}
        adversarial = self.objective.discriminator_loss(real_out, fake_out, **options)
        return adversarial + self.information_loss(code_logits, labels), real_out, fake_out

    def generator_loss(self, real_images, fake_images, labels):
        fake_out, code_logits = self.discriminator(fake_images, training=True)
        real_out = self.discriminate(real_images, labels) if self.objective.generator_uses_real else None
        return self.objective.generator_loss(real_out, fake_out) + self.information_loss(code_logits, labels)

    def get_config(self):
        return {**super().get_config(), "information_weight": self.information_weight}
