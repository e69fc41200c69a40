"""InfoGAN's MNIST experiment (Chen et al. 2016, arXiv 1606.03657, section 7.1) as the authors'
code runs it (openai/InfoGAN, launchers/run_mnist_exp.py and algos/infogan_trainer.py).

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=infogan_paper_mnist --workdir=runs/infogan_paper
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo eval --workdir=runs/infogan_paper --metrics=code_purity,fid,classes \\
        --num_samples=10000

Their networks (`infogan_mnist_generator` / `_discriminator`), a 10-way
categorical code and two continuous codes beside 62 noise coordinates,
lambda = 1, the non-saturating loss, Adam(beta_1 = 0.5) at 1e-3 for G and
2e-4 for D, batch 128, one D then one G update per step on fresh noise,
5,000 steps (their 50 epochs of 100 updates), no moving average. The
paper: the categorical code classifies MNIST digits with 5% error (code
purity about 0.95). Where this differs: MNIST's 60,000 training images
(theirs: TensorFlow's 55,000-image training split); the continuous codes
are N(0, 1) in z, which G reads as U(-1, 1) and Q in z's coordinates (the
networks' module docstring).
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    config = mnist_config({"name": "infogan", "continuous_codes": 2}, discriminator="infogan_mnist_discriminator",
                          g_learning_rate=1e-3, d_learning_rate=2e-4)
    config["generator"] = {"name": "infogan_mnist_generator", "z_dim": 74, "latent_categories": 10}
    config["discriminator"] = {"name": "infogan_mnist_discriminator", "num_classes": 12}
    config["data"].update(image_size=28)
    config["train"].update(batch_size=128, steps=5000, log_every=100, sample_every=500, checkpoint_every=500)
    return config
