"""An exponential moving average of the generator's weights, for samples and exports."""

import functools
import math

import keras
import tensorflow as tf

from tfgan_zoo.aids.base import Aid, check_not_negative, register
from tfgan_zoo.aids.parameter_average import ParameterAverage

STANDING_BATCH_SIZE = 64  # BigGAN-PyTorch draws its standing batches at G's batch size


@register
class GeneratorEMA(Aid):
    """G's weights averaged over training (Karras et al. 2017, arXiv 1710.10196;
    Yazici et al. 2018, arXiv 1806.04498):

        theta_ema_t = d theta_ema_{t-1} + (1 - d) theta_t,  theta_ema_t = theta_t while t <= start.

    Training uses G itself; `sampling_generator` (samples, evaluation and
    exports) is a copy of G holding the average. Checkpointed as "generator_ema".

    Batch normalization: G's moving statistics describe G's own activations,
    not the averaged weights', and on a 2-D grid that mismatch alone halves the
    share of samples on a mode. So the copy's statistics are "standing
    statistics" (Brock et al. 2018, arXiv 1809.11096, appendix; the authors'
    `utils.accumulate_standing_stats`): the copy runs in training mode on
    `ema_standing_batches` fixed batches of 64 draws of z (and uniform labels),
    and each batch-norm layer keeps the plain mean of the batches' means and
    of their variances, the latter with Bessel's correction (see
    `StandingStatistics`). The other non-trainable state is G's own.

    Args:
        ema_decay: d in (0, 1).
        ema_start: the generator updates before averaging starts.
        ema_standing_batches: batches of standing statistics for G's batch
            norm (0: copy G's moving statistics instead).
    """

    name = "ema"
    fields = {"ema_decay": 0.0, "ema_start": 0, "ema_standing_batches": 16}
    test_fields = {"ema_decay": 0.9}

    def __init__(self, ema_decay, ema_start=0, ema_standing_batches=16):
        if not 0.0 < ema_decay < 1.0 or ema_start < 0:
            raise ValueError(f"ema_decay must be in (0, 1) and ema_start >= 0, got {ema_decay} and {ema_start}")
        check_not_negative(ema_standing_batches=ema_standing_batches)
        self.ema_decay = ema_decay
        self.ema_start = ema_start
        self.ema_standing_batches = int(ema_standing_batches)
        self.average = self._copy = self._standing = None
        self._filled_for = None  # (the average's update count, ema_standing_batches) of the copy's contents

    @classmethod
    def from_fields(cls, ema_decay, ema_start, ema_standing_batches):
        if not 0.0 <= ema_decay < 1.0:
            raise ValueError(f"ema_decay must be in [0, 1), got {ema_decay}")
        check_not_negative(ema_start=ema_start, ema_standing_batches=ema_standing_batches)
        return cls(ema_decay, ema_start, ema_standing_batches) if ema_decay else None

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
        """A copy of `generator` holding the averaged weights (call outside a step).

        Refilled only when the average (or ema_standing_batches) has changed
        since the last call, so a loop of `sample` calls pays for the standing
        statistics once."""
        if self._copy is None:
            self._copy = keras.models.clone_model(generator)
            self._standing = StandingStatistics(gan, self._copy)
        key = (int(self.average.updates.numpy()), self.ema_standing_batches)
        if self._filled_for == key:
            return self._copy
        for target, average in zip(self._copy.trainable_variables, self.average.averages, strict=True):
            target.assign(average)
        for target, source in zip(self._copy.non_trainable_variables, generator.non_trainable_variables,
                                  strict=True):
            target.assign(source)
        self._standing.fill(self.ema_standing_batches)
        self._filled_for = key
        return self._copy


