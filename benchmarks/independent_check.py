"""An independent judge of a trained image GAN: a classifier that is not the shipped one, on MNIST or any labelled folder.

    pip install -e ".[benchmarks]"        # scikit-learn, matplotlib
    TFDS_DATA_DIR=../shared/tfds python benchmarks/independent_check.py --workdir runs/dcgan_mnist_small
    python benchmarks/independent_check.py --workdir runs/fashion --data_path data/fashion_mnist

The judge is scikit-learn's MLPClassifier (two ReLU layers of 512 and 256
units, Adam, early stopping on a tenth of the data) on raw pixels: another
library, model family and training than the shipped convolutional MNIST
classifier, so a recipe tuned to that classifier's quirks gains nothing here.
It trains on the training split of the workdir's own dataset (MNIST from
TFDS, or DATA_PATH/train/<class>/*.png) and reports, for --num_samples
generated images and for the held-out real images (MNIST's test split or
DATA_PATH/test; the ceiling any generator can reach):

- confident: the share whose top class has probability > 0.9;
- class_min / class_max: the rarest and the commonest predicted class's share;
- frechet: the Fréchet distance between the judge's last hidden layer
  (256-d) features of the generated and the held-out images;
- the judge's own accuracy on the held-out images.

The same scores of as many real training images give the floor of the
distance (two samples of the real distribution).

A workdir trained on Stacked MNIST (PacGAN's Table 2 data, three MNIST
digits as the channels) is scored as PacGAN scores it, with this judge in
place of the shipped classifier: the judge reads each channel's digit, a
sample's mode is the triple, and the report gives the modes found (of
1000), KL(modes || uniform), the part of that KL the channels' own digit
frequencies explain (`stacked_mnist_marginal_kl`) and the share of channel
images read with confidence > 0.9. The same scores of as many triples of
held-out real digits, each channel drawn independently as the data is built,
give what a perfect generator would score under this judge.

Samples of a model trained on padded images (data.pad_to) are cropped back to
the dataset's own side before judging, as `tfgan-zoo eval` does.
"""

import argparse
import json
import os
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import numpy as np  # noqa: E402
from command_line import count, positive_int, run_script  # noqa: E402
from PIL import Image  # noqa: E402

from tfgan_zoo import errors  # noqa: E402
from tfgan_zoo.export import load_trained_gan  # noqa: E402
from tfgan_zoo.export.checkpoint import read_saved_config  # noqa: E402
from tfgan_zoo.metrics import frechet_distance, stacked_mnist_coverage, stacked_mnist_marginal_kl  # noqa: E402
from tfgan_zoo.trainers.evaluate import generated_batches, in_dataset_frame  # noqa: E402

CONFIDENT = 0.9


def folder_split(path):
    """(images [n, h, w] uint8, labels) of PATH/<class>/*.png, classes in sorted order."""
    images, labels = [], []
    names = sorted(name for name in os.listdir(path) if os.path.isdir(os.path.join(path, name)))
    for label, name in enumerate(names):
        folder = os.path.join(path, name)
        for file in sorted(os.listdir(folder)):
            try:
                image = np.asarray(Image.open(os.path.join(folder, file)).convert("L"))
            except (OSError, ValueError) as error:  # PIL's UnidentifiedImageError is an OSError
                raise errors.DataError(f"{os.path.join(folder, file)} is not an image PIL can read: "
                                       f"{errors.reason_of(error)}") from error
            if images and image.shape != images[0].shape:
                raise errors.DataError(f"{os.path.join(folder, file)} is {image.shape[1]}x{image.shape[0]}, "
                                       f"the folder's first image {images[0].shape[1]}x{images[0].shape[0]}; "
                                       "the judge needs one size")
            images.append(image)
            labels.append(label)
    return np.stack(images), np.asarray(labels)


