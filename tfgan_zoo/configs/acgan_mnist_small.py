"""AC-GAN on the README recipe's networks: the class-conditional quick MNIST recipe.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=acgan_mnist_small --workdir=runs/acgan_mnist_small
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo eval --workdir=runs/acgan_mnist_small --metrics=fid,is,pr,classes,accuracy --num_samples=10000

`dcgan_mnist_small` (DCGAN's 4x4 networks at 32 base filters on MNIST
padded to 32x32, Adam(2e-4, 0.5), batch 64, G's moving average 0.999,
10,000 steps) with the AC-GAN objective (Odena et al. 2016, arXiv
1610.09585): G takes the label (a 50-d embedding concatenated with z, and
class-conditional batch norm), D judges real/fake and classifies (a second
4x4 head on its last features), class loss weight 1.
"""

from tfgan_zoo.configs import dcgan_mnist_small


def get_config():
    config = dcgan_mnist_small.get_config()
    config["variant"]["name"] = "acgan"
    config["generator"].update(conditional=True, embedding_dim=50)
    config["discriminator"].update(conditional=False, class_head=True)
    return config
