"""The `tfgan-zoo` command: train, sample, export, eval, list.

Usage:
    tfgan-zoo train --config=dcgan_mnist --workdir=runs/mnist [--set train.steps=300]
    tfgan-zoo train --config=my_config.json --workdir=runs/mine   (a file of the fields it changes)
    tfgan-zoo sample --workdir=runs/mnist --num=64 --out=grid.png [--seed=0]
    tfgan-zoo sample --saved_model=runs/mnist/export/nsgan/1 --out=grid.png
    tfgan-zoo export --workdir=runs/mnist [--format=saved_model|tflite|all]
    tfgan-zoo eval --workdir=runs/mnist --metrics=fid,kid,is,pr --num_samples=10000
    tfgan-zoo list [--config=dcgan_mnist]
    tfgan-zoo COMMAND --help      (that command's flags, with their defaults)

Bad input (an unknown name, a field that does not exist, a workdir that
contradicts the command, a dataset that is not there) ends with one line
naming the problem and the fix, and exit code 2. An error that is not the
input's (a bug) also ends with one line: what failed, and the file holding
its traceback (exit code 70; -v prints the traceback too). Ctrl-C stops
training at a checkpoint (exit code 0) and any other command with one line
(exit code 130). The terminal shows the command's own lines and its
progress only; --verbosity=1 (or -v) lets TensorFlow's logs through, as
does setting TF_CPP_MIN_LOG_LEVEL yourself. On x86 CPUs TensorFlow's oneDNN
kernels run, as TensorFlow itself chooses on AVX-512 CPUs;
TF_ENABLE_ONEDNN_OPTS=0 keeps its Eigen kernels.
"""

import json
import math
import os
import re
import sys

# First: quiet reads whether the user set a level.
from tfgan_zoo.trainers.runtime import closed_pipe_exit, prepare_tensorflow

# Quiet when a caller runs `main` in-process as well; `run` decides for the command.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from absl import flags, logging  # noqa: E402

from tfgan_zoo.errors import Error, reason_of, system_refusal  # noqa: E402  (no TensorFlow import: the filter comes first)

USAGE = __doc__.split("\n\n")[1]
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # sysexits' EX_SOFTWARE: the program failed, not its input
EXIT_INTERRUPTED = 130  # the shells' code for a process ended by SIGINT

def _define_train_flags(fv):
    from tfgan_zoo.trainers.strategy import STRATEGIES

    flags.DEFINE_string("config", None, "Preset name (tfgan-zoo list), or a JSON config file or workdir to start "
                        "from; omit to resume a workdir as saved.", flag_values=fv)
    flags.DEFINE_string("workdir", None, "Directory for config, checkpoints, events, samples.", flag_values=fv)
    flags.DEFINE_multi_string("set", [], "Override a config field: --set section.field=value.", flag_values=fv)
    flags.DEFINE_string("data_dir", None, "TFDS data directory (default: TFDS_DATA_DIR).", flag_values=fv)
    flags.DEFINE_enum("strategy", "default", STRATEGIES, "tf.distribute strategy.", flag_values=fv)
    flags.DEFINE_list("devices", None, "Devices for one_device/mirrored, e.g. /gpu:0,/gpu:1.", flag_values=fv)
    flags.DEFINE_string("tpu", None, "TPU name or grpc:// address for --strategy=tpu.", flag_values=fv)
    flags.DEFINE_boolean("sync_batch_norm", None, "Batch statistics over all replicas (train.sync_batch_norm).",
                         flag_values=fv)
    flags.DEFINE_enum("mixed_precision", None, ["mixed_float16", "mixed_bfloat16"],
                      "Mixed-precision policy (train.mixed_precision).", flag_values=fv)
    flags.DEFINE_boolean("jit_compile", None, "XLA-compile the single-device step (train.jit_compile).",
                         flag_values=fv)
    flags.DEFINE_integer("collective_timeout", 300,
                         "multi_worker: seconds before an all-reduce waiting for a lost worker fails.",
                         lower_bound=1, flag_values=fv)
    flags.DEFINE_boolean("progress", True, "Show a progress bar.", flag_values=fv)


