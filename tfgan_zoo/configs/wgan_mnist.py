"""WGAN with weight clipping (Arjovsky et al. 2017, arXiv 1701.07875) on MNIST.

Run:
    TFDS_DATA_DIR=../shared/tfds tfgan-zoo train --config=wgan_mnist --workdir=runs/wgan_mnist

The paper's settings: RMSProp(5e-5), clip 0.01, 5 critic updates per generator update.
RMSprop as the authors' code (martinarjovsky/WassersteinGAN, PyTorch's
RMSprop) runs it: rho 0.99 and epsilon 1e-8, not Keras's 0.9 and 1e-7.
Networks: the TensorFlow DCGAN tutorial's generator (28x28x1).

In the MNIST table (BENCHMARKS.md, "Every variant on MNIST at one budget"),
this preset's loss and optimizer on the README recipe's networks and data
(`dcgan_mnist_small`), 2,000 generator steps, 3 seeds, 10,000 samples each:
FCD 123.2 +- 1.3, precision 0.65, recall 0.07, 18.5% of samples confident,
the rarest digit 3.3% and the commonest 22.2% of them (means over seeds);
1,164-1,351 s of training per seed (10,000 critic steps) on one thread of
the 2-core AMD EPYC, beside three other jobs. At this budget the clipped
critic has barely begun: the slowest row of the table.
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets wgan_mnist --seeds 3 --steps 2000
"""

from tfgan_zoo.configs._base import mnist_config


def get_config():
    return mnist_config("wgan", name="rmsprop", g_learning_rate=5e-5, d_learning_rate=5e-5, rho=0.99,
                        epsilon=1e-8)
