"""Stateful pieces of the training aids that live inside a GAN's train step.

Each is a Keras layer only so that its variables are tracked, created under
the caller's strategy scope and saved with the GAN's checkpoint; none is
called on inputs. Every replica computes the same values from all-reduced
or all-gathered inputs, so the variables use aggregation
"only_first_replica".
"""

import keras
import tensorflow as tf


def _replica():
    """(replica context or None, number of replicas, this replica's index)."""
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return None, 1, 0
    return context, context.num_replicas_in_sync, context.replica_id_in_sync_group


class ParameterAverage(keras.layers.Layer):
    """A running average of a list of variables, one copy each.

    decay None: the historical mean of the values after each update
        (Salimans et al. 2016, arXiv 1606.03498, section 3.3):
        avg_t = avg_{t-1} + (theta_t - avg_{t-1}) / t, so avg_n = (1/n) sum_{i=1}^{n} theta_i.
    decay d: an exponential moving average (Karras et al. 2017; Yazici et al.
        2018, arXiv 1806.04498): avg_t = d avg_{t-1} + (1 - d) theta_t, with
        avg_t = theta_t while t <= start (the average starts late, once the
        weights have left their random initialisation).

    Both start from the variables' initial values.
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
        """Folds the variables' current values in, when `applied` (a skipped update adds nothing)."""
        updates = self.updates + 1
        if self.decay is None:
            keep = 1.0 - 1.0 / tf.cast(updates, tf.float32)
        else:
            keep = tf.where(updates <= self.start, 0.0, self.decay)
        for average, variable in zip(self.averages, variables, strict=True):
            keep_here = tf.cast(keep, average.dtype)
            new = keep_here * average + (1.0 - keep_here) * tf.cast(variable, average.dtype)
            average.assign(tf.where(applied, new, average))
        self.updates.assign(tf.where(applied, updates, self.updates))


class ReplayPool(keras.layers.Layer):
    """Experience replay of generated images (Shrivastava et al. 2017, arXiv 1612.07828).

    A pool of `size` past generated examples. Each discriminator update
    replaces k = round(ratio * n) of the n generated examples of the GLOBAL
    batch with examples drawn uniformly (with replacement) from the pool,
    and puts the k fresh examples it displaced into the pool: into empty
    slots while there are any, then over k distinct slots chosen at random,
    as the paper's section 2.3 does ("randomly replace b/2 samples in the
    buffer"), so an example may stay in the pool for many updates. While the
    pool is empty the batch is left as it is.
    Replicas all-gather their generated examples, so every replica sees the
    same pool and the step equals the single-device step.

    Args:
        size: examples the pool holds.
        ratio: the fraction of each generated batch taken from the pool.
        example_shape: the shape of one generated example.
    """

    def __init__(self, size, ratio, example_shape, **kwargs):
        super().__init__(**kwargs)
        if size < 1:
            raise ValueError(f"replay_pool_size must be >= 1, got {size}")
        if not 0.0 < ratio <= 1.0:
            raise ValueError(f"replay_ratio must be in (0, 1], got {ratio}")
        self.size = size
        self.ratio = ratio
        self.pool = self.add_weight(shape=(size, *example_shape), initializer="zeros", trainable=False,
                                    name="pool", aggregation="only_first_replica")
        self.count = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                     name="count", aggregation="only_first_replica")

    def mix(self, fake, seed):
        """Returns this replica's generated batch with a ratio of it replayed from the pool."""
        context, replicas, index = _replica()
        fake = tf.stop_gradient(tf.cast(fake, self.pool.dtype))
        everyone = context.all_gather(fake, axis=0) if context else fake
        total = tf.shape(everyone, out_type=tf.int64)[0]
        wanted = tf.cast(tf.round(self.ratio * tf.cast(total, tf.float32)), tf.int64)
        replayed_count = tf.clip_by_value(wanted, 1, tf.minimum(total, self.size))
        filled = tf.minimum(self.count, self.size)
        picks = tf.random.stateless_uniform([replayed_count], seed=seed, minval=0,
                                            maxval=tf.maximum(filled, 1), dtype=tf.int64)
        replayed = tf.concat([tf.gather(self.pool, picks), everyone[replayed_count:]], axis=0)
        mixed = tf.where(filled > 0, replayed, everyone)
        self._push(everyone[:replayed_count], tf.random.experimental.stateless_fold_in(seed, 1))
        per_replica = total // replicas
        index = tf.cast(index, tf.int64)
        return mixed[index * per_replica:(index + 1) * per_replica]

    def _push(self, examples, seed):
        """Writes examples into empty slots, then over random distinct filled
        ones; a batch holding NaN or inf is not kept."""
        count = tf.shape(examples, out_type=tf.int64)[0]
        filled = tf.minimum(self.count, self.size)
        sequential = self.count + tf.range(count)
        # A random order of the slots with the filled ones first: its head is
        # distinct filled slots, none of which an empty-slot write also takes.
        slots = tf.range(self.size, dtype=tf.int64)
        keys = tf.random.stateless_uniform([self.size], seed=seed) + tf.cast(slots >= filled, tf.float32) * 2.0
        order = tf.cast(tf.argsort(keys), tf.int64)
        # Write i takes the (i - empty slots)-th of them once the empty ones are used.
        random_filled = tf.gather(order, tf.maximum(tf.range(count) - (self.size - filled), 0))
        positions = tf.where(sequential < self.size, sequential, random_filled)
        updated = tf.tensor_scatter_nd_update(self.pool, positions[:, None], examples)
        finite = tf.reduce_all(tf.math.is_finite(examples))
        self.pool.assign(tf.where(finite, updated, self.pool))
        self.count.assign(tf.where(finite, self.count + count, self.count))


def instance_noise_stddev(step, initial, anneal_steps):
    """Instance noise (Sonderby et al. 2016, arXiv 1610.04490): sigma_t = sigma_0 max(0, 1 - t / T).

    Args:
        step: t, the train steps done.
        initial: sigma_0.
        anneal_steps: T; 0 keeps sigma_0 for the whole run.
    """
    if not anneal_steps:
        return tf.constant(initial, tf.float32)
    progress = tf.cast(step, tf.float32) / float(anneal_steps)
    return initial * tf.maximum(0.0, 1.0 - progress)
