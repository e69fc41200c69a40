"""DCGAN at 64x64x3, layer for layer the pytorch/examples DCGAN (e.g. CelebA).

Run:
    tfgan-zoo train --config=dcgan64 --workdir=runs/dcgan64 --data_dir=DIR_WITH_CELEB_A

ngf = ndf = 64, z = 100, Adam(2e-4, beta_1=0.5), batch 64; CelebA images are
centre-cropped to a square and resized to 64x64 by the pipeline.
"""

from tfgan_zoo.configs._base import base_config


def get_config():
    config = base_config()
    config["generator"] = {"name": "dcgan_generator", "resolution": 64, "channels": 3,
                           "z_dim": 100, "base_filters": 64}
    config["discriminator"] = {"name": "dcgan_discriminator", "resolution": 64, "channels": 3,
                               "base_filters": 64}
    config["data"].update(name="celeb_a", image_size=64, channels=3)
    config["train"].update(batch_size=64, steps=50_000, sample_every=1000, checkpoint_every=1000)
    return config
