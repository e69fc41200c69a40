"""The config schema: every field's type, domain and meaning, in one place.

The fixed sections (data, optimizer, train, eval) are described here. The
argument sections (variant, generator, discriminator) hold constructor
arguments of a registered class or factory, so their meaning is read from
that object's docstring (its Args), and their values are checked by the
constructor when the model is built. Validation, `tfgan-zoo list
--config=NAME` and error messages all read this module.
"""

import dataclasses
import inspect
import math
import re

import keras

from tfgan_zoo.aids import AIDS, all_fields
from tfgan_zoo.builders import OPTIMIZERS, SCHEDULES
from tfgan_zoo.networks.aids import NETWORK_AID_FIELDS, apply_network_aids
from tfgan_zoo.registry import NETWORKS, VARIANTS

MIXED_PRECISION = ("", "mixed_float16", "mixed_bfloat16")
ARGUMENT_SECTIONS = ("variant", "generator", "discriminator")


@dataclasses.dataclass(frozen=True)
class Field:
    """One fixed field: its Python type, its domain and a one-line description.

    A number's domain is an interval (low, high; each bound open or closed,
    None for unbounded); a string's, a tuple of choices; NaN and infinity are
    outside every numeric domain.
    """

    kind: type
    description: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple = ()

    def domain(self):
        """The allowed values, as an error message or the config listing says them."""
        if self.choices:
            return "one of " + ", ".join(repr(c) if c == "" else str(c) for c in self.choices)
        if self.low is not None and self.high is not None:
            return (f"in {'(' if self.low_open else '['}{self.low:g}, {self.high:g}"
                    f"{')' if self.high_open else ']'}")
        if self.low is not None:
            return f"{'>' if self.low_open else '>='} {self.low:g}"
        if self.high is not None:
            return f"{'<' if self.high_open else '<='} {self.high:g}"
        return f"a {self.kind.__name__}"

    def allows(self, value):
        if self.kind is bool:
            return isinstance(value, bool)
        if self.kind in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return False
            if self.kind is int and not isinstance(value, int):
                return False
            if not math.isfinite(value):
                return False
            if self.low is not None and (value <= self.low if self.low_open else value < self.low):
                return False
            return self.high is None or (value < self.high if self.high_open else value <= self.high)
        if not isinstance(value, self.kind):
            return False
        return not self.choices or value in self.choices


def _positive(description):
    return Field(int, description, low=1)


def _count(description):
    return Field(int, description, low=0)


def _fraction(description, high_open=True):
    return Field(float, description, low=0.0, high=1.0, high_open=high_open)


FIELDS = {
    "data.name": Field(str, "the dataset: a TFDS name (mnist, cifar10, celeb_a, ...), image_folder, or a 2-D "
                            "mixture (ring8, grid25)"),
    "data.split": Field(str, "the TFDS split to train on, slices included (train, train[:10%])"),
    "data.path": Field(str, "the folder of images for data.name=image_folder"),
    "data.image_size": _count("the square size images are resized to (0 for the 2-D mixtures)"),
    "data.channels": _count("the images' channels: 1 grey, 3 colour (0 for the 2-D mixtures)"),
    "data.shuffle_buffer": _positive("examples in the shuffle buffer"),
    "data.pad_to": _count("pad each square image with black to this size before resizing (0: no padding)"),
    "data.download": Field(str, "TFDS datasets: download and prepare when not prepared (auto), only read what "
                           "is prepared (never), or prepare again (always)", choices=("auto", "never", "always")),
    "data.on_bad_file": Field(str, "what an unreadable file in an image folder does", choices=("skip", "error")),
    "data.num_classes": _count("classes of a labelled dataset for conditional networks (0: read from the data)"),
    "optimizer.name": Field(str, "the optimizer of both networks", choices=OPTIMIZERS),
    "optimizer.g_learning_rate": Field(float, "the generator's learning rate", low=0.0, low_open=True),
    "optimizer.d_learning_rate": Field(float, "the discriminator's learning rate (TTUR: its own)", low=0.0,
                                       low_open=True),
    "optimizer.beta_1": _fraction("Adam's first-moment decay"),
    "optimizer.beta_2": _fraction("Adam's second-moment decay"),
    "optimizer.epsilon": Field(float, "Adam's and RMSprop's epsilon", low=0.0, low_open=True),
    "optimizer.rho": _fraction("RMSprop's decay of the squared-gradient average"),
    "optimizer.fused": Field(bool, "Adam's update through TensorFlow's fused kernel (same formula, faster)"),
    "optimizer.g_schedule": Field(str, "how the generator's rate decays over optimizer.decay_steps",
                                  choices=SCHEDULES),
    "optimizer.d_schedule": Field(str, "how the discriminator's rate decays over optimizer.decay_steps",
                                  choices=SCHEDULES),
    "optimizer.decay_steps": _count("train steps over which a non-constant schedule decays"),
    "train.batch_size": _positive("examples per generator update (global, over all replicas)"),
    "train.steps": _positive("train steps in all (a rerun may raise it to train longer)"),
    "train.seed": _count("the seed of weights, noise and data order"),
    "train.log_every": _positive("steps between logged losses"),
    "train.sample_every": _positive("steps between sample grids"),
    "train.checkpoint_every": _positive("steps between checkpoints"),
    "train.keep_checkpoints": _positive("checkpoints kept"),
    "train.keep_every": _count("steps between checkpoints kept for good in kept_checkpoints/ (0: none)"),
    "train.num_samples": _positive("samples in each grid"),
    "train.max_bad_steps": _positive("steps in a row with a skipped (non-finite) update before training stops"),
    "train.sync_batch_norm": Field(bool, "batch statistics over all replicas"),
    "train.fused_batch_norm": Field(bool, "batch norm through TensorFlow's fused kernel (same function, faster)"),
    "train.mixed_precision": Field(str, "the mixed-precision policy of training", choices=MIXED_PRECISION),
    "train.jit_compile": Field(bool, "XLA-compile the single-device step"),
    "train.attention_query": Field(list, "[row, column] fractions of the query pixel of TensorBoard's attention "
                                         "maps"),
    "train.on_divergence": Field(str, "what a divergence does: stop, or roll back to the last good checkpoint "
                                      "with lower rates", choices=("stop", "rollback")),
    "train.rollback_lr_factor": Field(float, "what a rollback multiplies both learning rates by", low=0.0,
                                      high=1.0, low_open=True),
    "train.max_rollbacks": _count("rollbacks allowed per command"),
    "eval.every": _count("steps between evaluations during training (0: never)"),
    "eval.metrics": Field(list, "the scores of an evaluation (fid, kid, is, pr, accuracy, stacked_mnist, classes, code_purity, "
                                   "channel_codes; modes for 2-D mixtures)"),
    "eval.num_samples": Field(int, "generated (and reference) samples per evaluation", low=2),
    "eval.extractor": Field(str, "the feature extractor of the scores (auto: the MNIST classifier on 28x28, "
                                 "else InceptionV3)"),
    "eval.best_metric": Field(str, "keep the checkpoint best on this score in WORKDIR/best_checkpoint ('' off)"),
    "selection.fit_steps": _positive("logistic-regression steps of the density-ratio fit behind --drs"),
    "selection.method": Field(str, "how the fitted ratio selects samples: drs, rejection (arXiv 1810.06758); "
                                   "mh, Metropolis-Hastings chains (arXiv 1811.11357)", choices=("drs", "mh")),
    "selection.percentile": Field(float, "drs: the percentile of each batch's acceptance log-odds that gamma "
                                         "takes (higher keeps fewer)", low=0.0, high=100.0),
    "selection.batch_size": _count("real (and generated) samples per fit step (0: train.batch_size)"),
    "selection.chain_length": _positive("mh: proposals per sample"),
    "selection.pool": _count("generated samples drawn once for the fit (0: fresh ones every fit step)"),
    "selection.noise": Field(float, "std of the Gaussian noise added to every generated sample, in the fit and "
                                    "the selection (0: none)", low=0.0),
}

