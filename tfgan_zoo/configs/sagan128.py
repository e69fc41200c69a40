"""SAGAN (Zhang et al. 2018, arXiv 1805.08318) at 128x128: class-conditional ImageNet.

Run:
    tfgan-zoo train --config=sagan128 --workdir=runs/sagan128 --data_dir=DIR_WITH_IMAGENET2012

The paper's settings (section 5): ResNet networks with self-attention at the
32x32 feature maps of both, spectral norm in every layer of both, hinge
loss, TTUR with Adam(beta_1=0, beta_2=0.9), G 1e-4 and D 4e-4, one D step per
G step, batch 256, conditional batch norm in G and the projection
discriminator; about 1M iterations on 4 V100s. It documents the settings;
this machine cannot train it (a step takes seconds on CPU).
"""

from tfgan_zoo.configs._base import resnet_config


def get_config():
    config = resnet_config("sagan", "resnet_generator", 128, "imagenet2012", attention_resolution=32)
    config["data"]["num_classes"] = 1000
    config["train"].update(batch_size=256, steps=1_000_000)
    return config
