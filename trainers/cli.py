"""The `tfgan-zoo` command: train, sample, export, list.

Usage:
    tfgan-zoo train --config=dcgan_mnist --workdir=runs/mnist [--set train.steps=300]
    tfgan-zoo sample --workdir=runs/mnist --num=64 --out=grid.png [--seed=0]
    tfgan-zoo export --workdir=runs/mnist [--format=saved_model]
    tfgan-zoo list

Bad input (an unknown name, a field that does not exist, a workdir that
contradicts the command, a dataset that is not there) ends with one line
naming the problem and the fix, and exit code 2.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from absl import flags, logging  # noqa: E402

USAGE = __doc__.split("\n\n")[1]
EXIT_USAGE = 2

def _define_train_flags(fv):
    from tfgan_zoo.trainers.strategy import STRATEGIES

    flags.DEFINE_string("config", None, "Preset name (tfgan-zoo list); omit to resume a workdir as saved.", flag_values=fv)
    flags.DEFINE_string("workdir", None, "Directory for config, checkpoints, events, samples.", flag_values=fv)
    flags.DEFINE_multi_string("set", [], "Override a config field: --set section.field=value.", flag_values=fv)
    flags.DEFINE_string("data_dir", None, "TFDS data directory (default: TFDS_DATA_DIR).", flag_values=fv)
    flags.DEFINE_enum("strategy", "default", STRATEGIES, "tf.distribute strategy.", flag_values=fv)
    flags.DEFINE_list("devices", None, "Devices for one_device/mirrored, e.g. /gpu:0,/gpu:1.", flag_values=fv)
    flags.DEFINE_boolean("progress", True, "Show a progress bar.", flag_values=fv)


def _define_sample_flags(fv):
    flags.DEFINE_string("workdir", None, "Training workdir to sample from.", flag_values=fv)
    flags.DEFINE_integer("num", 64, "Number of samples.", lower_bound=1, flag_values=fv)
    flags.DEFINE_string("out", "samples.png", "Output PNG path.", flag_values=fv)
    flags.DEFINE_integer("seed", 0, "Seed of the sampled z.", flag_values=fv)
    flags.DEFINE_integer("columns", None, "Grid columns (default: square).", lower_bound=1, flag_values=fv)


def _define_export_flags(fv):
    flags.DEFINE_string("workdir", None, "Training workdir to export.", flag_values=fv)
    flags.DEFINE_enum("format", "saved_model", ["saved_model"], "Export format.", flag_values=fv)
    flags.DEFINE_string("export_dir", None, "Export base directory (default: WORKDIR/export).", flag_values=fv)
    flags.DEFINE_string("model_name", None, "Model name in the export base (default: the variant).", flag_values=fv)


def _require_workdir(fv):
    if not fv.workdir:
        raise _UsageError("--workdir is required")
    return fv.workdir


class _UsageError(ValueError):
    pass


def _train(fv):
    from tfgan_zoo.trainers import config as config_lib
    from tfgan_zoo.trainers.strategy import get_strategy
    from tfgan_zoo.trainers.train import train

    workdir = _require_workdir(fv)
    if fv.config:
        base = config_lib.preset_config(fv.config)
    else:
        base = config_lib.reconcile_with_workdir(workdir, None)
    config = config_lib.reconcile_with_workdir(workdir, config_lib.apply_overrides(base, fv.set))
    config_lib.validate(config)
    result = train(config, workdir, data_dir=fv.data_dir,
                   strategy=get_strategy(fv.strategy, fv.devices), progress=fv.progress)
    state = "stopped" if result["interrupted"] else "finished"
    print(f"{state} at step {result['step']}; workdir: {workdir}")


def _sample(fv):
    import numpy as np

    from tfgan_zoo.export import load_trained_gan
    from tfgan_zoo.trainers import images

    gan, _, checkpoint = load_trained_gan(_require_workdir(fv))
    z = np.random.default_rng(fv.seed).standard_normal((fv.num, gan.z_dim)).astype(np.float32)
    grid = images.make_grid(gan.generator(z, training=False), columns=fv.columns)
    out_dir = os.path.dirname(os.path.abspath(fv.out))
    os.makedirs(out_dir, exist_ok=True)
    images.write_png(fv.out, grid)
    print(f"wrote {fv.num} samples from {checkpoint} to {fv.out}")


def _export(fv):
    from tfgan_zoo.export import export_saved_model

    path = export_saved_model(_require_workdir(fv), fv.export_dir, fv.model_name)
    print(f"exported SavedModel to {path}")


def _list(fv):
    del fv
    import tfgan_zoo
    from tfgan_zoo import registry

    del tfgan_zoo  # imported to fill the registries
    for title, reg in (("variants", registry.VARIANTS), ("objectives", registry.OBJECTIVES),
                       ("networks", registry.NETWORKS), ("presets", registry.PRESETS)):
        print(f"{title}:")
        for name in reg.names():
            print(f"  {name}")


COMMANDS = {
    "train": (_define_train_flags, _train),
    "sample": (_define_sample_flags, _sample),
    "export": (_define_export_flags, _export),
    "list": (lambda fv: None, _list),
}


def main(argv):
    """Runs one subcommand; returns the process exit code."""
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        print(USAGE)
        return 0 if len(argv) >= 2 else EXIT_USAGE
    command = argv[1]
    if command not in COMMANDS:
        return _fail(f"unknown command {command!r}; commands: {', '.join(COMMANDS)}")
    define, action = COMMANDS[command]
    fv = flags.FlagValues()
    define(fv)
    try:
        positional = fv([argv[0]] + argv[2:])
    except flags.Error as error:
        return _fail(f"{command}: {error}")
    if len(positional) > 1:
        return _fail(f"{command}: unexpected argument {positional[1]!r}; flags look like --name=value")
    logging.set_verbosity(logging.WARNING)
    from tfgan_zoo.builders import ConfigError
    from tfgan_zoo.data import DataError
    from tfgan_zoo.export import ExportError
    from tfgan_zoo.registry import UnknownNameError
    from tfgan_zoo.trainers.train import DivergenceError

    try:
        action(fv)
    except (ConfigError, DataError, ExportError, UnknownNameError, DivergenceError, _UsageError) as error:
        return _fail(f"{command}: {error}")
    return 0


def _fail(message):
    print(f"tfgan-zoo: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run():
    """Console-script entry point."""
    sys.exit(main(sys.argv))


if __name__ == "__main__":
    run()