_ENTRY = re.compile(r"^(\s*)([a-z_][a-z0-9_]*(?:, [a-z_][a-z0-9_]*)*): (\S.*)$")


def documented_arguments(*documented):
    """{argument: its description's first sentence} from Google-style docstrings
    ("name: text" or "a, b: text" lines, continued on more indented lines);
    an argument documented twice keeps its first description."""
    found = {}
    for obj in documented:
        lines = (inspect.getdoc(obj) or "").splitlines()
        for index, line in enumerate(lines):
            match = _ENTRY.match(line)
            if not match:
                continue
            indent, names, text = len(match.group(1)), match.group(2), [match.group(3)]
            for following in lines[index + 1:]:
                if not following.strip() or len(following) - len(following.lstrip()) <= indent:
                    break
                text.append(following.strip())
            sentence = re.split(r"(?<=[.;])\s", " ".join(text), maxsplit=1)[0].rstrip(".;")
            for name in names.split(", "):
                found.setdefault(name, sentence)
    return found


def section_arguments(section, name):
    """{argument: description} of the class or factory an argument section names."""
    if section == "variant":
        cls = VARIANTS.get(name)
        fields = all_fields()
        aids = {field: text for field, text in documented_arguments(*map(AIDS.get, AIDS.names())).items()
                if field in fields}
        return {**aids, **documented_arguments(*[klass for klass in cls.__mro__ if issubclass(klass, keras.Model)
                                                 and klass is not keras.Model])}
    return {**documented_arguments(NETWORKS.get(name)),
            **{field: text for field, text in documented_arguments(apply_network_aids).items()
               if field in NETWORK_AID_FIELDS}}


def describe(config):
    """Rows (key, value, type and domain, description) for every field of a config."""
    rows = []
    for section, fields in config.items():
        documented = section_arguments(section, fields["name"]) if section in ARGUMENT_SECTIONS else {}
        for field, value in fields.items():
            key = f"{section}.{field}"
            if key in FIELDS:
                spec = FIELDS[key]
                domain = spec.domain()
                kind = spec.kind.__name__ if domain.startswith("a ") else f"{spec.kind.__name__}, {domain}"
                rows.append((key, value, kind, spec.description))
            elif field == "name":
                names = VARIANTS.names() if section == "variant" else [
                    name for name in NETWORKS.names() if section in name]
                rows.append((key, value, f"str, one of {', '.join(names)}",
                             f"the registered {'variant' if section == 'variant' else section}"))
            else:
                kind = type(value).__name__ + ", checked when the model is built"
                rows.append((key, value, kind, documented.get(field, "")))
    return rows
