"""Evaluate a generator: feature extractors by name, cached reference statistics, metrics, reports.

The numbers are computed by `tfgan_zoo.metrics` (pure float64 numpy); this
module does what needs files: loading an extractor's weights, caching the
dataset's reference statistics, writing JSON reports.

Extractors:
    mnist_classifier  the project's classifier (weights ship with the package):
                      "fid" is then the Fréchet classifier distance, "is" the
                      classifier score. 28x28x1 images; 28x28x3 Stacked MNIST
                      images are read one channel at a time.
    inception_v3      Keras InceptionV3 with ImageNet weights from a local file
                      (--inception_v3_weights or TFGAN_ZOO_INCEPTION_V3_WEIGHTS).
                      Its pool features differ from the 2015-12-05 graph of
                      TTUR/TF-GAN, so its FID is NOT comparable to published FIDs.
    inception_2015    the 2015-12-05 graph itself (trainers/inception_graph.py), from a
                      local file (--inception_graph) whose SHA-256 must be the
                      recorded one: the protocol of published FIDs. Another graph
                      only with --nonstandard_inception_graph_sha256, and its
                      reports say so (extractor inception_2015_nonstandard).
"""

import dataclasses
import json
import os
import sys
import zipfile

import keras
import numpy as np
import tensorflow as tf
import tqdm

from tfgan_zoo import data as data_lib
from tfgan_zoo import metrics as metrics_lib
from tfgan_zoo import sampling
from tfgan_zoo.errors import EvaluationError
from tfgan_zoo.export.checkpoint import write_atomically
from tfgan_zoo.metrics import mnist_classifier as classifier_lib
from tfgan_zoo.trainers import datasets

# Each metric and the values it reports (the names a report and eval.best_metric use).
REPORTED = {"fid": ["fid"], "kid": ["kid"], "is": ["is"], "pr": ["precision", "recall"],
            "stacked_mnist": ["stacked_mnist_modes", "stacked_mnist_kl", "stacked_mnist_marginal_kl"], "accuracy": ["accuracy"],
            "code_purity": ["code_purity"],
            "channel_codes": ["channel_code_purity", "channel_code_purity_min", "channel_code_purity_off"],
            "classes": ["confident", "class_min", "class_max"],
            "modes": ["modes", "high_quality_percent", "mode_reverse_kl"]}
CONFIDENT = 0.9  # a sample is "confident" when the classifier gives its top class more than this
NEEDS_STACKED_MNIST = "the stacked_mnist metric needs 28x28x3 Stacked MNIST images and the mnist_classifier extractor"
NEEDS_CONDITIONAL = ("the accuracy metric scores conditional models: the share of samples that the classifier "
                     "assigns to the class they were generated for")
NEEDS_CODE = ("the code_purity metric scores a learned categorical code (infogan): the share of samples in "
              "their category's commonest class")
NEEDS_CHANNEL_CODES = ("the channel_codes metric scores an InfoGAN with a categorical code per channel on Stacked "
                       "MNIST (infogan_stacked_mnist): how well code m names channel m's digit")
METRICS = tuple(REPORTED)
EXTRACTORS = ("auto", "mnist_classifier", "inception_v3", "inception_2015")
# Reported values where lower is better; the rest are better higher.
LOWER_IS_BETTER = frozenset({"fid", "kid", "stacked_mnist_kl", "stacked_mnist_marginal_kl", "class_max",
                             "mode_reverse_kl"})
# The 2-D mixtures (ring8, grid25) are scored by where the points fall, not by features.
MIXTURE_METRICS = frozenset({"modes"})
MIXTURE_NUM_SAMPLES = 2500  # what PacGAN's Table 1 scores (arXiv 1712.04086, section 5)
INCEPTION_V3_ENV = "TFGAN_ZOO_INCEPTION_V3_WEIGHTS"
BATCH = 250


@dataclasses.dataclass
class Extractor:
    """A named feature extractor: images in [-1, 1] -> (features, class probabilities or None)."""

    name: str
    protocol: str
    run: object

    def __call__(self, images):
        return self.run(images)