class StandingStatistics:
    """Sets every batch-norm layer of `generator` to the mean of its batch
    statistics over K fixed draws of z (and labels, when conditional):

        moving_mean = (1/K) sum_k mu_k,  moving_variance = n / (n - 1) (1/K) sum_k sigma_k^2,

    with n the values per channel in one batch (the batch times the spatial
    positions). A batch's biased variance sigma_k^2 is (n - 1) / n of the
    population's on average; uncorrected, it shrinks a sharp generator's
    output (on grid25 at 12,000 steps, batches of 64 put 54.7% of the samples
    on a mode, of 1,024 59.9%). The draws are stateless from fixed seeds:
    they do not advance the GAN's random stream, and the same weights always
    get the same statistics.

    One graph runs all K batches: each runs the network in training mode
    with every layer's momentum at 0, so Keras's update leaves that batch's
    own mean and biased variance in the layer (0 x old + 1 x m = m), and the
    loop adds them up. Run eagerly, batch by batch, 256 batches of grid25's
    MLP took 6-7 s. K is a tensor: a new count does not retrace.
    """

    def __init__(self, gan, generator, batch_size=STANDING_BATCH_SIZE):
        self.gan, self.generator, self.batch_size = gan, generator, batch_size
        self.layers = [layer for layer in generator._flatten_layers()
                       if isinstance(layer, keras.layers.BatchNormalization)]
        # A graph per generator is by design (each has its own variables). TensorFlow counts
        # traces per function's code, so the fifth instance in a process (a benchmark over
        # seeds) would warn of retracing; a partial is its own key, one per instance.
        self._sums = tf.function(functools.partial(StandingStatistics._batch_statistic_sums, self))

    def fill(self, batches):
        if not self.layers or not batches:
            return
        momenta = [layer.momentum for layer in self.layers]
        try:
            for layer in self.layers:
                layer.momentum = 0.0  # read when the graph is traced: the first fill's setting holds
            # int64: an int32 count past 2**31 would wrap to a negative one, and an empty loop.
            mean_sums, variance_sums = self._sums(tf.constant(batches, tf.int64))
        finally:
            for layer, momentum in zip(self.layers, momenta, strict=True):
                layer.momentum = momentum
        for layer, mean_sum, variance_sum in zip(self.layers, mean_sums, variance_sums, strict=True):
            count = self.batch_size * values_per_example(layer)
            layer.moving_mean.assign(mean_sum / batches)
            layer.moving_variance.assign(variance_sum / batches * (count / (count - 1.0)))

    def _batch_statistic_sums(self, batches):
        gan = self.gan

        def add_batch(index, mean_sums, variance_sums):
            z = tf.random.stateless_normal((self.batch_size, gan.z_dim), seed=tf.stack([index, 0]))
            labels = (tf.random.stateless_uniform((self.batch_size,), seed=tf.stack([index, 1]),
                                                  maxval=gan.num_classes, dtype=tf.int32)
                      if gan.conditional else None)
            gan.generate(z, labels, training=True, generator=self.generator)
            # Read after the layers' updates: the loop body orders its stateful operations.
            pairs = list(zip(mean_sums, variance_sums, self.layers, strict=True))
            return (index + 1, [mean_sum + layer.moving_mean for mean_sum, _, layer in pairs],
                    [variance_sum + layer.moving_variance for _, variance_sum, layer in pairs])

        zeros = [tf.zeros_like(layer.moving_mean) for layer in self.layers]
        _, mean_sums, variance_sums = tf.while_loop(lambda index, *_: index < batches, add_batch,
                                                    (tf.constant(0, tf.int64), zeros, list(zeros)))
        return mean_sums, variance_sums


def values_per_example(layer):
    """The values one example gives each channel of a batch-norm layer: the product
    of its input's dimensions other than the batch and the normalized axes."""
    # The shape the layer was built for (Keras's public build config), not `layer.input`: a
    # batch norm inside another layer (the class-conditional batch norm of cGANs and BigGAN)
    # is called in that layer's `call` and has no node of the functional graph, so no `input`.
    shape = layer.get_build_config()["input_shape"]
    axes = {axis % len(shape) for axis in (layer.axis if isinstance(layer.axis, (list, tuple)) else [layer.axis])}
    return math.prod(size for index, size in enumerate(shape) if index and index not in axes)
