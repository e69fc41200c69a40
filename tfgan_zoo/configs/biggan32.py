"""BigGAN (Brock et al. 2018, arXiv 1809.11096) at 32x32: class-conditional CIFAR-10.

Run:
    tfgan-zoo train --config=biggan32 --workdir=runs/biggan32 --data_dir=DIR_WITH_CIFAR10

The authors' CIFAR settings (BigGAN-PyTorch's launch_cifar_ema.sh): 256
channels (base 64 x 4) in both networks, z of 128 split across the input and
the three blocks (4 x 32), a shared class embedding of 128, no attention,
hinge loss, Adam(beta_1=0, beta_2=0.999) with 2e-4 for both networks, 4 D
steps per G step, batch 50, spectral norm in both, EMA of G (decay 0.9999
from step 1,000) and no orthogonal regularization at this size. Sample with
the truncation trick: tfgan-zoo sample --workdir=runs/biggan32 --truncation=0.5
"""

from tfgan_zoo.configs._base import resnet_config


def get_config():
    config = resnet_config("biggan", "biggan_generator", 32, "cifar10")
    config["data"]["num_classes"] = 10
    config["variant"].update(d_steps=4, orthogonal_weight=0.0, ema_decay=0.9999, ema_start=1000)
    config["generator"].update(z_dim=128, shared_embedding_dim=128)
    config["optimizer"].update(g_learning_rate=2e-4, d_learning_rate=2e-4, beta_2=0.999)
    config["train"].update(batch_size=50, steps=500_000)
    return config