def mnist_classifier_extractor(image_shape):
    """The shipped MNIST classifier; per channel for 3-channel (Stacked MNIST) images."""
    if tuple(image_shape[:2]) != (28, 28) or image_shape[-1] not in (1, 3):
        raise EvaluationError(f"the mnist_classifier extractor scores 28x28x1 (or stacked 28x28x3) images, "
                              f"not {tuple(image_shape)}; use --extractor=inception_v3")
    path = os.path.join(classifier_lib.ASSETS_DIR, classifier_lib.WEIGHTS_FILE)
    if not os.path.exists(path):
        raise EvaluationError(f"{path} is missing; reinstall tfgan-zoo or rebuild it with "
                              "python -m tfgan_zoo.trainers.train_mnist_classifier")
    classifier = classifier_lib.mnist_classifier()
    classifier.load_weights(path)
    model = classifier_lib.features_and_logits(classifier)

    def run(images):
        channels = tf.split(tf.convert_to_tensor(images, tf.float32), images.shape[-1], axis=-1)
        outputs = [model(channel, training=False) for channel in channels]
        features = np.concatenate([f.numpy() for f, _ in outputs], axis=1)
        probabilities = np.stack([tf.nn.softmax(logits).numpy() for _, logits in outputs], axis=1)
        # [n, 10] for MNIST; [n, 3, 10] (one distribution per channel) for Stacked MNIST.
        return features, probabilities[:, 0] if len(outputs) == 1 else probabilities

    return Extractor("mnist_classifier", "tfgan-zoo MNIST classifier (penultimate 128-d features)", run)


def inception_v3_extractor(weights_path=None):
    """Keras InceptionV3 (ImageNet) from a local weights file: 2048-d pool features, 1000-way softmax."""
    weights_path = weights_path or os.environ.get(INCEPTION_V3_ENV)
    if not weights_path or not os.path.exists(weights_path):
        raise EvaluationError(
            f"InceptionV3 weights file {weights_path or '(not set)'} not found; download "
            "inception_v3_weights_tf_dim_ordering_tf_kernels.h5 (Keras applications' ImageNet weights) "
            f"where there is internet and pass --inception_v3_weights=FILE or set {INCEPTION_V3_ENV}"
        )
    model = keras.applications.InceptionV3(weights=None, include_top=True)
    try:
        model.load_weights(weights_path)
    except (ValueError, OSError) as error:
        raise EvaluationError(f"{weights_path} is not a Keras InceptionV3 weights file ({error})") from None
    both = keras.Model(model.inputs, [model.get_layer("avg_pool").output, model.output])

    def run(images):
        images = tf.convert_to_tensor(images, tf.float32)
        if images.shape[-1] == 1:
            images = tf.image.grayscale_to_rgb(images)
        # InceptionV3's preprocessing maps pixels to [-1, 1]: the generators' range already.
        images = tf.image.resize(images, (299, 299), method="bilinear")
        features, probabilities = both(images, training=False)
        return features.numpy(), probabilities.numpy()

    return Extractor("inception_v3", "Keras InceptionV3 ImageNet (avg_pool; not the TTUR 2015-12-05 graph)", run)


def inception_2015_extractor(graph_path=None, nonstandard_sha256=None):
    """The 2015-12-05 Inception graph of published FIDs (TTUR, TF-GAN), from a verified local
    file; a graph the user vouched for as non-standard is named and described as such."""
    from tfgan_zoo.trainers import inception_graph

    try:
        run, identity = inception_graph.load(graph_path, nonstandard_sha256)
    except inception_graph.InceptionGraphError as error:
        raise EvaluationError(str(error)) from None
    if identity.standard:
        return Extractor("inception_2015", f"pool_3 of {identity.describe()}: the TTUR/TF-GAN protocol of "
                         "published FIDs", run)
    return Extractor("inception_2015_nonstandard", f"pool_3 of {identity.describe()}", run)


def make_extractor(name, image_shape, inception_v3_weights=None, inception_graph=None,
                   nonstandard_inception_graph_sha256=None):
    if name == "auto":
        name = "mnist_classifier" if tuple(image_shape[:2]) == (28, 28) else "inception_v3"
    if name == "mnist_classifier":
        return mnist_classifier_extractor(image_shape)
    if name == "inception_v3":
        return inception_v3_extractor(inception_v3_weights)
    if name == "inception_2015":
        return inception_2015_extractor(inception_graph, nonstandard_inception_graph_sha256)
    raise EvaluationError(f"unknown extractor {name!r}; choose from {', '.join(EXTRACTORS)}")


