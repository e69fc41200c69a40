"""Seconds of the density-ratio fit behind DRS and MH sampling, with G's samples drawn fresh
at every fit step and from a pool drawn once (`trainers/rejection.py`, `--drs_pool`).

    python benchmarks/ratio_fit_speed.py --workdir runs/g25_s1 --steps 1000 --batch 1024 --pool 200000

The two settings alternate `--repeats` times in one process on one trained workdir, so they
share whatever else runs on the machine. The pool's seconds include drawing it. Prints one
JSON line per fit and then the median seconds of each setting.
"""

import argparse
import json
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import numpy as np  # noqa: E402
from command_line import positive_int, run_script  # noqa: E402

from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.trainers.rejection import fit_density_ratio  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", required=True, help="a trained workdir of an unconditional GAN")
    parser.add_argument("--steps", type=positive_int, default=1000, help="fit steps per measurement")
    parser.add_argument("--batch", type=positive_int, default=1024, help="real (and generated) samples per fit step")
    parser.add_argument("--pool", type=positive_int, default=200_000, help="generated samples drawn once for the pooled fit")
    parser.add_argument("--repeats", type=positive_int, default=2)
    parser.add_argument("--data_dir", help="TFDS data directory of the workdir's dataset (default: TFDS_DATA_DIR)")
    args = parser.parse_args(argv)
    gan, config, _ = load_trained_gan(args.workdir)
    seconds = {0: [], args.pool: []}
    for _ in range(args.repeats):
        for pool in seconds:
            start = time.perf_counter()
            ratio = fit_density_ratio(gan, config, args.steps, data_dir=args.data_dir, batch_size=args.batch,
                                      generated_pool=pool)
            seconds[pool].append(time.perf_counter() - start)
            print(json.dumps({"generated_pool": pool, "steps": args.steps, "batch": args.batch,
                              "seconds": round(seconds[pool][-1], 2), "fit_loss": ratio.fit["fit_loss"]}), flush=True)
    fresh, pooled = (float(np.median(values)) for values in seconds.values())
    print(f"median seconds: fresh samples {fresh:.1f}, pool of {args.pool} {pooled:.1f} ({fresh / pooled:.2f}x)")


if __name__ == "__main__":
    run_script(main)
