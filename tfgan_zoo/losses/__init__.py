"""Pure, unreduced GAN losses: one value per example, no Keras state."""

from tfgan_zoo.losses import energy, penalties, regularizers, stacked
from tfgan_zoo.losses.adversarial import (
    hinge_discriminator_loss,
    hinge_generator_loss,
    least_squares_discriminator_loss,
    least_squares_generator_loss,
    minimax_discriminator_loss,
    minimax_generator_loss,
    non_saturating_discriminator_loss,
    non_saturating_generator_loss,
    relativistic_average_discriminator_loss,
    relativistic_average_generator_loss,
    relativistic_average_least_squares_discriminator_loss,
    relativistic_average_least_squares_generator_loss,
    relativistic_discriminator_loss,
    relativistic_generator_loss,
    wasserstein_discriminator_loss,
    wasserstein_generator_loss,
)
from tfgan_zoo.losses.classification import auxiliary_classifier_loss

__all__ = [
    "auxiliary_classifier_loss",
    "energy",
    "penalties",
    "regularizers",
    "stacked",
    "hinge_discriminator_loss",
    "hinge_generator_loss",
    "least_squares_discriminator_loss",
    "least_squares_generator_loss",
    "minimax_discriminator_loss",
    "minimax_generator_loss",
    "non_saturating_discriminator_loss",
    "non_saturating_generator_loss",
    "relativistic_average_discriminator_loss",
    "relativistic_average_generator_loss",
    "relativistic_average_least_squares_discriminator_loss",
    "relativistic_average_least_squares_generator_loss",
    "relativistic_discriminator_loss",
    "relativistic_generator_loss",
    "wasserstein_discriminator_loss",
    "wasserstein_generator_loss",
]
