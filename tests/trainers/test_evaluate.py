"""Evaluation: the shipped classifier's accuracy, extractors from local files, eval command, train-time eval."""

import json
import os
import shutil
import subprocess

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo import metrics as metrics_lib
from tfgan_zoo.data import tfds_source, to_model_range
from tfgan_zoo.export import ExportError, load_trained_gan
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers import evaluate
from tfgan_zoo.trainers.cli import main
from tfgan_zoo.trainers.train import train
from tfgan_zoo.workdir import BEST_DIR, EVAL_DIR

TINY_MNIST = ["train.batch_size=16", "train.steps=4", "train.checkpoint_every=2", "train.sample_every=100",
              "train.log_every=2", "train.num_samples=4", "data.split=train[:512]", "data.shuffle_buffer=64"]


def test_shipped_classifier_reaches_its_stated_accuracy_on_the_mnist_test_split(mnist_data_dir):
    extractor = evaluate.mnist_classifier_extractor((28, 28, 1))
    source = tfds_source("mnist", split="test", data_dir=mnist_data_dir)
    dataset = source.dataset.map(lambda e: (to_model_range(e["image"], 28), e["label"])).batch(1000)
    correct = 0
    for images, labels in dataset:
        features, probabilities = extractor(images.numpy())
        assert features.shape == (len(images), 128)
        correct += int((probabilities.argmax(1) == labels.numpy()).sum())
    accuracy = correct / source.num_examples
    path = os.path.join(evaluate.classifier_lib.ASSETS_DIR, evaluate.classifier_lib.REPORT_FILE)
    with open(path) as file:
        stated = json.load(file)["test_accuracy"]
    assert accuracy >= 0.99 and accuracy == pytest.approx(stated, abs=1e-4)


def test_stacked_images_are_classified_channel_by_channel():
    extractor = evaluate.mnist_classifier_extractor((28, 28, 3))
    images = np.random.default_rng(0).uniform(-1, 1, (5, 28, 28, 3)).astype(np.float32)
    features, probabilities = extractor(images)
    assert features.shape == (5, 384) and probabilities.shape == (5, 3, 10)
    single = evaluate.mnist_classifier_extractor((28, 28, 1))
    np.testing.assert_allclose(probabilities[:, 1], single(images[..., 1:2])[1], rtol=1e-5, atol=1e-6)
    with pytest.raises(evaluate.EvaluationError, match="scores 28x28x1"):
        evaluate.mnist_classifier_extractor((32, 32, 3))


def test_inception_v3_loads_a_local_weights_file_and_names_the_missing_one(tmp_path, monkeypatch):
    monkeypatch.delenv(evaluate.INCEPTION_V3_ENV, raising=False)
    with pytest.raises(evaluate.EvaluationError, match="inception_v3_weights_tf_dim_ordering_tf_kernels.h5"):
        evaluate.inception_v3_extractor(str(tmp_path / "missing.h5"))
    not_weights = tmp_path / "garbage.weights.h5"
    not_weights.write_bytes(b"not an h5 file")
    with pytest.raises(evaluate.EvaluationError, match="is not a Keras InceptionV3 weights file"):
        evaluate.inception_v3_extractor(str(not_weights))
    keras.utils.set_random_seed(0)
    reference = keras.applications.InceptionV3(weights=None)
    path = str(tmp_path / "inception.weights.h5")
    reference.save_weights(path)
    monkeypatch.setenv(evaluate.INCEPTION_V3_ENV, path)
    extractor = evaluate.make_extractor("auto", (32, 32, 3))
    images = np.random.default_rng(1).uniform(-1, 1, (2, 32, 32, 1)).astype(np.float32)
    features, probabilities = extractor(images)
    assert extractor.name == "inception_v3" and features.shape == (2, 2048)
    expected = reference(tf.image.resize(tf.image.grayscale_to_rgb(tf.constant(images)), (299, 299)),
                         training=False)
    np.testing.assert_allclose(probabilities, expected.numpy(), rtol=1e-4, atol=1e-6)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory, mnist_data_dir):
    """dcgan_mnist for 4 steps, checkpoints at 2 and 4: the workdir the eval commands score. The
    manager keeps only the newest (step 4); step 2's lives on in kept_checkpoints/ (keep_every)."""
    workdir = str(tmp_path_factory.mktemp("run"))
    overrides = [*TINY_MNIST, "train.keep_checkpoints=1", "train.keep_every=2"]
    train(config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"), overrides), workdir,
          data_dir=mnist_data_dir, progress=False)
    return workdir


