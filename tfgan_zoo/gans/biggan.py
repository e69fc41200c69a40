"""BigGAN (Brock et al. 2018, "Large Scale GAN Training for High Fidelity Natural Image
Synthesis", arXiv 1809.11096), at the scale a configuration asks for."""

import keras

from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.losses.regularizers import orthogonal_regularization
from tfgan_zoo.registry import VARIANTS


def regularized_kernels(network):
    """The weight matrices orthogonal regularization applies to: every Dense and
    convolution kernel (not embeddings, biases or normalization parameters)."""
    return [variable for variable in network.trainable_variables
            if variable.path.endswith("/kernel") and len(variable.shape) >= 2]


@VARIANTS.register("biggan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class BigGAN(GAN):
    """SAGAN's hinge loss and networks, scaled up, plus BigGAN's own pieces:

        L_D = max(0, 1 - D(x, y)) + max(0, 1 + D(G(z, y), y))
        L_G = -D(G(z, y), y) + beta sum_W ||W^T W (.) (1 - I)||_F^2   (orthogonal regularization on G)

    - the networks (`biggan_generator`, `resnet_discriminator`): a shared
      class embedding and a hierarchical latent feeding every block's
      conditional batch norm, self-attention, spectral norm in both;
    - an exponential moving average of G's weights (decay 0.9999, from step
      20,000 in the paper), which sampling and export use;
    - the truncation trick at sampling time: z ~ N(0, I) resampled outside
      [-t, t] (`tfgan-zoo sample --truncation t`, the exported
      `generate_truncated` signature).

    Args:
        orthogonal_weight: beta (paper: 1e-4); 0 turns the regularization off.
        ema_decay, ema_start: the generator EMA (paper: 0.9999 from step 20,000).
        See `GAN` for the rest.
    """

    fixed_objective = "hinge"

    test_networks = {"generator": {"name": "biggan_generator", "z_dim": 8, "resolution": 32, "channels": 1,
                                   "base_filters": 2, "attention_resolution": 16, "shared_embedding_dim": 4,
                                   "spectral_norm": True},
                     "discriminator": {"name": "resnet_discriminator", "resolution": 32, "channels": 1, "base_filters": 2,
                                       "attention_resolution": 16, "spectral_norm": True}}

    def __init__(self, generator, discriminator, orthogonal_weight=1e-4, ema_decay=0.9999, ema_start=20_000,
                 **kwargs):
        if orthogonal_weight < 0:
            raise ValueError(f"orthogonal_weight must be >= 0, got {orthogonal_weight}")
        super().__init__(generator, discriminator, ema_decay=ema_decay, ema_start=ema_start, **kwargs)
        self.orthogonal_weight = orthogonal_weight
        self.orthogonal_tracker = keras.metrics.Mean(name="orthogonal_regularization")

    @property
    def metrics(self):
        return [*super().metrics, self.orthogonal_tracker] if self.orthogonal_weight else super().metrics

    def generator_penalty(self):
        if not self.orthogonal_weight:
            return None
        penalty = orthogonal_regularization(regularized_kernels(self.generator))
        self.orthogonal_tracker.update_state(penalty)
        return self.orthogonal_weight * penalty

    def get_config(self):
        # Without an EMA the defaults here would add one back.
        no_ema = {"ema_decay": 0.0} if self.aid("ema") is None else {}
        return {**super().get_config(), **no_ema, "orthogonal_weight": self.orthogonal_weight}
