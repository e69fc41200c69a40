"""Information-maximizing GAN (Chen et al. 2016, arXiv 1606.03657): categorical and continuous codes."""

import math

import keras
import tensorflow as tf

from tfgan_zoo.gans.auxiliary_head import AuxiliaryHeadGAN
from tfgan_zoo.layers.categorical_latent import latent_codes
from tfgan_zoo.losses.classification import auxiliary_classifier_loss
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("infogan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class InfoGAN(AuxiliaryHeadGAN):
    """G's latent holds codes, M uniform categorical ones c_1..c_M of K categories each
    (InfoGAN's MNIST run: M = 1) and C continuous ones, and D's second head Q must
    read them back from G's image: both players maximize the variational lower
    bound of the mutual information,

        I(c; G(z, c)) >= H(c) - L_I,
        L_I = E[sum_m -log Q_m(c_m | x)] + E[sum_j (c_j - mu_j(x))^2 / 2],   x = G(z, c),

        L_D = L_S^D + lambda L_I,   L_G = L_S^G + lambda L_I,

    with L_S the adversarial objective (non-saturating by default), Q's
    continuous part a unit Gaussian of mean mu(x) (the constant 0.5 log 2 pi
    dropped), and H(c) = M log K + C/2 (C/2 + the Gaussian's constant). The
    codes are learned without labels: the data's labels are never read, and
    real images get no code term. `mutual_information` reports the bound
    M log K + C/2 - L_I in nats.

    The generator takes the categorical codes through `CategoricalLatent`
    (`generator.latent_categories=K`, M codes with `categorical_codes=M` where
    the network offers it): c_m = argmax of the m-th block of K coordinates
    of z, uniform for z ~ N(0, I); the continuous codes are the next C
    coordinates of z as they are, so c_j ~ N(0, 1). So the model is
    unconditional: sampling, exports and evaluations draw z ~ N(0, I) as for
    any GAN, and chosen codes are z with one_hot(c_1), ..., one_hot(c_M) in
    its first M K coordinates and the continuous values after them. A
    training step draws its codes and writes them there. Several codes are
    not in the paper: on Stacked MNIST (three digits as channels) they let
    each channel's digit take a code of its own.

    As the authors' code (openai/InfoGAN, `infogan_trainer.py`): lambda = 1
    for both players and both kinds of code, Q shares D's layers, the
    continuous codes' Q a Gaussian of fixed unit deviation. Where this
    differs: Q is a linear head on D's last features (theirs adds a 128-unit
    layer with batch norm), and the continuous codes are N(0, 1), not their
    U(-1, 1).

    Args:
        generator: an unconditional generator with a `CategoricalLatent` of M
            codes of K categories (`dcgan_generator(latent_categories=K)`) and a z
            of more than M K + C coordinates.
        discriminator: images -> [real/fake logit, M K + C code outputs]: each
            categorical code's K logits in turn, then the continuous codes' means
            (`dcgan_discriminator(class_head=True, num_classes=M K + C)`).
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
        codes, categories = latent_codes(generator)
        if not codes:
            raise ValueError("InfoGAN's generator needs a categorical code; build it with latent_categories=K "
                             "(generator.latent_categories=10 for MNIST's digits)")
        if len(generator.inputs) != 1:
            raise ValueError("InfoGAN learns its codes without labels; use an unconditional generator")
        if continuous_codes < 0:
            raise ValueError(f"continuous_codes must be >= 0, got {continuous_codes}")
        z_dim = generator.inputs[0].shape[-1]
        if z_dim <= codes * categories + continuous_codes:
            raise ValueError(f"z of {z_dim} coordinates cannot hold {codes * categories} categorical coordinates and "
                             f"{continuous_codes} continuous codes with noise beside them; z_dim must be > "
                             f"{codes * categories + continuous_codes}")
        outputs = codes * categories + continuous_codes
        logits = f"{categories} category logits" if codes == 1 else f"{codes} x {categories} category logits"
        self.check_head(discriminator, outputs, "code outputs",
                        f"{logits}, then {continuous_codes} continuous means; use a class head "
                        f"of num_classes={outputs}")
        if information_weight < 0:
            raise ValueError(f"information_weight must be >= 0, got {information_weight}")
        super().__init__(generator, discriminator, objective=objective, **kwargs)
        self.categorical_codes = codes
        self.categories = categories
        self.continuous_codes = continuous_codes
        self.information_weight = information_weight
        self.information_tracker = keras.metrics.Mean(name="mutual_information")

    @property
    def metrics(self):
        return [*super().metrics, self.information_tracker]

    def step_labels(self, real_images, labels):
        """Each generated example's codes [batch, M + C]: its M categories (uniform, as
        floats), then its continuous codes (N(0, 1)). The data's labels are not read."""
        def uniform_categories(shape, seed):
            return tf.random.stateless_uniform(shape, seed, minval=0, maxval=self.categories, dtype=tf.int32)

        batch = tf.shape(real_images)[0]
        codes = [tf.cast(self.draw(uniform_categories, batch, (self.categorical_codes,)), tf.float32)]
        if self.continuous_codes:
            codes.append(self.draw(tf.random.stateless_normal, batch, (self.continuous_codes,)))
        return tf.concat(codes, axis=-1)

    def generate(self, z, labels=None, training=True, generator=None):
        """G(z); with codes [batch, M + c] (c <= C), G(z) with the one-hot of each category in
        z's first M K coordinates, where the generator's categorical latent reads them, and
        the c continuous codes after them (c = 0: z keeps its own). Categories alone [batch]
        (what `sample` takes as labels) set the first code only: the other codes and the
        continuous ones stay z's own."""
        if labels is not None:
            if len(labels.shape) == 2:
                codes, given = labels, self.categorical_codes
            else:
                codes, given = tf.cast(labels, tf.float32)[:, None], 1
            one_hots = tf.one_hot(tf.cast(codes[:, :given], tf.int32), self.categories, dtype=z.dtype)
            coded = self.categorical_codes * self.categories
            continuous = codes.shape[-1] - given
            z = tf.concat([tf.reshape(one_hots, (-1, given * self.categories)), z[:, given * self.categories:coded],
                           tf.cast(codes[:, given:], z.dtype), z[:, coded + continuous:]], axis=-1)
        return super().generate(z, None, training=training, generator=generator)

    @property
    def sample_classes(self):
        """`sample` takes a category of the (first) code as its label (the other codes stay
        z's own): a grid has a row per category."""
        return self.categories

    def information_loss(self, code_outputs, codes):
        """lambda L_I per example, with the bound M log K + C/2 - L_I reported."""
        k, m = self.categories, self.categorical_codes
        loss = sum(auxiliary_classifier_loss(code_outputs[:, i * k:(i + 1) * k], tf.cast(codes[:, i], tf.int32))
                   for i in range(m))
        if self.continuous_codes:
            means = tf.cast(code_outputs[:, m * k:], tf.float32)
            loss += 0.5 * tf.reduce_sum(tf.square(codes[:, m:] - means), axis=-1)
        self.information_tracker.update_state(m * math.log(k) + self.continuous_codes / 2 - loss)
        return self.information_weight * loss

    def discriminator_head_loss(self, real_head, fake_head, codes):
        """Only generated images carry codes: real ones get no term."""
        return self.information_loss(fake_head, codes)

    def generator_head_loss(self, fake_head, codes):
        return self.information_loss(fake_head, codes)

    def get_config(self):
        return {**super().get_config(), "continuous_codes": self.continuous_codes,
                "information_weight": self.information_weight}