def test_eval_command_writes_a_report_and_caches_the_reference(tiny_run, tmp_path, mnist_data_dir, capsys):
    workdir = str(tmp_path / "run")
    shutil.copytree(tiny_run, workdir)  # the reference cache it writes is checked alone
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    out = str(tmp_path / "report.json")
    command = ["tfgan-zoo", "eval", f"--workdir={workdir}", "--metrics=fid,kid,is,pr", "--num_samples=200",
               f"--data_dir={mnist_data_dir}", f"--out={out}"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    # Progress on both feature passes (a line each when stderr is not a terminal).
    assert "mnist_classifier features of the data: 200 images" in result.stderr
    assert "sampling and mnist_classifier features: 200 images" in result.stderr
    with open(out) as file:
        report = json.load(file)
    assert report["extractor"] == "mnist_classifier" and report["step"] == 4
    values = report["metrics"]
    assert set(values) >= {"fid", "kid", "is", "precision", "recall"}
    assert values["fid"] > 0 and 1.0 <= values["is"] <= 10.0 and 0.0 <= values["precision"] <= 1.0
    cached = [name for name in os.listdir(os.path.join(workdir, EVAL_DIR)) if name.startswith("reference_")]
    assert cached == ["reference_mnist_train[-512]_mnist_classifier_200.npz"]
    capsys.readouterr()
    assert main([*command[:3], "--metrics=fid,nope"]) == 2  # the console script ran above
    assert "unknown metric 'nope'" in capsys.readouterr().err


def test_eval_scores_the_kept_checkpoint_of_a_chosen_step(tiny_run, tmp_path, mnist_data_dir, capsys):
    """--step scores an earlier kept checkpoint (a curve over training), one the checkpoint
    manager has deleted included; a step not kept is one error line naming the kept ones."""
    workdir = str(tmp_path / "run")
    shutil.copytree(tiny_run, workdir)
    assert [name for name in sorted(os.listdir(os.path.join(workdir, "checkpoints"))) if name.endswith(".index")] \
        == ["ckpt-4.index"]
    assert sorted(os.listdir(os.path.join(workdir, "kept_checkpoints"))) == [
        "ckpt-2.data-00000-of-00001", "ckpt-2.index", "ckpt-4.data-00000-of-00001", "ckpt-4.index"]
    args = ["tfgan-zoo", "eval", f"--workdir={workdir}", "--metrics=is", "--num_samples=100",
            f"--data_dir={mnist_data_dir}"]
    scores = {}
    for step in (2, 4):
        out = str(tmp_path / f"report_{step}.json")
        assert main([*args, f"--step={step}", f"--out={out}"]) == 0
        with open(out) as file:
            report = json.load(file)
        assert report["step"] == step and report["checkpoint"].endswith(f"ckpt-{step}")
        scores[step] = report["metrics"]["is"]
    assert scores[2] != scores[4], "the two steps' weights differ, and so do their samples' scores"
    capsys.readouterr()
    assert main([*args, "--step=3"]) == 2
    error = capsys.readouterr().err
    assert "keeps the checkpoints of steps 2, 4, not of step 3" in error and "Traceback" not in error

    # sample and export take the same --step: the grid and the served generator are step 2's.
    grids = {}
    for step in (2, 4):
        grids[step] = str(tmp_path / f"grid_{step}.png")
        assert main(["tfgan-zoo", "sample", f"--workdir={workdir}", f"--step={step}", "--num=4",
                     f"--out={grids[step]}"]) == 0
    with open(grids[2], "rb") as two, open(grids[4], "rb") as four:
        assert two.read() != four.read()
    base = str(tmp_path / "export")
    assert main(["tfgan-zoo", "export", f"--workdir={workdir}", "--step=2", f"--export_dir={base}",
                 "--model_name=m", "--format=saved_model"]) == 0
    served = tf.saved_model.load(os.path.join(base, "m", "1")).signatures["serving_default"]
    z = np.random.default_rng(0).standard_normal((3, 100)).astype(np.float32)
    step_2 = load_trained_gan(workdir, 2)[0].sampling_generator()(z, training=False).numpy()
    np.testing.assert_array_equal(served(z=tf.constant(z))["images"].numpy(), step_2)
    capsys.readouterr()
    assert main(["tfgan-zoo", "sample", f"--saved_model={os.path.join(base, 'm', '1')}", "--step=2"]) == 2
    error = capsys.readouterr().err
    assert "--step picks a kept checkpoint of a training workdir" in error and "Traceback" not in error

    # A step kept for good loads after the recent checkpoints are gone; without a step there is none.
    shutil.rmtree(os.path.join(workdir, "checkpoints"))
    np.testing.assert_array_equal(load_trained_gan(workdir, 2)[0].sampling_generator()(z, training=False), step_2)
    with pytest.raises(ExportError, match="has no checkpoint yet"):
        load_trained_gan(workdir)


def test_train_time_eval_logs_metrics_and_keeps_the_best_checkpoint(tmp_path, mnist_data_dir):
    workdir = str(tmp_path / "run")
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"), [
        *TINY_MNIST, "eval.every=2", "eval.num_samples=100", 'eval.metrics=["fid","is"]', "eval.best_metric=fid"])
    train(config, workdir, data_dir=mnist_data_dir, progress=False)
    reports = sorted(os.listdir(os.path.join(workdir, EVAL_DIR)))
    assert "step_0000002.json" in reports and "step_0000004.json" in reports
    with open(os.path.join(workdir, BEST_DIR, "best.json")) as file:
        best = json.load(file)
    fids = {}
    for step in (2, 4):
        with open(os.path.join(workdir, EVAL_DIR, f"step_{step:07d}.json")) as file:
            fids[step] = json.load(file)["metrics"]["fid"]
    assert best["metric"] == "fid" and best["value"] == min(fids.values())
    assert best["step"] == min(fids, key=fids.get)
    assert tf.train.latest_checkpoint(os.path.join(workdir, BEST_DIR)).endswith(f"best-{best['step']}")
    tags = set()
    for name in os.listdir(os.path.join(workdir, "tensorboard")):
        for event in tf.compat.v1.train.summary_iterator(os.path.join(workdir, "tensorboard", name)):
            tags |= {value.tag for value in event.summary.value}
    assert {"eval/fid", "eval/is"} <= tags


