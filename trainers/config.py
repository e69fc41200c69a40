"""Resolve a run's config: preset, command-line overrides, and the workdir's saved copy."""

import copy
import difflib
import json
import math
import os

from tfgan_zoo.builders import argument_defaults, section_with_defaults
from tfgan_zoo.configs._base import base_config
from tfgan_zoo.errors import ConfigError, UnknownNameError, reason_of
from tfgan_zoo.export.checkpoint import read_saved_config, write_atomically
from tfgan_zoo.registry import NETWORKS, PRESETS, VARIANTS
from tfgan_zoo.trainers.schema import FIELDS
from tfgan_zoo.workdir import CONFIG_FILE, config_path

# Fields a rerun may change without contradicting the run it resumes: they
# say how long to train, how often to report and how G's average is sampled,
# not what is trained.
RESUMABLE_FIELDS = frozenset({
    "variant.ema_standing_batches",
    "train.steps", "train.log_every", "train.sample_every", "train.checkpoint_every",
    "train.keep_checkpoints", "train.keep_every", "train.num_samples", "train.max_bad_steps", "train.on_divergence",
    "train.sync_batch_norm", "train.jit_compile", "optimizer.fused",
    "train.rollback_lr_factor", "train.max_rollbacks",
    "eval.every", "eval.metrics", "eval.num_samples", "eval.extractor", "eval.best_metric",
    *(f"selection.{name}" for name in base_config()["selection"]),
})

# Sections whose keys are the arguments of a registered network factory or
# variant class rather than fixed fields, so overrides may add any argument
# that it accepts (checked when the model is built).
_ARGUMENT_SECTIONS = ("variant", "generator", "discriminator")


def preset_config(name):
    return PRESETS.get(name)()


def named_config(name):
    """The config `--config` names: a preset, a JSON config file, or a workdir (its config.json).

    A preset's name is the preset, even where a folder of that name exists
    (`./NAME` is the folder); a value with a path separator, a `.json`
    ending, or naming a path that exists is read as a file; anything else is
    a preset name, and an unknown one is refused with the known. A file gives
    the sections and fields it changes, as a preset does: what it leaves out
    keeps its default, and each field is checked as `--set` checks it (a
    workdir's config.json is a complete one).
    """
    if name in PRESETS.names() or not (os.sep in name or "/" in name or name.endswith(".json")
                                       or os.path.exists(name)):
        return preset_config(name)
    path = config_path(name) if os.path.isdir(name) else name
    try:
        with open(path, encoding="utf-8") as file:
            fields = json.load(file)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        if os.path.isdir(name) and not os.path.exists(path):
            what = f"is a folder with no {CONFIG_FILE}"
        elif isinstance(error, OSError):
            what = f"cannot be read: {(error.strerror or reason_of(error)).lower()}"
        else:
            what = f"is not JSON ({reason_of(error)})"
        raise ConfigError(f"--config={name} {what}; give a preset name (tfgan-zoo list), a JSON "
                          "config file, or a workdir") from None
    if not isinstance(fields, dict) or not all(isinstance(section, dict) for section in fields.values()):
        raise ConfigError(f"--config={name}: a config file is a JSON object of sections of fields, as a "
                          'workdir\'s config.json: {"train": {"steps": 500}, ...}')
    return config_from_fields(fields, origin=path)


def config_from_fields(fields, origin):
    """The base config with a dict of sections of fields applied, each checked as an override.
    A variant or network section with a `name` starts from that name's defaults."""
    config = base_config()
    for section_name, section in fields.items():
        if section_name in _ARGUMENT_SECTIONS and "name" in section:
            _section(config, section_name)
            if not isinstance(section["name"], str):
                raise ConfigError(f"{origin}: {section_name}.name must be text, got {json.dumps(section['name'])}")
            config[section_name] = {"name": section["name"]}
        for field, value in section.items():
            if not (section_name in _ARGUMENT_SECTIONS and field == "name"):
                _set_field(config, section_name, field, value, origin)
    return config


def apply_overrides(config, overrides):
    """Returns a copy of config with each "section.field=value" applied.

    The value is parsed as JSON when it parses (numbers, true/false, lists),
    else kept as a string, then checked against the field's current type.
    """
    config = copy.deepcopy(config)
    for override in overrides:
        key, sep, raw = override.partition("=")
        if not sep or "." not in key:
            raise ConfigError(
                f"override {override!r} is not of the form section.field=value, "
                "e.g. --set train.steps=500"
            )
        section_name, field = key.split(".", 1)
        _set_field(config, section_name, field, _parse(raw), raw=raw)
    return config


