"""Train the MNIST classifier whose weights ship with the package (tfgan_zoo.metrics.mnist_classifier).

    python -m tfgan_zoo.trainers.train_mnist_classifier --data_dir=../shared/tfds

Trains on the MNIST train split with random shifts of up to 2 pixels, reports
the accuracy on the test split, and writes the weights and a JSON report
(accuracy, epochs, seed, command) into tfgan_zoo/metrics/assets/. It refuses
to write weights whose test accuracy is below --min_accuracy.
"""

import argparse
import json
import os
import sys
import time

import keras
import tensorflow as tf

from tfgan_zoo.data import tfds_source, to_model_range
from tfgan_zoo.metrics import mnist_classifier as classifier_lib


def batches(split, data_dir, batch_size, training, seed):
    source = tfds_source("mnist", split=split, data_dir=data_dir)
    dataset = source.dataset.cache()
    if training:
        dataset = dataset.shuffle(60_000, seed=seed)

    def prepare(example):
        image = to_model_range(example["image"], 28)
        if training:  # a random shift of up to 2 pixels: pad with background, crop back
            image = tf.pad(image, [[2, 2], [2, 2], [0, 0]], constant_values=-1.0)
            image = tf.image.random_crop(image, [28, 28, 1], seed=seed)
        return image, example["label"]

    return dataset.map(prepare, num_parallel_calls=tf.data.AUTOTUNE).batch(batch_size).prefetch(2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data_dir", default=os.environ.get("TFDS_DATA_DIR"))
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch_size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min_accuracy", type=float, default=0.99)
    parser.add_argument("--out_dir", default=classifier_lib.ASSETS_DIR)
    args = parser.parse_args(argv)
    keras.utils.set_random_seed(args.seed)
    model = classifier_lib.mnist_classifier()
    model.compile(keras.optimizers.Adam(1e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(batches("train", args.data_dir, args.batch_size, True, args.seed), epochs=args.epochs,
              verbose=2 if not sys.stderr.isatty() else 1)
    _, accuracy = model.evaluate(batches("test", args.data_dir, 1000, False, args.seed), verbose=0)
    print(f"test accuracy {accuracy:.4f} after {args.epochs} epochs ({time.perf_counter() - start:.0f} s)")
    if accuracy < args.min_accuracy:
        print(f"error: test accuracy {accuracy:.4f} is below --min_accuracy={args.min_accuracy}; "
              "nothing written", file=sys.stderr)
        return 1
    os.makedirs(args.out_dir, exist_ok=True)
    # A fresh, uncompiled copy: the shipped file holds the weights, not Adam's slots.
    shipped = classifier_lib.mnist_classifier()
    shipped.set_weights(model.get_weights())
    shipped.save_weights(os.path.join(args.out_dir, classifier_lib.WEIGHTS_FILE))
    report = {"test_accuracy": round(float(accuracy), 5), "epochs": args.epochs, "seed": args.seed,
              "batch_size": args.batch_size,
              "command": "python -m tfgan_zoo.trainers.train_mnist_classifier " + " ".join(argv or sys.argv[1:])}
    with open(os.path.join(args.out_dir, classifier_lib.REPORT_FILE), "w") as file:
        json.dump(report, file, indent=1)
    print(f"wrote {args.out_dir}/{classifier_lib.WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
