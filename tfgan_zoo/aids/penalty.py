"""Gradient penalties on the discriminator: R1, WGAN-GP's and DRAGAN's."""

import keras
import tensorflow as tf

from tfgan_zoo import replicas
from tfgan_zoo.aids.base import Aid, Term, check_not_negative, register
from tfgan_zoo.losses.penalties import dragan_penalty, r1_penalty, wasserstein_gradient_penalty
from tfgan_zoo.losses.precision import at_least_float32

# The penalties `GradientPenalty` takes by name ("" in the flat field: none).
PENALTIES = ("r1", "dragan", "gp")


def gradient_penalty(gan, kind, real_in, fake_in, labels):
    """The unweighted per-example penalty `kind` on what D saw (R1 already halved).

        r1:     (1/2) ||grad D(x)||^2 on real examples;
        gp:     (||grad D(x_hat)||_2 - 1)^2, x_hat = a x + (1 - a) G(z), a ~ U[0, 1];
        dragan: the same around the reals, x_hat = a x + (1 - a)(x + 0.5 std(x) u), u ~ U[0, 1],
                std over the global real batch.
    """
    def critic(images):
        return gan.discriminate(images, labels)

    if kind == "r1":
        return 0.5 * r1_penalty(critic, real_in)
    batch = tf.shape(real_in)[0]
    alpha = gan.draw(tf.random.stateless_uniform, batch)
    if kind == "gp":
        return wasserstein_gradient_penalty(critic, real_in, fake_in, alpha)
    real = at_least_float32(real_in)
    std = tf.sqrt(tf.maximum(replicas.global_mean(tf.square(real)) - tf.square(replicas.global_mean(real)), 0.0))
    noise = gan.draw(tf.random.stateless_uniform, batch, real_in.shape[1:])
    return dragan_penalty(critic, real, 0.5 * std * tf.cast(noise, real.dtype), alpha)


@register
class GradientPenalty(Aid):
    """A gradient penalty added to the discriminator's per-example loss with weight w,
    wherever D's loss is computed (an unrolled D's included); reported as
    the metric `d_penalty`:

        "r1" (Mescheder et al. 2018, arXiv 1801.04406): (w/2) ||grad D(x)||^2 on
            real examples, w being gamma (as StyleGAN and R3GAN train);
        "gp" (Gulrajani et al. 2017, arXiv 1704.00028):
            w (||grad D(x_hat)||_2 - 1)^2 on x_hat = a x + (1 - a) G(z);
        "dragan" (Kodali et al. 2017, arXiv 1705.07215): the same around the reals.

    Args:
        penalty: "r1", "gp" or "dragan".
        penalty_weight: w >= 0.
    """

    name = "penalty"
    fields = {"penalty": "", "penalty_weight": 10.0}
    test_fields = {"penalty": "r1", "penalty_weight": 1.0}

    def __init__(self, penalty, penalty_weight=10.0):
        if penalty not in PENALTIES:
            raise ValueError(f"penalty must be one of {', '.join(map(repr, ('', *PENALTIES)))}, got {penalty!r}")
        check_not_negative(penalty_weight=penalty_weight)
        self.penalty = penalty
        self.penalty_weight = penalty_weight
        self.tracker = None

    @classmethod
    def from_fields(cls, penalty, penalty_weight):
        if penalty == "":
            check_not_negative(penalty_weight=penalty_weight)
            return None
        return cls(penalty, penalty_weight)

    def attach(self, gan):
        self.tracker = keras.metrics.Mean(name="d_penalty")

    def discriminator_term(self, gan, real_in, fake_in, labels):
        return Term(gradient_penalty(gan, self.penalty, real_in, fake_in, labels), self.penalty_weight,
                    self.tracker)

    @property
    def metrics(self):
        return [self.tracker]
