"""TensorBoard's conventions, checked through a real TensorBoard server on 127.0.0.1.

Two workdirs that differ in one setting: the HParams plugin's HTTP API must
list both runs with the config's fields as hparams (the differing one
marked as such) and the logged scalars as metrics; the resolved config is a
text summary.
"""

import json
import re
import subprocess
import sys
import time
import urllib.request

import pytest

from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.train import train

SHORT = ["train.steps=4", "train.log_every=2", "train.batch_size=8", "train.sample_every=4",
         "train.checkpoint_every=4", "train.num_samples=4", "data.split=train[:256]", "data.shuffle_buffer=64"]
RATES = {"slow": 2e-4, "fast": 1e-3}
STATUSES = ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, mnist_data_dir):
    """A TensorBoard over two workdirs; yields its base address."""
    root = tmp_path_factory.mktemp("runs")
    for name, rate in RATES.items():
        config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"),
                                            [*SHORT, f"optimizer.g_learning_rate={rate}"])
        train(config, str(root / name), data_dir=mnist_data_dir, progress=False)
    process = subprocess.Popen([sys.executable, "-m", "tensorboard.main", f"--logdir={root}", "--host=127.0.0.1",
                                "--port=0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        address = _address(process)
        _wait_for_runs(address, 2)
        yield address
    finally:
        process.terminate()
        process.wait(timeout=30)


def _address(process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        if found:
            return found.group(0)
        if not line and process.poll() is not None:
            break
    raise AssertionError("TensorBoard did not start")


def _get(address, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(address + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def _wait_for_runs(address, count, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_get(address, "/data/runs")) >= count:
            return
        time.sleep(1)
    raise AssertionError("TensorBoard did not load the runs")


def test_the_hparams_tab_compares_runs_by_setting_and_metric(server):
    experiment = _get(server, "/data/plugin/hparams/experiment", {"experimentName": ""})
    infos = {info["name"]: info for info in experiment["hparamInfos"]}
    assert infos["optimizer.g_learning_rate"]["differs"] is True
    assert infos["variant.name"]["differs"] is False and "train.batch_size" in infos
    metrics = {info["name"]["tag"] for info in experiment["metricInfos"]}
    assert {"losses/g_loss", "losses/d_loss", "scores/real_score", "optimizer/g_learning_rate",
            "train/images_per_s"} <= metrics
    groups = _get(server, "/data/plugin/hparams/session_groups",
                  {"experimentName": "", "allowedStatuses": STATUSES, "colParams": [], "startIndex": 0,
                   "sliceSize": 10})["sessionGroups"]
    by_run = {group["sessions"][0]["name"].split("/")[0]: group for group in groups}
    assert set(by_run) == set(RATES)
    for name, rate in RATES.items():
        assert by_run[name]["hparams"]["optimizer.g_learning_rate"] == pytest.approx(rate)
        values = {value["name"]["tag"]: value for value in by_run[name]["sessions"][0]["metricValues"]}
        assert values["losses/g_loss"]["trainingStep"] == 4
        # The rate the optimizer applied, logged beside the losses: the setting, in float32.
        assert values["optimizer/g_learning_rate"]["value"] == pytest.approx(rate, rel=1e-6)


def test_the_resolved_config_is_a_text_summary(server):
    text = _get(server, "/data/plugin/text/tags")
    assert all(tags == ["config"] for tags in text.values()) and len(text) == 2
    run = next(iter(text))
    entries = _get(server, f"/data/plugin/text/text?run={urllib.request.quote(run)}&tag=config")
    assert "<pre><code>" in entries[0]["text"]  # the markdown code block, rendered
    assert "&quot;g_learning_rate&quot;" in entries[0]["text"] and "&quot;variant&quot;" in entries[0]["text"]
