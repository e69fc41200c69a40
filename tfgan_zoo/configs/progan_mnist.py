"""Progressive GAN (Karras et al. 2017, arXiv 1710.10196) on MNIST padded to 32x32.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=progan_mnist --workdir=runs/progan_mnist

Grows 4x4 -> 8x8 -> 16x16 -> 32x32: 4x4 stabilizes on 32,000 images, then
every doubling fades in over 32,000 images and stabilizes on 32,000 (the
paper: 800,000 each), with batch 64 up to 16x16 and 32 at 32x32. The paper's
losses and optimizer: WGAN-GP (lambda 10) with the drift term 0.001 D(x)^2,
one critic step, Adam(1e-3, beta_1=0, beta_2=0.99, epsilon=1e-8) reset at
every phase boundary, as the official train.py does, and samples from a
moving average of G with the paper's half-life in images (about 11,000):
0.996 per step at batch 64, the paper's 0.999 at its batch of 16 (at 0.999
the average outlasts this preset's 500-step phases; BENCHMARKS.md). Filters: 128 at 4x4 and
8x8, halving per doubling (the paper's 512 / r rule, narrowed to run on a
CPU). Grids of each phase land in samples/ at its resolution; TensorBoard
shows `train/resolution` and `train/alpha`.

Time and score here (2026-12-02, 2 shared cores): 41 minutes; on 10,000
samples, FCD 29.3, classifier score 6.54, precision 0.48, recall 0.58, 59%
of samples classified with confidence > 0.9, every digit between 4.7% and
14.3% (`tfgan-zoo eval --workdir=runs/progan_mnist
--metrics=fid,is,pr,classes --num_samples=10000`; BENCHMARKS.md).
"""

from tfgan_zoo.configs._base import base_config


def get_config():
    config = base_config()
    config["variant"] = {"name": "progan", "ema_decay": 0.996, "reset_optimizers_on_growth": True,
                         "fade_images": 32_000, "stabilize_images": 32_000,
                         "batch_sizes": {"32": 32}}
    networks = {"resolution": 32, "channels": 1, "filter_base": 1024, "max_filters": 128}
    config["generator"] = {"name": "progan_generator", "z_dim": 128, **networks}
    config["discriminator"] = {"name": "progan_discriminator", **networks}
    config["data"].update(name="mnist", image_size=32, channels=1, pad_to=32)
    config["optimizer"].update(g_learning_rate=1e-3, d_learning_rate=1e-3, beta_1=0.0, beta_2=0.99,
                               epsilon=1e-8)
    # 500 + 3 x (500 + 500) steps at batch 64, then 1000 + 1000 at 32 for the last doubling.
    config["train"].update(batch_size=64, steps=4500, log_every=100, sample_every=500, checkpoint_every=500)
    return config
