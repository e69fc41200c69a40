"""Self-Attention GAN (Zhang et al. 2018, arXiv 1805.08318)."""

import keras

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.layers import SelfAttention
from tfgan_zoo.registry import VARIANTS


def has_self_attention(network):
    return any(isinstance(layer, SelfAttention) for layer in network.layers)


@VARIANTS.register("sagan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class SAGAN(GAN):
    """ResNet networks with self-attention, trained with the hinge loss:

        L_D = max(0, 1 - D(x, y)) + max(0, 1 + D(G(z, y), y)),   L_G = -D(G(z, y), y)

    The rest of SAGAN is the networks' and the optimizer's, set by the
    `sagan32`/`sagan128` presets: a `SelfAttention` block (y = gamma o + x,
    gamma from 0) at a chosen resolution in both `resnet_generator` and
    `resnet_discriminator`, spectral normalization in every layer of both
    (the `spectral_norm` aid), TTUR with Adam(beta_1=0, beta_2=0.9),
    G 1e-4 and D 4e-4, and, given labels, class-conditional batch norm in G
    and the projection discriminator.

    Args:
        num_classes: 0 (unconditional) or the classes of conditional networks.
        require_attention: reject networks without a self-attention block
            (on by default: without one this is a plain hinge GAN).
        See `GAN` for the rest.
    """

    fixed_objective = "hinge"

    test_networks = {"generator": {"name": "resnet_generator", "z_dim": 8, "resolution": 32, "channels": 1,
                                   "base_filters": 2, "attention_resolution": 16, "spectral_norm": True},
                     "discriminator": {"name": "resnet_discriminator", "resolution": 32, "channels": 1, "base_filters": 2,
                                       "attention_resolution": 16, "spectral_norm": True}}

    def __init__(self, generator, discriminator, require_attention=True, **kwargs):
        if require_attention:
            missing = [network.name for network in (generator, discriminator) if not has_self_attention(network)]
            if missing:
                raise ValueError(f"{missing[0]} has no SelfAttention layer; build it with attention_resolution "
                                 "set (e.g. resnet_generator(attention_resolution=16)), or pass "
                                 "require_attention=False")
        super().__init__(generator, discriminator, **kwargs)
        self.require_attention = require_attention

    def get_config(self):
        return {**super().get_config(), "require_attention": self.require_attention}
