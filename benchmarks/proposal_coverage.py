"""Does the generator cover the data that DRS and MH must select? For a trained 2-D mixture
workdir (ring8, grid25): the shape of each of G's modes, then, per proposal noise, what the
fitted density ratio makes of them.

    python benchmarks/proposal_coverage.py --workdir runs/r8_s1 --noise_stds 0,0.5,1,2

Both selections draw from p_g r, which is p_data when the fitted ratio r = p_data / p_g is
exact, and can only draw where p_g has mass (`sampling.with_proposal_noise`). Two measures:

- G's modes: over 100,000 of G's points within 3 std of a mode, each mode's mean offset from
  its centre and its standard deviation per axis, in units of the data's std (the data: offset
  0, deviation 1).
- The selection's ceiling, per noise: the mass p_g r puts on each mode, estimated by
  importance weights exp(logit) on 200,000 fresh proposals (relative to a uniform mode's: the
  data's are all 1), its reverse KL to uniform, and the share of that mass within 3 std of a
  mode (the data: 98.9%, 1 - e^-4.5). That is what a sampler drawing p_g r exactly would score;
  the DRS and MH rows beside it are the samplers' 2,500 points on the same fit.
"""

import argparse
import json

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import numpy as np  # noqa: E402
from command_line import positive_int, run_script  # noqa: E402
from mode_collapse import selected_rows  # noqa: E402

from tfgan_zoo import metrics  # noqa: E402
from tfgan_zoo.data import MIXTURES  # noqa: E402
from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.trainers.rejection import fit_density_ratio  # noqa: E402


def nearest_high_quality(points, mixture):
    """(each point's nearest mode, whether it lies within 3 std of it): PacGAN's high quality,
    as `metrics.mode_coverage` counts it."""
    nearest, distance = metrics.nearest_modes(points, mixture.centers)
    return nearest, distance <= 3 * mixture.std


def mode_shapes(points, mixture):
    """Per mode: its high-quality points' mean offset from the centre and deviation per axis, in std."""
    nearest, high_quality = nearest_high_quality(points, mixture)
    shapes = []
    for mode, centre in enumerate(np.asarray(mixture.centers)):
        offsets = (points[(nearest == mode) & high_quality] - centre) / mixture.std
        drawn = len(offsets) > 0  # a mode G misses has no shape
        shapes.append({"mode": mode, "points": len(offsets),
                       "offset": np.round(offsets.mean(0), 2).tolist() if drawn else None,
                       "deviation": np.round(offsets.std(0), 2).tolist() if drawn else None})
    return shapes


