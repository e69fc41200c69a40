"""A running average of a network's weights: the state of historical averaging and of G's EMA."""

import keras
import tensorflow as tf


class ParameterAverage(keras.layers.Layer):
    """A running average of a list of variables, one copy each.

    decay None: the historical mean of the values after each update
        (Salimans et al. 2016, arXiv 1606.03498, section 3.3):
        avg_t = avg_{t-1} + (theta_t - avg_{t-1}) / t, so avg_n = (1/n) sum_{i=1}^{n} theta_i.
    decay d: an exponential moving average (Karras et al. 2017; Yazici et al.
        2018, arXiv 1806.04498): avg_t = d avg_{t-1} + (1 - d) theta_t, with
        avg_t = theta_t while t <= start (the average starts late, once the
        weights have left their random initialisation).

    Both start from the variables' initial values. A Keras layer only so that
    its variables are tracked, created under the caller's strategy scope and
    saved with checkpoints; it is never called on inputs. Every replica
    computes the same values, so the variables use aggregation
    "only_first_replica".
    """

    def __init__(self, variables, decay=None, start=0, **kwargs):
        super().__init__(**kwargs)
        self.decay = decay
        self.start = start
        self.updates = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                       name="updates", aggregation="only_first_replica")
        self.averages = []
        for variable in variables:
            average = self.add_weight(
                shape=variable.shape, dtype=variable.dtype, initializer="zeros", trainable=False,
                name=variable.path.replace("/", "_"), aggregation="only_first_replica")
            average.assign(variable)
            self.averages.append(average)

    def update(self, variables, applied=True):
        """Folds the variables' current values in, when `applied` (a skipped update adds nothing).

        Written as TensorFlow's ExponentialMovingAverage writes it,
        avg <- avg - rate (avg - theta) with rate = 1 - keep: three passes over
        each variable, where keep avg + (1 - keep) theta, chosen by `applied`,
        took six. A skipped update has rate 0, which leaves avg exactly as it
        was. Within the start (rate 1) avg becomes theta up to two roundings.
        """
        updates = self.updates + 1
        if self.decay is None:
            rate = 1.0 / tf.cast(updates, tf.float32)
        else:
            rate = tf.where(updates <= self.start, 1.0, 1.0 - self.decay)
        rate = tf.where(applied, rate, 0.0)
        for average, variable in zip(self.averages, variables, strict=True):
            average.assign_sub((average - tf.cast(variable, average.dtype)) * tf.cast(rate, average.dtype))
        self.updates.assign(tf.where(applied, updates, self.updates))
