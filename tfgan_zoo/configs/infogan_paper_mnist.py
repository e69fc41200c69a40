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

Measured (2026-12-05, AMD EPYC, one thread beside one or two other jobs,
2.0-2.2 steps/s; BENCHMARKS.md, "InfoGAN as its authors ran it"): at
2,000 steps (about 15 minutes there) code purity 0.81, FCD 7.7, precision
0.84, recall 0.33, 93.2% of 10,000 samples confident, every digit 8.1-11.5%;
at 5,000 steps (about 38 minutes there) purity 0.81, FCD 3.8, precision
0.85, recall 0.59, 94.2% confident, digits 8.2-11.5%.
`tfgan-zoo export` writes the SavedModel and all six TFLite files (on the
second seed's 1,500-step checkpoint: int8 within 0.25 of Keras on the z the
file reads, bound 0.5; dynamic range 0.16, bound 0.33).
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
