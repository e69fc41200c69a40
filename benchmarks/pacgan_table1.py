"""PacGAN's Table 1 under the authors' protocol: GAN and PacGAN2-4 on the 2-D ring and grid.

    pip install -e ".[benchmarks]"     # matplotlib, for the curves
    python benchmarks/pacgan_table1.py                                  # the paper's 400 epochs, 10 seeds
    python benchmarks/pacgan_table1.py --epochs 10 --eval_every 2 --seeds 2 --datasets grid25

Each (dataset, packing m, seed) trains the `pacgan_<dataset>` preset (the
authors' networks, optimizer and simultaneous updates; see
`tfgan_zoo.configs._base.pacgan_toy_config`) with `variant.packing=m` and 100
packs per step, through the real trainer. Every `--eval_every` epochs (1,000
steps each) it refreshes G's batch-norm statistics with 50 batches, as the
authors' monitoring pass does, draws 2,500 samples, as their GraphLogger does, and
scores them (`tfgan_zoo.metrics.mode_coverage`: modes within 3 standard
deviations, high-quality samples, reverse KL). It prints a table of the final
scores, mean ± standard error over seeds, beside the paper's Table 1 (10
runs), with the CPU seconds per run; writes every score to
OUT_DIR/results.json; and plots each metric against training steps
(OUT_DIR/curves_<dataset>.png), so a run shorter than the paper's shows
whether it had converged.

A long table runs over several sittings (--keep_workdirs): Ctrl-C or SIGTERM
stops a run at a checkpoint with no point for the epoch it was in, and the same
command goes on from there. Between sittings, or while runs go on in other
processes, the table and curves so far come from the curve files each run
writes after every scored point:

    python benchmarks/pacgan_table1.py --from_curves out_m1,out_m4 --out_dir so_far
"""

import argparse
import glob
import json
import os
import re
import sys

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import mode_collapse  # noqa: E402
import numpy as np  # noqa: E402
from command_line import KEPT_IN_OUT_DIR, count, positive_int, run_script  # noqa: E402
from mode_collapse import (  # noqa: E402
    add_keep_workdirs_flag,
    add_threads_flag,
    authors_packing,
    final_scores,
    generated_points,
    mean_and_error,
    mixture_scores,
    record,
    run_workdir,
    use_threads,
)

from tfgan_zoo.data import MIXTURES  # noqa: E402
from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.trainers import config as config_lib  # noqa: E402

STEPS_PER_EPOCH = 1000  # 100,000 packs at 100 per step
METRICS = ("modes", "high_quality_percent", "reverse_kl")
# Lin et al. 2018 (arXiv 1712.04086), Table 1: (mean, standard error) over 10 runs.
PAPER = {
    ("ring8", 1): ((6.3, 0.5), (98.2, 0.2), (0.45, 0.09)),
    ("ring8", 2): ((7.9, 0.1), (95.6, 2.0), (0.07, 0.03)),
    ("ring8", 3): ((7.8, 0.1), (97.7, 0.3), (0.10, 0.02)),
    ("ring8", 4): ((7.8, 0.1), (95.9, 1.4), (0.07, 0.02)),
    ("grid25", 1): ((17.3, 0.8), (94.8, 0.7), (0.70, 0.07)),
    ("grid25", 2): ((23.8, 0.7), (91.3, 0.8), (0.13, 0.04)),
    ("grid25", 3): ((24.6, 0.4), (94.2, 0.4), (0.06, 0.02)),
    ("grid25", 4): ((24.8, 0.2), (93.6, 0.6), (0.04, 0.01)),
}


# Before each scoring the authors' monitoring pass (blocks' DataStreamMonitoring over 5,000 training
# examples in batches of 100, with the batch-norm updates; fjxmlzn/PacGAN, pacgan_task.py and
# streams.py) gives G's population statistics 50 more batches of the current weights, changing no weight.
MONITOR_BATCHES = 50


