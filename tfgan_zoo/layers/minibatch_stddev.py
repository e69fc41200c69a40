"""Minibatch standard deviation (Karras et al. 2017, arXiv 1710.10196, section 3)."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class MinibatchStddev(keras.layers.Layer):
    """Appends the batch's average feature standard deviation as one more feature.

    The batch is split into groups of G examples (group j holds examples
    j, j + n/G, j + 2n/G, ... as in the paper's code). For each group

        s = mean_{features} sqrt(Var_{group}(x) + 1e-8)

    and every example of the group gets s appended: as one more channel,
    constant over positions, for a [batch, H, W, C] input; as one more
    feature for a [batch, A] input. A collapsed generator gives fakes a
    smaller s than real batches.

    Args:
        group_size: G; must divide the (replica's) batch. The whole batch
            is one group when the batch is smaller than G.
    """

    def __init__(self, group_size=4, **kwargs):
        super().__init__(**kwargs)
        if group_size < 1:
            raise ValueError(f"group_size must be >= 1, got {group_size}")
        self.group_size = group_size

    def call(self, inputs):
        batch = inputs.shape[0]
        group = min(self.group_size, batch) if batch is not None else self.group_size
        if batch is not None and batch % group:
            raise ValueError(
                f"minibatch stddev groups of {group} do not divide the batch of {batch}; "
                "use a batch that is a multiple of the group size"
            )
        x = ops.cast(inputs, "float32")
        grouped = ops.reshape(x, (group, -1, *x.shape[1:]))
        variance = ops.mean(ops.square(grouped - ops.mean(grouped, axis=0, keepdims=True)), axis=0)
        stddev = ops.mean(ops.sqrt(variance + 1e-8), axis=tuple(range(1, len(x.shape))))  # [n / G]
        per_example = ops.tile(stddev, (group,))[:, None]
        per_example = ops.cast(per_example, inputs.dtype)
        if len(inputs.shape) == 2:
            return ops.concatenate([inputs, per_example], axis=-1)
        tiled = ops.broadcast_to(per_example[:, None, None, :], (*ops.shape(inputs)[:-1], 1))
        return ops.concatenate([inputs, tiled], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + 1)

    def get_config(self):
        return {**super().get_config(), "group_size": self.group_size}
