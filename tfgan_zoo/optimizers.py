"""Adam as one kernel per variable.

Keras 3's Adam writes its update (Kingma and Ba 2014, arXiv 1412.6980,
Algorithm 1 with the "efficient" step size of section 2) as about a dozen
elementwise operations per variable, each a full pass over the variable
with a temporary of its size. For InfoGAN's MNIST networks (13 million
weights, most in two 1024 x 6,272 dense layers) those passes took 32 of the
203 ms of a train step on a 2-core AVX2 CPU. TensorFlow's own
`ResourceApplyAdam` kernel does the same update in one pass.
"""

import keras
import tensorflow as tf


def _handle(variable):
    """The resource handle of a Keras variable or a tf.Variable: under a distribution
    strategy's update, the component on the device being updated."""
    if isinstance(variable, keras.Variable):
        variable = variable.value
    return variable.handle


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class FusedAdam(keras.optimizers.Adam):
    """Keras's Adam with each dense update done by TensorFlow's fused `ResourceApplyAdam`.

    The same formula as `keras.optimizers.Adam` (and the same variables, so
    checkpoints of either restore into the other); at step t, with gradient g:

        m <- m + (g - m) (1 - beta_1)
        v <- v + (g^2 - v) (1 - beta_2)
        w <- w - lr sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon)

    Sparse gradients (`tf.IndexedSlices`) and `amsgrad` take Keras's own path.
    Results differ from Keras's only by the rounding of the operations' order.
    """

    def update_step(self, gradient, variable, learning_rate):
        if self.amsgrad or isinstance(gradient, tf.IndexedSlices):
            return super().update_step(gradient, variable, learning_rate)
        dtype = variable.dtype
        step = tf.cast(self.iterations + 1, dtype)
        index = self._get_variable_index(variable)
        tf.raw_ops.ResourceApplyAdam(
            var=_handle(variable), m=_handle(self._momentums[index]), v=_handle(self._velocities[index]),
            beta1_power=tf.pow(tf.cast(self.beta_1, dtype), step),
            beta2_power=tf.pow(tf.cast(self.beta_2, dtype), step),
            lr=tf.cast(learning_rate, dtype), beta1=tf.cast(self.beta_1, dtype),
            beta2=tf.cast(self.beta_2, dtype), epsilon=tf.cast(self.epsilon, dtype),
            grad=tf.cast(gradient, dtype))
