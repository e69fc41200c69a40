"""Sample grids: a row per class, or a square of one sample per class when the classes outnumber the samples."""

import numpy as np

from tfgan_zoo.trainers import images


def test_a_grid_has_a_row_per_class_and_a_square_when_classes_outnumber_samples():
    labels, columns = images.class_rows(64, 10)
    assert columns == 6 and np.array_equal(labels, np.repeat(np.arange(10), 6))
    labels, columns = images.class_rows(64, 100)
    assert columns == 10 and np.array_equal(labels, np.arange(100))
    grid = images.make_grid(np.zeros((len(labels), 4, 4, 1), np.float32), columns, padding=1)
    assert grid.shape == (10 * 5 + 1, 10 * 5 + 1, 1)
