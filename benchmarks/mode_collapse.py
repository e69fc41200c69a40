"""Mode-collapse benchmark: variants on ring8 and grid25 over several seeds.

    python benchmarks/mode_collapse.py --datasets ring8,grid25 --variants nsgan,hinge,wgan_gp --seeds 3
    python benchmarks/mode_collapse.py --variants "nsgan,nsgan:variant.packing=2,nsgan:variant.unrolled_steps=5"

A variant may carry config overrides after ':' (separated by ';'), so the
training aids are compared beside the plain variant in one table.

Each (dataset, variant, seed) trains the dataset's preset (MLP networks,
Adam 1e-4, batch 256) through the real trainer, then draws `--num_samples`
points and scores them (tfgan_zoo.metrics.mode_coverage): modes captured,
the percentage of high-quality samples (within 3 std of a mode) and the
reverse KL between the generated mode histogram and the uniform one. It
prints a table in the form of PacGAN's Table 1 (Lin et al. 2018, arXiv
1712.04086): mean and standard error over seeds. It also writes a scatter
plot PNG per variant and dataset (first seed, true modes in red) and all raw
numbers as JSON to --out_dir.

Sample selection by a fitted density ratio adds a row per method: either
each run's own recipe, the `selection` section of its config (a preset's,
as `tfgan-zoo eval --drs` runs it):

    python benchmarks/mode_collapse.py --preset grid25 --seeds 5 --selection

or one set by the --drs_* flags for every run (--drs_steps N turns it on).
Beside --selection, each --drs_* flag given replaces its field of every
run's section, as `tfgan-zoo eval --drs` takes them (`--selection
--drs_batch 512`: the recipe with half the fit's batch).
"""

import argparse
import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import numpy as np  # noqa: E402
from command_line import KEPT_IN_OUT_DIR, count, field_type, positive_int, run_script, train_to_the_end  # noqa: E402

from tfgan_zoo.configs._base import toy_config  # noqa: E402
from tfgan_zoo.data import MIXTURES  # noqa: E402
from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.export.checkpoint import checkpoints_by_step, write_atomically  # noqa: E402
from tfgan_zoo.trainers import config as config_lib  # noqa: E402
from tfgan_zoo.trainers import evaluate, images  # noqa: E402
from tfgan_zoo.trainers.rejection import (  # noqa: E402
    DEFAULT_CHAIN_LENGTH,
    DEFAULT_PERCENTILE,
    METHODS,
    fit_selection_ratio,
    selecting_sampler,
    selection_settings,
)
from tfgan_zoo.trainers.schema import FIELDS  # noqa: E402

# Optimizer settings a variant's paper uses on toy data, over the preset's Adam(1e-4, 0.5).
VARIANT_OVERRIDES = {
    "wgan_gp": ["optimizer.beta_2=0.9"],  # Gulrajani et al.'s toy experiments: Adam(1e-4, 0.5, 0.9)
    "wgan": ["optimizer.name=rmsprop", "optimizer.g_learning_rate=5e-5", "optimizer.d_learning_rate=5e-5",
             "optimizer.rho=0.99", "optimizer.epsilon=1e-8"],
}


def run_one(dataset, variant, seed, steps, num_samples, extra, workdir, preset=None):
    config = config_lib.preset_config(preset) if preset else toy_config(dataset, variant)
    config = config_lib.apply_overrides(config, [
        f"train.seed={seed}", f"train.steps={steps}", f"train.checkpoint_every={steps}",
        f"train.sample_every={steps}", f"train.log_every={max(steps // 10, 1)}",
        *VARIANT_OVERRIDES.get(variant, []), *extra,
    ])
    start = time.perf_counter()
    train_to_the_end(config, workdir, progress=False)
    seconds = time.perf_counter() - start
    gan, trained_config, _ = load_trained_gan(workdir)
    points = generated_points(gan, num_samples, seed)
    # The variant that trained: an override (--set variant.name=...) may have replaced the preset's.
    return points, {"dataset": dataset, "variant": config["variant"]["name"], "seed": seed, "steps": steps,
                    "train_seconds": round(seconds, 1), **mixture_scores(points, MIXTURES[dataset])}, \
        (gan, trained_config)


def generated_points(gan, num_samples, seed):
    """num_samples points from a trained GAN's sampling generator (its average, when it keeps
    one), from latents fixed by the seed (10,000 + seed, apart from training's)."""
    z = np.random.default_rng(10_000 + seed).standard_normal((num_samples, gan.z_dim)).astype(np.float32)
    return gan.sampling_generator()(z, training=False).numpy()


