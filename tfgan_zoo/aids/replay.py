"""Experience replay (Shrivastava et al. 2017, arXiv 1612.07828): D also sees past fakes."""

import keras
import tensorflow as tf

from tfgan_zoo import replicas
from tfgan_zoo.aids.base import Aid, check_not_negative, register


class ReplayPool(keras.layers.Layer):
    """A pool of `size` past generated examples.

    Each discriminator update replaces k = round(ratio * n) of the n generated
    examples of the GLOBAL batch with examples drawn uniformly (with
    replacement) from the pool, and puts the k fresh examples it displaced
    into the pool: into empty slots while there are any, then over k distinct
    slots chosen at random, as the paper's section 2.3 does ("randomly
    replace b/2 samples in the buffer"), so an example may stay in the pool
    for many updates. While the pool is empty the batch is left as it is.
    Replicas all-gather their generated examples, so every replica sees the
    same pool and the step equals the single-device step. A Keras layer only
    so that its variables are tracked and checkpointed.

    Args (checked by `ExperienceReplay`):
        size: examples the pool holds, >= 1.
        ratio: the fraction of each generated batch taken from the pool, in (0, 1].
        example_shape: the shape of one generated example.
    """

    def __init__(self, size, ratio, example_shape, **kwargs):
        super().__init__(**kwargs)
        self.size = size
        self.ratio = ratio
        self.pool = self.add_weight(shape=(size, *example_shape), initializer="zeros", trainable=False,
                                    name="pool", aggregation="only_first_replica")
        self.count = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                     name="count", aggregation="only_first_replica")

    def mix(self, fake, seed):
        """Returns this replica's generated batch with a ratio of it replayed from the pool."""
        fake = tf.stop_gradient(tf.cast(fake, self.pool.dtype))
        everyone = replicas.all_gather(fake)
        total = tf.shape(everyone, out_type=tf.int64)[0]
        wanted = tf.cast(tf.round(self.ratio * tf.cast(total, tf.float32)), tf.int64)
        replayed_count = tf.clip_by_value(wanted, 1, tf.minimum(total, self.size))
        filled = tf.minimum(self.count, self.size)
        picks = tf.random.stateless_uniform([replayed_count], seed=seed, minval=0,
                                            maxval=tf.maximum(filled, 1), dtype=tf.int64)
        replayed = tf.concat([tf.gather(self.pool, picks), everyone[replayed_count:]], axis=0)
        mixed = tf.where(filled > 0, replayed, everyone)
        self._push(everyone[:replayed_count], tf.random.experimental.stateless_fold_in(seed, 1))
        return replicas.local_slice(mixed)

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


@register
class ExperienceReplay(Aid):
    """Each discriminator update trains on a generated batch of which a ratio
    comes from a pool of past generated examples (`ReplayPool`), checkpointed
    as "replay_pool". G's loss never reuses D's pass on the mixed batch.

    Args:
        replay_pool_size: examples the pool holds (>= 1).
        replay_ratio: the fraction of each fake batch drawn from the pool, in (0, 1].
    """

    name = "experience_replay"
    fields = {"replay_pool_size": 0, "replay_ratio": 0.5}
    test_fields = {"replay_pool_size": 16, "replay_ratio": 0.5}
    reuses_discriminator_pass = False

    def __init__(self, replay_pool_size, replay_ratio=0.5):
        if replay_pool_size < 1:
            raise ValueError(f"replay_pool_size must be >= 1, got {replay_pool_size}")
        if not 0.0 < replay_ratio <= 1.0:
            raise ValueError(f"replay_ratio must be in (0, 1], got {replay_ratio}")
        self.replay_pool_size = replay_pool_size
        self.replay_ratio = replay_ratio
        self.pool = None

    @classmethod
    def from_fields(cls, replay_pool_size, replay_ratio):
        check_not_negative(replay_pool_size=replay_pool_size)
        return cls(replay_pool_size, replay_ratio) if replay_pool_size else None

    def attach(self, gan):
        self.pool = ReplayPool(self.replay_pool_size, self.replay_ratio, gan.generator.output_shape[1:],
                               name="replay_pool")

    def discriminator_fakes(self, gan, fakes):
        return self.pool.mix(fakes, gan.seed_generator.next())

    def checkpoint_items(self):
        return {"replay_pool": self.pool.weights}
