"""Image grids for TensorBoard and PNG files."""

import math
import os

import numpy as np
import tensorflow as tf

from tfgan_zoo import sampling
from tfgan_zoo.export.checkpoint import write_atomically


def class_rows(num_samples, num_classes):
    """(labels, columns) of a grid with one row per class: row k holds class k.

    With more classes than samples (the self-conditioned GAN's 100 clusters
    in a grid of 64), one sample per class instead, in class order across a
    square grid: a column of 100 single images would not show them.
    """
    if num_samples < num_classes:
        return np.arange(num_classes, dtype=np.int32), math.ceil(math.sqrt(num_classes))
    columns = num_samples // num_classes
    return np.repeat(np.arange(num_classes, dtype=np.int32), columns), columns


def make_grid(images, columns=None, padding=2):
    """[N, H, W, C] floats in [-1, 1] -> one uint8 [rows*H', columns*W', C] grid.

    Rows are filled left to right; `columns` defaults to ceil(sqrt(N)), and
    `padding` black pixels separate the cells.
    """
    images = sampling.to_uint8(images).numpy()  # the same pixels as exported `images_uint8`
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


# The image formats a grid can be written in, by the path's extension.
IMAGE_ENCODERS = {".png": tf.io.encode_png, ".jpg": lambda grid: tf.io.encode_jpeg(grid, quality=95),
                  ".jpeg": lambda grid: tf.io.encode_jpeg(grid, quality=95)}


def write_image(path, grid):
    """Writes a uint8 [H, W, C] grid in the format its extension names (IMAGE_ENCODERS), whole
    or not at all (`write_atomically`)."""
    write_atomically(path, IMAGE_ENCODERS[os.path.splitext(path)[1].lower()](grid).numpy())


def scatter_image(points, extent, size=256, centers=()):
    """2-D points as a uint8 [size, size, 3] picture: samples white, `centers` red.

    Args:
        points: [N, 2] array.
        extent: half the side of the square shown, centred on the origin.
        size: picture side in pixels.
        centers: [K, 2] positions drawn as small red crosses (e.g. the true modes).
    """
    image = np.zeros((size, size, 3), np.uint8)

    def to_pixels(xy):
        xy = np.asarray(xy, np.float64).reshape(-1, 2)
        columns = np.round((xy[:, 0] + extent) / (2 * extent) * (size - 1)).astype(int)
        rows = np.round((extent - xy[:, 1]) / (2 * extent) * (size - 1)).astype(int)
        inside = (columns >= 0) & (columns < size) & (rows >= 0) & (rows < size)
        return rows[inside], columns[inside]

    for d_row, d_col in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)):
        rows, columns = to_pixels(centers)
        image[np.clip(rows + d_row, 0, size - 1), np.clip(columns + d_col, 0, size - 1)] = (255, 0, 0)
    rows, columns = to_pixels(points)
    image[rows, columns] = 255
    return image


def mixture_scatter(points, mixture, size=256):
    """Generated 2-D points over a toy mixture's true modes (in red), framed to show all modes."""
    extent = 1.25 * float(np.abs(mixture.centers).max()) + 0.5
    return scatter_image(points, extent, size=size, centers=mixture.centers)


def attention_overlay(images, maps, query):
    """Each sample beside where its query position attends: uint8 [2 H, N W, 3] grid.

    Top row: the samples, the query pixel marked red. Bottom row: the
    attention map (normalised per sample to its maximum), upsampled to the
    image size with nearest neighbours, as a heat map (black -> red -> yellow).

    Args:
        images: [N, H, W, C] floats in [-1, 1].
        maps: [N, h, w] attention weights.
        query: (row, column) fractions of the query.
    """
    pixels = sampling.to_uint8(images).numpy()
    if pixels.shape[-1] == 1:
        pixels = np.repeat(pixels, 3, axis=-1)
    count, height, width, _ = pixels.shape
    row = min(int(query[0] * height), height - 1)
    column = min(int(query[1] * width), width - 1)
    pixels[:, row, column] = (255, 0, 0)
    maps = np.asarray(maps, np.float32)
    maps = maps / np.maximum(maps.max(axis=(1, 2), keepdims=True), 1e-12)
    scale_h, scale_w = height // maps.shape[1], width // maps.shape[2]
    heat = np.repeat(np.repeat(maps, scale_h, axis=1), scale_w, axis=2)
    colours = np.stack([np.clip(2 * heat, 0, 1), np.clip(2 * heat - 1, 0, 1), np.zeros_like(heat)], axis=-1)
    colours = np.round(colours * 255).astype(np.uint8)
    top = np.concatenate(list(pixels), axis=1)
    bottom = np.concatenate(list(colours), axis=1)
    return np.concatenate([top, bottom], axis=0)