def selected_rows(ratio, row, num_samples, methods, percentile=DEFAULT_PERCENTILE, chain_length=DEFAULT_CHAIN_LENGTH):
    """[(points, the row scored on them)] per method selecting by one fitted `ratio`, from the
    latents of 10,000 + the row's seed, as the plain rows sample."""
    rows = []
    for method in methods:
        sampler, fit = selecting_sampler(ratio, method, percentile=percentile, chain_length=chain_length)
        start = time.perf_counter()
        points, acceptance_rate = sampler.sample(num_samples, 10_000 + row["seed"])
        rows.append((points, {**row, **mixture_scores(points, MIXTURES[row["dataset"]]), "rejection": fit,
                              "acceptance_rate": round(acceptance_rate, 4),
                              "sampling_seconds": round(time.perf_counter() - start, 1)}))
    return rows


def trained_row(workdir, num_samples):
    """(points, the row, the trained (gan, config)) of a workdir trained elsewhere: its dataset,
    variant and seed from its config."""
    gan, config, _ = load_trained_gan(workdir)
    dataset, seed = config["data"]["name"], config["train"]["seed"]
    if dataset not in MIXTURES:
        raise SystemExit(f"{workdir} trained on {dataset}, not a 2-D mixture ({', '.join(MIXTURES)})")
    points = generated_points(gan, num_samples, seed)
    return points, {"dataset": dataset, "variant": config["variant"]["name"], "seed": seed,
                    "steps": config["train"]["steps"], "train_seconds": None, "workdir": workdir,
                    "label": f"{config['variant']['name']} (trained workdirs)",
                    **mixture_scores(points, MIXTURES[dataset])}, (gan, config)


# The fit and selection the --drs_* flags give a field they leave unset (without --selection).
FLAG_SELECTION = {"batch_size": 1024, "percentile": DEFAULT_PERCENTILE, "chain_length": DEFAULT_CHAIN_LENGTH,
                  "pool": 0, "noise": 0.0, "method": "drs"}


def scored_runs(args, points, row, trained):
    """[(points, row, picture suffix)]: the plain samples, then one row per selection method,
    selected from the trained (gan, config) on one fit: with --selection the fit and methods of
    its config's `selection` section, each --drs_* flag given in place of its field (--drs_methods
    picks the methods), with --drs_steps alone those of the --drs_* flags."""
    runs = [(points, row, "")]
    if not (args.selection or args.drs_steps):
        return runs
    gan, config = trained
    given = {"fit_steps": args.drs_steps, "batch_size": args.drs_batch, "percentile": args.drs_percentile,
             "chain_length": args.drs_chain_length, "pool": args.drs_pool,
             "noise": None if args.drs_noise_stds is None else args.drs_noise_stds * MIXTURES[row["dataset"]].std}
    if args.selection:  # the run's own recipe: its config's section, noise in the data's units
        settings = selection_settings(config, **given)
    else:  # the flags' fit, its noise given in the mixture's std
        settings = selection_settings(config, **{**FLAG_SELECTION, **{name: value for name, value in given.items()
                                                                      if value is not None}})
    methods = args.drs_methods.split(",") if args.drs_methods else [settings["method"]]
    ratio = fit_selection_ratio(gan, config, settings, seed=row["seed"])
    selected = selected_rows(ratio, row, args.num_samples, methods, settings["percentile"], settings["chain_length"])
    return runs + [(points, {**selected_row, "label": f"{row['label']} + {method.upper()}"}, f"_{method}")
                   for method, (points, selected_row) in zip(methods, selected, strict=True)]


def mixture_scores(points, mixture):
    """`eval`'s modes metric of 2-D points (`evaluate.mixture_metrics`), with the KL under
    the key the benchmark rows have always used, reverse_kl."""
    scores = evaluate.mixture_metrics(points, mixture)
    return {"modes": scores["modes"], "high_quality_percent": scores["high_quality_percent"],
            "reverse_kl": scores["mode_reverse_kl"]}


def add_threads_flag(parser):
    parser.add_argument("--threads", type=count, default=0,
                        help="TensorFlow threads per op pool (0: TensorFlow's default); 1 lets two "
                             "benchmark processes share a 2-core machine without contention")


