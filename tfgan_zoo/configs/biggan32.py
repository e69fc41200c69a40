"""BigGAN (Brock et al. 2018, arXiv 1809.11096) at 32x32: class-conditional CIFAR-10.

Run:
    tfgan-zoo train --config=biggan32 --workdir=runs/biggan32 --data_dir=DIR_WITH_CIFAR10

The authors' CIFAR settings (BigGAN-PyTorch's scripts/launch_cifar_ema.sh and
train.py's defaults): ch = 64 in both networks (256 channels at 32x32), z of
128 entering the first layer only (no --hier), class-conditional batch norm
with its own class embedding in every layer (no --G_shared: the ResNet
generator's conditional batch norm), a projection discriminator, no
attention, N(0, 0.02) initialization in both networks (--G_init N02
--D_init N02), spectral norm in both, hinge loss, Adam(beta_1=0,
beta_2=0.999, epsilon=1e-8) with 2e-4 for both networks, 4 D steps per G
step, batch 50, no orthogonal regularization (--G_ortho 0.0), and an EMA of
G (decay 0.9999 from step 1,000) for samples. Where it differs: batch norm
keeps Keras's epsilon 1e-3 (PyTorch: 1e-5), conditional batch-norm gains
start at exactly 1 (BigGAN-PyTorch: 1 + N(0, 0.02)), and spectral norm's
epsilon is 1e-12 (BigGAN-PyTorch: 1e-8). Not trained here (no CIFAR-10
offline). Sample with the truncation trick:
tfgan-zoo sample --workdir=runs/biggan32 --truncation=0.5
"""

from tfgan_zoo.configs._base import resnet_config


def get_config():
    config = resnet_config("biggan", "resnet_generator", 32, "cifar10")
    config["data"]["num_classes"] = 10
    config["variant"].update(d_steps=4, orthogonal_weight=0.0, ema_decay=0.9999, ema_start=1000)
    config["generator"].update(z_dim=128, init="normal")
    config["discriminator"]["init"] = "normal"
    config["optimizer"].update(g_learning_rate=2e-4, d_learning_rate=2e-4, beta_2=0.999, epsilon=1e-8)
    config["train"].update(batch_size=50, steps=500_000)
    return config
