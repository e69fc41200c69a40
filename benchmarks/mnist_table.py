"""Every unconditional variant on MNIST at one budget, in the form of Lucic et al.'s table.

    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --seeds 3 --steps 3000
    TFDS_DATA_DIR=../shared/tfds python benchmarks/mnist_table.py --presets lsgan_mnist,hinge_mnist --seeds 1

"Are GANs Created Equal?" (Lucic et al. 2018, arXiv 1711.10337) compares
losses on one architecture at one budget over several seeds. Here each
variant's MNIST preset keeps its loss, its optimizer and its loss's own
settings (WGAN's RMSprop and 5 critic steps, WGAN-GP's Adam(1e-4, 0, 0.9),
BEGAN's and EBGAN's autoencoder discriminator), and every run gets the same
networks, data and budget: the README recipe's (`dcgan_mnist_small`: DCGAN's
4x4 networks at 32 base filters on MNIST padded to 32x32, batch 64, G's
moving average 0.999 for samples) and --steps generator steps. Each run is
scored on --num_samples samples with the shipped MNIST classifier (the
central 28x28): Fréchet classifier distance (FCD), precision and recall,
the share of confident samples (top class > 0.9) and the shares of the
rarest and commonest digit. The table gives mean ± standard error over
seeds; raw rows go to --out_dir as JSON, rewritten after every run.
"""

import argparse
import os
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import numpy as np  # noqa: E402
from command_line import KEPT_IN_OUT_DIR, count, positive_int, run_script, train_to_the_end  # noqa: E402
from mode_collapse import (  # noqa: E402
    add_keep_workdirs_flag,
    add_threads_flag,
    mean_and_error,
    record,
    run_workdir,
    use_threads,
)

from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.trainers import config as config_lib  # noqa: E402
from tfgan_zoo.trainers import evaluate  # noqa: E402

PRESETS = ("dcgan_mnist_small", "gan_mnist", "lsgan_mnist", "hinge_mnist", "wgan_mnist", "wgan_gp_mnist",
           "rsgan_mnist", "ragan_mnist", "ralsgan_mnist", "ebgan_mnist", "began_mnist", "infogan_mnist")
RECIPE = "dcgan_mnist_small"
METRICS = ("fid", "precision", "recall", "confident", "class_min", "class_max")


def table_config(preset, seed, steps):
    """The preset's variant and optimizer on the README recipe's networks, data and sampling."""
    recipe, own = config_lib.preset_config(RECIPE), config_lib.preset_config(preset)
    # One update order for every row: alternating, the order the losses were written for (the
    # README preset's shared pass is its speed option, measured in BENCHMARKS.md on its own).
    config = dict(recipe, variant=dict(own["variant"], ema_decay=recipe["variant"]["ema_decay"],
                                       updates="alternating"), optimizer=own["optimizer"])
    # A preset on the recipe's own networks keeps its options for them (InfoGAN's code and head).
    for role in ("generator", "discriminator"):
        if own[role]["name"] == recipe[role]["name"]:
            config[role] = dict(recipe[role], **own[role])
    if own["discriminator"]["name"] == "autoencoder_discriminator":
        side = recipe["data"]["image_size"]
        config["discriminator"] = dict(own["discriminator"], image_shape=[side, side, recipe["data"]["channels"]])
    return config_lib.apply_overrides(config, [
        f"train.seed={seed}", f"train.steps={steps}", f"train.checkpoint_every={steps}",
        f"train.sample_every={steps}", f"train.log_every={max(steps // 10, 1)}"])


def run_one(preset, seed, steps, num_samples, data_dir, workdir):
    start = time.perf_counter()
    train_to_the_end(table_config(preset, seed, steps), workdir, data_dir=data_dir, progress=False)
    seconds = time.perf_counter() - start
    gan, config, _ = load_trained_gan(workdir)
    report = evaluate.evaluate(gan, config, ["fid", "pr", "classes"], num_samples, cache_dir=workdir,
                               data_dir=data_dir, seed=10_000 + seed)
    return {"preset": preset, "variant": config["variant"]["name"], "seed": seed, "steps": steps,
            "train_seconds": round(seconds, 1), **{name: report["metrics"][name] for name in METRICS}}


def table(results):
    lines = ["| preset (its loss and optimizer) | seeds | FCD | precision | recall | confident % | "
             "rarest / commonest digit % | train s/seed |", "|---|---|---|---|---|---|---|---|"]
    groups = {}
    for row in results:
        groups.setdefault(row["preset"], []).append(row)
    for preset, rows in groups.items():
        def column(name, scale=1.0, rows=rows):
            return mean_and_error([scale * row[name] for row in rows])
        lines.append(f"| {preset} ({rows[0]['variant']}) | {len(rows)} | {column('fid')} | {column('precision')} | "
                     f"{column('recall')} | {column('confident', 100)} | {column('class_min', 100)} / "
                     f"{column('class_max', 100)} | {np.mean([row['train_seconds'] for row in rows]):.0f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presets", default=",".join(PRESETS), help="MNIST presets, comma separated")
    parser.add_argument("--seeds", type=positive_int, default=3)
    parser.add_argument("--first_seed", type=count, default=0, help="seeds run are first_seed ... first_seed + seeds - 1")
    parser.add_argument("--steps", type=positive_int, default=3000, help="generator steps of every run")
    parser.add_argument("--num_samples", type=positive_int, default=10_000, help="samples scored per run")
    parser.add_argument("--data_dir", default=os.environ.get("TFDS_DATA_DIR"))
    parser.add_argument("--out_dir", default="benchmarks/results/mnist_table")
    add_keep_workdirs_flag(parser)
    add_threads_flag(parser)
    args = parser.parse_args()
    use_threads(args.threads)
    os.makedirs(args.out_dir, exist_ok=True)
    results = []
    for preset in args.presets.split(","):
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            with run_workdir(args.keep_workdirs, preset, seed) as workdir:
                row = run_one(preset, seed, args.steps, args.num_samples, args.data_dir, workdir)
            record(results, row, args.out_dir)
    print(table(results))


if __name__ == "__main__":
    run_script(main, stopped=KEPT_IN_OUT_DIR)