def add_keep_workdirs_flag(parser, resumes=False):
    """--keep_workdirs; resumes: the script's runs go on from a kept workdir (`saved_curve`)."""
    again = ("; the same command run again goes on from where each run stopped, so a long table can "
             "be run over several sittings") if resumes else ""
    parser.add_argument("--keep_workdirs", metavar="DIR",
                        help="train each run in DIR/<name>_seed<S> and keep it, for TensorBoard, `tfgan-zoo "
                             f"sample` or rescoring (default: a temporary workdir){again}")


def run_workdir(keep_workdirs, name, seed):
    """A context giving a run's workdir: DIR/<name>_seed<S>, kept, when --keep_workdirs names
    DIR; else a temporary folder removed afterwards."""
    if keep_workdirs:
        return contextlib.nullcontext(os.path.join(keep_workdirs, f"{name}_seed{seed}"))
    return tempfile.TemporaryDirectory()


def use_threads(threads):
    if threads:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)


def record(results, row, out_dir, printed=None):
    """Adds a run's row to results, prints it as one JSON line (`printed`, when given, in its
    place) and rewrites out_dir/results.json, so a stopped benchmark keeps what it measured."""
    results.append(row)
    print(json.dumps(row if printed is None else printed), flush=True)
    with open(os.path.join(out_dir, "results.json"), "w") as file:
        json.dump(results, file, indent=1)


def mean_and_error(values, digits=2):
    values = np.asarray(values, np.float64)
    error = values.std(ddof=1) / np.sqrt(len(values)) if len(values) > 1 else 0.0
    return f"{values.mean():.{digits}f} ± {error:.{digits}f}"


def authors_packing(packing, packs_per_step):
    """The overrides that run packing m as PacGAN's code does: the batch counts packs (m x
    packs_per_step generated and real examples a step), and G's batch norm takes its statistics
    per slot of the packs, as their G runs once per slot."""
    return [f"variant.packing={packing}", f"train.batch_size={packs_per_step * packing}",
            f"generator.batch_norm_slots={packing}"]


def train_in_stretches(config, workdir, steps_per_epoch, epochs, eval_every, score, data_dir=None,
                       curve_path=None, label=None):
    """Trains `config` to `epochs` epochs in stretches of eval_every (each stretch resumes the
    workdir) and calls score() after each. Returns (curve, CPU seconds of training): a point per
    stretch, {epoch, steps, cpu_seconds, **score()}. With curve_path the curve so far is written
    there after every point, so a run stopped before its end keeps what it measured; rerun on its
    kept workdir, it goes on from its last point (`saved_curve`) instead of starting again.

    A point is the model at its step, or none: an epoch the workdir has already trained past is
    skipped (its model is gone), and a stretch stopped by a signal (the trainer then saves its
    step and returns) ends the run as Ctrl-C does, with no point for a model short of the epoch.
    With `label`, each point is also a line on stderr, the progress of a run of hours."""
    curve = [point for point in saved_curve(workdir, curve_path) if point["epoch"] <= epochs]
    seconds = curve[-1]["cpu_seconds"] if curve else 0.0
    trained = max(checkpoints_by_step(workdir), default=0)
    for epoch in range(eval_every, epochs + 1, eval_every):
        steps = epoch * steps_per_epoch
        if (curve and steps <= curve[-1]["steps"]) or steps < trained:
            continue
        start = time.process_time()
        train_to_the_end(config_lib.apply_overrides(config, [f"train.steps={steps}"]), workdir, data_dir=data_dir,
                         progress=False)
        seconds += time.process_time() - start
        curve.append({"epoch": epoch, "steps": steps, "cpu_seconds": round(seconds, 1), **score()})
        if label:
            scores = " ".join(f"{key}={value:.4g}" for key, value in curve[-1].items() if key != "epoch")
            print(f"{label}: epoch {epoch} of {epochs}: {scores}", file=sys.stderr, flush=True)
        if curve_path:
            write_atomically(curve_path, json.dumps(curve, indent=1))
    return curve, round(seconds, 1)


def saved_curve(workdir, curve_path):
    """The points a stopped run measured in this workdir: its curve file's, up to the workdir's
    newest checkpoint (a temporary or new workdir has none: []; a point past it is measured
    again, since training resumes from that checkpoint). CPU seconds of a stretch cut short are
    not in the file, so a resumed run's total leaves them out."""
    if not curve_path or not os.path.exists(curve_path):
        return []
    with open(curve_path) as file:
        curve = json.load(file)
    trained = checkpoints_by_step(workdir)
    return [point for point in curve if trained and point["steps"] <= max(trained)]