def check_image_folder(parser, path):
    """Refuses, as a usage error, a --data_path without train/<class>/ and test/<class>/ of the same
    classes, each holding at least one file."""
    classes = {}
    for split in ("train", "test"):
        folder = os.path.join(path, split)
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        names = [name for name in names if os.path.isdir(os.path.join(folder, name))]
        empty = [name for name in names if not os.listdir(os.path.join(folder, name))]
        if not names or empty:
            parser.error(f"--data_path: {folder} must hold a folder of images per class"
                         f"{f'; empty: {empty}' if empty else ''}")
        classes[split] = names
    if classes["train"] != classes["test"]:
        parser.error(f"--data_path: train/ and test/ have different classes: {classes['train']} and "
                     f"{classes['test']}")


def mnist_split(split, data_dir):
    import tensorflow_datasets as tfds

    images, labels = tfds.as_numpy(tfds.load("mnist", split=split, data_dir=data_dir, batch_size=-1,
                                              as_supervised=True))
    return images[..., 0], labels


def train_judge(images, labels, seed):
    from sklearn.neural_network import MLPClassifier

    judge = MLPClassifier(hidden_layer_sizes=(512, 256), early_stopping=True, validation_fraction=0.1,
                          max_iter=60, random_state=seed)
    return judge.fit(images.reshape(len(images), -1) / 255.0, labels)


def last_hidden(judge, pixels):
    """The judge's last hidden layer (ReLU) for pixels in [0, 1] [n, h * w]."""
    hidden = pixels
    for weights, bias in zip(judge.coefs_[:-1], judge.intercepts_[:-1], strict=True):
        hidden = np.maximum(hidden @ weights + bias, 0.0)
    return hidden


def judge_images(judge, images, reference_features=None):
    """Scores uint8-range float images [n, h, w] in [0, 255]."""
    pixels = images.reshape(len(images), -1) / 255.0
    probabilities = judge.predict_proba(pixels)
    shares = np.bincount(probabilities.argmax(-1), minlength=len(judge.classes_)) / len(images)
    scores = {"confident": float(np.mean(probabilities.max(-1) > CONFIDENT)),
              "class_min": float(shares.min()), "class_max": float(shares.max())}
    features = last_hidden(judge, pixels)
    if reference_features is not None:
        scores["frechet"] = float(frechet_distance(features.mean(0), np.cov(features, rowvar=False),
                                                   reference_features.mean(0),
                                                   np.cov(reference_features, rowvar=False)))
    return scores, features


def judge_triples(judge, channels):
    """PacGAN's Stacked MNIST scores of images [n, h, w, 3] in [0, 255], the judge reading each channel."""
    probabilities = np.stack([judge.predict_proba(channels[..., c].reshape(len(channels), -1) / 255.0)
                              for c in range(channels.shape[-1])], axis=1)
    digits = probabilities.argmax(-1)
    modes, kl = stacked_mnist_coverage(digits)
    return {"modes": modes, "kl": kl, "marginal_kl": stacked_mnist_marginal_kl(digits),
            "confident": float(np.mean(probabilities.max(-1) > CONFIDENT))}


def real_triples(images, count, seed):
    """count Stacked MNIST images [count, h, w, 3] of real digits, each channel an independent draw."""
    picks = np.random.default_rng(seed).integers(0, len(images), (count, 3))
    return np.stack([images[picks[:, c]] for c in range(3)], axis=-1).astype(np.float64)


def workdir_and_step(argument):
    """(workdir, step) of a --workdir argument: PATH for its newest checkpoint, PATH@N for step N's."""
    path, at, step = argument.rpartition("@")
    if at and step.isdigit():
        return path, int(step)
    return argument, None


