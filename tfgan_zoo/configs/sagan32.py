"""SAGAN (Zhang et al. 2018, arXiv 1805.08318) at 32x32: class-conditional CIFAR-10.

Run:
    tfgan-zoo train --config=sagan32 --workdir=runs/sagan32 --data_dir=DIR_WITH_CIFAR10

SNGAN's CIFAR ResNets (Miyato et al. 2018, appendix B.4: 256 channels in G,
128 in D) with a self-attention block at 16x16 in both, spectral norm in
every layer of both, hinge loss, TTUR with Adam(beta_1=0, beta_2=0.9), G 1e-4
and D 4e-4, conditional batch norm in G and the projection discriminator,
batch 64. Unconditional: --set generator.conditional=false.
This machine cannot train it to convergence (it needs about 100k steps on a GPU).
"""

from tfgan_zoo.configs._base import resnet_config


def get_config():
    config = resnet_config("sagan", "resnet_generator", 32, "cifar10", attention_resolution=16)
    config["data"]["num_classes"] = 10
    config["discriminator"]["base_filters"] = 32  # 4 x 32 = SNGAN's 128 channels
    return config
