"""Progressive GAN (Karras et al. 2017, arXiv 1710.10196) at 1024x1024: CelebA-HQ.

Run:
    tfgan-zoo train --config=progan1024 --workdir=runs/progan1024 --set data.name=image_folder \\
        --set data.path=DIR_OF_CELEBA_HQ_IMAGES

The paper's settings (section 5 and appendix A.1): 4x4 to 1024x1024 in 8
doublings, 800,000 real images per fade-in and per stabilization, filters
512 up to 32x32 then halving to 16, z of 512, WGAN-GP with the drift term,
Adam(1e-3, beta_1=0, beta_2=0.99, epsilon=1e-8) reset at every phase
boundary and a moving average of G (decay 0.999) as in the official
train.py, minibatch stddev, batch 16 up to 128x128,
then 14, 6 and 3 (the paper's 8-GPU values for 256, 512, 1024). It documents
the settings; a CPU cannot train it.
"""

from tfgan_zoo.configs._base import base_config


def get_config():
    config = base_config()
    config["variant"] = {"name": "progan", "ema_decay": 0.999, "reset_optimizers_on_growth": True,
                         "fade_images": 800_000, "stabilize_images": 800_000,
                         "batch_sizes": {"256": 14, "512": 6, "1024": 3}}
    networks = {"resolution": 1024, "channels": 3, "filter_base": 16384, "max_filters": 512}
    config["generator"] = {"name": "progan_generator", "z_dim": 512, **networks}
    config["discriminator"] = {"name": "progan_discriminator", **networks}
    config["data"].update(name="image_folder", image_size=1024, channels=3)
    config["optimizer"].update(g_learning_rate=1e-3, d_learning_rate=1e-3, beta_1=0.0, beta_2=0.99,
                               epsilon=1e-8)
    config["train"].update(batch_size=16, steps=1_000_000, sample_every=5000, checkpoint_every=5000)
    return config
