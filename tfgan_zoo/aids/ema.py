"""An exponential moving average of the generator's weights, for samples and exports."""

import keras

from tfgan_zoo.aids.base import Aid, check_not_negative, register
from tfgan_zoo.aids.parameter_average import ParameterAverage


@register
class GeneratorEMA(Aid):
    """G's weights averaged over training (Karras et al. 2017, arXiv 1710.10196;
    Yazici et al. 2018, arXiv 1806.04498):

        theta_ema_t = d theta_ema_{t-1} + (1 - d) theta_t,  theta_ema_t = theta_t while t <= start.

    Training uses G itself; `sampling_generator` (samples, evaluation and
    exports) is a copy of G holding the average and G's current
    non-trainable state (batch-norm statistics). Checkpointed as "generator_ema".

    Args:
        ema_decay: d in (0, 1).
        ema_start: the generator updates before averaging starts.
    """

    name = "ema"
    fields = {"ema_decay": 0.0, "ema_start": 0}
    test_fields = {"ema_decay": 0.9}

    def __init__(self, ema_decay, ema_start=0):
        if not 0.0 < ema_decay < 1.0 or ema_start < 0:
            raise ValueError(f"ema_decay must be in (0, 1) and ema_start >= 0, got {ema_decay} and {ema_start}")
        self.ema_decay = ema_decay
        self.ema_start = ema_start
        self.average = self._copy = None

    @classmethod
    def from_fields(cls, ema_decay, ema_start):
        if not 0.0 <= ema_decay < 1.0:
            raise ValueError(f"ema_decay must be in [0, 1), got {ema_decay}")
        check_not_negative(ema_start=ema_start)
        return cls(ema_decay, ema_start) if ema_decay else None

    def attach(self, gan):
        self.average = ParameterAverage(gan.generator.trainable_variables, decay=self.ema_decay,
                                        start=self.ema_start, name="generator_ema")

    @property
    def averages(self):
        return self.average.averages

    def after_generator_update(self, gan, applied):
        self.average.update(gan.generator.trainable_variables, applied)

    def checkpoint_items(self):
        return {"generator_ema": self.average.weights}

    def sampling_generator(self, gan, generator):
        """A copy of `generator` holding the averaged weights (call outside a step)."""
        if self._copy is None:
            self._copy = keras.models.clone_model(generator)
        for target, average in zip(self._copy.trainable_variables, self.average.averages, strict=True):
            target.assign(average)
        for target, source in zip(self._copy.non_trainable_variables, generator.non_trainable_variables,
                                  strict=True):
            target.assign(source)
        return self._copy
