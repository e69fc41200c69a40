"""InfoGAN on MNIST (Chen et al. 2016, arXiv 1606.03657): the README recipe
(`dcgan_mnist_small`) with a 10-way categorical code that D's second head
must read back from G's images.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=infogan_mnist --workdir=runs/infogan_mnist
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo eval --workdir=runs/infogan_mnist --metrics=fid,is,pr,classes --num_samples=10000

Everything but the code is the README recipe's: DCGAN's 4x4 networks at 32
filters on MNIST padded to 32x32, the non-saturating loss, Adam(2e-4, 0.5)
for both, batch 64, one shared pass per step, G's moving average 0.999,
12,500 steps. The code: z's first 10 coordinates become one_hot(argmax)
(`generator.latent_categories=10`), D gets a 10-logit head
(`discriminator.class_head`), lambda = 1. Where the authors' MNIST run
differs (openai/InfoGAN, `launchers/run_mnist_exp.py`): their networks, G's
rate 1e-3, batch 128, 5,000 steps, and two continuous codes beside the
categorical one.

Measured (2026-12-05, AMD EPYC, one thread beside one or two other jobs;
BENCHMARKS.md, "InfoGAN on the README budget"): 12,500 steps in 23 minutes
of wall time (an upper bound), FCD 6.8, classifier score 7.71, precision
0.61, recall 0.79, 73.8% of 10,000 samples confident, every digit 8.1-12.1%
(the README recipe alone: FCD 5.8, 75.3%). D's head reads the code back
(2.24 of log 10 = 2.30 nats), but the code picked up the stroke and slant,
not the digit: code purity 0.28 (`eval --metrics=code_purity`; InfoGAN's
paper: 0.95). With the authors' two continuous codes beside it (`--set
variant.continuous_codes=2 --set discriminator.num_classes=12`): FCD 7.3,
73.1% confident, purity 0.26.

In the MNIST table in Lucic et al.'s form (BENCHMARKS.md, "Every variant on
MNIST at one budget"): alternating updates on the README recipe's networks,
2,000 steps, 3 seeds, 10,000 samples each: FCD 67.2 +- 2.6, 41% of samples
confident, the rarest digit 5.3% and the commonest 16.3% (means over seeds);
351 s of training per seed on one thread of the 2-core AMD EPYC, beside two
other jobs (the nsgan row on the same networks: FCD 56.6, 46%).
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets infogan_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs import dcgan_mnist_small


def get_config():
    config = dcgan_mnist_small.get_config()
    config["variant"]["name"] = "infogan"
    config["generator"]["latent_categories"] = 10
    config["discriminator"].update(class_head=True, num_classes=10)
    return config
