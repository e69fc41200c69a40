"""SAGAN (Zhang et al. 2018, arXiv 1805.08318) at 64x64, unconditional, e.g. CelebA.

Run:
    tfgan-zoo train --config=sagan64 --workdir=runs/sagan64 --data_dir=DIR_WITH_CELEB_A

ResNet networks with BigGAN's 64x64 widths at base 16 (256 channels at 4x4
in G), self-attention at 32x32 in both, spectral norm in every layer of
both, hinge loss, TTUR with Adam(beta_1=0, beta_2=0.9), G 1e-4 and D 4e-4,
batch 64. This is also the SAGAN row of benchmarks/throughput.py.
"""

from tfgan_zoo.configs._base import resnet_config


def get_config():
    return resnet_config("sagan", "resnet_generator", 64, "celeb_a", base_filters=16, attention_resolution=32,
                         conditional=False)
