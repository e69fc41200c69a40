"""tfgan-zoo: GAN variants as Keras models, trainable under any tf.distribute strategy."""

__version__ = "0.1.0"

# Importing the subpackages fills the registries (variants, networks, presets).
from tfgan_zoo import configs, data, gans, metrics, networks  # noqa: E402,F401
from tfgan_zoo.registry import NETWORKS, OBJECTIVES, PRESETS, VARIANTS  # noqa: E402,F401
