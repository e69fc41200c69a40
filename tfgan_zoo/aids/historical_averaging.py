"""Historical averaging (Salimans et al. 2016, arXiv 1606.03498, section 3.3)."""

from tfgan_zoo.aids.base import Aid, check_not_negative, register
from tfgan_zoo.aids.parameter_average import ParameterAverage
from tfgan_zoo.losses.regularizers import historical_averaging_penalty


@register
class HistoricalAveraging(Aid):
    """A penalty pulling each network towards the mean of its past weights:

        L += w ||theta - (1/t) sum_{i=1}^{t} theta_i||^2,

    added once per step to G's loss (weight g_historical_averaging) and to
    D's (d_historical_averaging); the means are checkpointed ("g_history",
    "d_history").

    Args:
        g_historical_averaging, d_historical_averaging: the weights, >= 0, not both 0.
    """

    name = "historical_averaging"
    fields = {"g_historical_averaging": 0.0, "d_historical_averaging": 0.0}
    test_fields = {"g_historical_averaging": 0.1, "d_historical_averaging": 0.1}

    def __init__(self, g_historical_averaging=0.0, d_historical_averaging=0.0):
        check_not_negative(g_historical_averaging=g_historical_averaging,
                           d_historical_averaging=d_historical_averaging)
        if not (g_historical_averaging or d_historical_averaging):
            raise ValueError("historical averaging needs g_historical_averaging or d_historical_averaging > 0")
        self.g_historical_averaging = g_historical_averaging
        self.d_historical_averaging = d_historical_averaging
        self.g_history = self.d_history = None

    @classmethod
    def from_fields(cls, g_historical_averaging, d_historical_averaging):
        check_not_negative(g_historical_averaging=g_historical_averaging,
                           d_historical_averaging=d_historical_averaging)
        if not (g_historical_averaging or d_historical_averaging):
            return None
        return cls(g_historical_averaging, d_historical_averaging)

    def attach(self, gan):
        if self.g_historical_averaging:
            self.g_history = ParameterAverage(gan.generator.trainable_variables, name="g_history")
        if self.d_historical_averaging:
            self.d_history = ParameterAverage(gan.discriminator.trainable_variables, name="d_history")

    @staticmethod
    def _penalty(history, weight, network):
        if history is None:
            return None
        return weight * historical_averaging_penalty(network.trainable_variables, history.averages)

    def discriminator_regularizer(self, gan):
        return self._penalty(self.d_history, self.d_historical_averaging, gan.discriminator)

    def generator_regularizer(self, gan):
        return self._penalty(self.g_history, self.g_historical_averaging, gan.generator)

    def after_discriminator_update(self, gan, applied):
        if self.d_history is not None:
            self.d_history.update(gan.discriminator.trainable_variables, applied)

    def after_generator_update(self, gan, applied):
        if self.g_history is not None:
            self.g_history.update(gan.generator.trainable_variables, applied)

    def checkpoint_items(self):
        return {name: history.weights for name, history in (("g_history", self.g_history),
                                                             ("d_history", self.d_history)) if history is not None}
