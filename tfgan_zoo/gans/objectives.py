"""Named objectives: a generator loss and a discriminator loss that belong together.

A variant chooses its objective by name (`GAN(objective="hinge")`); a new
objective is one `OBJECTIVES.register` call with an `Objective` built from two
functions with the signature of `tfgan_zoo.losses`.
"""

import dataclasses
from collections.abc import Callable

from tfgan_zoo import losses
from tfgan_zoo.registry import OBJECTIVES


@dataclasses.dataclass(frozen=True)
class Objective:
    """A G/D loss pair over discriminator outputs, both unreduced.

    Attributes:
        name: the registry name.
        generator_loss: fn(real_outputs, fake_outputs) -> [batch].
        discriminator_loss: fn(real_outputs, fake_outputs) -> [batch].
        generator_uses_real: whether generator_loss reads the real outputs
            (the relativistic losses); otherwise the generator step skips the
            discriminator pass on real images.
        supports_label_smoothing: whether discriminator_loss takes
            `label_smoothing` (the probabilistic losses).
    """

    name: str
    generator_loss: Callable
    discriminator_loss: Callable
    generator_uses_real: bool = False
    supports_label_smoothing: bool = False


def _register(objective):
    OBJECTIVES.register(objective.name, objective)


_register(Objective("minimax", losses.minimax_generator_loss,
                    losses.minimax_discriminator_loss, supports_label_smoothing=True))
_register(Objective("non_saturating", losses.non_saturating_generator_loss,
                    losses.non_saturating_discriminator_loss, supports_label_smoothing=True))
_register(Objective("wasserstein", losses.wasserstein_generator_loss,
                    losses.wasserstein_discriminator_loss))
_register(Objective("least_squares", losses.least_squares_generator_loss,
                    losses.least_squares_discriminator_loss))
_register(Objective("hinge", losses.hinge_generator_loss, losses.hinge_discriminator_loss))
_register(Objective("relativistic", losses.relativistic_generator_loss,
                    losses.relativistic_discriminator_loss, generator_uses_real=True))
_register(Objective("relativistic_average", losses.relativistic_average_generator_loss,
                    losses.relativistic_average_discriminator_loss, generator_uses_real=True))
_register(Objective("relativistic_average_least_squares", losses.relativistic_average_least_squares_generator_loss,
                    losses.relativistic_average_least_squares_discriminator_loss, generator_uses_real=True))


def get_objective(objective):
    """Returns the registered `Objective` for a name, or `objective` itself."""
    if isinstance(objective, Objective):
        return objective
    return OBJECTIVES.get(objective)
