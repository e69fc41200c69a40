"""Images/s of the trainer's input pipeline on its own, beside the train step it feeds.

    TFDS_DATA_DIR=../shared/tfds python benchmarks/input_pipeline.py
    python benchmarks/input_pipeline.py --data_dir ../shared/tfds --only mnist

Two pipelines, each built by `trainers.train.make_dataset` from a preset,
exactly as a training run builds it (decode, cache, shuffle, parallel map,
batch, prefetch):

- `mnist`: the prepared TFDS MNIST records to dcgan_mnist's batches
  (28x28x1, batch 256), fed to the dcgan_mnist step.
- `jpeg_folder_64`: a folder of CelebA-sized JPEGs (218x178x3, written by
  this script) centre-cropped and resized to dcgan64's batches (64x64x3,
  batch 64), fed to the dcgan64 step. CelebA itself cannot be downloaded
  here; the files have its size and format.

"cold" is the first pass, which reads and decodes every file and fills the
cache; "warm" is a later pass, served from the cache (what a run sees from
its second epoch on). Batches are pulled as the trainer pulls them, from
`strategy.experimental_distribute_dataset`, without copying them back.
The train step is our compiled step on the same preset and batch, timed in
the same run; headroom is the slower of the two pipeline rates over it.

Prints one line per pipeline:
    pipeline=<name> batch=<b> cold_images_per_s=<x> warm_images_per_s=<y> train_step_images_per_s=<s> headroom=<min(x, y)/s>
"""

import argparse
import os
import sys
import tempfile
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from command_line import positive_float, positive_int, run_script  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import throughput  # noqa: E402

from tfgan_zoo.trainers.train import make_dataset  # noqa: E402

CELEB_A_SHAPE = (218, 178, 3)


def write_jpeg_folder(path, count, seed=0):
    """`count` CelebA-sized JPEG files of smooth random colour, as a camera's files compress."""
    rng = np.random.default_rng(seed)
    height, width, _ = CELEB_A_SHAPE
    for index in range(count):
        coarse = rng.uniform(0, 255, (height // 8 + 1, width // 8 + 1, 3)).astype(np.float32)
        image = tf.image.resize(coarse, [height, width], method="bilinear")
        encoded = tf.io.encode_jpeg(tf.cast(image, tf.uint8), quality=95)
        tf.io.write_file(os.path.join(path, f"{index:06d}.jpg"), encoded)


def images_per_s(batches, batch, count):
    """Pulls `count` batches (each is ready once the iterator returns it); returns images/s."""
    start = time.perf_counter()
    for _ in range(count):
        next(batches)
    return count * batch / (time.perf_counter() - start)


def measure(name, preset, batch, overrides, data_dir, examples, step_seconds):
    config, gan = throughput.built(preset, batch, overrides)
    strategy = tf.distribute.get_strategy()
    dataset = make_dataset(config, data_dir, d_steps=1)
    batches = iter(strategy.experimental_distribute_dataset(dataset))
    per_pass = examples // batch
    cold = images_per_s(batches, batch, per_pass)
    images_per_s(batches, batch, per_pass)  # the rest of any partly cached pass
    warm = images_per_s(batches, batch, per_pass)

    step = throughput.images_per_s(throughput.ours(gan, config, batch), batch, 3, step_seconds)
    print(f"pipeline={name} batch={batch} cold_images_per_s={cold:.0f} warm_images_per_s={warm:.0f} "
          f"train_step_images_per_s={step:.1f} headroom={min(cold, warm) / step:.1f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data_dir", default=None, help="TFDS data dir holding mnist (default: TFDS_DATA_DIR)")
    parser.add_argument("--only", choices=("mnist", "jpeg_folder_64"), help="one pipeline")
    parser.add_argument("--jpeg_files", type=positive_int, default=4096, help="files in the JPEG folder")
    parser.add_argument("--step_seconds", type=positive_float, default=10.0, help="timed seconds of the train step")
    args = parser.parse_args()
    if args.only in (None, "mnist"):
        measure("mnist", "dcgan_mnist", 256, [], args.data_dir, 60_000, args.step_seconds)
    if args.only in (None, "jpeg_folder_64"):
        with tempfile.TemporaryDirectory() as folder:
            write_jpeg_folder(folder, args.jpeg_files)
            overrides = ["data.name=image_folder", f"data.path={folder}"]
            measure("jpeg_folder_64", "dcgan64", 64, overrides, None, args.jpeg_files, args.step_seconds)


if __name__ == "__main__":
    run_script(main)
