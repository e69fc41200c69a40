"""The self-conditioned GAN: its k-means and cluster matching, its labels, and its runs."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from sklearn.cluster import KMeans

from tests.gans.test_distribution import rounding_tolerance
from tests.gans.test_harness import real_images, tiny_gan
from tfgan_zoo import clustering
from tfgan_zoo import export as export_lib
from tfgan_zoo.export.checkpoint import load_trained_gan
from tfgan_zoo.export.saved_model import read_saved_model_metadata
from tfgan_zoo.gans.selfcond import SelfConditionedGAN
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers import evaluate
from tfgan_zoo.trainers import train as train_lib
from tfgan_zoo.trainers.train import train

EPS32 = np.finfo(np.float32).eps


def planted(seed=0, clusters=20, per_cluster=250, dims=16):
    """Points around `clusters` far-apart centers, and each point's center."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(clusters, dims)) * 10
    truth = np.repeat(np.arange(clusters), per_cluster)
    return (centers[truth] + rng.normal(size=(len(truth), dims))).astype(np.float32), truth


def test_kmeans_finds_planted_clusters_at_scikit_learns_inertia():
    points, truth = planted()
    centers, labels = clustering.kmeans(points, 20, np.random.default_rng(1))
    permutation = clustering.matching_permutation(labels, truth, 20)
    assert np.array_equal(permutation[labels], truth)
    inertia = float(np.sum((points.astype(np.float64) - centers[labels]) ** 2))
    reference = KMeans(20, n_init=10, random_state=0).fit(points.astype(np.float64)).inertia_
    # Each point's distance is taken in float32 from ||x||^2 - 2 x.c + ||c||^2, so its error is
    # within a few float32 roundings of (||x|| + ||c||)^2; the centers' own rounding adds no more.
    bound = 4 * EPS32 * np.sum((np.linalg.norm(points, axis=1) + np.linalg.norm(centers[labels], axis=1)) ** 2)
    assert abs(inertia - reference) <= bound, (inertia, reference, bound)


def test_matching_undoes_a_relabelling_even_with_some_points_moved():
    rng = np.random.default_rng(0)
    old = rng.integers(0, 12, 3000)
    relabel = rng.permutation(12)
    new = relabel[old]
    moved = rng.random(3000) < 0.2
    new[moved] = rng.integers(0, 12, moved.sum())
    permutation = clustering.matching_permutation(new, old, 12)
    assert np.array_equal(permutation[relabel], np.arange(12))


