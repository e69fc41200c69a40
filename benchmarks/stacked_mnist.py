"""Stacked MNIST mode collapse: our recipes beside PacGAN's Table 2.

    TFDS_DATA_DIR=../shared/tfds python benchmarks/stacked_mnist.py --variants nsgan --seeds 2
    TFDS_DATA_DIR=../shared/tfds python benchmarks/stacked_mnist.py --variants "nsgan,nsgan:variant.packing=2" --steps 4000
    TFDS_DATA_DIR=../shared/tfds python benchmarks/stacked_mnist.py --preset infogan_stacked_mnist --variants infogan \
        --seeds 2 --steps 20000 --curve_every 2000
    TFDS_DATA_DIR=../shared/tfds python benchmarks/stacked_mnist.py --workdirs runs/a,runs/b --curve_every 1000

Each (variant, seed) trains a preset (`dcgan_stacked_mnist` by default)
through the real trainer, then classifies each channel of 26,000 samples with
the shipped MNIST classifier and reports the modes captured (of 1000), the KL
divergence of the mode histogram from uniform, and the part of that KL that is
each channel's own digit imbalance, beside PacGAN's Table 2 (Lin et al.
2018, arXiv 1712.04086): DCGAN 99 modes / KL 3.40, PacDCGAN2 1000 modes / KL
0.06. With --curve_every N every N-th step's checkpoint is kept and scored,
and curves.png plots the KL and the modes against steps. --workdirs scores
runs trained before (by `tfgan-zoo train`) instead: each kept checkpoint at a
multiple of N, or the latest. Raw numbers go to --out_dir as JSON.
"""

import argparse
import os
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

from command_line import KEPT_IN_OUT_DIR, count, positive_int, run_script, train_to_the_end  # noqa: E402
from mode_collapse import (  # noqa: E402
    add_keep_workdirs_flag,
    add_threads_flag,
    mean_and_error,
    plot_curves,
    record,
    run_workdir,
    use_threads,
)

from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.export.checkpoint import checkpoints_by_step, read_saved_config  # noqa: E402
from tfgan_zoo.trainers import config as config_lib  # noqa: E402
from tfgan_zoo.trainers import evaluate  # noqa: E402

PACGAN_TABLE_2 = {"DCGAN": (99, 3.40), "PacDCGAN2": (1000, 0.06)}


def score(workdir, step, seed, num_samples, data_dir):
    """Modes, KL and the channels' own part of it for the workdir's checkpoint of `step`."""
    gan, config, _ = load_trained_gan(workdir, step)
    report = evaluate.evaluate(gan, config, ["stacked_mnist"], num_samples, cache_dir=workdir,
                               data_dir=data_dir, seed=10_000 + seed)
    values = report["metrics"]
    return {"step": step, "modes": values["stacked_mnist_modes"], "kl": values["stacked_mnist_kl"],
            "marginal_kl": values["stacked_mnist_marginal_kl"]}


def scored_steps(workdir, curve_every):
    """The kept checkpoints' steps to score: each multiple of curve_every, or the latest."""
    steps = sorted(checkpoints_by_step(workdir))
    return [step for step in steps if step % curve_every == 0] if curve_every else steps[-1:]


def score_run(label, workdir, seed, curve_every, num_samples, data_dir, seconds=None):
    curve = [score(workdir, step, seed, num_samples, data_dir) for step in scored_steps(workdir, curve_every)]
    return {"label": label, "seed": seed, **curve[-1], "train_seconds": seconds, "curve": curve}


def run_one(preset, spec, seed, steps, curve_every, num_samples, data_dir, workdir):
    variant_overrides = [item for item in spec.partition(":")[2].split(";") if item]
    every = curve_every or steps
    config = config_lib.apply_overrides(config_lib.preset_config(preset), [
        f"variant.name={spec.partition(':')[0]}", f"train.seed={seed}", f"train.steps={steps}",
        f"train.checkpoint_every={every}", f"train.keep_every={curve_every}",
        f"train.sample_every={steps}", f"train.log_every={max(steps // 10, 1)}", *variant_overrides])
    start = time.perf_counter()
    train_to_the_end(config, workdir, data_dir=data_dir, progress=True)
    seconds = round(time.perf_counter() - start, 1)
    return score_run(f"{preset} {spec}", workdir, seed, curve_every, num_samples, data_dir, seconds)


