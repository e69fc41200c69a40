"""TTUR: each network's own learning rate and schedule."""

import pytest

from tfgan_zoo.builders import build_optimizer
from tfgan_zoo.configs._base import base_config


@pytest.mark.parametrize("schedule,expected", [("constant", 4e-4), ("linear", 2e-4), ("cosine", 2e-4)])
def test_ttur_each_network_has_its_own_rate_and_schedule(schedule, expected):
    config = base_config()
    config["optimizer"].update(g_learning_rate=1e-4, d_learning_rate=4e-4, d_schedule=schedule)
    d_opt = build_optimizer(config, "d", decay_steps=10)
    g_opt = build_optimizer(config, "g", decay_steps=10)
    d_opt.iterations.assign(5)  # halfway
    g_opt.iterations.assign(5)
    assert float(d_opt.learning_rate) == pytest.approx(expected, rel=1e-5)
    assert float(g_opt.learning_rate) == pytest.approx(1e-4, rel=1e-5)
