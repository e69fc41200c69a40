"""BigGAN (Brock et al. 2018, arXiv 1809.11096) at 128x128: class-conditional ImageNet.

Run:
    tfgan-zoo train --config=biggan128 --workdir=runs/biggan128 --data_dir=DIR_WITH_IMAGENET2012

The paper's settings (appendix B and table 4): ch = 96, z of 120 split into
6 chunks of 20 (the input and the five blocks), a shared class embedding of
128, self-attention at 64x64 in both networks, spectral norm in both,
orthogonal initialisation, hinge loss, Adam(beta_1=0, beta_2=0.999,
epsilon=1e-8) with SAGAN's rates halved, G 5e-5 and D 2e-4 (section 3), 2 D
steps per G step, batch 2048, orthogonal
regularization beta = 1e-4, EMA of G (0.9999 from step 20,000). Sample with
the truncation trick (--truncation). It documents the settings; this machine
cannot train it.
"""

from tfgan_zoo.configs._base import resnet_config


def get_config():
    config = resnet_config("biggan", "biggan_generator", 128, "imagenet2012", base_filters=96,
                           attention_resolution=64)
    config["data"]["num_classes"] = 1000
    config["variant"].update(d_steps=2, orthogonal_weight=1e-4, ema_decay=0.9999, ema_start=20_000)
    config["generator"].update(z_dim=120, shared_embedding_dim=128)
    config["discriminator"]["init"] = "orthogonal"
    config["optimizer"].update(g_learning_rate=5e-5, d_learning_rate=2e-4, beta_2=0.999, epsilon=1e-8)
    config["train"].update(batch_size=2048, steps=150_000)
    return config