def plot(results, path):
    labels = sorted({row["label"] for row in results})
    series = []
    for label in labels:
        rows = [row for row in results if row["label"] == label]
        steps = [point["step"] for point in rows[0]["curve"]]
        if any([point["step"] for point in row["curve"]] != steps for row in rows):
            continue  # seeds scored at other steps: no mean curve
        values = {metric: [[point[metric] for point in row["curve"]] for row in rows] for metric in ("kl", "modes")}
        series.append((label, steps, values, {"kl": PACGAN_TABLE_2["PacDCGAN2"][1], "modes": 1000}))
    if series:
        plot_curves(series, ["kl", "modes"], ["KL to uniform (mean over seeds)", "modes of 1000 (mean over seeds)"],
                    "training steps (dotted: PacDCGAN2's final value)", path, log_metrics=("kl",))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="dcgan_stacked_mnist", help="the preset each run trains")
    parser.add_argument("--variants", default="nsgan,nsgan:variant.packing=2",
                        help="variant names, each optionally with config overrides after ':' separated by ';'")
    parser.add_argument("--seeds", type=positive_int, default=1)
    parser.add_argument("--steps", type=positive_int, help="train steps (default: the preset's own)")
    parser.add_argument("--first_seed", type=count, default=0, help="seeds run are first_seed ... first_seed + seeds - 1")
    parser.add_argument("--curve_every", type=count, default=0,
                        help="keep and score every N-th step's checkpoint, and plot the curves (0: the last only)")
    parser.add_argument("--workdirs", help="score these trained workdirs (comma-separated) instead of training")
    add_keep_workdirs_flag(parser)
    parser.add_argument("--num_samples", type=positive_int, default=26_000, help="samples classified (PacGAN: 26,000)")
    parser.add_argument("--data_dir", default=os.environ.get("TFDS_DATA_DIR"))
    parser.add_argument("--out_dir", default="benchmarks/results/stacked_mnist")
    add_threads_flag(parser)
    args = parser.parse_args()
    use_threads(args.threads)
    os.makedirs(args.out_dir, exist_ok=True)
    args.steps = args.steps or config_lib.preset_config(args.preset)["train"]["steps"]
    results = []
    if args.workdirs:
        for workdir in args.workdirs.split(","):
            config = read_saved_config(workdir)
            label = f"{config['variant']['name']} ({os.path.basename(os.path.normpath(workdir))})"
            record(results, score_run(label, workdir, config["train"]["seed"], args.curve_every, args.num_samples,
                                      args.data_dir), args.out_dir)
    for spec in [] if args.workdirs else args.variants.split(","):
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            with run_workdir(args.keep_workdirs, spec.partition(":")[0], seed) as workdir:
                row = run_one(args.preset, spec, seed, args.steps, args.curve_every, args.num_samples,
                              args.data_dir, workdir)
            record(results, row, args.out_dir)
    if args.curve_every:
        plot(results, os.path.join(args.out_dir, "curves.png"))
    print("| configuration | seed | steps | modes (of 1000) | KL | of which: the channels' digit frequencies | "
          "train s |\n|---|---|---|---|---|---|---|")
    for row in results:
        seconds = "" if row["train_seconds"] is None else f"{row['train_seconds']:.0f}"
        print(f"| {row['label']} | {row['seed']} | {row['step']} | {row['modes']} | {row['kl']:.3f} | "
              f"{row['marginal_kl']:.3f} | {seconds} |")
    if len(results) > 1:
        print(f"| mean ± s.e. over {len(results)} runs | | | {mean_and_error([r['modes'] for r in results])} | "
              f"{mean_and_error([r['kl'] for r in results])} | {mean_and_error([r['marginal_kl'] for r in results])} | |")
    for name, (modes, kl) in PACGAN_TABLE_2.items():
        print(f"| PacGAN Table 2: {name} | | | {modes} | {kl:.2f} | | |")

if __name__ == "__main__":
    run_script(main, stopped=KEPT_IN_OUT_DIR)
