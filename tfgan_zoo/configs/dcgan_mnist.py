"""DCGAN on MNIST with the TensorFlow DCGAN tutorial's networks (28x28x1).

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=dcgan_mnist --workdir=runs/dcgan_mnist

Networks, Adam(1e-4) for both players and batch 256 are the tutorial's.
On a 2-core CPU, 600 steps (about 2.5 epochs) give recognisable digits; see
BENCHMARKS.md for the measured time and score.
"""

from tfgan_zoo.configs._base import base_config


def get_config():
    config = base_config()
    config["generator"] = {"name": "dcgan_mnist_generator", "z_dim": 100}
    config["discriminator"] = {"name": "dcgan_mnist_discriminator"}
    config["data"].update(name="mnist", image_size=28, channels=1)
    config["optimizer"].update(g_learning_rate=1e-4, d_learning_rate=1e-4, beta_1=0.9)
    config["train"].update(batch_size=256, steps=600, log_every=25, sample_every=200,
                           checkpoint_every=200)
    return config
