"""PacGAN's Table 3 under the authors' protocol: DCGAN and PacDCGAN2-4 with the Unrolled GAN's networks.

    pip install -e ".[benchmarks]"     # matplotlib, for the curves
    TFDS_DATA_DIR=../shared/tfds python benchmarks/pacgan_table3.py --discriminator quarter   # 500,000 steps, 50 seeds
    TFDS_DATA_DIR=../shared/tfds python benchmarks/pacgan_table3.py --discriminator half --epochs 10 --seeds 2

Table 2's runner (`pacgan_table2.py`: resumed stretches, a score after each,
the table beside the paper's rows, the curves) on the
`pacgan_unrolled_stacked_mnist` preset, with D at a quarter of G's size
(their D=0.25G) or half (D=0.5G). An epoch here is their scoring interval,
2,000 steps; they score 25,600 samples after each, with G's batch norm
normalizing each batch of 128 by its own statistics, as their sampler does
(the curves also keep `eval`'s scores, from the moving averages, as
modes_moving_average and kl_moving_average).
"""

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import pacgan_table2  # noqa: E402
from command_line import KEPT_IN_OUT_DIR, run_script  # noqa: E402
from pacgan_table2 import Protocol  # noqa: E402

from tfgan_zoo.configs.pacgan_unrolled_stacked_mnist import SCORED_EVERY  # noqa: E402

# Lin et al. 2018 (arXiv 1712.04086), Table 3 (fjxmlzn/PacGAN, stacked_MNIST_experiments/results/
# Table3.png): the rows of the authors' code, 50 runs each.
TABLE_3 = {
    "quarter": Protocol("Table 3, D a quarter of G", "pacgan_unrolled_stacked_mnist", ("discriminator.base_filters=2",),
                        SCORED_EVERY, 250, 25_600, 50,
                        {1: (("78.5", "17.56"), ("5.21", "0.19")), 2: (("484.5", "32.99"), ("2.61", "0.22")),
                         3: (("601.3", "32.18"), ("2.00", "0.17")), 4: (("667.4", "29.00"), ("1.81", "0.15"))}, 128),
    "half": Protocol("Table 3, D half of G", "pacgan_unrolled_stacked_mnist", ("discriminator.base_filters=4",),
                     SCORED_EVERY, 250, 25_600, 50,
                     {1: (("487.7", "34.59"), ("2.24", "0.15")), 2: (("840.7", "15.92"), ("1.00", "0.05")),
                      3: (("866.6", "12.10"), ("0.90", "0.04")), 4: (("820.2", "25.50"), ("1.15", "0.14"))}, 128),
}


def main():
    pacgan_table2.main(TABLE_3, out_dir="benchmarks/results/pacgan_table3", description=__doc__.split("\n\n")[0])


if __name__ == "__main__":
    run_script(main, stopped=KEPT_IN_OUT_DIR)