def padded_digit_side(data):
    """For MNIST padded with black to data.pad_to and resized to data.image_size
    (ProGAN's 32x32), or resized alone (sagan_mnist's 32x32), the side of the 28x28
    digit in the model's images; None for MNIST as it is, and for other data."""
    if data["name"] not in ("mnist", "stacked_mnist") or (not data.get("pad_to") and data["image_size"] == 28):
        return None
    return round(data["image_size"] * 28 / (data.get("pad_to") or 28))


def in_dataset_frame(images, data, side=28):
    """Images of the model's size back in the dataset's own frame, side x side: the padding
    (data.pad_to) cropped and the resize to data.image_size undone, so a classifier of the
    dataset sees what it was trained on."""
    images = tf.convert_to_tensor(images, tf.float32)
    if data.get("pad_to"):
        kept = round(data["image_size"] * side / data["pad_to"])
        images = tf.image.resize_with_crop_or_pad(images, kept, kept)
    if images.shape[1] != side:
        images = tf.image.resize(images, (side, side), method="area")
    return images


def reading_digit_frames(extractor, data):
    """The 28x28 extractor on each image put back in MNIST's frame (`in_dataset_frame`),
    reals and fakes alike."""
    side, image_size = padded_digit_side(data), data["image_size"]
    undone = f"on the central {side}x{side} (the padding undone)" if side != image_size else \
        f"resized from {side}x{side} to 28x28"
    return Extractor(extractor.name, f"{extractor.protocol}, {undone}",
                     lambda images: extractor.run(in_dataset_frame(images, data).numpy()))


def check_metrics(names):
    unknown = [name for name in names if name not in METRICS]
    if unknown:
        raise EvaluationError(f"unknown metric {unknown[0]!r}; choose from {', '.join(METRICS)}")
    return list(names)


def _collect(batches, extractor, num_samples, description=None):
    """(features [n, d] float32, probabilities) of the first num_samples images of `batches`;
    with a description, progress on stderr (a bar in a terminal, a line elsewhere)."""
    features, probabilities, seen = [], [], 0
    with _progress_bar(description, num_samples) as bar:
        for images in batches:
            images = images[:num_samples - seen]
            batch_features, batch_probabilities = extractor(images)
            features.append(batch_features.astype(np.float32))
            probabilities.append(batch_probabilities)
            seen += len(images)
            bar.update(len(images))
            if seen >= num_samples:
                break
    if seen < num_samples:
        raise EvaluationError(f"the reference data has {seen} examples, fewer than num_samples={num_samples}")
    return np.concatenate(features), np.concatenate(probabilities)


def _progress_bar(description, total):
    live = description is not None and sys.stderr.isatty()
    if description is not None and not live:
        print(f"{description}: {total} images", file=sys.stderr, flush=True)
    return tqdm.tqdm(total=total, desc=description, unit="img", disable=not live, leave=False, dynamic_ncols=True)


def _statistics(features, chunk=5000):
    """Mean and covariance accumulated in float64 a chunk at a time (no float64 copy of the set)."""
    statistics = metrics_lib.FeatureStatistics(features.shape[1])
    for start in range(0, len(features), chunk):
        statistics.update(features[start:start + chunk])
    return statistics.mean, statistics.covariance


def reference_features(config, extractor, num_samples, cache_dir, data_dir=None, progress=False):
    """The dataset's features, computed once and cached as .npz keyed by dataset, split, extractor and count."""
    data = config["data"]
    key = f"{data['name']}_{data['split']}_{extractor.name}_{num_samples}".replace("/", "-").replace(":", "-")
    path = os.path.join(cache_dir, f"reference_{key}.npz")
    cached = _read_cache(path)
    if cached is not None:
        return cached
    source = datasets.load(config, data_dir)
    data_lib.check_padding(source, data.get("pad_to", 0))
    dataset = source.dataset.map(lambda e: data_lib.to_model_range(e["image"], data["image_size"], data.get("pad_to", 0)),
                                 num_parallel_calls=tf.data.AUTOTUNE).batch(BATCH)
    features, probabilities = _collect((b.numpy() for b in dataset), extractor, num_samples,
                                       f"{extractor.name} features of the data" if progress else None)
    try:
        os.makedirs(cache_dir, exist_ok=True)
        np.savez(path + ".tmp.npz", features=features, probabilities=probabilities)
        os.replace(path + ".tmp.npz", path)
    except OSError as error:
        raise EvaluationError(f"cannot write the reference cache {path} ({error.strerror}); free space or "
                              f"move it away, then rerun") from None
    return features, probabilities