def _define_sample_flags(fv):
    flags.DEFINE_string("workdir", None, "Training workdir to sample from.", flag_values=fv)
    flags.DEFINE_string("saved_model", None, "Sample from an exported SavedModel version directory instead.",
                        flag_values=fv)
    flags.DEFINE_string("tflite", None, "Sample from an exported .tflite file instead.", flag_values=fv)
    _define_step_flag(fv, "With --workdir: sample", " (how the samples looked earlier in training)")
    flags.DEFINE_integer("num", 64, "Number of samples.", lower_bound=1, flag_values=fv)
    flags.DEFINE_string("out", "samples.png", "Output image path (.png, or .jpg for JPEG).", flag_values=fv)
    flags.DEFINE_integer("seed", 0, "Seed of the sampled z.", lower_bound=0, flag_values=fv)
    flags.DEFINE_integer("columns", None, "Grid columns (default: square).", lower_bound=1, flag_values=fv)
    flags.DEFINE_integer("label", None, "Class of every sample (conditional models; InfoGAN: a category of its code); default: a row per class.",
                         flag_values=fv)
    flags.DEFINE_integer("resolution", None, "Progressive GANs: sample at this trained resolution instead of the "
                         "one reached (its output layer as trained then, on blocks that trained on after it: "
                         "blurrier than that phase's own grid).", flag_values=fv)
    flags.DEFINE_float("truncation", None, "Truncation trick (BigGAN): draw z from N(0, I) restricted to "
                       "[-t, t]; smaller t trades variety for fidelity.", lower_bound=1e-6, flag_values=fv)
    _define_rejection_flags(fv, "Draw")


def _define_step_flag(fv, verb, why=""):
    flags.DEFINE_integer("step", None, f"{verb} the workdir's kept checkpoint of this step instead of the "
                         f"latest{why}.", lower_bound=0, flag_values=fv)


def _define_rejection_flags(fv, verb):
    flags.DEFINE_boolean("drs", False, f"{verb} samples selected through a density ratio log p_data/p_g fitted "
                         "after training: a fresh network of D's architecture, trained by logistic regression "
                         "(needs the training data), then discriminator rejection sampling (Azadi et al. 2018) "
                         "or Metropolis-Hastings chains (Turner et al. 2019). The settings are the workdir "
                         "config's `selection` section, the preset's recipe (`tfgan-zoo list --config=NAME`); "
                         "each --drs_* flag overrides one.", flag_values=fv)
    flags.DEFINE_integer("drs_steps", None, "The density ratio's fit steps (default: selection.fit_steps); giving "
                         "it turns --drs on, 0 off.", lower_bound=0, flag_values=fv)
    flags.DEFINE_float("drs_percentile", None, "With --drs: the percentile of each batch's acceptance log-odds "
                       "that DRS's gamma takes, higher keeps fewer (default: selection.percentile).",
                       lower_bound=0.0, upper_bound=100.0, flag_values=fv)
    flags.DEFINE_integer("drs_batch_size", None, "With --drs: real (and generated) samples per fit step (default: "
                         "selection.batch_size, whose 0 is the training batch size).", lower_bound=1, flag_values=fv)
    flags.DEFINE_enum("drs_method", None, ["drs", "mh"], "With --drs: how the fitted ratio selects samples: "
                      "drs, rejection; mh, one Metropolis-Hastings chain of generated proposals per sample, "
                      "which needs no estimate of the ratio's maximum (default: selection.method).", flag_values=fv)
    flags.DEFINE_integer("drs_chain_length", None, "With --drs_method=mh: proposals per sample (default: "
                         "selection.chain_length, the authors' 640).", lower_bound=1, flag_values=fv)
    flags.DEFINE_integer("drs_pool", None, "With --drs: generate this many samples once and fit on them, as on "
                         "the fixed real data set; 0 draws fresh samples every fit step, a pool saves the "
                         "generator's pass per step (default: selection.pool).", lower_bound=0, flag_values=fv)
    flags.DEFINE_float("drs_noise", None, "With --drs: add Gaussian noise of this standard deviation (in the "
                       "samples' units) to every generated sample, in the fit and the selection, so the proposals "
                       "cover data that the generator's modes narrowly miss (default: selection.noise).",
                       lower_bound=0.0, flag_values=fv)
    if "data_dir" not in fv:
        flags.DEFINE_string("data_dir", None, "TFDS data directory (default: TFDS_DATA_DIR), for --drs.",
                            flag_values=fv)


def _define_export_flags(fv):
    flags.DEFINE_string("workdir", None, "Training workdir to export.", flag_values=fv)
    _define_step_flag(fv, "Export")
    flags.DEFINE_enum("format", "all", ["saved_model", "tflite", "all"],
                      "What to export: a TF Serving SavedModel, TFLite files, or both.", flag_values=fv)
    flags.DEFINE_string("export_dir", None, "Export base directory (default: WORKDIR/export).", flag_values=fv)
    flags.DEFINE_string("model_name", None, "Model name in the export base (default: the variant).", flag_values=fv)
    flags.DEFINE_integer("resolution", None, "Progressive GANs: export this trained resolution instead of the "
                         "one reached.", flag_values=fv)


