"""PacGAN's Table 2 under the authors' protocol: DCGAN and PacDCGAN2-4 on Stacked MNIST (VEEGAN setting).

    pip install -e ".[benchmarks]"     # matplotlib, for the curves
    TFDS_DATA_DIR=../shared/tfds python benchmarks/pacgan_table2.py                     # 50 epochs, 10 seeds
    TFDS_DATA_DIR=../shared/tfds python benchmarks/pacgan_table2.py --epochs 4 --eval_every 1 --seeds 1

Each (packing m, seed) trains the `pacgan_stacked_mnist` preset (the
authors' DCGAN, loss, optimizer, data and two G updates per D update; see
its docstring) with `variant.packing=m` and m times its batch (their batch
counts packs: 64 packs of m triples per step), through the real trainer. Every
`--eval_every` epochs (2,000 steps each) it scores 26,000 samples as the
authors' code does after every epoch: the modes (of 1000) the MNIST
classifier finds across the three channels, and the KL divergence of their
histogram from uniform. It prints the final scores, mean ± standard error
over seeds, beside the paper's Table 2, with the CPU seconds per run; writes
every score to OUT_DIR/results.json and each run's curve so far to
OUT_DIR/curve_m<m>_seed<s>.json after every point; and plots both metrics
against training steps (OUT_DIR/curves.png), so a run shorter than the
paper's shows how far it got. `pacgan_table3.py` runs Table 3 the same way.
"""

import argparse
import os
from dataclasses import dataclass

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
    mean_and_error,
    record,
    run_workdir,
    use_threads,
)

from tfgan_zoo.configs.pacgan_stacked_mnist import STEPS_PER_EPOCH  # noqa: E402
from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.metrics import stacked_mnist_coverage  # noqa: E402
from tfgan_zoo.trainers import config as config_lib  # noqa: E402
from tfgan_zoo.trainers import evaluate  # noqa: E402

METRICS = ("modes", "kl")


@dataclass(frozen=True)
class Protocol:
    """One Stacked MNIST table of the paper: the preset that runs it and the rows it reports."""

    title: str
    preset: str
    overrides: tuple  # the preset's changes for this table (Table 3's discriminator size)
    steps_per_epoch: int  # steps between the authors' scored points
    epochs: int  # the authors' length, in those points
    num_samples: int  # samples they score
    runs: int  # runs behind each of their rows
    paper: dict  # {m: ((modes, s.e.), (KL, s.e.))}, as the paper prints them
    # Their sampler's batch norm: 0 normalizes by the moving averages (Table 2's code, and the zoo's
    # `eval`); n > 0 by the statistics of each batch of n scored samples (Table 3's code).
    sampler_batch: int = 0


TABLE_2 = Protocol(
    # Lin et al. 2018 (arXiv 1712.04086), Table 2, the rows of the authors' code (fjxmlzn/PacGAN,
    # stacked_MNIST_experiments/results/Table2.png). The table's first DCGAN row, 99.0 modes and
    # KL 3.40, is VEEGAN's run, quoted.
    "Table 2", "pacgan_stacked_mnist", (), STEPS_PER_EPOCH, 50, 26_000, 10,
    {1: (("78.9", "6.46"), ("4.50", "0.127")), 2: (("1000.0", "0.0"), ("0.06", "0.003")),
     3: (("1000.0", "0.0"), ("0.06", "0.003")), 4: (("1000.0", "0.0"), ("0.07", "0.005"))})