def refresh_statistics(gan, packing, seed, batches=MONITOR_BATCHES, batch_size=100):
    """The monitoring pass's batch-norm updates: `batches` batches of batch_size packs (batch_size
    latents per slot) through G in training mode, each one update, as in training."""
    generator = gan.sampling_generator()
    rng = np.random.default_rng([seed, 2])  # apart from the scored latents (10,000 + seed)
    for _ in range(batches):
        generator(rng.standard_normal((batch_size * packing, gan.z_dim)).astype(np.float32), training=True)


def score(workdir, dataset, num_samples, seed, packing=1):
    """The authors' scoring: statistics refreshed, then num_samples points scored."""
    gan = load_trained_gan(workdir)[0]
    refresh_statistics(gan, packing, seed)
    return mixture_scores(generated_points(gan, num_samples, seed), MIXTURES[dataset])


def run_one(dataset, packing, seed, epochs, eval_every, num_samples, workdir, out_dir=None):
    """Trains in stretches of eval_every epochs (each rerun resumes the workdir) and scores after
    each; with out_dir the curve so far goes to out_dir/curve_<dataset>_m<packing>_seed<seed>.json
    after every point, so a run stopped before its end keeps what it measured."""
    every = eval_every * STEPS_PER_EPOCH
    config = config_lib.apply_overrides(config_lib.preset_config(f"pacgan_{dataset}"), [
        *authors_packing(packing, 100), f"train.seed={seed}", f"train.checkpoint_every={every}",
        f"train.sample_every={every}", f"train.log_every={every}"])
    curve_path = os.path.join(out_dir, f"curve_{dataset}_m{packing}_seed{seed}.json") if out_dir else None
    curve, seconds = mode_collapse.train_in_stretches(config, workdir, STEPS_PER_EPOCH, epochs, eval_every,
                                                      lambda: score(workdir, dataset, num_samples, seed, packing),
                                                      curve_path=curve_path,
                                                      label=f"{dataset} m{packing} seed {seed}")
    return {"dataset": dataset, "packing": packing, "seed": seed, "epochs": epochs, **final_scores(curve),
            "cpu_seconds": seconds, "curve": curve}


def table(results):
    lines = ["| data | run | epochs | seeds | modes | high-quality % | reverse KL | CPU s/run |",
             "|---|---|---|---|---|---|---|---|"]
    groups = {}
    for row in results:
        groups.setdefault((row["dataset"], row["packing"]), []).append(row)
    for (dataset, packing), rows in sorted(groups.items()):
        name = "GAN" if packing == 1 else f"PacGAN{packing}"
        ours = [mean_and_error([r[metric] for r in rows]) for metric in METRICS]
        lines.append(f"| {dataset} | {name} (ours) | {rows[0]['epochs']} | {len(rows)} | {' | '.join(ours)} | "
                     f"{np.mean([r['cpu_seconds'] for r in rows]):.0f} |")
        paper = PAPER[(dataset, packing)]
        lines.append(f"| {dataset} | {name} (paper) | 400 | 10 | "
                     + " | ".join(f"{mean:.2f} ± {error:.2f}" for mean, error in paper) + " | |")
    return "\n".join(lines)


def rows_from_curves(folders, at_epoch=None):
    """The rows of runs from their curve files (curve_<dataset>_m<packing>_seed<seed>.json in the
    folders): each at its last scored point, so runs still going, or stopped, can be tabulated;
    with at_epoch, each at that epoch (rows of equal length, as the paper compares them), and a
    run that has not scored it is left out, with a line on stderr."""
    rows = []
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "curve_*_m*_seed*.json"))):
            match = re.fullmatch(r"curve_(\w+)_m(\d+)_seed(\d+)\.json", os.path.basename(path))
            with open(path) as file:
                curve = json.load(file)
            if at_epoch is not None and curve:
                reached = curve[-1]["epoch"]
                curve = [point for point in curve if point["epoch"] <= at_epoch]
                if not curve or curve[-1]["epoch"] != at_epoch:
                    print(f"{os.path.basename(path)}: no point at epoch {at_epoch} (scored up to {reached}); "
                          "left out", file=sys.stderr)
                    continue
            if match and curve:
                dataset, packing, seed = match[1], int(match[2]), int(match[3])
                rows.append({"dataset": dataset, "packing": packing, "seed": seed, "epochs": curve[-1]["epoch"],
                             **final_scores(curve), "curve": curve})
    return rows


