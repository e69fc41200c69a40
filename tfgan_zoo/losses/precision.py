"""The precision losses are computed in."""

import tensorflow as tf


def at_least_float32(values):
    """`values` as float32, or as float64 when they are float64.

    Half-precision activations (mixed float16 or bfloat16) are lifted to
    float32, because squared norms and sums over a batch underflow or lose
    their low bits in 16 bits; a float64 model keeps its precision, so that
    its gradients are float64 ones and not float32 roundings cast back.
    """
    values = tf.convert_to_tensor(values)
    return values if values.dtype == tf.float64 else tf.cast(values, tf.float32)
