"""Progressive growing all the way to 1024x1024: one train step in every phase.

    python benchmarks/progan_growth.py

Builds `progan_generator`/`progan_discriminator` for 1024x1024 with tiny
channel counts (filter_base 64, max_filters 4: 4 channels at 4x4 to 16x16,
then halving to 1 from 64x64 on), a schedule of 2 images per fade and per
stabilization at batch 2, and runs one compiled `ProGAN.train_step` on
random images at each of the 17 phases (4x4, then fade and stabilize for
each of the 8 doublings). Prints, per phase: resolution, fading, alpha,
G's loss and the seconds the phase took (tracing included).
"""

import argparse
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from command_line import positive_int, run_script  # noqa: E402

from tfgan_zoo.gans import ProGAN  # noqa: E402
from tfgan_zoo.networks import progressive  # noqa: E402


def resolution(text):
    """argparse type: a progressive network's final resolution (a power of two from 4 to 1024)."""
    value = positive_int(text)
    try:
        progressive.level_count(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resolution", type=resolution, default=1024)
    parser.add_argument("--batch", type=positive_int, default=2)
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    shared = {"resolution": args.resolution, "channels": 3, "filter_base": 64, "max_filters": 4}
    generator = progressive.progan_generator(z_dim=8, **shared)
    discriminator = progressive.progan_discriminator(minibatch_group_size=args.batch, **shared)
    gan = ProGAN(generator, discriminator, fade_images=args.batch, stabilize_images=args.batch, batch_size=args.batch)
    gan.compile(keras.optimizers.Adam(1e-3, beta_1=0.0, beta_2=0.99), keras.optimizers.Adam(1e-3, beta_1=0.0,
                                                                                           beta_2=0.99))
    total = time.perf_counter()
    for phase in gan.schedule.phases:
        start = time.perf_counter()
        gan.set_phase(phase, phase.start)
        images = tf.random.uniform((args.batch, phase.resolution, phase.resolution, 3), -1.0, 1.0, seed=phase.index)
        logs = tf.function(gan.train_step)(images)
        sample = gan.sample(np.zeros((1, 8), np.float32))
        assert sample.shape == (1, phase.resolution, phase.resolution, 3)
        assert np.isfinite(float(logs["g_loss"])) and np.isfinite(float(logs["d_loss"]))
        print(f"phase={phase.index} resolution={phase.resolution} fading={phase.fading} "
              f"alpha={float(logs['alpha']):.2f} g_loss={float(logs['g_loss']):.4f} "
              f"seconds={time.perf_counter() - start:.1f}", flush=True)
    print(f"grew to {args.resolution}x{args.resolution} in {len(gan.schedule.phases)} phases, "
          f"{time.perf_counter() - total:.0f} s; G {generator.count_params()} and D "
          f"{discriminator.count_params()} parameters")


if __name__ == "__main__":
    run_script(main)
