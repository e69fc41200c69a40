"""Synthetic 2-D mixtures of Gaussians for measuring mode collapse.

The benchmarks of Metz et al. 2016 (Unrolled GAN, arXiv 1611.02163),
Srivastava et al. 2017 (VEEGAN, arXiv 1705.07761) and Lin et al. 2018
(PacGAN, arXiv 1712.04086):

- ring8:  8 Gaussians evenly spaced on a circle of radius 1, std 0.01.
- grid25: 25 Gaussians at {-4, -2, 0, 2, 4}^2, std 0.05.

Every mode has the same weight. Examples are {"image": float32 [2],
"label": the mode index}; "image" keeps the pipelines' key for whatever
the model consumes.
"""

import dataclasses
import math

import numpy as np
import tensorflow as tf

from tfgan_zoo.data.sources import Source


@dataclasses.dataclass(frozen=True)
class Mixture:
    """An equal-weight mixture of isotropic Gaussians in 2-D."""

    centers: np.ndarray  # [modes, 2]
    std: float

    @property
    def num_modes(self):
        return len(self.centers)

    def sample(self, count, seed):
        rng = np.random.default_rng(seed)
        modes = rng.integers(0, self.num_modes, count)
        points = self.centers[modes] + self.std * rng.standard_normal((count, 2))
        return points.astype(np.float32), modes.astype(np.int64)


def _ring(modes=8, radius=1.0):
    angles = 2 * math.pi * np.arange(modes) / modes
    return np.stack([radius * np.cos(angles), radius * np.sin(angles)], axis=1)


def _grid(values=(-4.0, -2.0, 0.0, 2.0, 4.0)):
    return np.array([(x, y) for x in values for y in values], np.float64)


MIXTURES = {
    "ring8": Mixture(_ring(), std=0.01),
    "grid25": Mixture(_grid(), std=0.05),
}


def toy_source(name, num_examples=100_000, seed=0):
    """A `Source` of `num_examples` points drawn from the named mixture."""
    mixture = MIXTURES[name]
    points, modes = mixture.sample(num_examples, seed)
    dataset = tf.data.Dataset.from_tensor_slices({"image": points, "label": modes})
    return Source(dataset=dataset, num_examples=num_examples, channels=None,
                  num_classes=mixture.num_modes, name=f"toy:{name}", kind="points")