def plot_curves(results, dataset, path):
    series = []
    for packing in sorted({r["packing"] for r in results if r["dataset"] == dataset}):
        rows = [r for r in results if r["dataset"] == dataset and r["packing"] == packing]
        points = min(len(r["curve"]) for r in rows)  # seeds still running: their common stretch
        steps = [point["epoch"] * STEPS_PER_EPOCH for point in rows[0]["curve"][:points]]
        values = {metric: [[point[metric] for point in r["curve"][:points]] for r in rows] for metric in METRICS}
        paper = {metric: PAPER[(dataset, packing)][METRICS.index(metric)][0] for metric in METRICS}
        series.append(("GAN" if packing == 1 else f"PacGAN{packing}", steps, values, paper))
    mode_collapse.plot_curves(series, METRICS, [f"{dataset}: {metric} (mean over seeds)" for metric in METRICS],
                              "training steps (paper: 400,000; dotted: its final value)", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default="ring8,grid25")
    parser.add_argument("--packings", default="1,2,3,4")
    parser.add_argument("--seeds", type=positive_int, default=10)
    parser.add_argument("--first_seed", type=count, default=0, help="seeds run are first_seed ... first_seed + seeds - 1")
    parser.add_argument("--epochs", type=positive_int, default=400, help="epochs of 1,000 steps (paper: 400)")
    parser.add_argument("--eval_every", type=positive_int, default=20, help="epochs between scored points of the curves")
    parser.add_argument("--num_samples", type=positive_int, default=2500, help="samples scored (the authors: 2,500)")
    parser.add_argument("--out_dir", default="benchmarks/results/pacgan_table1")
    add_threads_flag(parser)
    add_keep_workdirs_flag(parser, resumes=True)
    parser.add_argument("--from_curves", metavar="DIR[,DIR...]",
                        help="print the table and plot the curves of the runs whose curve files are in these "
                             "--out_dir folders, each at its last scored point (runs still going or stopped "
                             "early), instead of running")
    parser.add_argument("--at_epoch", type=positive_int,
                        help="with --from_curves: every run at this epoch, not at its last point")
    args = parser.parse_args()
    if args.at_epoch and not args.from_curves:
        parser.error("--at_epoch applies to --from_curves")
    if args.epochs % args.eval_every:
        parser.error("--epochs must be a multiple of --eval_every")
    if args.from_curves:
        results = rows_from_curves(args.from_curves.split(","), args.at_epoch)
        if not results:
            parser.error(f"--from_curves: no curve_<dataset>_m<packing>_seed<seed>.json"
                         f"{f' with a point at epoch {args.at_epoch}' if args.at_epoch else ''} in {args.from_curves}")
        os.makedirs(args.out_dir, exist_ok=True)
        for dataset in sorted({row["dataset"] for row in results}):
            plot_curves(results, dataset, os.path.join(args.out_dir, f"curves_{dataset}.png"))
        print(table(results))
        return
    use_threads(args.threads)
    os.makedirs(args.out_dir, exist_ok=True)
    results = []
    for dataset in args.datasets.split(","):
        for packing in map(int, args.packings.split(",")):
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                with run_workdir(args.keep_workdirs, f"{dataset}_m{packing}", seed) as workdir:
                    row = run_one(dataset, packing, seed, args.epochs, args.eval_every, args.num_samples, workdir,
                                  out_dir=args.out_dir)
                record(results, row, args.out_dir, printed={k: v for k, v in row.items() if k != "curve"})
        plot_curves(results, dataset, os.path.join(args.out_dir, f"curves_{dataset}.png"))
    print(table(results))


if __name__ == "__main__":
    run_script(main, stopped=KEPT_IN_OUT_DIR)
