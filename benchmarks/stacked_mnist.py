"""Stacked MNIST mode collapse: the plain DCGAN beside anti-collapse aids (PacGAN Table 2 form).

    TFDS_DATA_DIR=../shared/tfds python benchmarks/stacked_mnist.py --variants nsgan --seeds 2
    TFDS_DATA_DIR=../shared/tfds python benchmarks/stacked_mnist.py --variants "nsgan,nsgan:variant.packing=2" --steps 4000

Each (variant, seed) trains the `dcgan_stacked_mnist` preset through the
real trainer, then classifies each channel of 26,000 samples with the shipped
MNIST classifier and reports the modes captured (of 1000) and the KL
divergence of the mode histogram from uniform, beside PacGAN's Table 2
(Lin et al. 2018, arXiv 1712.04086): DCGAN 99 modes / KL 3.40, PacDCGAN2
1000 modes / KL 0.06. Raw numbers go to --out_dir as JSON.
"""

import argparse
import os
import tempfile
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.quiet import quiet_unless_asked

    quiet_unless_asked()

from mode_collapse import add_threads_flag, record, use_threads  # noqa: E402

from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.trainers import config as config_lib  # noqa: E402
from tfgan_zoo.trainers import evaluate  # noqa: E402
from tfgan_zoo.trainers.train import train  # noqa: E402

PACGAN_TABLE_2 = {"DCGAN": (99, 3.40), "PacDCGAN2": (1000, 0.06)}


def run_one(spec, seed, steps, num_samples, data_dir, workdir):
    variant_overrides = [item for item in spec.partition(":")[2].split(";") if item]
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan_stacked_mnist"), [
        f"train.seed={seed}", f"train.steps={steps}", f"train.checkpoint_every={steps}",
        f"train.sample_every={steps}", f"train.log_every={max(steps // 10, 1)}", *variant_overrides])
    start = time.perf_counter()
    train(config, workdir, data_dir=data_dir, progress=True)
    seconds = time.perf_counter() - start
    gan, config, _ = load_trained_gan(workdir)
    report = evaluate.evaluate(gan, config, ["stacked_mnist"], num_samples, cache_dir=workdir,
                               data_dir=data_dir, seed=10_000 + seed)
    return {"label": spec, "seed": seed, "steps": steps, "train_seconds": round(seconds, 1),
            "modes": report["metrics"]["stacked_mnist_modes"], "kl": report["metrics"]["stacked_mnist_kl"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", default="nsgan,nsgan:variant.packing=2",
                        help="variant names, each optionally with config overrides after ':' separated by ';'")
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--steps", type=int, help="train steps (default: the preset's own)")
    parser.add_argument("--first_seed", type=int, default=0, help="seeds run are first_seed ... first_seed + seeds - 1")
    parser.add_argument("--num_samples", type=int, default=26_000, help="samples classified (PacGAN: 26,000)")
    parser.add_argument("--data_dir", default=os.environ.get("TFDS_DATA_DIR"))
    parser.add_argument("--out_dir", default="benchmarks/results/stacked_mnist")
    add_threads_flag(parser)
    args = parser.parse_args()
    use_threads(args.threads)
    os.makedirs(args.out_dir, exist_ok=True)
    args.steps = args.steps or config_lib.preset_config("dcgan_stacked_mnist")["train"]["steps"]
    results = []
    for spec in args.variants.split(","):
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            with tempfile.TemporaryDirectory() as workdir:
                row = run_one(spec, seed, args.steps, args.num_samples, args.data_dir, workdir)
            record(results, row, args.out_dir)
    print("| configuration | steps | modes (of 1000) | KL | train s |\n|---|---|---|---|---|")
    for row in results:
        print(f"| {row['label']} (seed {row['seed']}) | {row['steps']} | {row['modes']} | {row['kl']:.2f} | "
              f"{row['train_seconds']:.0f} |")
    for name, (modes, kl) in PACGAN_TABLE_2.items():
        print(f"| PacGAN Table 2: {name} | | {modes} | {kl:.2f} | |")


if __name__ == "__main__":
    main()