def test_a_cluster_without_points_takes_one_of_them():
    points = np.arange(12, dtype=np.float32).reshape(6, 2)
    means = clustering.means_of(points, np.array([0, 0, 2, 2, 2, 0]), 3, np.random.default_rng(0))
    np.testing.assert_allclose(means[0], points[[0, 1, 5]].mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(means[2], points[[2, 3, 4]].mean(axis=0), rtol=1e-6)
    assert any(np.array_equal(means[1], point) for point in points)


def selfcond(**kwargs):
    gan = tiny_gan("selfcond", {"cluster_examples": 40, "recluster_every": 3, "cluster_inits": 2, **kwargs})
    gan.compile(keras.optimizers.Adam(1e-2), keras.optimizers.Adam(1e-2), jit_compile=False)
    return gan


def nearest(features, centers):
    return np.argmin(((features[:, None, :] - centers[None]) ** 2).sum(axis=-1), axis=1)


def test_labels_are_the_nearest_centers_of_the_features_of_d_frozen_at_the_clustering():
    gan = selfcond()
    images = np.concatenate([real_images(gan, seed) for seed in range(10)])
    assert gan.refit_due(0) == 40
    gan.refit(images, 0)
    for frozen, live in zip(gan.frozen_discriminator.weights, gan.discriminator.weights, strict=True):
        np.testing.assert_array_equal(frozen.numpy(), live.numpy())
    features = gan.feature_extractor(images, training=False).numpy()
    gan.fit(images[:4], np.zeros(4, np.int32), batch_size=4, epochs=2, verbose=0, shuffle=False)
    # D has moved on; the clustering's copy has not.
    assert any(not np.array_equal(f.numpy(), d.numpy())
               for f, d in zip(gan.frozen_discriminator.weights, gan.discriminator.weights, strict=True))
    np.testing.assert_array_equal(gan.feature_extractor(images, training=False).numpy(), features)
    labels = gan.step_labels(images, None).numpy()
    np.testing.assert_array_equal(labels, nearest(features, gan.cluster_centers.numpy()))
    np.testing.assert_allclose(gan.label_probabilities(), np.bincount(labels, minlength=3) / 40, atol=1e-7)


def test_a_clustering_is_due_first_then_every_recluster_every_steps():
    gan = selfcond()
    images = np.concatenate([real_images(gan, seed) for seed in range(10)])
    gan.refit(images, 0)
    assert [gan.refit_due(step) for step in (1, 2, 3)] == [0, 0, 40]
    once = selfcond(recluster_every=0)
    once.refit(images, 0)
    assert once.refit_due(10_000) == 0


def test_reclustering_the_same_features_keeps_every_label():
    gan = selfcond()
    images = np.concatenate([real_images(gan, seed) for seed in range(10)])
    gan.refit(images, 0)
    labels, centers = gan.step_labels(images, None).numpy(), gan.cluster_centers.numpy()
    assert "matched" in gan.refit(images, 3)
    np.testing.assert_array_equal(gan.step_labels(images, None).numpy(), labels)
    np.testing.assert_allclose(gan.cluster_centers.numpy(), centers, rtol=1e-5, atol=1e-6)


def test_samples_draw_their_labels_at_the_cluster_shares():
    gan = selfcond()
    gan.cluster_shares.assign([0.75, 0.25, 0.0])
    labels = evaluate.sampled_labels(gan, np.random.default_rng(0), 4000)
    assert not np.any(labels == 2)
    # Binomial(4000, 0.75): five standard deviations either side.
    assert abs(np.mean(labels == 0) - 0.75) <= 5 * np.sqrt(0.75 * 0.25 / 4000)


@pytest.mark.parametrize("bad", [{"cluster_examples": 2}, {"recluster_every": -1}, {"cluster_inits": 0}])
def test_settings_that_cannot_cluster_are_refused(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        selfcond(**bad)


def test_the_preset_clusters_before_its_first_step_and_a_resumed_run_reclusters_as_an_uninterrupted_one(
        tmp_path, mnist_data_dir):
    config = config_lib.apply_overrides(config_lib.preset_config("selfcond_stacked_mnist"), [
        "train.steps=2", "train.batch_size=8", "train.checkpoint_every=2", "train.sample_every=2",
        "train.log_every=1", "train.num_samples=4", "data.split=test", "data.shuffle_buffer=64",
        "data.num_classes=4", "variant.cluster_examples=32", "variant.recluster_every=2"])
    workdir = str(tmp_path / "run")
    train(config, workdir, data_dir=mnist_data_dir, progress=False)
    stopped, resolved, _ = load_trained_gan(workdir)
    assert int(stopped.clustered_at.numpy()) == 0 and stopped.refit_due(2) == 32
    # What an uninterrupted run does before step 2: the clustering from the state at step 2.
    assert train_lib.refit_if_due(stopped, resolved, mnist_data_dir, 2, progress=False)
    train(config_lib.apply_overrides(config, ["train.steps=3"]), workdir, data_dir=mnist_data_dir, progress=False)
    resumed = load_trained_gan(workdir)[0]
    assert int(resumed.clustered_at.numpy()) == 2
    for variable in ("cluster_centers", "cluster_shares"):
        np.testing.assert_array_equal(getattr(resumed, variable).numpy(), getattr(stopped, variable).numpy())
    # Scored as any Stacked MNIST run, its labels drawn at the cluster shares.
    report = evaluate.evaluate(resumed, resolved, ["stacked_mnist"], 50, cache_dir=str(tmp_path / "eval"))
    assert 1 <= report["metrics"]["stacked_mnist_modes"] <= 50
    # The export tells a server the shares to draw labels from, as the evaluation drew them.
    # (The TFLite files take the same list into their metadata; their conversion is tested elsewhere.)
    shares = read_saved_model_metadata(export_lib.export_saved_model(workdir))["label_probabilities"]
    np.testing.assert_array_equal(np.float32(shares), resumed.cluster_shares.numpy())


def conditional_mlp_pair(classes):
    """[z, label] -> 6 values, and [x, label] -> the label's logit of `classes` (a mask head)."""
    z, label = keras.Input((4,), name="z"), keras.Input((), dtype="int32", name="label")
    hidden = keras.layers.Dense(8, activation="relu")(
        keras.layers.Concatenate()([z, keras.layers.Embedding(classes, 3)(label)]))
    generator = keras.Model([z, label], keras.layers.Dense(6, activation="tanh")(hidden))
    x, d_label = keras.Input((6,), name="images"), keras.Input((), dtype="int32", name="label")
    logits = keras.layers.Dense(classes)(keras.layers.Dense(8, activation="relu")(x))
    picked = keras.ops.take_along_axis(logits, keras.ops.expand_dims(d_label, 1), axis=1)
    return generator, keras.Model([x, d_label], picked)


def clustered_step(strategy, real):
    """Centers, shares and weights after a clustering of `real` and one train step under `strategy`."""
    keras.utils.set_random_seed(0)
    with strategy.scope():
        gan = SelfConditionedGAN(*conditional_mlp_pair(3), num_classes=3, cluster_examples=len(real),
                                 cluster_inits=2, seed=5)
        gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1))
    gan.refit(real, 0)
    batches = iter(strategy.experimental_distribute_dataset(tf.data.Dataset.from_tensor_slices(real[:8]).batch(8)))
    tf.function(lambda batch: strategy.run(gan.train_step, args=(batch,)))(next(batches))
    return [v.numpy() for v in [gan.cluster_centers, gan.cluster_shares, *gan.generator.trainable_variables,
                                *gan.discriminator.trainable_variables]]


def test_a_clustering_and_a_step_over_two_replicas_equal_them_on_one_device(mirrored):
    previous = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    try:
        real = np.random.default_rng(0).uniform(-1, 1, (40, 6))
        single, replicated = clustered_step(tf.distribute.get_strategy(), real), clustered_step(mirrored, real)
    finally:
        keras.config.set_floatx(previous[0])
        keras.config.set_dtype_policy(previous[1])
    for a, b in zip(single[:2], replicated[:2], strict=True):  # the same NumPy k-means on the same features
        np.testing.assert_array_equal(a, b)
    # The step's sums are taken over the batch or over two halves: they differ by rounding alone
    # (tests/gans/test_distribution.py derives this bound).
    for a, b in zip(single[2:], replicated[2:], strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=rounding_tolerance(steps=2))