@pytest.mark.parametrize("override,message", [
    ('eval.metrics=["fid","nope"]', "unknown metric 'nope'"),
    ("eval.best_metric=precision", "eval.best_metric='precision' is not reported by eval.metrics"),
    ("eval.extractor=vgg", "eval.extractor must be one of auto, mnist_classifier, inception_v3"),
])
def test_bad_eval_settings_are_clear_errors(override, message):
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"), [override])
    with pytest.raises(evaluate.EvaluationError if "metric '" in message else config_lib.ConfigError,
                       match=message):
        config_lib.validate(config)


def test_padded_mnist_is_scored_on_its_digits_and_class_balance_is_reported(mnist_data_dir):
    from tfgan_zoo.data import tfds_source, to_model_range
    from tfgan_zoo.trainers.evaluate import (
        class_balance,
        mnist_classifier_extractor,
        padded_digit_side,
        reading_digit_frames,
    )

    examples = next(iter(tfds_source("mnist", "test[:64]", data_dir=mnist_data_dir).dataset.batch(64)))
    digits = np.stack([to_model_range(image, 28).numpy() for image in examples["image"]])
    padded = np.stack([to_model_range(image, 32, pad_to=32).numpy() for image in examples["image"]])
    data = {"name": "mnist", "pad_to": 32, "image_size": 32}
    assert padded_digit_side(data) == 28 and padded_digit_side({**data, "pad_to": 0, "image_size": 28}) is None
    classifier = mnist_classifier_extractor((28, 28, 1))
    features, probabilities = reading_digit_frames(classifier, data)(padded)
    expected_features, expected_probabilities = classifier(digits)
    np.testing.assert_array_equal(features, expected_features)  # the crop undoes the padding exactly
    # Resized alone (sagan_mnist's 32x32): the whole image is the digit, resized back to 28x28.
    assert padded_digit_side({**data, "pad_to": 0}) == 32
    resized = reading_digit_frames(classifier, {**data, "pad_to": 0})
    assert resized.protocol.endswith("resized from 32x32 to 28x28")
    _, resized_probabilities = resized(np.stack([to_model_range(image, 32).numpy() for image in examples["image"]]))
    agree = np.mean(resized_probabilities.argmax(-1) == expected_probabilities.argmax(-1))
    assert agree >= 62 / 64, agree  # two resizes blur a stroke's edge, not the digit
    balance = class_balance(probabilities)
    counts = np.bincount(examples["label"].numpy(), minlength=10) / 64
    assert balance["class_min"] <= counts.min() + 2 / 64 and balance["class_max"] >= counts.max() - 2 / 64
    assert 0.9 <= balance["confident"] <= 1.0  # the classifier is sure of real test digits


class _LatentRecorder:
    """Stands where a GAN's `sample` is called, keeping the latents it is given."""

    z_dim, conditional, num_classes = 3, False, 0

    def __init__(self):
        self.latents = []

    def sample(self, z, labels=None):
        self.latents.append(np.asarray(z))
        return tf.zeros([len(z), 2])


