"""Clean MNIST digits in under 8 minutes on 2 CPU cores: InfoGAN's own networks and rates
(`infogan_paper_mnist`, Chen et al. 2016, arXiv 1606.03657) with the zoo's aids for a short run.

Run (the README's job):
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=infogan_fast_mnist --workdir=runs/infogan_fast_mnist
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo eval --workdir=runs/infogan_fast_mnist \\
        --metrics=fid,is,pr,classes,code_purity --num_samples=10000

As `infogan_paper_mnist` (their networks, 10 + 2 codes, lambda = 1,
Adam(beta_1 = 0.5) at 1e-3 for G and 2e-4 for D), with three changes for
a run of minutes rather than their 5,000 steps at batch 128:
- batch 64, so the same time holds about 1.6 times the updates;
- D's and G's updates from one shared pass (`variant.updates=simultaneous`);
- samples from G's moving average (decay 0.999), which the paper does not use.
2,500 steps.

MEASURED
"""

from tfgan_zoo.configs import infogan_paper_mnist


def get_config():
    config = infogan_paper_mnist.get_config()
    config["variant"].update(ema_decay=0.999, updates="simultaneous")
    config["train"].update(batch_size=64, steps=2500, sample_every=500, checkpoint_every=500)
    return config