def _read_cache(path):
    """(features, probabilities) from a reference cache, or None when absent or unreadable
    (it is recomputed: a cache is never the only copy of anything)."""
    if not os.path.exists(path):
        return None
    try:
        with np.load(path, allow_pickle=False) as cached:
            return cached["features"], cached["probabilities"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        print(f"warning: the reference cache {path} is unreadable ({str(error)[:120]}); recomputing it",
              file=sys.stderr, flush=True)
        return None


def sampled_labels(gan, rng, shape):
    """Labels for samples without chosen ones: uniform over `sample_classes`, or drawn from the
    model's `label_probabilities` (the self-conditioned GAN's cluster shares)."""
    probabilities = gan.label_probabilities()
    if probabilities is None:
        return rng.integers(0, gan.sample_classes, shape)
    probabilities = np.asarray(probabilities, np.float64)
    return rng.choice(len(probabilities), size=shape, p=probabilities / probabilities.sum())


def generated_batches(gan, num_samples, seed, labels=None, image_size=None, truncation=None):
    """Batches of samples; a conditional model's labels are drawn by `sampled_labels` unless given.

    With image_size, image samples of another size are resized to it
    (bilinear): a growing network mid-training (ProGAN) is scored at the
    data's resolution, against the same references, with the detail it
    lacks counting against it. With truncation t, z is N(0, I) restricted
    to [-t, t] (`sampling.truncated_normal`, batch i from the seed pair
    (seed, i)).
    """
    rng = np.random.default_rng(seed)
    if gan.conditional and labels is None:
        labels = sampled_labels(gan, rng, num_samples)
    for index, start in enumerate(range(0, num_samples, BATCH)):
        shape = (min(BATCH, num_samples - start), gan.z_dim)
        if truncation is None:
            z = rng.standard_normal(shape).astype(np.float32)
        else:
            z = sampling.truncated_normal(shape, tf.constant([seed, index], tf.int64), truncation)
        batch_labels = None if labels is None else labels[start:start + len(z)]
        images = gan.sample(z, batch_labels)
        if image_size and images.shape.rank == 4 and images.shape[1:3] != (image_size, image_size):
            images = tf.image.resize(images, [image_size, image_size], method="bilinear")
        yield images.numpy()


def compute_metrics(names, real, fake, labels=None):
    """{metric: value} for the requested metrics, from (features, probabilities) of both sets
    and, for "accuracy", the labels the fakes were generated with."""
    (real_f, _), (fake_f, fake_p) = real, fake
    results = {}
    if "fid" in names:
        results["fid"] = metrics_lib.frechet_distance(*_statistics(real_f), *_statistics(fake_f))
    if "kid" in names:
        results["kid"], results["kid_std"] = metrics_lib.kernel_distance(real_f, fake_f)
    if "is" in names:
        if fake_p.ndim != 2:
            raise EvaluationError("the inception/classifier score needs one class distribution per image")
        results["is"], results["is_std"] = metrics_lib.inception_score(fake_p, splits=min(10, len(fake_p)))
    if "pr" in names:
        results["precision"], results["recall"] = metrics_lib.precision_recall(real_f, fake_f)
    if "stacked_mnist" in names:
        if fake_p.ndim != 3:
            raise EvaluationError(NEEDS_STACKED_MNIST)
        digits = fake_p.argmax(-1)
        results["stacked_mnist_modes"], results["stacked_mnist_kl"] = metrics_lib.stacked_mnist_coverage(digits)
        results["stacked_mnist_marginal_kl"] = metrics_lib.stacked_mnist_marginal_kl(digits)
    if "classes" in names:
        if fake_p.ndim != 2:
            raise EvaluationError("the classes metric needs one class distribution per image (a classifier "
                                  "extractor on single images)")
        results.update(class_balance(fake_p))
    if "accuracy" in names:
        if labels is None or fake_p.ndim != 2:
            raise EvaluationError(NEEDS_CONDITIONAL)
        results["accuracy"] = float(np.mean(fake_p.argmax(-1) == np.asarray(labels)))
    if "code_purity" in names:
        if labels is None or fake_p.ndim != 2 or np.ndim(labels) != 1:
            raise EvaluationError(NEEDS_CODE)
        results["code_purity"] = metrics_lib.code_purity(labels, fake_p.argmax(-1))
    if "channel_codes" in names:
        if labels is None or fake_p.ndim != 3 or np.ndim(labels) != 2:
            raise EvaluationError(NEEDS_CHANNEL_CODES)
        purity = metrics_lib.channel_code_purity(labels, fake_p.argmax(-1))
        off_diagonal = purity[~np.eye(*purity.shape, dtype=bool)]
        results.update(channel_code_purity=float(np.diag(purity).mean()),
                       channel_code_purity_min=float(np.diag(purity).min()),
                       channel_code_purity_off=float(off_diagonal.max()) if off_diagonal.size else 0.0)
    return results


def class_balance(probabilities):
    """{"confident": share of samples whose top class has probability > CONFIDENT,
    "class_min", "class_max": shares of the rarest and the commonest top class}
    (a uniform generator of 10 classes gives 0.1 and 0.1)."""
    counts = np.bincount(probabilities.argmax(-1), minlength=probabilities.shape[-1]) / len(probabilities)
    return {"confident": float(np.mean(probabilities.max(-1) > CONFIDENT)), "class_min": float(counts.min()),
            "class_max": float(counts.max())}


def evaluate(gan, config, metrics, num_samples, cache_dir, data_dir=None, extractor="auto",
             inception_v3_weights=None, seed=0, inception_graph=None, nonstandard_inception_graph_sha256=None,
             truncation=None, rejection=None, progress=False):
    """Scores the GAN's sampling generator (its EMA when enabled) against the config's dataset.

    With rejection, a callable returning (a sampler, a dict that describes it)
    such as `functools.partial(rejection.fit_rejection_sampler, gan, config,
    steps)`, the samples scored are those the sampler accepts; it is called
    after every check, so a request that cannot be scored fails before the
    fit, and the report gives the dict and the acceptance rate.

    2-D mixture data (ring8, grid25) is scored by the "modes" metric: the
    modes captured, the share of high-quality points (within 3 std of a
    mode) and the reverse KL of the mode histogram to uniform (PacGAN's
    Table 1; `metrics.mode_coverage`).

    Returns a report dict: metrics, extractor, protocol, num_samples. With
    progress, the feature passes over the data and the samples report on stderr.
    """
    metrics = check_metrics(metrics)
    if truncation is not None and rejection is not None:
        raise EvaluationError("score either the truncation trick's samples or rejection sampling's, not both")
    mixture = data_lib.MIXTURES.get(config["data"]["name"])
    if mixture is not None or MIXTURE_METRICS & set(metrics):
        return _evaluate_mixture(gan, config, metrics, num_samples, mixture, seed, truncation, rejection)
    # What the model can never give is an error now, not after the feature passes.
    if "accuracy" in metrics and not gan.conditional:
        raise EvaluationError(NEEDS_CONDITIONAL)
    if "code_purity" in metrics and (gan.conditional or not gan.sample_classes):
        raise EvaluationError(NEEDS_CODE)
    drawn_with = sorted({"code_purity", "channel_codes"} & set(metrics))
    if drawn_with and rejection is not None:
        raise EvaluationError(f"{drawn_with[0]} needs the codes each sample was drawn with; rejection sampling "
                              "keeps samples of its own choosing, so drop --drs or the metric")
    # The extractor is chosen for the data's images, which a growing generator reaches only at its
    # end; only the rank and the channels of the training generator's output matter here.
    output_shape = gan.generator.output_shape[1:]
    image_size = config["data"]["image_size"] if len(output_shape) == 3 else None
    image_shape = (image_size, image_size, output_shape[-1]) if image_size else output_shape
    digit_side = padded_digit_side(config["data"]) if image_size else None
    if digit_side and extractor in ("auto", "mnist_classifier"):
        extractor = reading_digit_frames(mnist_classifier_extractor((28, 28, output_shape[-1])), config["data"])
    else:
        extractor = make_extractor(extractor, image_shape, inception_v3_weights, inception_graph,
                                   nonstandard_inception_graph_sha256)
    stacked = image_shape[-1] == 3 and extractor.name == "mnist_classifier"
    if "stacked_mnist" in metrics and not stacked:
        raise EvaluationError(NEEDS_STACKED_MNIST)
    if "channel_codes" in metrics and not (stacked and getattr(gan, "categorical_codes", 0) == image_shape[-1]):
        raise EvaluationError(NEEDS_CHANNEL_CODES)
    needs_reference = set(metrics) & {"fid", "kid", "pr"}
    real = (reference_features(config, extractor, num_samples, cache_dir, data_dir, progress) if needs_reference
            else (None, None))
    # A label per sample (`sampled_labels`): a conditional model's class, uniform or at the
    # self-conditioned GAN's cluster shares; InfoGAN's category (whose samples are then distributed
    # as from z alone, whose code is uniform too).
    # channel_codes gives every code (they are then uniform as from z alone, but known).
    label_shape = (num_samples, gan.categorical_codes) if "channel_codes" in metrics else num_samples
    labels = sampled_labels(gan, np.random.default_rng(seed + 1), label_shape) if gan.sample_classes else None
    sampler, fit = rejection() if rejection is not None else (None, None)
    acceptance_rate = None
    if sampler is None:
        batches = generated_batches(gan, num_samples, seed, labels, image_size, truncation)
    else:
        accepted, acceptance_rate = sampler.sample(num_samples, seed)
        batches = (accepted[start:start + BATCH] for start in range(0, num_samples, BATCH))
    fake = _collect(batches, extractor, num_samples, f"sampling and {extractor.name} features" if progress else None)
    return _report(compute_metrics(metrics, real, fake, labels), extractor.name, extractor.protocol, num_samples,
                   config, truncation, fit, acceptance_rate)


def _report(values, extractor, protocol, num_samples, config, truncation, fit, acceptance_rate):
    """An evaluation's report: its values, how they were scored and, when used, the truncation
    and the rejection sampler's description and acceptance rate."""
    report = {"metrics": values, "extractor": extractor, "protocol": protocol, "num_samples": num_samples,
              "dataset": config["data"]["name"], "split": config["data"]["split"]}
    if truncation is not None:
        report["truncation"] = truncation
    if fit is not None:
        report.update(rejection=fit, acceptance_rate=round(acceptance_rate, 4))
    return report


def mixture_metrics(points, mixture):
    """The `modes` metric of 2-D points (PacGAN's Table 1, arXiv 1712.04086): modes
    captured, the percentage of points within 3 std of a mode, the reverse KL from the
    captured modes' frequencies to uniform (`metrics.mode_coverage`)."""
    coverage = metrics_lib.mode_coverage(points, mixture.centers, mixture.std)
    return {"modes": coverage.modes_captured, "high_quality_percent": 100 * coverage.high_quality_fraction,
            "mode_reverse_kl": coverage.reverse_kl}


def _evaluate_mixture(gan, config, metrics, num_samples, mixture, seed, truncation, rejection):
    """The report of a 2-D mixture model: the "modes" metric only (see `evaluate`)."""
    if mixture is None:
        raise EvaluationError(f"the modes metric scores 2-D mixtures ({', '.join(data_lib.MIXTURES)}), not "
                              f"{config['data']['name']}")
    if set(metrics) - MIXTURE_METRICS:
        other = sorted(set(metrics) - MIXTURE_METRICS)[0]
        raise EvaluationError(f"{config['data']['name']} is 2-D points, scored by --metrics=modes; {other} "
                              "scores images")
    sampler, fit = rejection() if rejection is not None else (None, None)
    acceptance_rate = None
    if sampler is None:
        points = np.concatenate(list(generated_batches(gan, num_samples, seed, truncation=truncation)))
    else:
        points, acceptance_rate = sampler.sample(num_samples, seed)
    return _report(mixture_metrics(points, mixture), "none", "PacGAN Table 1: modes, points within 3 std, reverse KL", num_samples, config,
                   truncation, fit, acceptance_rate)


def write_report(report, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    write_atomically(path, json.dumps(report, indent=1, sort_keys=True))


def is_better(metric, value, best):
    if best is None:
        return True
    return value < best if metric in LOWER_IS_BETTER else value > best