def generated_images(workdir, num_samples, side, seed, step=None):
    """num_samples images of the workdir's sampling generator (of its checkpoint of `step`, else its
    newest) as [n, side, side, channels] floats in [0, 255]."""
    gan, config, _ = load_trained_gan(workdir, step=step)
    data = config["data"]
    batches = []
    for batch in generated_batches(gan, num_samples, seed):
        batch = in_dataset_frame(batch, data, side)
        batches.append(np.clip((batch.numpy() + 1.0) * 127.5, 0.0, 255.0))
    return np.concatenate(batches), config


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", required=True, action="append",
                        help="a trained workdir, or WORKDIR@N for its checkpoint of step N (kept ones included); "
                             "repeat the flag to judge several with one judge")
    parser.add_argument("--data_path", help="a folder with train/<class>/ and test/<class>/ images "
                                            "(default: MNIST from TFDS)")
    parser.add_argument("--num_samples", type=positive_int, default=10_000)
    parser.add_argument("--train_images", type=count, default=0,
                        help="train the judge on the first N training images only (0: all of them)")
    parser.add_argument("--seed", type=count, default=0)
    parser.add_argument("--out", help="write the report as JSON here")
    args = parser.parse_args()
    not_trained = [workdir for workdir in args.workdir if read_saved_config(workdir_and_step(workdir)[0]) is None]
    if not_trained:  # before the judge's minutes of training
        parser.error(f"--workdir: not a training workdir (no config.json): {', '.join(not_trained)}")
    start = time.perf_counter()
    if args.data_path:
        check_image_folder(parser, args.data_path)
        train_images, train_labels = folder_split(os.path.join(args.data_path, "train"))
        test_images, test_labels = folder_split(os.path.join(args.data_path, "test"))
    else:
        data_dir = os.environ.get("TFDS_DATA_DIR")
        train_images, train_labels = mnist_split("train", data_dir)
        test_images, test_labels = mnist_split("test", data_dir)
    if args.train_images:
        train_images, train_labels = train_images[:args.train_images], train_labels[:args.train_images]
    judge = train_judge(train_images, train_labels, args.seed)
    accuracy = float(judge.score(test_images.reshape(len(test_images), -1) / 255.0, test_labels))
    _, real_features = judge_images(judge, test_images.astype(np.float64))
    # The floor of the distance: as many training images as samples, against the held-out ones.
    subset = np.random.default_rng(args.seed).permutation(len(train_images))[:args.num_samples]
    train_scores, _ = judge_images(judge, train_images[subset].astype(np.float64), real_features)
    real_scores, _ = judge_images(judge, test_images.astype(np.float64))
    report = {"judge": "sklearn MLPClassifier(512, 256) on pixels", "judge_accuracy": accuracy,
              "judge_train_seconds": round(time.perf_counter() - start, 1),
              "held_out_real": {**real_scores, "count": len(test_images)},
              "training_images": {**train_scores, "count": len(subset)}, "workdirs": {}}
    print(f"judge: accuracy {accuracy:.4f} on {len(test_images)} held-out images", flush=True)
    print("held-out reals: " + " ".join(f"{k}={v:.4g}" for k, v in real_scores.items()), flush=True)
    print(f"{len(subset)} training images: " + " ".join(f"{k}={v:.4g}" for k, v in train_scores.items()),
          flush=True)
    side = train_images.shape[1]
    for workdir in args.workdir:
        path, step = workdir_and_step(workdir)
        images, config = generated_images(path, args.num_samples, side, args.seed, step=step)
        if config["data"]["name"] == "stacked_mnist":
            if "held_out_real_triples" not in report:
                real_scores = judge_triples(judge, real_triples(test_images, args.num_samples, args.seed))
                report["held_out_real_triples"] = {**real_scores, "count": args.num_samples}
                print(f"{args.num_samples} triples of held-out reals: "
                      + " ".join(f"{k}={v:.4g}" for k, v in real_scores.items()), flush=True)
            scores = judge_triples(judge, images)
        else:
            scores, _ = judge_images(judge, images[..., 0], real_features)
        report["workdirs"][workdir] = {**scores, "count": len(images)}
        print(f"{workdir}: " + " ".join(f"{k}={v:.4g}" for k, v in scores.items()), flush=True)
    if args.out:
        with open(args.out, "w") as file:
            json.dump(report, file, indent=1)


if __name__ == "__main__":
    run_script(main)
