"""Stacked MNIST (Metz et al. 2016, arXiv 1611.02163; Srivastava et al. 2017, arXiv 1705.07761).

Three MNIST digits drawn independently and stacked as the R, G and B
channels of one 28x28x3 image: 10^3 = 1000 modes, one per digit triple,
equally likely. PacGAN's protocol (Lin et al. 2018, arXiv 1712.04086)
trains on 128,000 such images.
"""

import numpy as np
import tensorflow as tf

from tfgan_zoo.data.sources import Source, tfds_source

NUM_MODES = 1000


def stacked_mnist_source(split="train", data_dir=None, num_examples=128_000, seed=0):
    """A `Source` of {"image": uint8 [28, 28, 3], "label": 100 d_R + 10 d_G + d_B}.

    The digit triples are drawn with a fixed seed from the MNIST split, so the
    dataset is the same on every run.
    """
    mnist = tfds_source("mnist", split=split, data_dir=data_dir)
    everything = next(iter(mnist.dataset.batch(1_000_000)))
    images, labels = everything["image"], everything["label"]
    picks = np.random.default_rng(seed).integers(0, int(images.shape[0]), size=(num_examples, 3))

    def stack(indices):
        channels = tf.gather(images, indices)  # [3, 28, 28, 1]
        digits = tf.gather(labels, indices)
        return {"image": tf.transpose(channels[..., 0], [1, 2, 0]),
                "label": digits[0] * 100 + digits[1] * 10 + digits[2]}

    return Source(
        dataset=tf.data.Dataset.from_tensor_slices(picks).map(stack, num_parallel_calls=tf.data.AUTOTUNE),
        num_examples=num_examples, channels=3, num_classes=NUM_MODES,
        name=f"stacked_mnist/{split} ({num_examples} triples, seed {seed})",
    )