def _define_eval_flags(fv):
    from tfgan_zoo.trainers.evaluate import EXTRACTORS, METRICS

    flags.DEFINE_string("workdir", None, "Training workdir whose latest checkpoint is scored.", flag_values=fv)
    _define_step_flag(fv, "Score", " (a curve of the metrics over training)")
    flags.DEFINE_list("metrics", ["fid", "kid", "is", "pr"], f"Metrics: {', '.join(METRICS)} (2-D mixtures: "
                      "modes, their only one).", flag_values=fv)
    flags.DEFINE_integer("num_samples", 10_000, "Generated (and reference) samples (2-D mixtures: PacGAN's 2,500).",
                         lower_bound=2, flag_values=fv)
    flags.DEFINE_enum("extractor", "auto", EXTRACTORS,
                      "Feature extractor: the shipped MNIST classifier for 28x28 data, else InceptionV3.",
                      flag_values=fv)
    flags.DEFINE_string("inception_v3_weights", None,
                        "Keras InceptionV3 ImageNet weights file (or TFGAN_ZOO_INCEPTION_V3_WEIGHTS).",
                        flag_values=fv)
    flags.DEFINE_string("inception_graph", None, "The 2015-12-05 Inception graph (inception-2015-12-05.tgz or its "
                        ".pb) for --extractor=inception_2015 (default: TFGAN_ZOO_INCEPTION_GRAPH).", flag_values=fv)
    flags.DEFINE_string("nonstandard_inception_graph_sha256", None, "Score with a graph that is NOT the standard "
                        "2015-12-05 one, whose SHA-256 this is; reports are labelled non-standard (default: "
                        "TFGAN_ZOO_NONSTANDARD_INCEPTION_GRAPH_SHA256).", flag_values=fv)
    flags.DEFINE_string("data_dir", None, "TFDS data directory (default: TFDS_DATA_DIR).", flag_values=fv)
    flags.DEFINE_string("out", None, "Report path (default: WORKDIR/eval/eval_step_N.json).", flag_values=fv)
    flags.DEFINE_integer("seed", 0, "Seed of the generated z.", lower_bound=0, flag_values=fv)
    flags.DEFINE_float("truncation", None, "Score samples of the truncation trick (BigGAN): z from N(0, I) "
                       "restricted to [-t, t]; the report records t.", lower_bound=1e-6, flag_values=fv)
    _define_rejection_flags(fv, "Score")


# Path flags and what each must be when it exists ("folder" or "file"); an
# output file's folder is created, so only an existing path is checked.
PATH_KINDS = {"workdir": "folder", "data_dir": "folder", "export_dir": "folder", "saved_model": "folder",
              "out": "file", "tflite": "file", "inception_graph": "file", "inception_v3_weights": "file"}
# What to ask for less of when a command runs out of memory (a size the user chose, not a bug).
OUT_OF_MEMORY_HINTS = {"train": "lower train.batch_size (or the networks' widths) with --set",
                       "sample": "ask for fewer samples (--num)", "eval": "score fewer samples (--num_samples)",
                       "export": "free memory, or export one --format at a time"}

# The paths each command writes, checked before its work (an eval's minutes, a training's first step).
WRITTEN_PATHS = {"train": ("workdir",), "sample": ("out",), "eval": ("out",), "export": ("export_dir",)}


def _check_flag_values(fv, command=None):
    """What absl's bounds do not catch, for every command alike: NaN and
    infinity in float flags, a path of the wrong kind, an empty list, and an
    output path where nothing can be written."""
    for name in WRITTEN_PATHS.get(command, ()):
        if fv[name].value:
            _check_writable(name, fv[name].value)
    for name in fv:
        flag, value = fv[name], fv[name].value
        if isinstance(value, float) and not math.isfinite(value):
            raise _UsageError(f"--{name}={value} is not a finite number")
        if isinstance(value, list) and not isinstance(flag, flags.MultiFlag) and flag.default and \
                not [item for item in value if item.strip()]:
            raise _UsageError(f"--{name} is empty; give at least one value ({flag.help})")
        kind = PATH_KINDS.get(name)
        if kind and value and os.path.exists(value) and os.path.isdir(value) != (kind == "folder"):
            raise _UsageError(f"--{name}={value} is a {'file' if kind == 'folder' else 'folder'}; give a "
                              f"{kind} path")
    if "devices" in fv and fv.devices and fv.strategy not in ("one_device", "mirrored"):
        raise _UsageError("--devices applies to --strategy=one_device or --strategy=mirrored")


