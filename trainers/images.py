"""Image grids for TensorBoard and PNG files."""

import math

import numpy as np
import tensorflow as tf


def to_uint8(images):
    """float images in [-1, 1] -> uint8 in [0, 255], values outside clipped."""
    images = np.asarray(images, dtype=np.float32)
    return np.clip(np.round((images + 1.0) * 127.5), 0, 255).astype(np.uint8)


def make_grid(images, columns=None, padding=2):
    """[N, H, W, C] floats in [-1, 1] -> one uint8 [rows*H', columns*W', C] grid.

    Rows are filled left to right; `columns` defaults to ceil(sqrt(N)), and
    `padding` black pixels separate the cells.
    """
    images = to_uint8(images)
    count, height, width, channels = images.shape
    columns = columns or math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    cell_h, cell_w = height + padding, width + padding
    grid = np.zeros((rows * cell_h + padding, columns * cell_w + padding, channels), np.uint8)
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        top, left = padding + row * cell_h, padding + column * cell_w
        grid[top:top + height, left:left + width] = image
    return grid


def write_png(path, grid):
    """Writes a uint8 [H, W, C] grid as a PNG (via a temporary name, then rename)."""
    tmp = path + ".tmp"
    tf.io.write_file(tmp, tf.io.encode_png(grid))
    tf.io.gfile.rename(tmp, path, overwrite=True)