def score(protocol, workdir, num_samples, data_dir, seed):
    """The modes and KL as the authors' sampler gives them; with a batch-statistics sampler (Table 3)
    also `eval`'s, from the moving averages, as modes_moving_average and kl_moving_average."""
    gan, config, _ = load_trained_gan(workdir)
    metrics = evaluate.evaluate(gan, config, ["stacked_mnist"], num_samples, cache_dir=workdir,
                                data_dir=data_dir, seed=10_000 + seed)["metrics"]
    scores = {"modes": metrics["stacked_mnist_modes"], "kl": metrics["stacked_mnist_kl"]}
    if not protocol.sampler_batch:
        return scores
    # Their sampler runs G once on a batch of sampler_batch; a G with batch norm per slot of m
    # normalizes each slot of a call apart, so a call of m x sampler_batch samples is m such runs.
    batch = protocol.sampler_batch * config["generator"].get("batch_norm_slots", 1)
    calls = -(-num_samples // batch)
    z = np.random.default_rng(10_000 + seed).standard_normal((calls * batch, gan.z_dim)).astype(np.float32)
    generator, extractor = gan.sampling_generator(), evaluate.mnist_classifier_extractor((28, 28, 3))
    digits = np.concatenate([extractor(generator(z[start:start + batch], training=True))[1].argmax(-1)
                             for start in range(0, calls * batch, batch)])[:num_samples]
    modes, kl = stacked_mnist_coverage(digits)
    return {"modes": modes, "kl": kl, "modes_moving_average": scores["modes"], "kl_moving_average": scores["kl"]}


def run_config(protocol, packing, seed, every, overrides=()):
    """The preset as the table runs it: packing m, and m times its batch, because the authors'
    batch counts packs (m x batch generated and real examples a step), with G's batch norm per
    slot of the packs, as their G runs once per slot; scored every `every` steps."""
    preset = config_lib.apply_overrides(config_lib.preset_config(protocol.preset), [*protocol.overrides, *overrides])
    return config_lib.apply_overrides(preset, [
        *authors_packing(packing, preset["train"]["batch_size"]), f"train.seed={seed}",
        f"train.checkpoint_every={every}", f"train.sample_every={every}", f"train.log_every={every}"])


def run_one(protocol, packing, seed, epochs, eval_every, num_samples, data_dir, workdir, overrides=(),
            steps_per_epoch=None, out_dir=None):
    """Trains in stretches of eval_every epochs (each rerun resumes the workdir) and scores after
    each; the curve so far goes to out_dir/curve_m<packing>_seed<seed>.json after every point, so
    a run stopped before its end keeps what it measured."""
    steps_per_epoch = steps_per_epoch or protocol.steps_per_epoch
    config = run_config(protocol, packing, seed, eval_every * steps_per_epoch, overrides)
    curve, seconds = mode_collapse.train_in_stretches(
        config, workdir, steps_per_epoch, epochs, eval_every,
        lambda: score(protocol, workdir, num_samples, data_dir, seed), data_dir=data_dir,
        curve_path=os.path.join(out_dir, f"curve_m{packing}_seed{seed}.json") if out_dir else None,
        label=f"{name(packing)} seed {seed}")
    return {"packing": packing, "seed": seed, "epochs": epochs, **final_scores(curve), "cpu_seconds": seconds,
            "curve": curve}


def name(packing):
    return "DCGAN" if packing == 1 else f"PacDCGAN{packing}"


def table(protocol, results):
    lines = ["| run | steps | seeds | modes (of 1000) | KL to uniform | CPU s/run |", "|---|---|---|---|---|---|"]
    for packing in sorted({row["packing"] for row in results}):
        rows = [row for row in results if row["packing"] == packing]
        ours = " | ".join(mean_and_error([row[metric] for row in rows]) for metric in METRICS)
        lines.append(f"| {name(packing)} (ours) | {rows[0]['steps']:,} | {len(rows)} | {ours} | "
                     f"{np.mean([row['cpu_seconds'] for row in rows]):.0f} |")
        paper = " | ".join(f"{mean} ± {error}" for mean, error in protocol.paper[packing])
        lines.append(f"| {name(packing)} (paper) | {protocol.epochs * protocol.steps_per_epoch:,} | "
                     f"{protocol.runs} | {paper} | |")
    return "\n".join(lines)


def plot_curves(protocol, results, path):
    series = []
    for packing in sorted({row["packing"] for row in results}):
        rows = [row for row in results if row["packing"] == packing]
        values = {metric: [[point[metric] for point in row["curve"]] for row in rows] for metric in METRICS}
        paper = {metric: float(mean) for metric, (mean, _) in zip(METRICS, protocol.paper[packing], strict=True)}
        series.append((name(packing), [point["steps"] for point in rows[0]["curve"]], values, paper))
    length = protocol.epochs * protocol.steps_per_epoch
    mode_collapse.plot_curves(series, METRICS, [f"{protocol.title}: {metric} (mean over seeds)" for metric in METRICS],
                              f"training steps (paper: {length:,}; dotted: its final value)", path,
                              log_metrics=("kl",))


def main(protocols=None, out_dir="benchmarks/results/pacgan_table2", description=None):
    """The command: protocols maps a --discriminator choice to its Protocol when a table has
    several (Table 3); Table 2 has one."""
    protocols = protocols or {"": TABLE_2}
    first = next(iter(protocols.values()))  # the tables' protocols share their lengths
    parser = argparse.ArgumentParser(description=description or __doc__.split("\n\n")[0])
    if len(protocols) > 1:
        parser.add_argument("--discriminator", choices=list(protocols), default=next(iter(protocols)),
                            help="which of the table's discriminators (their sizes against G's)")
    parser.add_argument("--packings", default="1,2,3,4")
    parser.add_argument("--seeds", type=positive_int, default=first.runs)
    parser.add_argument("--first_seed", type=count, default=0, help="seeds run are first_seed ... first_seed + seeds - 1")
    parser.add_argument("--epochs", type=positive_int, default=first.epochs,
                        help=f"scored stretches of --steps_per_epoch steps (paper: {first.epochs})")
    parser.add_argument("--eval_every", type=positive_int, default=5, help="epochs between scored points of the curves")
    parser.add_argument("--steps_per_epoch", type=positive_int, default=first.steps_per_epoch,
                        help=f"steps per epoch (the authors': {first.steps_per_epoch:,}; fewer for a smoke test)")
    parser.add_argument("--num_samples", type=positive_int, default=first.num_samples,
                        help=f"samples scored (the authors: {first.num_samples:,})")
    parser.add_argument("--set", action="append", default=[], dest="overrides", metavar="FIELD=VALUE",
                        help="a change to the preset (a shorter run for a smoke test, say)")
    parser.add_argument("--data_dir", default=os.environ.get("TFDS_DATA_DIR"))
    parser.add_argument("--out_dir", default=out_dir, help="(Table 3: with _<discriminator> appended by default)")
    add_threads_flag(parser)
    add_keep_workdirs_flag(parser, resumes=True)
    args = parser.parse_args()
    protocol = protocols[getattr(args, "discriminator", "")]
    if args.epochs % args.eval_every:
        parser.error("--epochs must be a multiple of --eval_every")
    if len(protocols) > 1 and args.out_dir == out_dir:
        args.out_dir = f"{out_dir}_{args.discriminator}"
    use_threads(args.threads)
    os.makedirs(args.out_dir, exist_ok=True)
    results = []
    for packing in map(int, args.packings.split(",")):
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            name = "_".join(filter(None, [protocol.preset, getattr(args, "discriminator", ""), f"m{packing}"]))
            with run_workdir(args.keep_workdirs, name, seed) as workdir:
                row = run_one(protocol, packing, seed, args.epochs, args.eval_every, args.num_samples, args.data_dir,
                              workdir, args.overrides, args.steps_per_epoch, args.out_dir)
            record(results, row, args.out_dir, printed={k: v for k, v in row.items() if k != "curve"})
            plot_curves(protocol, results, os.path.join(args.out_dir, "curves.png"))
    print(table(protocol, results))


if __name__ == "__main__":
    run_script(main, stopped=KEPT_IN_OUT_DIR)
