"""Shared test set-up: quiet TensorFlow, oneDNN kernels, two logical CPUs, the offline MNIST."""

import os

from tfgan_zoo.trainers.runtime import use_onednn_kernels

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# The kernels the command runs, on every x86 CPU (TensorFlow turns them on by
# itself only on AVX-512 ones): set before TensorFlow loads.
use_onednn_kernels()

import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

# Two logical CPU devices let MirroredStrategy run for real on one CPU; this
# must happen before anything initialises the TensorFlow runtime.
_cpus = tf.config.list_physical_devices("CPU")
tf.config.set_logical_device_configuration(
    _cpus[0], [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()]
)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_TFDS = os.path.join(os.path.dirname(REPO), "shared", "tfds")


@pytest.fixture(scope="session")
def mnist_data_dir():
    """The prepared MNIST beside the checkout; tests needing it skip without it."""
    if not os.path.isdir(os.path.join(SHARED_TFDS, "mnist")):
        pytest.skip(f"prepared MNIST not found in {SHARED_TFDS}")
    return SHARED_TFDS


@pytest.fixture(scope="session")
def mirrored():
    """MirroredStrategy over the two logical CPUs, one for the whole session:
    several strategies in one process can collide on collective instance keys."""
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    assert strategy.num_replicas_in_sync == 2
    return strategy

