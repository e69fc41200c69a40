"""data.download: TFDS datasets are prepared on first use, as TFDS's convention is.

The dataset is TFDS's own test builder (`tfds.testing.DummyMnist`, which
generates its examples instead of fetching them), so TFDS's real
download_and_prepare runs and no test touches the network.
"""

import os
import socket

import pytest
import tensorflow_datasets as tfds

from tfgan_zoo.trainers import datasets
from tfgan_zoo.trainers.cli import main

from helpers import error_lines, snapshot


class ZooDownloadDigits(tfds.testing.DummyMnist):
    """DummyMnist registered under a name of its own (DummyMnist skips registration)."""


NAME = "zoo_download_digits"
TRAIN = ["tfgan-zoo", "train", "--config=dcgan_mnist", f"--set=data.name={NAME}", "--set=train.steps=2",
         "--set=train.batch_size=4", "--set=data.shuffle_buffer=8", "--set=train.num_samples=4",
         "--set=train.sample_every=2", "--set=train.checkpoint_every=2", "--noprogress"]


@pytest.fixture
def online(monkeypatch):
    """The builder generates its data, so 'online' only has to pass the probe."""
    monkeypatch.setattr(datasets, "_online", lambda: True)


def _prepared_dir(data_dir):
    return data_dir / NAME / str(ZooDownloadDigits.VERSION)


def test_auto_prepares_a_missing_dataset_then_trains_on_it(online, tmp_path, capsys):
    data_dir = tmp_path / "tfds"
    assert main([*TRAIN, f"--workdir={tmp_path / 'w'}", f"--data_dir={data_dir}"]) == 0
    assert f"downloading and preparing {NAME} into" in capsys.readouterr().err
    assert _prepared_dir(data_dir).is_dir()
    # A second run finds it prepared and says nothing about downloading.
    assert main([*TRAIN, f"--workdir={tmp_path / 'w2'}", f"--data_dir={data_dir}"]) == 0
    assert "downloading" not in capsys.readouterr().err


def test_never_reads_only_what_is_prepared(online, tmp_path, capsys):
    workdir = tmp_path / "w"
    workdir.mkdir()
    before = snapshot(workdir)
    assert main([*TRAIN, "--set=data.download=never", f"--workdir={workdir}", f"--data_dir={tmp_path}"]) == 2
    errors = error_lines(capsys.readouterr().err)
    assert len(errors) == 1 and f"dataset {NAME!r} is not prepared" in errors[0] and "data.download=auto" in errors[0]
    assert snapshot(workdir) == before and not (tmp_path / NAME).exists()


def test_always_prepares_again(online, tmp_path, capsys):
    data_dir = tmp_path / "tfds"
    data = {"name": NAME, "download": "auto"}
    datasets.prepare(data, str(data_dir), report=lambda line: None)
    info = _prepared_dir(data_dir) / "dataset_info.json"
    first = info.stat().st_mtime_ns
    lines = []
    datasets.prepare({**data, "download": "always"}, str(data_dir), report=lines.append)
    assert len(lines) == 1 and "data.download=always" in lines[0]
    assert info.stat().st_mtime_ns > first


def test_offline_auto_fails_at_once_with_the_fix(monkeypatch, tmp_path, capsys):
    def unresolvable(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unresolvable)
    for variable in datasets.PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    assert main([*TRAIN, f"--workdir={tmp_path / 'w'}", f"--data_dir={tmp_path}"]) == 2
    errors = error_lines(capsys.readouterr().err)
    assert len(errors) == 1 and "this machine is offline" in errors[0] and f"tfds build {NAME}" in errors[0]


def test_a_failed_download_is_one_line(online, monkeypatch, tmp_path, capsys):
    def refuse(self, *args, **kwargs):
        raise tfds.download.DownloadError("Failed to get url https://example.invalid/x. HTTP code: 503.")

    monkeypatch.setattr(ZooDownloadDigits, "download_and_prepare", refuse)
    assert main([*TRAIN, f"--workdir={tmp_path / 'w'}", f"--data_dir={tmp_path}"]) == 2
    errors = error_lines(capsys.readouterr().err)
    assert len(errors) == 1 and "HTTP code: 503" in errors[0], errors


def test_local_data_is_never_prepared(online, tmp_path):
    for name in ("ring8", "image_folder"):
        datasets.prepare({"name": name, "download": "always"}, str(tmp_path))
    assert os.listdir(tmp_path) == []