def test_eval_draws_plain_latents_as_before_and_truncated_ones_within_the_bound():
    plain = _LatentRecorder()
    list(evaluate.generated_batches(plain, 600, seed=4))
    np.testing.assert_array_equal(plain.latents[0],
                                  np.random.default_rng(4).standard_normal((evaluate.BATCH, 3)).astype(np.float32))
    truncated, again = _LatentRecorder(), _LatentRecorder()
    list(evaluate.generated_batches(truncated, 600, seed=4, truncation=0.5))
    list(evaluate.generated_batches(again, 600, seed=4, truncation=0.5))
    z = np.concatenate(truncated.latents)
    assert z.shape == (600, 3) and np.abs(z).max() <= 0.5
    np.testing.assert_array_equal(z, np.concatenate(again.latents))
    assert not np.array_equal(truncated.latents[0][:100], truncated.latents[1][:100]), "each batch its own draw"
    # Var of N(0, 1) truncated to [-t, t]: 1 - 2 t phi(t) / (2 Phi(t) - 1) = 0.0806 at t = 0.5; the
    # sample variance of 1,800 values has a standard error of about 0.002.
    t = 0.5
    phi, mass = np.exp(-t * t / 2) / np.sqrt(2 * np.pi), float(tf.math.erf(t / np.sqrt(2.0)))
    assert z.var() == pytest.approx(1 - 2 * t * phi / mass, abs=0.01)


@pytest.mark.parametrize("metric,message", [("stacked_mnist", "needs 28x28x3 Stacked MNIST images"),
                                            ("accuracy", "scores conditional models"),
                                            ("code_purity", "scores a learned categorical code"),
                                            ("channel_codes", "a categorical code per channel")])
def test_a_metric_the_model_cannot_give_fails_before_any_feature_pass(metric, message, tmp_path):
    from tfgan_zoo import builders

    config = config_lib.preset_config("dcgan_mnist_small")
    gan = builders.build_gan(config, for_training=False)
    with pytest.raises(evaluate.EvaluationError, match=message):
        evaluate.evaluate(gan, config, ["fid", metric], 100, cache_dir=str(tmp_path), data_dir=str(tmp_path))
    assert os.listdir(tmp_path) == [], "no reference features were computed or cached"


def test_code_purity_scores_each_sample_under_the_category_it_was_drawn_with(tmp_path, mnist_data_dir):
    from tfgan_zoo import builders

    config = config_lib.apply_overrides(config_lib.preset_config("infogan_mnist"),
                                        ["generator.base_filters=4", "discriminator.base_filters=4"])
    gan = builders.build_gan(config, for_training=False)
    report = evaluate.evaluate(gan, config, ["code_purity", "classes"], 300, cache_dir=str(tmp_path),
                               data_dir=mnist_data_dir)
    # The same draw, by hand: the categories eval draws, the samples of them, their top classes.
    categories = np.random.default_rng(1).integers(0, 10, 300)
    z = np.random.default_rng(0).standard_normal((300, gan.z_dim)).astype(np.float32)
    images = gan.sample(z, categories).numpy()[:, 2:30, 2:30]
    _, probabilities = evaluate.mnist_classifier_extractor((28, 28, 1))(images)
    expected = metrics_lib.code_purity(categories, probabilities.argmax(-1))
    assert report["metrics"]["code_purity"] == pytest.approx(expected, abs=1 / 300)
    with pytest.raises(evaluate.EvaluationError, match="rejection sampling keeps samples of its own"):
        evaluate.evaluate(gan, config, ["code_purity"], 100, cache_dir=str(tmp_path), data_dir=mnist_data_dir,
                          rejection=lambda: (None, None))


def test_channel_codes_score_every_code_against_every_channel_of_one_draw(tmp_path):
    from tfgan_zoo import builders

    config = config_lib.preset_config("infogan_stacked_mnist")
    gan = builders.build_gan(config, for_training=False)
    report = evaluate.evaluate(gan, config, ["channel_codes", "stacked_mnist"], 300, cache_dir=str(tmp_path))
    # The same draw, by hand: every code given, the samples of them, each channel's top class.
    codes = np.random.default_rng(1).integers(0, 10, (300, 3))
    z = np.random.default_rng(0).standard_normal((300, gan.z_dim)).astype(np.float32)
    images = gan.sample(z, codes).numpy()
    _, probabilities = evaluate.mnist_classifier_extractor((28, 28, 3))(images)
    purity = metrics_lib.channel_code_purity(codes, probabilities.argmax(-1))
    values = report["metrics"]
    assert values["channel_code_purity"] == pytest.approx(np.diag(purity).mean(), abs=1 / 300)
    assert values["channel_code_purity_min"] == pytest.approx(np.diag(purity).min(), abs=1 / 300)
    assert values["channel_code_purity_off"] == pytest.approx(purity[~np.eye(3, dtype=bool)].max(), abs=1 / 300)
    assert {"stacked_mnist_modes", "stacked_mnist_kl"} <= set(values)
    with pytest.raises(evaluate.EvaluationError, match="rejection sampling keeps samples of its own"):
        evaluate.evaluate(gan, config, ["channel_codes"], 100, cache_dir=str(tmp_path),
                          rejection=lambda: (None, None))