def _check_writable(name, path):
    """Refuses --name=path when what it names cannot be written: the folder itself (a folder
    flag's), or the nearest existing folder above, must take a new file (tried, then removed);
    a file in the way is named."""
    import tempfile

    above = os.path.abspath(path)
    if PATH_KINDS[name] == "file" or not os.path.isdir(above):
        above = os.path.dirname(above)
    while not os.path.lexists(above):
        above = os.path.dirname(above)
    if not os.path.isdir(above):
        raise _UsageError(f"--{name}={path} lies under {above}, which is a file; give a path under a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=above, prefix=".tfgan-zoo-write-check-"):
            pass
    except OSError as error:
        raise _UsageError(f"--{name}={path}: nothing can be written in {above} ({error.strerror}); give a path "
                          "in a writable folder") from None


def _require_workdir(fv):
    if not fv.workdir:
        raise _UsageError("--workdir is required")
    return fv.workdir


class _UsageError(Error, ValueError):
    """A command line that contradicts itself or the model (flags, not config)."""


def _train(fv):
    from tfgan_zoo.trainers import config as config_lib
    from tfgan_zoo.trainers.strategy import get_strategy
    from tfgan_zoo.trainers.train import train

    workdir = _require_workdir(fv)
    # First: a multi-worker strategy configures collectives before TensorFlow starts.
    strategy = get_strategy(fv.strategy, fv.devices, fv.tpu, fv.collective_timeout)
    base = config_lib.named_config(fv.config) if fv.config else config_lib.reconcile_with_workdir(workdir, None)
    hardware = [f"train.{name}={json.dumps(fv[name].value)}" for name in
                ("sync_batch_norm", "mixed_precision", "jit_compile") if fv[name].value is not None]
    # train() resolves it once: schema, dataset metadata, the workdir's saved config.
    config = config_lib.apply_overrides(base, [*fv.set, *hardware])
    result = train(config, workdir, data_dir=fv.data_dir, strategy=strategy, progress=fv.progress)
    state = "stopped" if result["interrupted"] else "finished"
    print(f"{state} at step {result['step']}; workdir: {workdir}")


def _sample(fv):
    import numpy as np

    from tfgan_zoo.trainers import images

    sources = [name for name in ("workdir", "saved_model", "tflite") if fv[name].value]
    if len(sources) != 1:
        raise _UsageError("pass exactly one of --workdir, --saved_model, --tflite")
    if os.path.splitext(fv.out)[1].lower() not in images.IMAGE_ENCODERS:
        raise _UsageError(f"--out={fv.out}: the grid is written as {', '.join(images.IMAGE_ENCODERS)}; "
                          "end the path with one of those")
    if _selection_requested(fv) and not fv.workdir:
        raise _UsageError("--drs fits a density ratio against the training data: sample a --workdir")
    if fv.step is not None and not fv.workdir:
        raise _UsageError("--step picks a kept checkpoint of a training workdir: sample a --workdir")
    mixture = None
    if fv.saved_model:
        generated, origin = _sample_saved_model(fv)
    elif fv.tflite:
        generated, origin = _sample_tflite(fv)
    else:
        from tfgan_zoo.data import MIXTURES
        from tfgan_zoo.export import load_trained_gan

        gan, config, origin = load_trained_gan(fv.workdir, fv.step)
        mixture = MIXTURES.get(config["data"]["name"])
        selection = _selection(fv, config)
        if selection:
            generated = _rejection_samples(fv, gan, config, selection)
        else:
            generated = _plain_samples(fv, gan)
    if mixture is not None:  # 2-D points: a scatter plot over the true modes
        grid = images.mixture_scatter(np.asarray(generated), mixture)
    else:
        grid = images.make_grid(generated, columns=fv.columns)
    os.makedirs(os.path.dirname(os.path.abspath(fv.out)), exist_ok=True)
    images.write_image(fv.out, grid)
    print(f"wrote {len(generated)} samples from {origin} to {fv.out}")


def _rejection_samples(fv, gan, config, selection):
    from tfgan_zoo.trainers.rejection import fit_selection

    chosen = [name for name in ("label", "truncation", "resolution") if fv[name].value is not None]
    if chosen:
        raise _UsageError(f"--drs draws unconditional samples from N(0, I) at the trained resolution; "
                          f"drop --{chosen[0]}")
    _announce_fit(selection)
    sampler, _ = fit_selection(gan, config, selection, fv.data_dir, fv.seed)
    samples, acceptance_rate = sampler.sample(fv.num, fv.seed)
    print(_acceptance_line(selection["method"], acceptance_rate))
    return samples


# Each selection flag and the field of the config's `selection` section it overrides.
_SELECTION_FLAGS = {"drs_steps": "fit_steps", "drs_method": "method", "drs_percentile": "percentile",
                    "drs_batch_size": "batch_size", "drs_chain_length": "chain_length", "drs_pool": "pool",
                    "drs_noise": "noise"}


def _selection_requested(fv):
    return fv.drs or bool(fv.drs_steps)


def _selection(fv, config):
    """The sample selection the command runs (the config's `selection` with the flags given
    in place of its fields), or None for plain samples."""
    if fv.drs and fv.drs_steps == 0:
        raise _UsageError("--drs_steps=0 fits no density ratio; drop it to fit selection.fit_steps steps")
    if not _selection_requested(fv):
        given = [flag for flag in _SELECTION_FLAGS if flag != "drs_steps" and fv[flag].value is not None]
        if given:
            raise _UsageError(f"--{given[0]} sets sample selection, which is off: add --drs")
        return None
    from tfgan_zoo.trainers.rejection import selection_settings

    return selection_settings(config, **{field: fv[flag].value for flag, field in _SELECTION_FLAGS.items()})


def _announce_fit(selection):
    use = "Metropolis-Hastings chains" if selection["method"] == "mh" else "rejection sampling"
    print(f"fitting the density ratio for {use} ({selection['fit_steps']} steps)", flush=True)


def _acceptance_line(method, rate):
    if method == "mh":
        return f"the Metropolis-Hastings chains accepted {rate:.1%} of their proposals"
    return f"rejection sampling kept {rate:.1%} of the samples drawn"


def _plain_samples(fv, gan):
    labels = _sample_labels(gan.sample_classes, fv)
    z = _latents(fv, len(labels) if labels is not None else fv.num, gan.z_dim)
    if fv.resolution is None:
        return gan.sample(z, labels)
    from tfgan_zoo.gans.staged import StagedGAN

    if not isinstance(gan, StagedGAN):
        raise _UsageError("--resolution applies to progressive generators (progan)")
    try:
        generator = gan.sampling_generator(fv.resolution)
    except ValueError as error:
        raise _UsageError(f"--resolution: {error}") from None
    return generator(z, training=False)


def _latents(fv, num, z_dim):
    """num latents from --seed: N(0, I), or truncated to [-t, t] with --truncation t."""
    import numpy as np
    import tensorflow as tf

    from tfgan_zoo import sampling

    if fv.truncation is None:
        return np.random.default_rng(fv.seed).standard_normal((num, z_dim)).astype(np.float32)
    return sampling.truncated_normal([num, z_dim], tf.constant([fv.seed, 0], tf.int64), fv.truncation).numpy()


def _sample_labels(num_classes, fv):
    """Labels for a conditional model: --label for one class, else a row per class
    (which sets the grid's columns); None for an unconditional one."""
    import numpy as np

    from tfgan_zoo.trainers import images

    if not num_classes:
        if fv.label is not None:
            raise _UsageError("--label applies to conditional models; this one has no classes")
        return None
    if fv.label is None:
        labels, columns = images.class_rows(fv.num, num_classes)
        fv.columns = fv.columns or columns
        return labels
    if not 0 <= fv.label < num_classes:
        raise _UsageError(f"--label={fv.label} is outside [0, {num_classes}); this model has "
                          f"{num_classes} classes")
    return np.full(fv.num, fv.label, np.int32)


def _sample_saved_model(fv):
    """Samples through the exported serving_default signature alone."""
    import tensorflow as tf

    from tfgan_zoo.export import ExportError
    from tfgan_zoo.export.checkpoint import UNREADABLE
    from tfgan_zoo.export.saved_model import read_saved_model_metadata

    path = fv.saved_model
    if not tf.saved_model.contains_saved_model(path):
        raise ExportError(f"{path} holds no SavedModel; pass an export version directory such as W/export/nsgan/1")

    def unreadable(error):
        return ExportError(f"{path} is not a readable generator SavedModel ({reason_of(error)}); export it again "
                           "with tfgan-zoo export")

    try:
        serve = tf.saved_model.load(path).signatures["serving_default"]
    except (*UNREADABLE, KeyError) as error:
        raise unreadable(error) from None
    spec = serve.structured_input_signature[1]
    num_classes = read_saved_model_metadata(path)["num_classes"] if "label" in spec else 0
    labels = _sample_labels(num_classes, fv)
    z = _latents(fv, len(labels) if labels is not None else fv.num, spec["z"].shape[-1])
    inputs = {"z": tf.constant(z)}
    if labels is not None:
        inputs["label"] = tf.constant(labels, tf.int64)
    try:
        return serve(**inputs)["images"].numpy(), path
    except UNREADABLE as error:  # variables that load lazily and fail on first use
        raise unreadable(error) from None


def _sample_tflite(fv):
    """Samples through a .tflite file in the LiteRT interpreter."""
    from tfgan_zoo.export import ExportError, read_metadata, run_tflite

    path = fv.tflite
    if not os.path.isfile(path):
        raise ExportError(f"{path} does not exist; pass a .tflite file written by tfgan-zoo export")
    metadata = read_metadata(path)
    if not isinstance(metadata, dict) or not isinstance(metadata.get("z_dim"), int):
        raise ExportError(f"{path} has damaged tfgan_zoo metadata (no z_dim); export the model again")
    labels = _sample_labels(metadata.get("num_classes", 0), fv)
    z = _latents(fv, len(labels) if labels is not None else fv.num, metadata["z_dim"])
    try:
        return run_tflite(path, z, labels), path
    except (ValueError, RuntimeError) as error:  # what the LiteRT interpreter raises on a damaged model
        raise ExportError(f"{path} does not run in the LiteRT interpreter ({reason_of(error)}); export the "
                          "model again with tfgan-zoo export") from None


def _export(fv):
    from tfgan_zoo.export import FORMATS, export

    formats = FORMATS if fv.format == "all" else (fv.format,)
    export(_require_workdir(fv), formats, fv.export_dir, fv.model_name, fv.resolution,
           report_progress=lambda line: print(line, flush=True), step=fv.step)


def _eval(fv):
    from tfgan_zoo.data import MIXTURES
    from tfgan_zoo.export import load_trained_gan
    from tfgan_zoo.export.checkpoint import checkpoint_step
    from tfgan_zoo.trainers import evaluate
    from tfgan_zoo.workdir import EVAL_DIR

    workdir = _require_workdir(fv)
    gan, config, checkpoint = load_trained_gan(workdir, fv.step)
    step = checkpoint_step(checkpoint)
    rejection = None
    selection = _selection(fv, config)
    if selection:
        from tfgan_zoo.trainers.rejection import fit_selection

        def rejection():
            _announce_fit(selection)
            return fit_selection(gan, config, selection, fv.data_dir, fv.seed)
    # 2-D mixtures have one metric, scored as PacGAN scores it, unless the command says otherwise.
    mixture = config["data"]["name"] in MIXTURES
    metrics = fv.metrics if fv["metrics"].present or not mixture else sorted(evaluate.MIXTURE_METRICS)
    num_samples = fv.num_samples if fv["num_samples"].present or not mixture else evaluate.MIXTURE_NUM_SAMPLES
    report = evaluate.evaluate(gan, config, metrics, num_samples, cache_dir=os.path.join(workdir, EVAL_DIR),
                               data_dir=fv.data_dir, extractor=fv.extractor,
                               inception_v3_weights=fv.inception_v3_weights, seed=fv.seed,
                               inception_graph=fv.inception_graph, nonstandard_inception_graph_sha256=fv.nonstandard_inception_graph_sha256,
                               truncation=fv.truncation, rejection=rejection, progress=True)
    report.update(step=step, checkpoint=checkpoint)
    out = fv.out or os.path.join(workdir, EVAL_DIR, f"eval_step_{step:07d}.json")
    evaluate.write_report(report, out)
    for name, value in report["metrics"].items():
        print(f"{name} = {value:.6g}")
    if "rejection" in report:
        fit = report["rejection"]
        print(f"{_acceptance_line(fit['method'], report['acceptance_rate'])} "
              f"(density-ratio fit: logistic loss {fit['fit_loss']}, {fit['fit_seconds']} s)")
    # 2-D mixture points are scored as they are, through no feature extractor.
    features = "" if report["extractor"] == "none" else f"{report['extractor']} features, "
    print(f"{features}{num_samples} samples; report: {out}")


def _define_list_flags(fv):
    flags.DEFINE_string("config", None, "Print this preset's (or JSON config file's, or workdir's) config "
                        "instead: every field with its value, type, "
                        "allowed values and meaning.", flag_values=fv)


def _show_config(name):
    from tfgan_zoo.trainers import config as config_lib
    from tfgan_zoo.trainers.schema import describe

    rows = describe(config_lib.named_config(name))
    print(f"{name}: override any field with --set section.field=value")
    section = None
    for key, value, kind, description in rows:
        if key.split(".")[0] != section:
            section = key.split(".")[0]
            print(f"[{section}]")
        print(f"  {key.split('.', 1)[1]} = {json.dumps(value)}  ({kind})  {description}")


def _list(fv):
    if fv.config:
        _show_config(fv.config)
        return
    import tfgan_zoo
    from tfgan_zoo import registry
    from tfgan_zoo.aids import AIDS, all_fields
    from tfgan_zoo.aids.penalty import PENALTIES
    from tfgan_zoo.builders import SCHEDULES
    from tfgan_zoo.gans.gan import UPDATE_ORDERS
    from tfgan_zoo.networks.aids import NETWORK_AID_FIELDS

    del tfgan_zoo  # imported to fill the registries
    for title, names in (("variants", registry.VARIANTS.names()), ("objectives", registry.OBJECTIVES.names()),
                         ("networks", registry.NETWORKS.names()), ("presets", registry.PRESETS.names()),
                         ("training aids (--set variant.NAME=...)", ["label_smoothing", *all_fields()]),
                         ("network aids (--set discriminator.NAME=... or generator.NAME=...)",
                          list(NETWORK_AID_FIELDS)),
                         ("learning-rate schedules (--set optimizer.g_schedule=...)", list(SCHEDULES)),
                         ("update orders (--set variant.updates=...)", list(UPDATE_ORDERS)),
                         ("gradient penalties (--set variant.penalty=...)", list(PENALTIES))):
        print(f"{title}:")
        for name in names:
            print(f"  {name}")
    print("training aids each variant supports:")
    for name in registry.VARIANTS.names():
        supports = registry.VARIANTS.get(name).supports_aid
        print(f"  {name}: {', '.join(aid for aid in AIDS.names() if supports(aid)) or 'none'}")


COMMANDS = {
    "train": (_define_train_flags, _train),
    "sample": (_define_sample_flags, _sample),
    "export": (_define_export_flags, _export),
    "eval": (_define_eval_flags, _eval),
    "list": (_define_list_flags, _list),
}
SUMMARIES = {
    "train": "train a preset in a workdir; the same command again resumes it",
    "sample": "write a grid of samples from a workdir, a SavedModel or a .tflite file",
    "export": "export the generator as a TF Serving SavedModel and TFLite files",
    "eval": "score a workdir's generator (FID, KID, IS, precision/recall, ...)",
    "list": "name the variants, networks, presets and aids; --config=NAME prints a preset's fields",
}
HELP_FLAGS = ("-h", "--help", "-help", "--helpfull", "--helpshort")


def _overview():
    commands = "\n".join(f"  {name:<8}{SUMMARIES[name]}" for name in COMMANDS)
    return f"{USAGE}\n\ncommands:\n{commands}"


def _command_help(command, fv):
    """absl's own listing of the command's flags: name, meaning, default."""
    listing = fv.get_help(include_special_flags=False).strip()
    body = "\n".join(line for line in listing.splitlines() if not line.rstrip().endswith(":") or
                     line.startswith("  "))
    return f"usage: tfgan-zoo {command} [flags]\n{SUMMARIES[command]}\n\nflags:\n{body or '  (none)'}"


def _define_common_flags(fv):
    flags.DEFINE_integer("verbosity", 0, "1 (or -v) shows TensorFlow's own log lines, hidden by default.",
                         lower_bound=0, flag_values=fv)


def _verbose(argv):
    return any(arg == "-v" or arg.startswith("--verbosity=") and arg != "--verbosity=0" for arg in argv)


def main(argv):
    """Runs one subcommand; returns the process exit code."""
    argv = ["--verbosity=1" if arg == "-v" else arg for arg in argv]
    if len(argv) < 2 or argv[1] in (*HELP_FLAGS, "help"):
        print(_overview())
        return 0 if len(argv) >= 2 else EXIT_USAGE
    command = argv[1]
    if command not in COMMANDS:
        return _fail(f"unknown command {command!r}; commands: {', '.join(COMMANDS)}")
    define, action = COMMANDS[command]
    fv = flags.FlagValues()
    try:
        define(fv)  # a command's flags may name TensorFlow's choices (train's strategies): it loads here
    except BrokenPipeError:
        raise  # the output's reader has gone: `run` ends quietly
    except Exception as error:  # noqa: BLE001  (loading TensorFlow, or a bug)
        return _command_failed(command, error, fv)
    _define_common_flags(fv)
    if any(arg in HELP_FLAGS for arg in argv[2:]):
        print(_command_help(command, fv))
        return 0
    try:
        positional = fv([argv[0]] + argv[2:])
    except flags.Error as error:
        return _fail(f"{command}: {error}")
    if len(positional) > 1:
        return _fail(f"{command}: unexpected argument {positional[1]!r}; flags look like --name=value")
    logging.set_verbosity(logging.INFO if fv.verbosity else logging.ERROR)
    try:
        _check_flag_values(fv, command)
        action(fv)
    except Error as error:
        return _fail(f"{command}: {error}")
    except MemoryError:
        return _fail(f"{command}: this machine ran out of memory; {OUT_OF_MEMORY_HINTS.get(command, 'ask for less')}")
    except KeyboardInterrupt:
        print(f"tfgan-zoo: {command} interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # the output's reader has gone (`tfgan-zoo list | head`): `run` ends quietly
    except Exception as error:  # noqa: BLE001  (the machine's, or a bug: one line either way)
        return _command_failed(command, error, fv)
    return 0


def _command_failed(command, error, fv):
    """The one line, and exit code, of an error that is not a bad input: the machine refusing a
    path or a write, TensorFlow that cannot load, memory that runs out; else a bug (its traceback
    goes to a file)."""
    written = [getattr(fv, name, None) for name in WRITTEN_PATHS.get(command, ())]
    refusal = system_refusal(error, where=next((path for path in written if path), None))
    if refusal is not None:  # a path the machine refuses, a full disk: after the checks, mid-work
        resumes = "; then the same command resumes from the last checkpoint" if command == "train" else ""
        return _fail(f"{command}: {refusal}{resumes}")
    if _while_loading_tensorflow(error):  # its install or this process's limits, not a bug of ours
        return _fail(f"{command}: TensorFlow could not be loaded ({type(error).__name__}: {reason_of(error)}); "
                     "check its installation (pip install -e .) and this process's memory limit (ulimit -v: "
                     "TensorFlow maps several GB of address space)")
    if type(error).__name__ == "ResourceExhaustedError":  # TensorFlow's out of memory: the machine's limit
        shape = re.search(r"tensor with shape\[[^\]]*\]", str(error))
        return _fail(f"{command}: this machine ran out of memory{f' allocating a {shape[0]}' if shape else ''}; "
                     f"{OUT_OF_MEMORY_HINTS.get(command, 'ask for less')}")
    return _internal_error(command, error, getattr(fv, "verbosity", 0))


def _while_loading_tensorflow(error):
    """Whether `error` came out of TensorFlow's or Keras's own modules as they were being imported
    (a library that cannot be mapped, a partial install): a frame of their module-level code."""
    import traceback

    packages = tuple(f"{os.sep}{name}{os.sep}" for name in ("tensorflow", "keras", "tf_keras"))
    return any(frame.name == "<module>" and any(package in frame.filename for package in packages)
               for frame in traceback.extract_tb(error.__traceback__))


def _internal_error(command, error, verbose):
    """One line for an error that is tfgan-zoo's, not the input's; its traceback goes
    to a file (and to the terminal with -v), so a report can carry it."""
    import tempfile
    import traceback

    trace = "".join(traceback.format_exception(error))
    if verbose:
        print(trace, end="", file=sys.stderr)
    try:
        descriptor, path = tempfile.mkstemp(prefix=f"tfgan-zoo-{command}-", suffix=".traceback.txt")
        with os.fdopen(descriptor, "w") as file:
            file.write(trace)
        where = f"its traceback is in {path}"
    except OSError:
        where = "run it again with -v to see its traceback"
    print(f"tfgan-zoo: internal error: {command} failed with {type(error).__name__}: {reason_of(error)} "
          f"(a bug in tfgan-zoo, not in the input; {where})", file=sys.stderr)
    return EXIT_INTERNAL


def _fail(message):
    print(f"tfgan-zoo: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run():
    """Console-script entry point: oneDNN kernels on x86 and a quiet terminal unless asked
    otherwise (`prepare_tensorflow`), then the command."""
    prepare_tensorflow(verbose=_verbose(sys.argv[1:]))
    try:
        code = main(sys.argv)
        sys.stdout.flush()  # inside: a reader gone after the last line is still a closed pipe
    except BrokenPipeError:
        code = closed_pipe_exit()
    sys.exit(code)


if __name__ == "__main__":
    run()