def final_scores(curve):
    """The last point's scores, without its epoch: what a run's row reports."""
    return {key: value for key, value in curve[-1].items() if key != "epoch"}


def plot_curves(series, metrics, titles, xlabel, path, log_metrics=()):
    """One panel per metric: each series' mean curve over seeds, and the paper's final value dotted.

    series: (label, steps, {metric: [seeds x points] values}, {metric: the paper's value or None}).
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.6))
    for label, steps, values, paper in series:
        for axis, metric in zip(axes, metrics, strict=True):
            axis.plot(steps, np.asarray(values[metric], np.float64).mean(axis=0), marker="o", label=label)
            if paper.get(metric) is not None:
                axis.axhline(paper[metric], linestyle=":", color=axis.lines[-1].get_color())
    for axis, metric, title in zip(axes, metrics, titles, strict=True):
        axis.set_xlabel(xlabel)
        axis.xaxis.set_major_formatter(matplotlib.ticker.EngFormatter(sep=""))  # 400k, not 400000 run together
        axis.set_title(title)
        if metric in log_metrics:
            axis.set_yscale("log")
    axes[0].legend()
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    pyplot.close(figure)


def table(results, label):
    lines = [f"| dataset | {label} | seeds | modes (max) | high-quality samples % | reverse KL | train s/seed |",
             "|---|---|---|---|---|---|---|"]
    groups = {}
    for row in results:
        groups.setdefault((row["dataset"], row["label"]), []).append(row)
    for (dataset, name), rows in groups.items():
        lines.append(
            f"| {dataset} | {name} | {len(rows)} | {mean_and_error([r['modes'] for r in rows])} "
            f"({MIXTURES[dataset].num_modes}) | {mean_and_error([r['high_quality_percent'] for r in rows])} | "
            f"{mean_and_error([r['reverse_kl'] for r in rows], digits=4)} | "
            f"{_mean_seconds(rows)} |")
    return "\n".join(lines)


def _mean_seconds(rows):
    seconds = [r["train_seconds"] for r in rows if r.get("train_seconds") is not None]
    return f"{np.mean(seconds):.0f}" if seconds else ""  # workdirs trained elsewhere have no time here


def picture_name(spec):
    """A file name for a variant spec: the spec itself while short, else its variant and a hash."""
    name = spec.replace(":", "_").replace(";", "_").replace("=", "-")
    if len(name) <= 100:
        return name
    return f"{spec.partition(':')[0]}_{hashlib.sha1(spec.encode()).hexdigest()[:10]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default="ring8,grid25")
    parser.add_argument("--variants", default="nsgan,hinge,wgan_gp",
                        help="variant names, each optionally with config overrides after ':' "
                             "separated by ';', e.g. nsgan:variant.label_smoothing=0.1")
    parser.add_argument("--preset", help="train this preset as it is (its dataset and variant) instead of "
                                         "--datasets and --variants")
    parser.add_argument("--set", action="append", default=[], dest="overrides", metavar="FIELD=VALUE",
                        help="a config override for every run, after the variant's own (repeatable); "
                             "with --preset, a change to the preset")
    parser.add_argument("--seeds", type=positive_int, default=3)
    parser.add_argument("--first_seed", type=count, default=0, help="seeds run are first_seed ... first_seed + seeds - 1")
    parser.add_argument("--steps", type=positive_int, help="train steps (default: 5000, or the preset's own)")
    parser.add_argument("--num_samples", type=positive_int, default=2500, help="samples scored (PacGAN: 2500)")
    parser.add_argument("--out_dir", default="benchmarks/results/mode_collapse")
    parser.add_argument("--drs_steps", type=positive_int,
                        help="also score each run's discriminator rejection sampling (a row of its own), after "
                             "fitting the density ratio for this many steps; with --selection, the section's "
                             "fit length")
    parser.add_argument("--drs_batch", type=positive_int,
                        help="real and generated points per fit step (default: 1024, or the section's)")
    parser.add_argument("--drs_percentile", type=field_type(FIELDS["selection.percentile"]),
                        help="the percentile of each batch's acceptance log-odds that DRS's gamma takes "
                             f"(default: {DEFAULT_PERCENTILE:g}, or the section's)")
    parser.add_argument("--selection", action="store_true",
                        help="also score each run's own sample selection: its config's `selection` section (a "
                             "preset's recipe, as `tfgan-zoo eval --drs` runs it), a row per method; each "
                             "--drs_* flag given replaces its field, as eval's do")
    parser.add_argument("--drs_methods",
                        help="how the fitted ratio selects samples, a row each from one fit: drs (rejection, "
                             "Azadi et al. 2018), mh (Metropolis-Hastings chains, Turner et al. 2019), or drs,mh "
                             "(default: drs; with --selection, the section's method)")
    parser.add_argument("--drs_chain_length", type=positive_int,
                        help=f"mh: proposals per sample (default: {DEFAULT_CHAIN_LENGTH}, or the section's)")
    parser.add_argument("--drs_pool", type=count,
                        help="generated points drawn once for the fit (0: fresh points every fit step; "
                             "default: 0, or the section's)")
    parser.add_argument("--drs_noise_stds", type=field_type(FIELDS["selection.noise"]),
                        help="Gaussian noise added to every generated point in the fit and the selection, in "
                             "units of the mixture's std (eval's --drs_noise, scaled per dataset; default: 0, "
                             "or the section's)")
    parser.add_argument("--workdirs", help="comma-separated trained workdirs of ring8 or grid25 to score (plain "
                                           "and, with --drs_steps, selected) instead of training")
    parser.add_argument("--from_results", metavar="JSON[,JSON...]",
                        help="print the table of rows recorded by earlier runs (their results.json files, e.g. "
                             "of seeds split over two processes) instead of running")
    add_keep_workdirs_flag(parser)
    add_threads_flag(parser)
    args = parser.parse_args()
    if args.from_results:
        results = []
        for path in args.from_results.split(","):
            try:
                with open(path) as file:
                    results += json.load(file)
            except (OSError, ValueError) as error:
                parser.error(f"--from_results: cannot read {path}: {error}")
        print(table(results, "variant"))
        return
    unknown = set((args.drs_methods or "drs").split(",")) - set(METHODS)
    if unknown:  # before any training, not after the first run
        parser.error(f"--drs_methods: unknown {', '.join(sorted(unknown))}; choose from {', '.join(METHODS)}")
    value_flags = ("drs_batch", "drs_percentile", "drs_chain_length", "drs_pool", "drs_noise_stds", "drs_methods")
    given = [name for name in value_flags if getattr(args, name) is not None]
    if given and not (args.selection or args.drs_steps):
        parser.error(f"--{given[0]} sets the sample selection, which --drs_steps or --selection turns on")
    use_threads(args.threads)
    os.makedirs(args.out_dir, exist_ok=True)
    if args.workdirs:
        results = []
        for workdir in args.workdirs.split(","):
            for points, row, suffix in scored_runs(args, *trained_row(workdir, args.num_samples)):
                record(results, row, args.out_dir)
                picture = images.mixture_scatter(points, MIXTURES[row["dataset"]])
                images.write_image(os.path.join(args.out_dir, f"{row['dataset']}_seed{row['seed']}{suffix}.png"),
                                 picture)
        print(table(results, "variant"))
        return
    if args.preset:
        preset = config_lib.preset_config(args.preset)
        args.datasets, args.variants = preset["data"]["name"], preset["variant"]["name"]
        args.steps = args.steps or preset["train"]["steps"]
    args.steps = args.steps or 5000
    results = []
    for dataset in args.datasets.split(","):
        mixture = MIXTURES[dataset]
        for spec in args.variants.split(","):
            variant, _, extra = spec.partition(":")
            overrides = [item for item in extra.split(";") if item] + args.overrides
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                label = (f"preset {args.preset}" if args.preset else spec) + "".join(f" {o}" for o in args.overrides)
                with run_workdir(args.keep_workdirs, f"{dataset}_{picture_name(spec)}", seed) as workdir:
                    points, row, trained = run_one(dataset, variant, seed, args.steps, args.num_samples, overrides,
                                                   workdir, preset=args.preset)
                    runs = scored_runs(args, points, {**row, "label": label}, trained)
                for points, row, suffix in runs:
                    record(results, row, args.out_dir)
                    if seed == args.first_seed:
                        picture = images.mixture_scatter(points, mixture)
                        images.write_image(os.path.join(args.out_dir, f"{dataset}_{picture_name(spec)}{suffix}.png"),
                                         picture)
    print(table(results, "variant"))


if __name__ == "__main__":
    run_script(main, stopped=KEPT_IN_OUT_DIR)