def _set_field(config, section_name, field, value, origin="config", raw=None):
    """Sets one field in place: a fixed field takes a value of its kind; a variant or network
    section takes any argument but its name (checked when the model is built). `raw` is the
    command line's text, which a text field takes as it is (`--set data.split=null` is "null")."""
    key = f"{section_name}.{field}"
    section = _section(config, section_name, origin)
    if field in section:
        try:
            section[field] = _coerce(key, section[field], value, raw)
        except ConfigError as error:
            raise ConfigError(f"{origin}: {error}" if origin != "config" else str(error)) from None
    elif section_name in _ARGUMENT_SECTIONS and field != "name":
        section[field] = value
    else:
        close = difflib.get_close_matches(field, section, n=1)
        hint = f" (did you mean {section_name}.{close[0]}?)" if close else ""
        raise ConfigError(f"{origin} has no field {key!r}{hint}; {section_name} has: {', '.join(section)}")


def _section(config, name, origin="config"):
    if name not in config:
        raise ConfigError(f"{origin} has no section {name!r}; sections: {', '.join(config)}")
    return config[name]


def _parse(raw):
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def _coerce(key, current, value, raw=None):
    if isinstance(current, bool) or current is None:
        if isinstance(value, bool) or current is None:
            return value
    elif isinstance(current, int) and isinstance(value, int) and not isinstance(value, bool):
        return value
    elif isinstance(current, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    elif isinstance(current, str) and (raw is not None or isinstance(value, str)):
        return raw if raw is not None else value
    elif isinstance(current, list) and isinstance(value, list):
        return value
    elif isinstance(current, dict) and isinstance(value, dict):
        return value
    kind = type(current).__name__
    raise ConfigError(f"{key} must be {'an' if kind[0] in 'aeiou' else 'a'} {kind} like {current!r}, got {value!r}")


def validate(config):
    """Checks every fixed field against its domain in the schema, then what
    depends on several fields; the message names the field, its domain and
    what it means."""
    for key, field in FIELDS.items():
        section, name = key.split(".")
        value = config[section][name]
        if not field.allows(value):
            raise ConfigError(f"{key} must be {field.domain()}, got {value!r} ({field.description})")
    for section in _ARGUMENT_SECTIONS:
        defaults = argument_defaults(section, config[section]["name"])
        for name, value in config[section].items():
            # Constructors check their own domains; no argument means anything as NaN or infinity.
            if isinstance(value, float) and not math.isfinite(value):
                raise ConfigError(f"{section}.{name} must be a finite number, got {value!r}")
            _check_kind(f"{section}.{name}", value, defaults.get(name))
    train = config["train"]
    query = train.get("attention_query", [0.5, 0.5])
    if not isinstance(query, list | tuple) or len(query) != 2 or not all(
            isinstance(q, int | float) and not isinstance(q, bool) and 0.0 <= q <= 1.0 for q in query):
        raise ConfigError(f"train.attention_query must be [row, column] fractions in [0, 1], got {query!r}")
    _validate_divergence(config)
    _validate_eval(config["eval"])
    for section in ("generator", "discriminator"):
        NETWORKS.get(config[section]["name"])
    VARIANTS.get(config["variant"]["name"])
    return config


def _check_kind(key, value, default):
    """An argument must be of its default's kind: a number for a number (an
    int where the default is an int), a boolean for a boolean, text for text.
    Arguments whose default is None or a structure take what their docstring says."""
    if isinstance(default, bool):
        ok, kind = isinstance(value, bool), "true or false"
    elif isinstance(default, int):
        ok, kind = isinstance(value, int) and not isinstance(value, bool), "a whole number"
    elif isinstance(default, float):
        ok, kind = isinstance(value, (int, float)) and not isinstance(value, bool), "a number"
    elif isinstance(default, str):
        ok, kind = isinstance(value, str), "text"
    else:
        return
    if not ok:
        raise ConfigError(f"{key} must be {kind} like {json.dumps(default)}, got {json.dumps(value)}")


def _validate_divergence(config):
    train = config["train"]
    schedules = [config["optimizer"][f"{net}_schedule"] for net in ("g", "d")]
    if train["on_divergence"] == "rollback" and train["rollback_lr_factor"] < 1 and \
            any(schedule != "constant" for schedule in schedules):
        raise ConfigError("train.on_divergence=rollback lowers constant learning rates only; use constant "
                          "schedules or set train.rollback_lr_factor=1")


def _validate_eval(section):
    from tfgan_zoo.trainers.evaluate import EXTRACTORS, REPORTED, check_metrics

    check_metrics(section["metrics"])
    if section["extractor"] not in EXTRACTORS:
        raise ConfigError(f"eval.extractor must be one of {', '.join(EXTRACTORS)}, got {section['extractor']!r}")
    choices = [name for metric in section["metrics"] for name in REPORTED[metric]]
    if section["best_metric"] and section["best_metric"] not in choices:
        raise ConfigError(f"eval.best_metric={section['best_metric']!r} is not reported by eval.metrics="
                          f"{section['metrics']}; choose one of {', '.join(choices)}")


def resolve_num_classes(config, data_dir=None):
    """Returns the config with data.num_classes read from the dataset's metadata,
    when the generator is conditional and the field is 0 (not yet known)."""
    from tfgan_zoo.builders import is_conditional
    from tfgan_zoo.trainers import datasets

    if config["data"]["num_classes"] or not is_conditional(config):
        return config
    source = datasets.load(config, data_dir)
    if not source.num_classes:
        raise ConfigError(f"the generator {config['generator']['name']!r} is class-conditional but "
                          f"{source.name} has no class labels; use a labelled dataset or an unconditional "
                          "generator")
    config = copy.deepcopy(config)
    config["data"]["num_classes"] = source.num_classes
    return config


def flatten(config):
    return {f"{section}.{field}": value
            for section, fields in config.items() for field, value in fields.items()}


def resolve(config, workdir, data_dir=None):
    """The config a `train` runs, resolved once: the given config (a preset
    with overrides) or, when None, the workdir's saved one; validated against
    the schema; the dataset's metadata filled in (class counts); then checked
    against the config the workdir was started with. Idempotent."""
    if config is None:
        return reconcile_with_workdir(workdir, None)
    config = resolve_num_classes(validate(config), data_dir)
    return reconcile_with_workdir(workdir, config)


def reconcile_with_workdir(workdir, config):
    """Returns the config to run: the command's, checked against a saved one.

    A workdir remembers the config it was started with. A rerun resumes it:
    with config None, as saved; otherwise the command's config must agree
    with the saved one except for RESUMABLE_FIELDS.
    """
    saved = read_saved_config(workdir)
    if saved is None:
        if config is None:
            raise ConfigError(
                f"workdir {workdir!r} holds no {CONFIG_FILE}; start a run with --config=PRESET"
            )
        return config
    if config is None:
        return saved
    saved_flat, new_flat = flatten(_with_argument_defaults(saved)), flatten(_with_argument_defaults(config))
    conflicts = sorted(
        key for key in saved_flat.keys() | new_flat.keys()
        if key not in RESUMABLE_FIELDS and saved_flat.get(key) != new_flat.get(key)
    )
    if conflicts:
        key = conflicts[0]
        raise ConfigError(
            f"workdir {workdir!r} was started with {key}={saved_flat.get(key)!r} but this "
            f"command gives {new_flat.get(key)!r} ({len(conflicts)} field(s) differ); rerun with "
            "the same settings, drop --config to resume as saved, or use a new --workdir"
        )
    return config


def _with_argument_defaults(config):
    """The config with every argument its variant and networks take, defaults filled in: a
    field one side leaves out and the other spells at its default builds the same model
    (a workdir saved before a network option existed, resumed with a preset that names it)."""
    filled = dict(config)
    for section in _ARGUMENT_SECTIONS:
        try:
            filled[section] = section_with_defaults(config, section)
        except UnknownNameError:  # a name this version lacks: its name field differs, and says so
            continue
    return filled


def write_config(workdir, config):
    """Writes config.json atomically (temporary name, then rename)."""
    os.makedirs(workdir, exist_ok=True)
    path = config_path(workdir)
    write_atomically(path, json.dumps(config, indent=2, sort_keys=True))
