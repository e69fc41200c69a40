"""What the moving average's batch-norm statistics do to the samples: standing statistics beside G's own.

    python benchmarks/ema_statistics.py --workdir runs/grid25                         # a 2-D mixture
    python benchmarks/ema_statistics.py --workdir runs/grid25 --standing_batches 16,64,256,1024
    TFDS_DATA_DIR=../shared/tfds python benchmarks/ema_statistics.py --workdir runs/dcgan_mnist_small

Scores one trained workdir whose variant keeps G's moving average three or
more ways: G itself; the average with G's own moving batch-norm statistics
(`variant.ema_standing_batches=0`, the behaviour before standing statistics);
the average with standing statistics from each count of batches of 64 in
--standing_batches (default 16, the variant's default); for a 2-D mixture
also the average in training mode (the statistics of the scored batch
itself). 2-D mixtures get PacGAN's mode scores on 2,500 samples and the
shift: the mean offset of the high-quality points from their nearest mode's
centre, per axis in the mixture's std, over 100,000 points. A shift common to
every mode moves the whole distribution off the data, where no selection of
G's points (DRS, MH) finds the data's mass. Image data gets `tfgan-zoo
eval`'s metrics on --num_samples. Each row of the average also gives the
seconds its copy took to fill (the first standing count's include building
the graph).
"""

import argparse
import json
import os
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import numpy as np  # noqa: E402
from command_line import positive_int, run_script  # noqa: E402
from mode_collapse import mixture_scores  # noqa: E402
from proposal_coverage import nearest_high_quality  # noqa: E402

from tfgan_zoo.aids.ema import STANDING_BATCH_SIZE  # noqa: E402
from tfgan_zoo.data import MIXTURES  # noqa: E402
from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.trainers import evaluate  # noqa: E402

SHIFT_POINTS = 100_000


def shift(points, mixture):
    """The mean offset of the points within 3 std of their nearest mode from its centre, per axis
    in the mixture's std (0 for the data itself, up to sampling noise)."""
    nearest, near = nearest_high_quality(points, mixture)
    if not near.any():
        return None
    offsets = (points[near] - np.asarray(mixture.centers)[nearest[near]]) / mixture.std
    return np.round(offsets.mean(axis=0), 3).tolist()


def generator_scores(generator, z, mixture, training=False):
    scores = mixture_scores(generator(z, training=training).numpy(), mixture)
    many = np.random.default_rng(20_000).standard_normal((SHIFT_POINTS, z.shape[1])).astype(np.float32)
    return {"modes": scores["modes"], "high_quality_percent": round(scores["high_quality_percent"], 2),
            "reverse_kl": round(scores["reverse_kl"], 4),
            "shift": shift(generator(many, training=training).numpy(), mixture)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--metrics", default="fid,is,pr,classes", help="image data: the eval metrics")
    parser.add_argument("--num_samples", type=positive_int, default=10_000, help="image data: samples scored")
    parser.add_argument("--standing_batches", default="16",
                        help="comma-separated counts of standing batches to score the average with")
    args = parser.parse_args()
    try:
        counts = [int(count) for count in args.standing_batches.split(",")]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        parser.error(f"--standing_batches: counts >= 1, comma-separated, got {args.standing_batches!r}")
    gan, config, _ = load_trained_gan(args.workdir)
    averages = [aid for aid in gan.aids if aid.name == "ema"]
    if not averages:
        raise SystemExit(f"{args.workdir} trains no moving average of G (variant.ema_decay is 0)")
    average = averages[0]
    mixture = MIXTURES.get(config["data"]["name"])
    rows = {}
    if mixture is not None:
        z = np.random.default_rng(10_000).standard_normal((2500, gan.z_dim)).astype(np.float32)
        rows["G itself"] = generator_scores(gan.generator, z, mixture)
    settings = [(0, "average, G's own statistics"),
                *((count, f"average, standing statistics ({count} x {STANDING_BATCH_SIZE})") for count in counts)]
    for batches, label in settings:
        average.ema_standing_batches = batches  # the copy is refilled for the new setting
        start = time.perf_counter()
        generator = gan.sampling_generator()
        fill_seconds = {"fill_seconds": round(time.perf_counter() - start, 3)}  # the first count's includes tracing
        if mixture is not None:
            rows[label] = {**generator_scores(generator, z, mixture), **fill_seconds}
        else:
            report = evaluate.evaluate(gan, config, args.metrics.split(","), args.num_samples, cache_dir=args.workdir,
                                       data_dir=os.environ.get("TFDS_DATA_DIR"), seed=0)
            rows[label] = {**{name: round(value, 4) for name, value in report["metrics"].items()}, **fill_seconds}
    if mixture is not None:
        rows["average, statistics of the scored batch"] = generator_scores(gan.sampling_generator(), z, mixture,
                                                                         training=True)
    for label, scores in rows.items():
        print(f"{label}: {json.dumps(scores)}", flush=True)


if __name__ == "__main__":
    run_script(main)
