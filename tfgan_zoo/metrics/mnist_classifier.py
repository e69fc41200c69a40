"""The project's MNIST classifier: the feature extractor of MNIST scores.

A small convolutional network trained by `python -m tfgan_zoo.trainers.train_mnist_classifier`
on the MNIST train split; its weights ship inside the package
(`assets/mnist_classifier.weights.h5`), so the Fréchet classifier distance,
classifier score, class accuracy of conditional models and the Stacked MNIST
mode count need no download. The shipped weights' test accuracy is written
beside them in `assets/mnist_classifier.json` by the training script.

Inputs are 28x28x1 images in [-1, 1] (the generators' range); outputs are 10
logits. `FEATURE_LAYER` names the 128-unit penultimate layer whose
activations are the features of the Fréchet classifier distance.
"""

import os

import keras
from keras import layers

FEATURE_LAYER = "features"
# Where the shipped weights and their report live (package data; names only, no I/O).
ASSETS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "assets")
WEIGHTS_FILE = "mnist_classifier.weights.h5"
REPORT_FILE = "mnist_classifier.json"


def mnist_classifier(name="mnist_classifier"):
    """28x28x1 in [-1, 1] -> 10 logits; `FEATURE_LAYER` is the 128-d penultimate layer."""
    images = keras.Input((28, 28, 1), name="images")
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(images)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.3)(x)
    features = layers.Dense(128, activation="relu", name=FEATURE_LAYER)(x)
    logits = layers.Dense(10, name="logits")(layers.Dropout(0.3)(features))
    return keras.Model(images, logits, name=name)


def features_and_logits(classifier):
    """A model sharing the classifier's layers that returns [features, logits]."""
    return keras.Model(classifier.inputs, [classifier.get_layer(FEATURE_LAYER).output, classifier.output],
                       name=f"{classifier.name}_features")
