"""Replica arithmetic: the one module that knows a step may run on several replicas.

Under a tf.distribute strategy a train step runs once per replica, each on
its own contiguous slice of the GLOBAL batch, and the optimizers sum the
replicas' gradients. Everything a step computes goes through one of these
functions wherever the replica count could change its value, so that a step
on R replicas gives exactly what the same step gives on one device:
per-example losses are divided by the global batch, regularizers by R, batch
statistics and random draws span the global batch, and a skipped update is
skipped everywhere.
"""

import keras
import tensorflow as tf

from tfgan_zoo.losses.precision import at_least_float32


def replica_position():
    """(replica context or None, replicas in sync, this replica's index)."""
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return None, 1, 0
    return context, context.num_replicas_in_sync, context.replica_id_in_sync_group


def draw(seed, sampler, batch_size, event_shape=()):
    """This replica's slice of a per-example random draw.

    Every replica draws the GLOBAL batch from the same seed and keeps its own
    slice, so replicas get different values and a step on R replicas uses
    exactly the values of the same step on one device.

    Args:
        seed: the draw's stateless seed (e.g. a SeedGenerator's next()).
        sampler: a stateless sampler, e.g. tf.random.stateless_normal.
        batch_size: this replica's examples.
        event_shape: the shape drawn per example.
    """
    _, replicas, index = replica_position()
    values = sampler([batch_size * replicas, *event_shape], seed=tf.cast(seed, tf.int64))
    return values[index * batch_size:(index + 1) * batch_size]


def global_mean(values, axis=None):
    """Mean of `values` over the global batch: all-reduced across replicas.

    For batch statistics that a loss needs (relativistic averages, BEGAN's
    equilibrium, feature matching's mean features).

    Args:
        values: [batch, ...] on this replica.
        axis: None for one scalar over everything; 0 for the mean over the
            batch of each feature.
    """
    values = at_least_float32(values)
    context, replicas, _ = replica_position()
    if context is None:
        return tf.reduce_mean(values, axis=axis)
    total = tf.reduce_sum(values, axis=axis)
    # Replicas hold equal batches, so the global count is this replica's times R.
    count = tf.cast(tf.size(values) // tf.size(total) * replicas, values.dtype)
    return context.all_reduce(tf.distribute.ReduceOp.SUM, total) / count


def all_gather(values):
    """[global batch, ...]: every replica's `values` in replica order."""
    context, _, _ = replica_position()
    return context.all_gather(values, axis=0) if context else values


def local_slice(everyone):
    """This replica's block of a global-batch tensor made by `all_gather`."""
    _, replicas, index = replica_position()
    per_replica = tf.shape(everyone, out_type=tf.int64)[0] // replicas
    index = tf.cast(index, tf.int64)
    return everyone[index * per_replica:(index + 1) * per_replica]


def sum_over_replicas(gradients):
    """The replicas' gradients summed, as the optimizer would sum them (a list; None stays None)."""
    context, _, _ = replica_position()
    return context.all_reduce(tf.distribute.ReduceOp.SUM, gradients) if context else gradients


def reduce_loss(per_example_loss):
    """The one reduction of a per-example loss: sum over the replica's examples / GLOBAL batch.

    The optimizer sums the replicas' gradients, so dividing by the global
    batch (not the replica's) makes every strategy match one device.
    """
    return tf.nn.compute_average_loss(at_least_float32(per_example_loss))


def scale_regularizer(value):
    """A scalar regularizer's share on this replica: value / R
    (tf.nn.scale_regularization_loss): the summed gradients count it once."""
    return tf.nn.scale_regularization_loss(at_least_float32(value))


def scale_loss(optimizer, loss):
    """The loss a LossScaleOptimizer's gradients are taken of (mixed float16), else the loss."""
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer.scale_loss(loss)
    return loss


def unscaled_optimizer(optimizer):
    """The optimizer doing the updates: inside a LossScaleOptimizer (mixed float16), its inner one."""
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer.inner_optimizer
    return optimizer


def update_if(tracker, values, applied):
    """Adds values to a Mean tracker only when the update they belong to was applied."""
    values = tf.cast(values, tf.float32)
    tracker.update_state(tf.where(applied, values, tf.zeros_like(values)),
                         sample_weight=tf.fill(tf.shape(values), tf.cast(applied, tf.float32)))


def apply_if_finite(optimizer, loss, grads, variables):
    """Applies the update only when the loss and every gradient are finite on
    every replica; returns that flag. A skipped update leaves the weights and
    the optimizer state untouched.

    The flag is all-reduced so that all replicas (and workers) take the same
    branch. The conditional apply follows keras.optimizers.LossScaleOptimizer:
    under strategies that need merge_call, the cond runs in cross-replica
    context around a per-replica apply.

    Variables without a gradient (layers a step does not use, such as a
    growing network's other resolutions) are left out of the update.
    """
    used = [(grad, variable) for grad, variable in zip(grads, variables, strict=True) if grad is not None]
    grads, variables = [grad for grad, _ in used], [variable for _, variable in used]
    checks = [tf.reduce_all(tf.math.is_finite(loss))]
    checks += [tf.reduce_all(tf.math.is_finite(g)) for g in grads]
    bad_here = 1.0 - tf.cast(tf.reduce_all(tf.stack(checks)), tf.float32)
    replica = tf.distribute.get_replica_context()
    finite = replica.all_reduce(tf.distribute.ReduceOp.SUM, bad_here) < 0.5
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        # Mixed float16: overflowing scaled gradients are how the loss scale
        # learns to shrink, so the LossScaleOptimizer sees every step, skips
        # the non-finite ones itself and lowers its scale.
        optimizer.apply(grads, variables)
        return finite

    def apply():
        optimizer.apply(grads, variables)
        return tf.constant(True)

    if tf.__internal__.distribute.strategy_supports_no_merge_call():
        tf.cond(finite, apply, lambda: tf.constant(False))
    else:
        def cross_replica(distribution, finite, grads):
            def apply_everywhere():
                distribution.extended.call_for_each_replica(optimizer.apply, args=(grads, variables))
                return tf.constant(True)

            decided = distribution.experimental_local_results(finite)[0]
            tf.cond(decided, apply_everywhere, lambda: tf.constant(False))

        replica.merge_call(cross_replica, args=(finite, grads))
    return finite
