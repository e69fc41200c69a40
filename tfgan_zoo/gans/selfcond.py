"""Self-conditioned GAN (Liu et al. 2020, arXiv 2006.10728): a conditional GAN on clusters of D's features."""

import keras
import numpy as np
import tensorflow as tf

from tfgan_zoo import clustering
from tfgan_zoo.gans.gan import GAN
from tfgan_zoo.networks.aids import feature_layer
from tfgan_zoo.registry import VARIANTS

# Real examples per batch when their features are computed for a clustering.
_FEATURE_BATCH = 500


@VARIANTS.register("selfcond")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class SelfConditionedGAN(GAN):
    """A class-conditional GAN whose classes are clusters of the discriminator's features
    of real data, found without labels:

        y(x) = argmin_j ||phi(x) - mu_j||^2,
        min_G max_D E_x log D(x, y(x)) + E_{x,z} log(1 - D(G(z, y(x)), y(x)))

    (non-saturating for G by default; any objective by name), phi being the
    features at the input of D's last weighted layer (flattened) in a frozen copy
    of D taken at the last clustering, and mu_1..mu_k the k-means centers of phi
    over a fixed set of N real examples. Each real example gets its cluster's
    label; generated examples take the labels of the real batch they are paired
    with, so G draws each cluster at its share of the data. Sampling draws a
    label from the clusters' shares of the clustered set.

    As the authors' code (stevliu/self-conditioned-gan): the first clustering
    comes before the first step (D as initialized), k-means++ seeds and the
    best of `cluster_inits` runs; every `recluster_every` steps after it the
    copy of D is refreshed and k-means starts from the means of the new
    features under the previous labels, and the new clusters are relabelled
    by a Hungarian matching to the previous labels (`tfgan_zoo.clustering`).
    Their Stacked MNIST run: k = 100, N = 25,000, a clustering every 25,000
    steps. Where this differs: a conditional network of the zoo carries the
    label (the DCGAN pair's conditional batch norm in G and projection in D;
    their D picks one of k logits), and the seeding draws one candidate per
    seed (scikit-learn's greedy k-means++ tries 2 + log k).

    Clusters are fitted between steps by the trainer (`refit_due`, `refit`),
    not inside `train_step`; before the first clustering every example is in
    cluster 0.

    Args:
        num_classes: k, the number of clusters (the conditional networks'
            classes: `data.num_classes` in a config; the data's own labels are
            never read).
        cluster_examples: N, the real examples clustered (the first N of the run's data stream).
        recluster_every: steps between clusterings after the first (0: only the first).
        cluster_inits: k-means++ restarts of the first clustering, the lowest inertia kept.
        objective: see `GAN`; "non_saturating" by default.
        See `GAN` for the rest.
    """

    refused_aids = {"packing": "a pack of several examples has no single cluster label"}
    test_networks = {
        "generator": {"name": "dcgan_generator", "resolution": 8, "channels": 1, "z_dim": 8, "base_filters": 4,
                      "conditional": True, "num_classes": 3},
        "discriminator": {"name": "dcgan_discriminator", "resolution": 8, "channels": 1, "base_filters": 4,
                          "conditional": True, "num_classes": 3},
    }

    def __init__(self, generator, discriminator, num_classes=100, cluster_examples=25_000, recluster_every=25_000,
                 cluster_inits=10, objective="non_saturating", **kwargs):
        if num_classes < 1:
            raise ValueError(f"num_classes (the clusters) must be >= 1, got {num_classes}")
        if cluster_examples < num_classes:
            raise ValueError(f"cluster_examples={cluster_examples} cannot fill {num_classes} clusters; "
                             f"use at least num_classes examples")
        if recluster_every < 0:
            raise ValueError(f"recluster_every must be >= 0 (0: cluster once), got {recluster_every}")
        if cluster_inits < 1:
            raise ValueError(f"cluster_inits must be >= 1, got {cluster_inits}")
        super().__init__(generator, discriminator, objective=objective, num_classes=num_classes, **kwargs)
        self.cluster_examples = cluster_examples
        self.recluster_every = recluster_every
        self.cluster_inits = cluster_inits
        # The frozen copy of D whose features are clustered, refreshed at each clustering.
        self.frozen_discriminator = keras.models.clone_model(discriminator)
        features = feature_layer(self.frozen_discriminator).input
        self.feature_extractor = keras.Model(self.frozen_discriminator.inputs[0], keras.layers.Flatten()(features),
                                             name="cluster_features")
        feature_size = self.feature_extractor.output_shape[-1]
        self.cluster_centers = self.add_weight(shape=(num_classes, feature_size), initializer="zeros",
                                               trainable=False, name="cluster_centers")
        self.cluster_shares = self.add_weight(shape=(num_classes,), initializer="ones", trainable=False,
                                              name="cluster_shares")
        self.cluster_shares.assign(tf.fill([num_classes], 1.0 / num_classes))
        # The step of the last clustering; -1 before the first.
        self.clustered_at = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                            name="clustered_at", aggregation="only_first_replica")
        self.clustered_at.assign(-1)

    def checkpoint_items(self):
        return {**super().checkpoint_items(), "frozen_discriminator": self.frozen_discriminator,
                "clusters": [self.cluster_centers, self.cluster_shares, self.clustered_at]}

    # ------------------------------------------------------------ the labels

    def step_labels(self, real_images, labels):
        """Each real example's cluster (the data's labels are not read)."""
        del labels
        return self._nearest_clusters(self.feature_extractor(real_images, training=False))

    def _nearest_clusters(self, features):
        centers = tf.cast(self.cluster_centers, features.dtype)
        squared = (tf.reduce_sum(centers * centers, axis=1)[None, :]
                   - 2.0 * tf.matmul(features, centers, transpose_b=True))
        return tf.argmin(squared, axis=1, output_type=tf.int32)

    def label_probabilities(self):
        """The clusters' shares of the clustered set: sampling draws labels from them."""
        return self.cluster_shares.numpy()

    # ------------------------------------------------------- the clustering

    def refit_due(self, step):
        """N when the clusters are due before train step `step` (none yet, or `recluster_every`
        steps since the last clustering), else 0."""
        last = int(self.clustered_at.numpy())
        due = last < 0 or (self.recluster_every and step >= last + self.recluster_every)
        return self.cluster_examples if due else 0

    def refit(self, real_images, step):
        """Clusters the features of `real_images` (the run's first N) by the current D; returns
        a line saying what it found.

        Call between steps. The k-means seeds come from (model seed, step), so a resumed run
        clusters as an uninterrupted one does.
        """
        real_images = np.asarray(real_images, np.float32)
        k = self.num_classes
        if len(real_images) < k:
            raise ValueError(f"{len(real_images)} real examples cannot fill {k} clusters")
        rng = np.random.default_rng([self.seed, step])
        first = int(self.clustered_at.numpy()) < 0
        previous = None if first else self._nearest_clusters(tf.constant(self._features(real_images))).numpy()
        for frozen, live in zip(self.frozen_discriminator.weights, self.discriminator.weights, strict=True):
            frozen.assign(live)
        features = self._features(real_images)
        start = None if first else clustering.means_of(features, previous, k, rng)
        centers, labels = clustering.kmeans(features, k, rng, initial_centers=start, inits=self.cluster_inits)
        if not first:
            permutation = clustering.matching_permutation(labels, previous, k)
            order = np.argsort(permutation)  # the new cluster that takes each old label
            centers, labels = centers[order], permutation[labels]
        shares = np.bincount(labels, minlength=k) / len(labels)
        self.cluster_centers.assign(centers)
        self.cluster_shares.assign(shares.astype(np.float32))
        self.clustered_at.assign(step)
        matched = "" if first else ", labels matched to the last clustering's"
        return (f"{k} clusters of D's features of {len(real_images):,} real examples, shares "
                f"{shares.min():.2%} to {shares.max():.2%}{matched}")

    def _features(self, images):
        """The frozen D's features [N, F] of `images`, a batch at a time."""
        return np.concatenate([self.feature_extractor(images[start:start + _FEATURE_BATCH], training=False).numpy()
                               for start in range(0, len(images), _FEATURE_BATCH)])

    # --------------------------------------------------------------- config

    def get_config(self):
        return {**super().get_config(), "cluster_examples": self.cluster_examples,
                "recluster_every": self.recluster_every, "cluster_inits": self.cluster_inits}
