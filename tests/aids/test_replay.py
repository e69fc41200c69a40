"""Experience replay: how the pool fills and replaces, and that it is checkpointed."""

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.aids.replay import ExperienceReplay, ReplayPool
from tfgan_zoo.gans import GAN

from aid_fixtures import BATCH, compiled, mlp_pair, real_batch


def test_replay_pool_fills_its_empty_slots_then_replaces_random_ones():
    pool = ReplayPool(size=6, ratio=0.5, example_shape=(1,))
    first = tf.constant([[1.0], [2.0], [3.0], [4.0]])
    np.testing.assert_array_equal(pool.mix(first, seed=[0, 1]).numpy(), first.numpy())  # empty pool
    np.testing.assert_array_equal(pool.pool.numpy()[:2, 0], [1.0, 2.0])
    second = tf.constant([[5.0], [6.0], [7.0], [8.0]])
    mixed = pool.mix(second, seed=[0, 2]).numpy()[:, 0]
    assert set(mixed[:2]) <= {1.0, 2.0}  # replayed from the pool
    np.testing.assert_array_equal(mixed[2:], [7.0, 8.0])
    pool.mix(tf.constant([[9.0], [10.0], [11.0], [12.0]]), seed=[0, 3])
    np.testing.assert_array_equal(pool.pool.numpy()[:, 0], [1.0, 2.0, 5.0, 6.0, 9.0, 10.0])
    pool.mix(tf.constant([[13.0], [14.0], [0.0], [0.0]]), seed=[0, 4])
    # The full pool took 13 and 14 over two distinct slots, the rest kept.
    after = pool.pool.numpy()[:, 0]
    assert sorted(set(after) - {1.0, 2.0, 5.0, 6.0, 9.0, 10.0}) == [13.0, 14.0]
    assert int(pool.count.numpy()) == 8


def test_replay_pool_replaces_every_slot_equally_often_not_the_oldest():
    # Shrivastava et al. (arXiv 1612.07828, section 2.3) replace b/2 random
    # entries; a first-in, first-out pool would replace slots 0, 1, 2, 3 in turn.
    size, pushes = 4, 400
    pool = ReplayPool(size=size, ratio=0.5, example_shape=(1,))
    pool.mix(tf.zeros([8, 1]), seed=[0, 0])  # 4 examples fill the pool
    replaced = np.zeros(size)
    for step in range(pushes):
        before = pool.pool.numpy()[:, 0]
        pool.mix(tf.fill([2, 1], float(step + 1)), seed=[1, step])
        changed = before != pool.pool.numpy()[:, 0]
        assert changed.sum() == 1  # one new example, one slot
        replaced += changed
    # Each slot is replaced with probability 1/4 per push: 100 +- 8.7 (binomial sd).
    assert np.all(np.abs(replaced - pushes / size) < 5 * np.sqrt(pushes * 0.25 * 0.75))
    assert not np.array_equal(np.flatnonzero(changed), [(4 + pushes - 1) % size])


def test_replay_pool_rejects_non_finite_examples_and_is_checkpointed(tmp_path):
    gan = compiled(GAN(*mlp_pair(), objective="non_saturating", replay_pool_size=8, seed=4))
    gan.train_step(real_batch())
    gan.train_step(real_batch())
    pool = gan.aid("experience_replay").pool
    saved = pool.pool.numpy().copy()
    assert int(pool.count.numpy()) == 4 and np.abs(saved[:4]).sum() > 0
    path = tf.train.Checkpoint(**gan.checkpoint_items()).save(str(tmp_path / "ckpt"))
    fresh = compiled(GAN(*mlp_pair(), objective="non_saturating", replay_pool_size=8, seed=4))
    tf.train.Checkpoint(**fresh.checkpoint_items()).restore(path).assert_existing_objects_matched()
    np.testing.assert_array_equal(fresh.aid("experience_replay").pool.pool.numpy(), saved)
    pool.mix(tf.constant(np.full((BATCH, 3), np.nan, np.float32)), seed=[1, 1])
    np.testing.assert_array_equal(pool.pool.numpy(), saved)
    with pytest.raises(ValueError, match=r"replay_ratio must be in \(0, 1\]"):
        ExperienceReplay(4, 1.5)
