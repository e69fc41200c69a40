"""Seconds to rebuild a trained GAN from its checkpoint (what sample, export and eval do
first), beside a build for training, which draws every initial weight.

    python benchmarks/restore_time.py --preset biggan128 --workdir runs/restore_biggan128

Builds the preset's GAN once and writes it as a workdir with one checkpoint (its initial
weights), then times, one after the other, `--repeats` times each: `build_gan` as training
calls it (BigGAN's orthogonal kernels drawn by QR decompositions) and `load_trained_gan`
(the networks built within `initial_weights_discarded`, then restored and checked). One line:

    preset=<p> build_for_training_s=<best> load_trained_s=<best> ratio=<build / load>
"""

import argparse
import os
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import tensorflow as tf  # noqa: E402
from command_line import positive_int, run_script  # noqa: E402

from tfgan_zoo import errors  # noqa: E402
from tfgan_zoo.builders import build_gan  # noqa: E402
from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.trainers import config as config_lib  # noqa: E402
from tfgan_zoo.workdir import checkpoint_dir  # noqa: E402


def preset_workdir(preset, workdir, overrides=()):
    """Writes `preset`'s config and its initial weights as a workdir's first checkpoint; returns the config."""
    if os.path.exists(workdir) and (not os.path.isdir(workdir) or os.listdir(workdir)):
        # A run's workdir would get another config and checkpoint: only a new folder is written.
        raise errors.ConfigError(f"--workdir={workdir} exists and is not an empty folder; give a new one")
    config = config_lib.apply_overrides(config_lib.preset_config(preset), list(overrides))
    if not config["data"]["num_classes"]:
        config["data"]["num_classes"] = 10  # a conditional network needs a class count; no data is read here
    gan = build_gan(config)
    config_lib.write_config(workdir, config)
    tf.train.Checkpoint(**gan.checkpoint_items()).save(os.path.join(checkpoint_dir(workdir), "ckpt"))
    return config


def best_seconds(call, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(preset, workdir, repeats=1, overrides=()):
    config = preset_workdir(preset, workdir, overrides)
    build = best_seconds(lambda: build_gan(config), repeats)
    load = best_seconds(lambda: load_trained_gan(workdir), repeats)
    print(f"preset={preset} build_for_training_s={build:.2f} load_trained_s={load:.2f} ratio={build / load:.1f}",
          flush=True)
    return build, load


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="biggan128")
    parser.add_argument("--workdir", required=True, help="a new folder for the preset's checkpoint")
    parser.add_argument("--repeats", type=positive_int, default=1, help="timed builds and loads each; the best kept")
    parser.add_argument("--set", action="append", default=[], help="config override, e.g. generator.base_filters=8")
    args = parser.parse_args()
    measure(args.preset, args.workdir, args.repeats, args.set)


if __name__ == "__main__":
    run_script(main)
