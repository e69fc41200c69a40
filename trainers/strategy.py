"""Choose a tf.distribute strategy by name."""

import tensorflow as tf

from tfgan_zoo.builders import ConfigError

STRATEGIES = ("default", "one_device", "mirrored")


def get_strategy(name="default", devices=None):
    """Returns the strategy called `name`.

    Args:
        name: "default" (no distribution), "one_device" or "mirrored".
        devices: device names for one_device (the first) and mirrored; None
            means all visible GPUs for mirrored (or the CPU when there are none).
    """
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "one_device":
        return tf.distribute.OneDeviceStrategy((devices or ["/cpu:0"])[0])
    if name == "mirrored":
        return tf.distribute.MirroredStrategy(devices or None)
    raise ConfigError(f"unknown strategy {name!r}; choose one of: {', '.join(STRATEGIES)}")