def selection_ceiling(points, logits, mixture):
    """What p_g r puts on each mode (relative to uniform), its reverse KL and its high-quality
    share, by importance weights of proposals `points` with log ratios `logits`."""
    nearest, high_quality = nearest_high_quality(points, mixture)
    weights = np.exp(logits - logits.max())
    modes = len(mixture.centers)
    mass = np.bincount(nearest[high_quality], weights=weights[high_quality], minlength=modes)
    if mass.sum() == 0:  # no proposal near any mode: nothing to weigh
        return {"mode_mass": [0.0] * modes, "reverse_kl": None, "high_quality_percent": 0.0}
    reverse_kl = metrics.reverse_kl_to_uniform(mass)  # it normalises the weights as it does counts
    mass = mass / mass.sum()
    return {"mode_mass": np.round(mass * modes, 3).tolist(), "reverse_kl": round(reverse_kl, 4),
            "high_quality_percent": round(100 * float(weights[high_quality].sum() / weights.sum()), 2)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", required=True, help="a trained ring8 or grid25 workdir")
    parser.add_argument("--noise_stds", default="0,0.5,1",
                        help="proposal noise per fit, in units of the mixture's std, comma-separated")
    parser.add_argument("--fit_steps", type=positive_int, default=10_000)
    parser.add_argument("--fit_batch", type=positive_int, default=1024)
    parser.add_argument("--pool", type=positive_int, default=200_000, help="generated points drawn once for each fit")
    parser.add_argument("--proposals", type=positive_int, default=200_000, help="fresh proposals for the ceiling")
    parser.add_argument("--num_samples", type=positive_int, default=2500, help="points each sampler draws")
    parser.add_argument("--chain_length", type=positive_int, default=640)
    args = parser.parse_args(argv)
    try:
        noises = [float(value) for value in args.noise_stds.split(",")]
    except ValueError:
        noises = [float("nan")]
    if any(not noise >= 0 for noise in noises):
        parser.error(f"--noise_stds: numbers >= 0, comma-separated, got {args.noise_stds!r}")
    gan, config, _ = load_trained_gan(args.workdir)
    if config["data"]["name"] not in MIXTURES:
        parser.error(f"{args.workdir} trained on {config['data']['name']}, not a 2-D mixture")
    dataset, seed = config["data"]["name"], config["train"]["seed"]
    mixture = MIXTURES[dataset]
    rng = np.random.default_rng([seed, 7])  # apart from the fit's and the samplers' draws
    generator = gan.sampling_generator()
    plain = generator(rng.standard_normal((100_000, gan.z_dim)).astype(np.float32), training=False).numpy()
    shapes = mode_shapes(plain, mixture)
    print(json.dumps({"workdir": args.workdir, "dataset": dataset, "seed": seed,
                      "mode_shapes": shapes}), flush=True)
    rows = []
    for noise in noises:
        ratio = fit_density_ratio(gan, config, args.fit_steps, batch_size=args.fit_batch, seed=seed,
                                  generated_pool=args.pool, proposal_noise=noise * mixture.std)
        z = rng.standard_normal((args.proposals, ratio.z_dim)).astype(np.float32)
        proposals = np.concatenate([np.asarray(ratio.generate(z[start:start + 20_000]))
                                    for start in range(0, len(z), 20_000)])
        logits = np.concatenate([np.reshape(np.asarray(ratio.log_density_ratio(proposals[start:start + 20_000]),
                                                       np.float64), [-1])
                                 for start in range(0, len(proposals), 20_000)])
        row = {"noise_stds": noise, "fit_loss": ratio.fit["fit_loss"], "fit_seconds": ratio.fit["fit_seconds"],
               "ceiling": selection_ceiling(proposals, logits, mixture)}
        methods = ("drs", "mh")
        selected = selected_rows(ratio, {"dataset": dataset, "seed": seed}, args.num_samples, methods,
                                 chain_length=args.chain_length)
        for method, (_, scored) in zip(methods, selected, strict=True):
            row[method] = {"high_quality_percent": round(scored["high_quality_percent"], 2),
                           "reverse_kl": round(scored["reverse_kl"], 4), "modes": scored["modes"],
                           "acceptance_rate": scored["acceptance_rate"]}
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(table(shapes, rows))


def table(shapes, rows):
    drawn = [shape for shape in shapes if shape["points"]]
    if drawn:
        deviations = [value for shape in drawn for value in shape["deviation"]]
        offsets = [float(np.hypot(*shape["offset"])) for shape in drawn]
        summary = (f"G's modes: {len(drawn)} of {len(shapes)} drawn, deviation {min(deviations):.2f}-"
                   f"{max(deviations):.2f} std per axis, centres off by {min(offsets):.2f}-{max(offsets):.2f} std "
                   "(the data: 1 and 0)")
    else:
        summary = f"G's modes: none of {len(shapes)} drawn"
    lines = [summary, "",
             "| noise (std) | ceiling: mode mass (min-max of uniform) | ceiling: reverse KL | ceiling: high quality % "
             "| DRS: high quality % | DRS: reverse KL | MH: high quality % | MH: reverse KL |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ceiling = row["ceiling"]
        kl = "" if ceiling["reverse_kl"] is None else f"{ceiling['reverse_kl']:.4f}"
        lines.append(f"| {row['noise_stds']:g} | {min(ceiling['mode_mass']):.2f}-{max(ceiling['mode_mass']):.2f} | "
                     f"{kl} | {ceiling['high_quality_percent']:.2f} | "
                     f"{row['drs']['high_quality_percent']:.2f} | {row['drs']['reverse_kl']:.4f} | "
                     f"{row['mh']['high_quality_percent']:.2f} | {row['mh']['reverse_kl']:.4f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    run_script(main)
