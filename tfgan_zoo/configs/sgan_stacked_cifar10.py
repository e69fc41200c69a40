"""Stacked GAN (Huang et al. 2017, arXiv 1612.04357) with three stacks on 32x32 colour images (CIFAR-10).

Run:
    tfgan-zoo train --config=sgan_stacked_cifar10 --workdir=runs/sgan_cifar10 --data_dir=DIR_WITH_CIFAR10

The paper's three-stack form for 32x32 colour data: image -> 256 features
-> 128 features -> class. The encoder trains first (2,000 steps), then each
stack alone on the encoder's real representations, top first (5,000 steps
each), then all three jointly. z_2 has 50 dimensions, z_1 and z_0 16 each.
Batch 64, Adam(2e-4, beta_1=0.5). Loss weights as the authors' code
(xunhuang1995/SGAN): adversarial and conditional 1, entropy 10, on
per-dimension means. The widths are this project's, scaled
to run on a CPU. It was not trained to convergence here.
"""

from tfgan_zoo.configs._base import base_config


def get_config():
    config = base_config()
    config["variant"] = {"name": "sgan_stacked", "encoder_steps": 2000, "stack_steps": 5000,
                         "cond_weight": 1.0, "entropy_weight": 10.0}
    config["generator"] = {"name": "stacked_generator", "feature_dims": [256, 128], "z_dims": [16, 16, 50],
                           "image_size": 32, "channels": 3}
    config["discriminator"] = {"name": "stacked_mnist_discriminator", "image_shape": [32, 32, 3], "z0_dim": 16}
    config["data"].update(name="cifar10", image_size=32, channels=3, num_classes=10)
    config["train"].update(batch_size=64, steps=30_000, sample_every=1000, checkpoint_every=1000)
    return config
