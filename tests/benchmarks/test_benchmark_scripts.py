"""The benchmark scripts run and print their documented line format (tiny
settings; the numbers themselves belong in BENCHMARKS.md, not in tests)."""

import argparse
import ast
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import keras
import numpy as np
import pytest

from tfgan_zoo import builders
from tfgan_zoo.configs._base import toy_config
from tfgan_zoo.data import MIXTURES
from tfgan_zoo.export.checkpoint import checkpoints_by_step, write_atomically
from tfgan_zoo.layers import SlotBatchNormalization
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers import train as train_lib
from tfgan_zoo.trainers.train import train

from helpers import outside

BENCHMARKS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                          "benchmarks")
sys.path.insert(0, BENCHMARKS)

import command_line  # noqa: E402
import compare_commits  # noqa: E402
import ema_statistics  # noqa: E402
import export_latency  # noqa: E402
import fashion_mnist_folder  # noqa: E402
import independent_check  # noqa: E402
import input_pipeline  # noqa: E402
import mnist_table  # noqa: E402
import mode_collapse  # noqa: E402
import pacgan_table1  # noqa: E402
import pacgan_table2  # noqa: E402
import pacgan_table3  # noqa: E402
import progan_growth  # noqa: E402
import proposal_coverage  # noqa: E402
import ratio_fit_speed  # noqa: E402
import restore_time  # noqa: E402
import stacked_mnist  # noqa: E402
import tensorboard_hparams  # noqa: E402
import throughput  # noqa: E402

NUMBER = r"[0-9.]+"


# acgan_mnist: a conditional pair whose discriminator has a second head, which the baseline reads too.
@pytest.mark.parametrize("preset,updates", [("dcgan_mnist", "alternating"), ("acgan_mnist", "simultaneous")])
def test_throughput_prints_one_line_per_measurement(preset, updates, capsys):
    throughput.measure(preset, 8, [f"variant.updates={updates}"], warmup=1, seconds=0.2, rounds=1,
                       matmul_rate=100.0)
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(
        rf"preset={preset} batch=8 ours_images_per_s={NUMBER} baseline_images_per_s={NUMBER} "
        rf"ratio={NUMBER} gflop_per_step={NUMBER} matmul_fraction={NUMBER} updates={updates}", line), line


@pytest.mark.parametrize("preset,overrides", [
    ("dcgan_mnist_small", ["generator.base_filters=4", "discriminator.base_filters=4"]),
    ("grid25", []),  # 2-D points, not images
])
def test_throughput_times_an_option_beside_the_step_as_configured(preset, overrides, capsys):
    throughput.compare(preset, 8, overrides, ["train.mixed_precision=mixed_bfloat16"], warmup=1,
                       seconds=0.2, rounds=1)
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(
        rf"preset={preset} batch=8 images_per_s={NUMBER} against_images_per_s={NUMBER} ratio={NUMBER} "
        r"policies=float32,mixed_bfloat16 against=train.mixed_precision=mixed_bfloat16", line), line


def test_flop_count_follows_the_update_order():
    import tensorflow as tf  # noqa: F401

    config = config_lib.preset_config("dcgan_mnist")
    g_flops = 2 * (100 * 7 * 7 * 256 + 7 * 7 * 256 * 25 * 128 + 7 * 7 * 128 * 25 * 64 + 14 * 14 * 64 * 25 * 1)
    d_flops = 2 * (14 * 14 * 64 * 25 * 1 + 7 * 7 * 128 * 25 * 64 + 7 * 7 * 128)
    alternating = builders.build_gan(config)
    assert throughput.forward_flops(alternating.generator, 1) == g_flops
    assert throughput.forward_flops(alternating.discriminator, 1) == d_flops
    assert throughput.step_flops(alternating, 2) == 2 * (4 * g_flops + 8 * d_flops)
    simultaneous = builders.build_gan(config_lib.apply_overrides(config, ["variant.updates=simultaneous"]))
    assert throughput.step_flops(simultaneous, 2) == 2 * (3 * g_flops + 7 * d_flops)


def test_profile_prints_op_time_by_kernel_for_both_sides(tmp_path, capsys):
    throughput.profile("dcgan_mnist", 8, [], str(tmp_path), steps=1, top=3)
    out = capsys.readouterr().out
    for side in ("ours", "baseline"):
        assert re.search(rf"side={side} updates=alternating wall_ms_per_step={NUMBER} op_ms_per_step={NUMBER}", out)
        assert list(tmp_path.joinpath(side).rglob("*.xplane.pb")), "the trace is kept for TensorBoard"
    assert "Conv2D" in out  # oneDNN's prefix is stripped from the kernel names


def test_input_pipeline_reads_tfds_records_and_image_folders(mnist_data_dir, tmp_path, capsys):
    input_pipeline.measure("mnist", "dcgan_mnist", 64, [], mnist_data_dir, 512, step_seconds=0.2)
    folder = tmp_path / "jpegs"
    folder.mkdir()
    input_pipeline.write_jpeg_folder(str(folder), 16)
    input_pipeline.measure("jpeg_folder_64", "dcgan64", 8, ["data.name=image_folder", f"data.path={folder}"],
                           None, 16, step_seconds=0.2)
    lines = capsys.readouterr().out.strip().splitlines()
    for name, batch, line in zip(("mnist", "jpeg_folder_64"), (64, 8), lines, strict=True):
        assert re.fullmatch(rf"pipeline={name} batch={batch} cold_images_per_s={NUMBER} warm_images_per_s={NUMBER} "
                            rf"train_step_images_per_s={NUMBER} headroom={NUMBER}", line), line


def test_pacgan_table1_trains_scores_tabulates_and_plots(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pacgan_table1, "STEPS_PER_EPOCH", 2)  # two 2-step stretches instead of 1,000-step epochs
    row = pacgan_table1.run_one("grid25", 2, 0, epochs=2, eval_every=1, num_samples=100, workdir=str(tmp_path / "w"),
                                out_dir=str(tmp_path))
    assert [point["epoch"] for point in row["curve"]] == [1, 2]
    progress = [line for line in capsys.readouterr().err.splitlines() if line.startswith("grid25 m2 seed 0: epoch")]
    assert [line.split(":")[1] for line in progress] == [" epoch 1 of 2", " epoch 2 of 2"]
    assert re.search(rf"steps=4 cpu_seconds={NUMBER} modes=\d+ high_quality_percent={NUMBER} reverse_kl=", progress[1])
    # The curve so far is on disk after every point: a run stopped early keeps it.
    assert json.loads((tmp_path / "curve_grid25_m2_seed0.json").read_text()) == row["curve"]
    assert 0 <= row["modes"] <= 25 and 0 <= row["high_quality_percent"] <= 100
    lines = pacgan_table1.table([row, {**row, "seed": 1}]).splitlines()
    assert lines[2].startswith("| grid25 | PacGAN2 (ours) | 2 | 2 |")
    assert lines[3] == "| grid25 | PacGAN2 (paper) | 400 | 10 | 23.80 ± 0.70 | 91.30 ± 0.80 | 0.13 ± 0.04 | |"
    pacgan_table1.plot_curves([row], "grid25", str(tmp_path / "curves.png"))
    assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"


def test_pacgan_table1_tabulates_and_plots_runs_from_their_curve_files(tmp_path, monkeypatch, capsys):
    # Two folders, as two processes write them; seeds of one packing at different lengths.
    def point(epoch, modes):
        return {"epoch": epoch, "steps": epoch * 1000, "cpu_seconds": 10.0 * epoch, "modes": modes,
                "high_quality_percent": 50.0 + epoch / 2, "reverse_kl": 1.0 / epoch}

    curves = {"first/curve_grid25_m1_seed0.json": [point(20, 16), point(40, 12)],
              "first/curve_grid25_m1_seed1.json": [point(20, 18)],
              "second/curve_grid25_m4_seed0.json": [point(20, 13), point(40, 23), point(60, 25)],
              "second/results.json": []}
    for name, curve in curves.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(json.dumps(curve))
    run_main(pacgan_table1, monkeypatch, "--from_curves", f"{tmp_path / 'first'},{tmp_path / 'second'}",
             "--out_dir", str(tmp_path / "so_far"))
    lines = capsys.readouterr().out.strip().splitlines()
    # Each run at its last point: the GAN's seeds at 40 and 20 epochs (modes 12 and 18), PacGAN4 at 60.
    assert lines[2].startswith("| grid25 | GAN (ours) | 40 | 2 | 15.00 ± 3.00 |")
    assert lines[4] == "| grid25 | PacGAN4 (ours) | 60 | 1 | 25.00 ± 0.00 | 80.00 ± 0.00 | 0.02 ± 0.00 | 600 |"
    assert (tmp_path / "so_far" / "curves_grid25.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(SystemExit):
        run_main(pacgan_table1, monkeypatch, "--from_curves", str(tmp_path / "so_far"))
    assert "--from_curves: no curve_" in capsys.readouterr().err
    # At one epoch: every run at 20 (the GAN's seeds at 16 and 18 modes); PacGAN4 at 40, the GAN's seed 1 left out.
    run_main(pacgan_table1, monkeypatch, "--from_curves", f"{tmp_path / 'first'},{tmp_path / 'second'}",
             "--out_dir", str(tmp_path / "at"), "--at_epoch", "20")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[2].startswith("| grid25 | GAN (ours) | 20 | 2 | 17.00 ± 1.00 |") and "| 13.00 ± 0.00 |" in lines[4]
    run_main(pacgan_table1, monkeypatch, "--from_curves", f"{tmp_path / 'first'},{tmp_path / 'second'}",
             "--out_dir", str(tmp_path / "at"), "--at_epoch", "40")
    captured = capsys.readouterr()
    assert "| grid25 | GAN (ours) | 40 | 1 | 12.00 ± 0.00 |" in captured.out and "| 23.00 ± 0.00 |" in captured.out
    assert "curve_grid25_m1_seed1.json: no point at epoch 40 (scored up to 20); left out" in captured.err
    with pytest.raises(SystemExit):
        run_main(pacgan_table1, monkeypatch, "--from_curves", str(tmp_path / "first"), "--at_epoch", "80")
    assert "with a point at epoch 80" in capsys.readouterr().err


@pytest.mark.parametrize("packing", [1, 2])
def test_pacgan_table1_refreshes_gs_statistics_as_the_authors_monitoring_pass(packing):
    gan = builders.build_gan(config_lib.apply_overrides(config_lib.preset_config("pacgan_grid25"),
                                                        [f"variant.packing={packing}",
                                                         f"generator.batch_norm_slots={packing}"]))
    generator = gan.sampling_generator()
    norms = [layer for layer in generator.layers if "batch_normalization" in layer.name]
    weights = [w.numpy() for w in generator.trainable_weights]
    for norm in norms:  # a sentinel: what training left
        norm.moving_mean.assign(np.full(norm.moving_mean.shape, 5.0, np.float32))
    pacgan_table1.refresh_statistics(gan, packing, seed=0)
    # 50 batches of 100 packs at momentum 0.95: 0.95^50 of the old statistics stays, and each batch's
    # mean over its slots' means (slots of equal size: the batch's mean) enters with weight 0.05.
    kept = 0.95 ** pacgan_table1.MONITOR_BATCHES
    first = norms[0].moving_mean.numpy()
    z = np.random.default_rng([0, 2]).standard_normal((100 * 50 * packing, 2)).astype(np.float32)
    dense = next(layer for layer in generator.layers if layer.name.startswith("dense"))
    batch_means = np.asarray(dense(z), np.float64).reshape(50, 100 * packing, -1).mean(axis=1)
    expected = 5.0 * kept + sum(0.05 * 0.95 ** (len(batch_means) - 1 - i) * m for i, m in enumerate(batch_means))
    np.testing.assert_allclose(first, expected, rtol=1e-4, atol=1e-5)
    assert all(np.array_equal(a, b.numpy()) for a, b in zip(weights, generator.trainable_weights, strict=True))


def test_pacgan_table1_run_again_on_its_kept_workdirs_goes_on_where_it_stopped(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pacgan_table1, "STEPS_PER_EPOCH", 2)
    out_dir, kept = tmp_path / "out", tmp_path / "kept"
    command = ["--datasets", "grid25", "--packings", "2", "--seeds", "1", "--first_seed", "3", "--eval_every", "1",
               "--num_samples", "100", "--keep_workdirs", str(kept), "--out_dir", str(out_dir), "--threads", "0"]
    run_main(pacgan_table1, monkeypatch, *command, "--epochs", "1")  # a first sitting: one epoch of two
    first = json.loads((out_dir / "curve_grid25_m2_seed3.json").read_text())
    run_main(pacgan_table1, monkeypatch, *command, "--epochs", "2")  # the next sitting goes on
    row = json.loads((out_dir / "results.json").read_text())[0]
    assert row["seed"] == 3 and [point["epoch"] for point in row["curve"]] == [1, 2]
    assert row["curve"][0] == first[0], "the first sitting's point is kept, not measured again"
    assert row["curve"][1]["cpu_seconds"] > first[0]["cpu_seconds"]
    # The same scores as a run that was never stopped: training resumed from the kept checkpoint.
    whole = pacgan_table1.run_one("grid25", 2, 3, epochs=2, eval_every=1, num_samples=100,
                                  workdir=str(tmp_path / "whole"))
    scores = ("modes", "high_quality_percent", "reverse_kl")
    assert [row[key] for key in scores] == [whole[key] for key in scores]
    # A finished run run again trains nothing and reports the same row.
    monkeypatch.setattr(mode_collapse, "train_to_the_end", lambda *args, **kwargs: pytest.fail("trained a finished run"))
    run_main(pacgan_table1, monkeypatch, *command, "--epochs", "2")
    assert json.loads((out_dir / "results.json").read_text())[0] == row
    capsys.readouterr()


def test_pacgan_table2_tabulates_and_plots_beside_the_authors_rows(tmp_path):
    # The runner is Table 3's (trained end to end below); here Table 2's rows and curves.
    curve = [{"epoch": 1, "steps": 2000, "cpu_seconds": 5.0, "modes": 700, "kl": 0.9},
             {"epoch": 2, "steps": 4000, "cpu_seconds": 9.0, "modes": 990, "kl": 0.2}]
    rows = [{"packing": 2, "seed": seed, "epochs": 2, "cpu_seconds": 9.0, "steps": 4000, "modes": modes, "kl": kl,
             "curve": curve} for seed, (modes, kl) in enumerate([(990, 0.2), (1000, 0.1)])]
    lines = pacgan_table2.table(pacgan_table2.TABLE_2, rows).splitlines()
    assert lines[2] == "| PacDCGAN2 (ours) | 4,000 | 2 | 995.00 ± 5.00 | 0.15 ± 0.05 | 9 |"
    assert lines[3] == "| PacDCGAN2 (paper) | 100,000 | 10 | 1000.0 ± 0.0 | 0.06 ± 0.003 | |"
    pacgan_table2.plot_curves(pacgan_table2.TABLE_2, rows, str(tmp_path / "curves.png"))
    assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"


def test_pacgan_table3_runs_its_discriminator_sizes_from_the_command_line(tmp_path, mnist_data_dir, monkeypatch,
                                                                          capsys):
    out_dir = tmp_path / "t3"
    run_main(pacgan_table3, monkeypatch, "--discriminator", "half", "--packings", "2", "--seeds", "1",
             "--epochs", "1", "--eval_every", "1", "--steps_per_epoch", "2", "--num_samples", "64",
             "--set", "data.split=test", "--set", "data.shuffle_buffer=64", "--set", "train.batch_size=4",
             "--data_dir", mnist_data_dir, "--out_dir", str(out_dir), "--threads", "0")
    table = capsys.readouterr().out.strip().splitlines()[-2:]
    assert table[0].startswith("| PacDCGAN2 (ours) | 2 | 1 |")
    assert table[1] == "| PacDCGAN2 (paper) | 500,000 | 50 | 840.7 ± 15.92 | 1.00 ± 0.05 | |"
    with open(out_dir / "results.json") as file:
        row = json.load(file)[0]
    assert row["packing"] == 2 and 1 <= row["modes"] <= 64 and row["kl"] > 0
    assert 1 <= row["modes_moving_average"] <= 64, "Table 3 is scored both ways"
    with open(out_dir / "curve_m2_seed0.json") as file:
        assert json.load(file) == row["curve"], "the curve so far is on disk after every point"
    assert (out_dir / "curves.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("packing", [1, 3])
def test_the_tables_batch_counts_packs_as_the_authors_code_does(packing):
    for protocol, packs in ((pacgan_table2.TABLE_2, 64), (pacgan_table3.TABLE_3["half"], 128)):
        config = pacgan_table2.run_config(protocol, packing, seed=1, every=100)
        assert config["variant"]["packing"] == packing and config["train"]["batch_size"] == packs * packing
        assert config["generator"]["batch_norm_slots"] == packing  # their G runs once per slot
        slotted = [(layer.slots, layer.slot_updates, layer.unbiased_moving_variance)
                   for layer in builders.build_gan(config).generator.layers
                   if isinstance(layer, SlotBatchNormalization)]
        # tf.contrib's batch norm: every run of G updates the population statistics, unbiased variance
        assert slotted == [(packing, "each", True)] * 4
    assert pacgan_table2.run_config(pacgan_table3.TABLE_3["half"], 1, 0, 100)["discriminator"]["base_filters"] == 4


def test_table3s_sampler_calls_normalize_each_of_their_batches_apart():
    # Their sampler runs G on batches of 128 in training mode; score() calls a G with batch norm per
    # slot of m on m x 128 samples: the slots must come out as m separate runs of 128 would.
    protocol = pacgan_table3.TABLE_3["quarter"]
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("float64")  # the same function either way, up to float64 rounding
    try:
        slotted = builders.build_gan(pacgan_table2.run_config(protocol, 2, seed=0, every=100)).generator
        single = builders.build_gan(pacgan_table2.run_config(protocol, 1, seed=0, every=100)).generator
    finally:
        keras.config.set_dtype_policy(previous)
    assert slotted.dtype == "float64"
    single.set_weights(slotted.get_weights())
    z = np.random.default_rng(0).standard_normal((2 * protocol.sampler_batch, slotted.input_shape[-1]))
    together = np.asarray(slotted(z, training=True))
    for slot in range(2):  # slot s holds the samples s, s + m, s + 2m, ...
        apart = np.asarray(single(z[slot::2], training=True))
        np.testing.assert_allclose(together[slot::2], apart, atol=1e-9)
    assert np.abs(together - np.asarray(single(z, training=True))).max() > 1e-3, "one batch's statistics differ"


def run_main(module, monkeypatch, *argv):
    monkeypatch.setattr(sys, "argv", [module.__name__, *argv])
    module.main()


def test_stacked_mnist_trains_a_preset_scores_its_curve_and_rescores_a_workdir(tmp_path, mnist_data_dir, monkeypatch,
                                                                              capsys):
    small = "infogan:data.split=test;data.shuffle_buffer=64;train.batch_size=4"
    out_dir = tmp_path / "out"
    run_main(stacked_mnist, monkeypatch, "--preset", "infogan_stacked_mnist", "--variants", small, "--steps", "4",
             "--curve_every", "2", "--num_samples", "64", "--data_dir", mnist_data_dir, "--out_dir", str(out_dir),
             "--keep_workdirs", str(tmp_path / "runs"))
    row, = json.loads((out_dir / "results.json").read_text())
    assert [point["step"] for point in row["curve"]] == [2, 4] and row["step"] == 4
    assert 1 <= row["modes"] <= 64 and 0 <= row["marginal_kl"] <= row["kl"] + 1e-9
    assert (out_dir / "curves.png").read_bytes()[:4] == b"\x89PNG"
    assert f"| infogan_stacked_mnist {small} | 0 | 4 | {row['modes']} | {row['kl']:.3f} |" in capsys.readouterr().out
    # The kept workdir scored again from the command line: its latest checkpoint, the same way.
    run_main(stacked_mnist, monkeypatch, "--workdirs", str(tmp_path / "runs" / "infogan_seed0"), "--num_samples", "64",
             "--data_dir", mnist_data_dir, "--out_dir", str(tmp_path / "rescored"))
    rescored, = json.loads((tmp_path / "rescored" / "results.json").read_text())
    assert rescored["label"] == "infogan (infogan_seed0)" and rescored["train_seconds"] is None
    assert {key: rescored[key] for key in ("step", "modes", "kl")} == {key: row[key] for key in ("step", "modes", "kl")}
    # The same workdir before the independent judge, which reads each channel itself.
    monkeypatch.setenv("TFDS_DATA_DIR", mnist_data_dir)
    kept = str(tmp_path / "runs" / "infogan_seed0")
    run_main(independent_check, monkeypatch, "--workdir", kept, "--workdir", f"{kept}@2", "--num_samples", "64",
             "--train_images", "300", "--out", str(tmp_path / "judge.json"))
    report = json.loads((tmp_path / "judge.json").read_text())
    for scores in (report["workdirs"][kept], report["workdirs"][f"{kept}@2"], report["held_out_real_triples"]):
        assert scores["count"] == 64 and 1 <= scores["modes"] <= 64 and 0 <= scores["confident"] <= 1
        assert 0 <= scores["marginal_kl"] <= scores["kl"] + 1e-9
    assert independent_check.workdir_and_step("runs/a@b/w@12") == ("runs/a@b/w", 12)
    assert independent_check.workdir_and_step("runs/a@b") == ("runs/a@b", None)


def test_the_independent_judge_scores_stacked_mnist_as_pacgan_does(mnist_data_dir):
    images, labels = independent_check.mnist_split("test[:400]", mnist_data_dir)
    judge = independent_check.train_judge(images[:300], labels[:300], seed=0)
    triples = independent_check.real_triples(images[300:], 50, seed=1)
    assert triples.shape == (50, 28, 28, 3)
    for channel in range(3):  # every channel is one of the real images, drawn independently
        assert all(any(np.array_equal(image, real) for real in images[300:]) for image in triples[..., channel])
    scores = independent_check.judge_triples(judge, triples)
    digits = np.stack([judge.predict(triples[..., c].reshape(50, -1) / 255.0) for c in range(3)], axis=1)
    _, counts = np.unique(digits, axis=0, return_counts=True)
    shares = counts / 50
    assert scores["modes"] == len(counts)
    np.testing.assert_allclose(scores["kl"], np.sum(shares * np.log(shares * 1000)), rtol=1e-12)
    marginal = sum(np.sum(q[q > 0] * np.log(q[q > 0] * 10))
                   for q in (np.bincount(digits[:, c], minlength=10) / 50 for c in range(3)))
    np.testing.assert_allclose(scores["marginal_kl"], marginal, rtol=1e-12)


def test_mode_collapse_scores_rejection_sampling_beside_the_plain_samples(tmp_path, monkeypatch, capsys):
    out_dir = tmp_path / "out"
    run_main(mode_collapse, monkeypatch, "--preset", "grid25", "--steps", "3", "--seeds", "1", "--num_samples", "40",
             "--drs_steps", "3", "--drs_batch", "32", "--drs_percentile", "50", "--out_dir", str(out_dir),
             "--drs_methods", "drs,mh", "--drs_chain_length", "4", "--drs_pool", "100",
             "--set", "generator.hidden_units=16", "--set", "discriminator.hidden_units=16",
             "--set", "train.batch_size=32")
    rows = json.loads((out_dir / "results.json").read_text())
    plain, rejected, chained = rows
    assert rejected["label"] == plain["label"] + " + DRS" and rejected["seed"] == plain["seed"] == 0
    assert rejected["rejection"]["percentile"] == 50.0 and 0.0 < rejected["acceptance_rate"] <= 1.0
    assert "acceptance_rate" not in plain and 0 <= rejected["modes"] <= 25
    # Both methods select by the one fit.
    assert chained["label"] == plain["label"] + " + MH" and chained["rejection"]["chain_length"] == 4
    assert chained["rejection"]["fit_loss"] == rejected["rejection"]["fit_loss"]
    assert chained["rejection"]["generated_pool"] == 100 and 0.0 <= chained["acceptance_rate"] <= 1.0
    assert sorted(os.listdir(out_dir)) == ["grid25_hinge.png", "grid25_hinge_drs.png", "grid25_hinge_mh.png",
                                           "results.json"]
    output = capsys.readouterr().out
    assert "+ DRS |" in output and "+ MH |" in output


@pytest.fixture(scope="module")
def ring8_workdir(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("ring8") / "run")
    config = config_lib.apply_overrides(config_lib.preset_config("ring8"), [
        "train.steps=2", "train.batch_size=16", "train.checkpoint_every=2", "train.sample_every=100",
        "train.seed=3", "generator.hidden_units=8", "discriminator.hidden_units=8"])
    train(config, workdir, progress=False)
    return workdir


def test_mode_collapse_scores_trained_workdirs_with_proposal_noise(ring8_workdir, tmp_path, monkeypatch, capsys):
    workdir = ring8_workdir
    out_dir = tmp_path / "out"
    run_main(mode_collapse, monkeypatch, "--workdirs", workdir, "--num_samples", "40", "--drs_steps", "2",
             "--drs_batch", "16", "--drs_methods", "mh", "--drs_chain_length", "3", "--drs_noise_stds", "1.5",
             "--out_dir", str(out_dir))
    plain, chained = json.loads((out_dir / "results.json").read_text())
    assert (plain["dataset"], plain["seed"], plain["workdir"], plain["train_seconds"]) == ("ring8", 3, workdir, None)
    # The noise is given in the mixture's std (ring8: 0.01) and recorded in the fit's units.
    assert chained["label"] == plain["label"] + " + MH"
    assert chained["rejection"]["proposal_noise"] == pytest.approx(0.015)
    assert sorted(os.listdir(out_dir)) == ["results.json", "ring8_seed3.png", "ring8_seed3_mh.png"]
    assert "+ MH |" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        run_main(mode_collapse, monkeypatch, "--workdirs", workdir, "--drs_noise_stds", "-1",
                 "--out_dir", str(tmp_path / "refused"))


def test_mode_collapse_scores_each_runs_own_selection_section(ring8_workdir, tmp_path, monkeypatch):
    workdir = str(tmp_path / "run")
    shutil.copytree(ring8_workdir, workdir)
    with open(os.path.join(workdir, "config.json")) as file:
        config = json.load(file)
    config["selection"] = {**config["selection"], "fit_steps": 2, "batch_size": 16, "pool": 50, "percentile": 70,
                           "chain_length": 3, "noise": 1.5 * MIXTURES["ring8"].std, "method": "mh"}
    config_lib.write_config(workdir, config)

    def rows(*flags):
        out_dir = tmp_path / str(len(os.listdir(tmp_path)))
        run_main(mode_collapse, monkeypatch, "--workdirs", workdir, "--num_samples", "40", "--out_dir", str(out_dir),
                 *flags)
        return [{key: value for key, value in row.items() if key not in ("sampling_seconds", "rejection")}
                | {"fit": {k: v for k, v in row.get("rejection", {}).items() if k != "fit_seconds"}}
                for row in json.loads((out_dir / "results.json").read_text())]

    # The section's recipe, as the same settings given flag by flag: the same fit, the same rows.
    own = rows("--selection", "--drs_methods", "drs,mh")
    assert own == rows("--drs_steps", "2", "--drs_batch", "16", "--drs_pool", "50", "--drs_percentile", "70",
                       "--drs_chain_length", "3", "--drs_noise_stds", "1.5", "--drs_methods", "drs,mh")
    assert [row["label"].rsplit(" + ", 1)[-1] for row in own[1:]] == ["DRS", "MH"]
    assert own[1]["fit"]["fit_steps"] == 2 and own[1]["fit"]["proposal_noise"] == pytest.approx(0.015)
    # Without --drs_methods, the section's own method.
    plain, chained = rows("--selection")
    assert chained == own[2] and plain == own[0]
    # Beside --selection a flag given replaces its field of the section, and only that one.
    changed = rows("--selection", "--drs_steps", "3", "--drs_batch", "8", "--drs_methods", "drs")
    assert changed == rows("--drs_steps", "3", "--drs_batch", "8", "--drs_pool", "50", "--drs_percentile", "70",
                           "--drs_chain_length", "3", "--drs_noise_stds", "1.5")
    assert changed[1]["fit"]["fit_steps"] == 3 and changed[1]["fit"]["batch_size"] == 8


@pytest.mark.parametrize("flags", [["--drs_batch", "8"], ["--drs_noise_stds", "0.5"], ["--drs_methods", "mh"],
                                   ["--drs_steps", "0"], ["--drs_steps", "2", "--drs_noise_stds", "nan"]])
def test_mode_collapse_refuses_selection_flags_it_would_not_use_before_training(flags, tmp_path, monkeypatch,
                                                                                capsys):
    with pytest.raises(SystemExit):
        run_main(mode_collapse, monkeypatch, "--preset", "grid25", *flags, "--out_dir", str(tmp_path / "out"))
    assert "--drs_" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_the_selection_ceiling_is_the_mass_the_ratio_puts_on_each_mode():
    mixture = MIXTURES["ring8"]
    centres = np.asarray(mixture.centers)
    # One proposal on each mode, the first weighted twice (log 2), and one far from every mode.
    points = np.concatenate([centres, [[0.0, 0.0]]])
    logits = np.array([np.log(2.0)] + [0.0] * 7 + [np.log(3.0)])
    ceiling = proposal_coverage.selection_ceiling(points, logits, mixture)
    # Mode masses 2/9 and 1/9 (x 8 relative to uniform); 9 of the 12 units of weight lie on a mode.
    np.testing.assert_allclose(ceiling["mode_mass"], [16 / 9] + [8 / 9] * 7, atol=5e-4)
    expected_kl = 2 / 9 * np.log(16 / 9) + 7 / 9 * np.log(8 / 9)
    assert ceiling["reverse_kl"] == pytest.approx(expected_kl, abs=5e-5)
    assert ceiling["high_quality_percent"] == pytest.approx(75.0)
    # A mode drawn at its centre, offset by one std along x, deviation 0.
    shapes = proposal_coverage.mode_shapes(centres + [mixture.std, 0.0], mixture)
    assert [shape["offset"] for shape in shapes] == [[1.0, 0.0]] * 8
    assert [shape["deviation"] for shape in shapes] == [[0.0, 0.0]] * 8
    # Far from every mode: no shape, no ceiling's KL, and a table that says so.
    far = np.zeros((4, 2))
    assert all(shape["offset"] is None for shape in proposal_coverage.mode_shapes(far, mixture))
    empty = proposal_coverage.selection_ceiling(far, np.zeros(4), mixture)
    assert empty["reverse_kl"] is None and empty["high_quality_percent"] == 0.0
    assert proposal_coverage.table(proposal_coverage.mode_shapes(far, mixture), []).startswith(
        "G's modes: none of 8 drawn")


def test_proposal_coverage_fits_a_ratio_per_noise_and_prints_its_table(ring8_workdir, capsys):
    proposal_coverage.main(["--workdir", ring8_workdir, "--noise_stds", "0,1", "--fit_steps", "2", "--fit_batch", "16",
                            "--pool", "40", "--proposals", "500", "--num_samples", "20", "--chain_length", "3"])
    lines = capsys.readouterr().out.splitlines()
    shapes, *rows = (json.loads(line) for line in lines[:3])
    assert shapes["dataset"] == "ring8" and shapes["seed"] == 3 and len(shapes["mode_shapes"]) == 8
    assert [row["noise_stds"] for row in rows] == [0.0, 1.0]
    for row in rows:  # two steps of training: G may reach no mode, and the ceiling then has no KL
        assert len(row["ceiling"]["mode_mass"]) == 8 and (row["ceiling"]["reverse_kl"] or 0.0) >= 0
        assert 0 <= row["mh"]["high_quality_percent"] <= 100 and 0 <= row["drs"]["acceptance_rate"] <= 1
    assert lines[3].startswith("G's modes: ") and lines[-1].startswith("| 1 |")
    with pytest.raises(SystemExit):
        proposal_coverage.main(["--workdir", ring8_workdir, "--noise_stds", "0,-1"])


def test_ratio_fit_speed_times_fresh_and_pooled_fits_of_one_workdir(tmp_path, capsys):
    workdir = str(tmp_path / "run")
    config = config_lib.apply_overrides(config_lib.preset_config("grid25"), [
        "train.steps=2", "train.batch_size=16", "train.checkpoint_every=2", "train.sample_every=100",
        "generator.hidden_units=8", "discriminator.hidden_units=8"])
    train(config, workdir, progress=False)
    ratio_fit_speed.main(["--workdir", workdir, "--steps", "2", "--batch", "16", "--pool", "40", "--repeats", "1"])
    lines = capsys.readouterr().out.splitlines()
    fits = [json.loads(line) for line in lines[:2]]
    assert [fit["generated_pool"] for fit in fits] == [0, 40] and all(fit["seconds"] > 0 for fit in fits)
    assert lines[2].startswith("median seconds: fresh samples ") and "pool of 40" in lines[2]


def test_mode_collapse_refuses_an_unknown_selection_before_training(tmp_path, monkeypatch, capsys):
    with pytest.raises(SystemExit):
        run_main(mode_collapse, monkeypatch, "--preset", "grid25", "--drs_steps", "3", "--drs_methods", "drs,best",
                 "--out_dir", str(tmp_path / "out"))
    assert "unknown best" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_mode_collapse_keeps_each_workdir_and_rescoring_it_gives_the_same_row(tmp_path, monkeypatch, capsys):
    kept, out_dir = tmp_path / "runs", tmp_path / "out"
    run_main(mode_collapse, monkeypatch, "--preset", "ring8", "--steps", "2", "--first_seed", "4", "--seeds", "1",
             "--num_samples", "40", "--out_dir", str(out_dir), "--keep_workdirs", str(kept),
             "--set", "generator.hidden_units=8", "--set", "discriminator.hidden_units=8",
             "--set", "train.batch_size=16")
    (trained,) = json.loads((out_dir / "results.json").read_text())
    workdir = kept / "ring8_nsgan_seed4"
    assert sorted(os.listdir(kept)) == ["ring8_nsgan_seed4"] and os.path.exists(workdir / "config.json")
    run_main(mode_collapse, monkeypatch, "--workdirs", str(workdir), "--num_samples", "40",
             "--out_dir", str(tmp_path / "rescored"))
    (rescored,) = json.loads((tmp_path / "rescored" / "results.json").read_text())
    # The same draws of the same G: the kept workdir is the one that was scored.
    assert [rescored[key] for key in ("modes", "high_quality_percent", "reverse_kl", "seed")] == [
        trained[key] for key in ("modes", "high_quality_percent", "reverse_kl", "seed")]

    # Rows recorded by several runs tabulate as one table, the seeds counted.
    capsys.readouterr()
    results = [str(out_dir / "results.json"), str(tmp_path / "rescored" / "results.json")]
    run_main(mode_collapse, monkeypatch, "--from_results", ",".join(results))
    assert f"| ring8 | {trained['label']} | 1 | {trained['modes']:.2f} ± 0.00 (8) |" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        run_main(mode_collapse, monkeypatch, "--from_results", str(tmp_path / "missing.json"))
    assert "cannot read" in capsys.readouterr().err


def test_a_row_names_the_variant_that_trained_when_an_override_replaces_the_presets(tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    run_main(mode_collapse, monkeypatch, "--preset", "grid25", "--steps", "3", "--seeds", "1", "--num_samples", "40",
             "--out_dir", str(out_dir), "--set", "generator.hidden_units=16", "--set", "discriminator.hidden_units=16",
             "--set", "train.batch_size=32", "--set", "variant.name=infogan", "--set", "variant.objective=hinge",
             "--set", "generator.latent_categories=25", "--set", "generator.z_dim=27",
             "--set", "discriminator.class_head=true", "--set", "discriminator.num_classes=25")
    (row,) = json.loads((out_dir / "results.json").read_text())
    assert row["variant"] == "infogan" and "variant.name=infogan" in row["label"] and 0 <= row["modes"] <= 25


def test_fashion_folder_then_a_gan_on_it_then_the_independent_judge(tmp_path, monkeypatch, capsys):
    # An npm-package-shaped folder: each class a JSON list of 28x28 rows (class 0 with an empty entry, as 1.1.0).
    rng = np.random.default_rng(0)
    clothes = tmp_path / "package" / "src" / "clothes"
    clothes.mkdir(parents=True)
    for label in range(10):
        rows = [(rng.integers(0, 40, 784) + 20 * label).tolist() for _ in range(12)] + ([[]] if label == 0 else [])
        (clothes / f"{label}.json").write_text(json.dumps({"data": rows}))
    folder = tmp_path / "fashion"
    run_main(fashion_mnist_folder, monkeypatch, "--package", str(tmp_path / "package"), "--out", str(folder),
             "--train_per_class", "10")
    assert "1 empty entries left out" in capsys.readouterr().out
    assert len(os.listdir(folder / "train" / "0_t_shirt")) == 10 and len(os.listdir(folder / "test" / "9_ankle_boot")) == 2
    workdir = str(tmp_path / "w")
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist_small"), [
        "data.name=image_folder", f"data.path={folder / 'train'}", "generator.base_filters=4",
        "discriminator.base_filters=4", "train.batch_size=8", "train.steps=2", "train.checkpoint_every=2",
        "train.sample_every=2", "train.log_every=1", "train.num_samples=4"])
    train(config, workdir, progress=False)
    report_path = tmp_path / "judge.json"
    run_main(independent_check, monkeypatch, "--workdir", workdir, "--data_path", str(folder), "--num_samples", "16",
             "--out", str(report_path))
    report = json.loads(report_path.read_text())
    scores = report["workdirs"][workdir]
    assert scores["count"] == 16 and 0 <= scores["confident"] <= 1 and scores["frechet"] >= 0
    assert 0 <= scores["class_min"] <= scores["class_max"] <= 1 and report["held_out_real"]["count"] == 20
    assert 0 <= report["judge_accuracy"] <= 1


def test_ema_statistics_scores_a_2d_average_every_way(tmp_path, monkeypatch, capsys):
    workdir = str(tmp_path / "w")
    config = config_lib.apply_overrides(config_lib.preset_config("grid25"), [
        "train.batch_size=16", "train.steps=3", "train.checkpoint_every=3", "train.sample_every=3",
        "train.log_every=1", "train.num_samples=16", "generator.hidden_units=16", "discriminator.hidden_units=16"])
    train(config, workdir, progress=False)
    run_main(ema_statistics, monkeypatch, "--workdir", workdir)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "G itself", "average, G's own statistics", "average, standing statistics (16 x 64)",
        "average, statistics of the scored batch"]
    scores = {"modes", "high_quality_percent", "reverse_kl", "shift"}
    for line in lines:
        row = json.loads(line.partition(": ")[2])
        assert set(row) == (scores if line.startswith(("G itself", "average, statistics of the scored")) else
                            scores | {"fill_seconds"})
        assert row.get("fill_seconds", 0) >= 0

    run_main(ema_statistics, monkeypatch, "--workdir", workdir, "--standing_batches", "2,5")
    labels = [line.split(":")[0] for line in capsys.readouterr().out.strip().splitlines()]
    assert labels[2:4] == ["average, standing statistics (2 x 64)", "average, standing statistics (5 x 64)"]
    for bad in ("0", "2,x", ""):
        with pytest.raises(SystemExit):
            run_main(ema_statistics, monkeypatch, "--workdir", workdir, "--standing_batches", bad)
        assert "--standing_batches" in capsys.readouterr().err


def test_ema_statistics_shift_is_the_mean_offset_near_each_mode_in_std():
    mixture = MIXTURES["grid25"]
    centers = np.asarray(mixture.centers)
    rng = np.random.default_rng(0)
    offsets = rng.standard_normal((25 * 400, 2)) * 0.5 + [0.4, -0.2]  # in std, every mode alike
    points = np.repeat(centers, 400, axis=0) + offsets * mixture.std
    far = centers[:3] + 10 * mixture.std  # beyond 3 std: not counted
    expected = offsets[np.linalg.norm(offsets, axis=1) <= 3].mean(axis=0)
    np.testing.assert_allclose(ema_statistics.shift(np.concatenate([points, far]), mixture), expected, atol=1e-3)
    assert ema_statistics.shift(centers + 10 * mixture.std, mixture) is None


@pytest.mark.parametrize("preset", mnist_table.PRESETS)
def test_mnist_table_puts_every_variant_on_the_recipes_networks(preset):
    config = mnist_table.table_config(preset, seed=1, steps=7)
    recipe, own = config_lib.preset_config(mnist_table.RECIPE), config_lib.preset_config(preset)
    assert config["variant"]["name"] == own["variant"]["name"] and config["optimizer"] == own["optimizer"]
    # The recipe's networks; a preset on those same networks keeps its options for them.
    for role in ("generator", "discriminator"):
        expected = dict(recipe[role], **own[role]) if own[role]["name"] == recipe[role]["name"] else recipe[role]
        if role == "generator" or own[role]["name"] == recipe[role]["name"]:
            assert config[role] == expected, role
    assert config["data"] == recipe["data"]
    assert config["train"]["steps"] == 7 and config["train"]["seed"] == 1
    assert config["variant"]["ema_decay"] == recipe["variant"]["ema_decay"]
    gan = builders.build_gan(config)
    assert gan.discriminator.input_shape[1:] == gan.generator.output_shape[1:] == (32, 32, 1)


def test_mnist_table_trains_scores_and_tabulates(tmp_path, monkeypatch, mnist_data_dir, capsys):
    run_main(mnist_table, monkeypatch, "--presets", "began_mnist", "--seeds", "2", "--steps", "2",
             "--num_samples", "50", "--data_dir", mnist_data_dir, "--out_dir", str(tmp_path),
             "--keep_workdirs", str(tmp_path / "runs"))
    rows = json.loads((tmp_path / "results.json").read_text())
    assert [row["seed"] for row in rows] == [0, 1] and {row["variant"] for row in rows} == {"began"}
    for seed in (0, 1):  # kept for TensorBoard and sampling
        assert (tmp_path / "runs" / f"began_mnist_seed{seed}" / "checkpoints" / "ckpt-2.index").exists()
    for row in rows:
        assert row["fid"] >= 0 and 0 <= row["class_min"] <= 0.1 <= row["class_max"] <= 1
        assert 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1 and 0 <= row["confident"] <= 1
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(rf"\| began_mnist \(began\) \| 2 \| {NUMBER} ± {NUMBER} \|.*\| {NUMBER} \|", last)


def _first_import_of_tensorflow(tree):
    """Line of the script's first top-level import that loads TensorFlow (directly, through
    the package or through a sibling script), or None."""
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(name.split(".")[0] in {"tensorflow", "keras", "tfgan_zoo", "mode_collapse"}
                   for name in names):
                return node.lineno
    return None


TABLE_SCRIPTS = (pacgan_table1, pacgan_table2, pacgan_table3, mode_collapse, stacked_mnist, mnist_table)
SCRIPTS = TABLE_SCRIPTS + (compare_commits, ema_statistics, export_latency, fashion_mnist_folder, independent_check,
                           input_pipeline, progan_growth, proposal_coverage, ratio_fit_speed, restore_time,
                           tensorboard_hparams, throughput)


def test_every_script_is_in_the_flag_tests():
    names = {name[:-3] for name in os.listdir(BENCHMARKS) if name.endswith(".py") and "def main(" in
             open(os.path.join(BENCHMARKS, name)).read()}
    assert names == {module.__name__ for module in SCRIPTS}


class _Parsed(Exception):
    pass


def _parser_of(module, monkeypatch):
    """The script's argparse parser, caught as its main() parses the command line."""
    caught = {}

    def catch(parser, *args, **kwargs):
        caught["parser"] = parser
        raise _Parsed

    with monkeypatch.context() as patch:
        patch.setattr(argparse.ArgumentParser, "parse_args", catch)
        patch.setattr(sys, "argv", [module.__name__])
        with pytest.raises(_Parsed):
            module.main()
    return caught["parser"]


@pytest.mark.parametrize("module", SCRIPTS, ids=lambda module: module.__name__)
def test_every_number_flag_of_a_script_refuses_values_outside_its_domain(module, monkeypatch, capsys):
    # Each number flag declares its domain (positive_int: >= 1, count: >= 0, positive_float: a
    # finite number > 0); a value outside it, or no number at all, is argparse's one-line usage
    # error (exit 2) before any work.
    refused = {command_line.positive_int: ["0", "-3", "2.5", "x"], command_line.count: ["-1", "x"],
               command_line.positive_float: ["0", "-1", "nan", "inf", "x"],
               progan_growth.resolution: ["0", "2", "7", "2048", "x"]}
    actions = _parser_of(module, monkeypatch)._actions
    flags = [(action.option_strings[0], refused[action.type]) for action in actions if action.type in refused]
    flags += [(action.option_strings[0], outside(action.type.field)) for action in actions
              if hasattr(action.type, "field")]
    assert any(flag == "--seeds" for flag, _ in flags) or module not in TABLE_SCRIPTS or module is pacgan_table3
    for flag, values in flags:
        for value in values:
            with pytest.raises(SystemExit) as stopped:
                run_main(module, monkeypatch, f"{flag}={value}")
            error = capsys.readouterr().err
            assert stopped.value.code == 2 and flag in error and "Traceback" not in error, (flag, value, error)
    untyped = [action.option_strings[0] for action in actions if action.type in (int, float)]
    assert not untyped, f"number flags without a domain: {untyped}"


def test_a_zoo_error_in_a_table_script_is_one_error_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["pacgan_table1.py", "--datasets", "grid26", "--epochs", "1", "--eval_every", "1",
                                      "--out_dir", str(tmp_path)])
    with pytest.raises(SystemExit) as stopped:
        command_line.run_script(pacgan_table1.main)
    lines = capsys.readouterr().err.strip().splitlines()
    assert stopped.value.code == 2 and len(lines) == 1
    assert lines[0].startswith("pacgan_table1.py: error: unknown preset 'pacgan_grid26'")


def _bad_inputs(tmp_path):
    """(script, its arguments, what the one error line names) for input a user gets wrong."""
    workdir = tmp_path / "workdir"
    workdir.mkdir()
    config_lib.write_config(str(workdir), config_lib.preset_config("ring8"))  # a run before its first checkpoint
    images = tmp_path / "images"
    for split in ("train", "test"):
        (images / split / "0").mkdir(parents=True)
        (images / split / "0" / "a.png").write_text("not an image")
    unequal, empty = tmp_path / "unequal", tmp_path / "empty"
    for split, classes in (("train", ("0", "1")), ("test", ("0",))):
        for name in classes:
            (unequal / split / name).mkdir(parents=True)
            (unequal / split / name / "a.png").write_text("")
            (empty / split / name).mkdir(parents=True)
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "config.json").write_text("{")
    missing = str(tmp_path / "missing")
    curves = tmp_path / "curves"  # a run's curve file, to tabulate into a folder under a file
    curves.mkdir()
    (curves / "curve_grid25_m1_seed0.json").write_text(json.dumps(
        [{"epoch": 20, "steps": 20000, "cpu_seconds": 1.0, "modes": 20, "high_quality_percent": 90.0,
          "reverse_kl": 0.5}]))
    return [
        ("pacgan_table1", ["--from_curves", str(curves), "--out_dir", str(damaged / "config.json" / "out")],
         "Not a directory"),
        ("compare_commits", ["--commits", "HEAD,no-such-commit"], "no-such-commit"),
        ("fashion_mnist_folder", ["--package", missing, "--out", str(tmp_path / "out")], "--package"),
        ("independent_check", ["--workdir", missing], missing),
        ("independent_check", ["--workdir", str(damaged)], "config.json cannot be read"),
        ("independent_check", ["--workdir", str(workdir), "--data_path", missing], "--data_path"),
        ("independent_check", ["--workdir", str(workdir), "--data_path", str(unequal)], "different classes"),
        ("independent_check", ["--workdir", str(workdir), "--data_path", str(empty)], "empty"),
        ("independent_check", ["--workdir", str(workdir), "--data_path", str(images)], "not an image"),
        ("progan_growth", ["--resolution", "96"], "power of two"),
        ("proposal_coverage", ["--workdir", str(workdir), "--noise_stds", "0,x"], "--noise_stds"),
        ("export_latency", ["--workdir", missing], "not a training workdir"),
        ("throughput", ["--preset", "no_such_preset"], "unknown preset"),
        ("restore_time", ["--preset", "no_such_preset", "--workdir", missing], "unknown preset"),
        ("restore_time", ["--workdir", str(workdir)], "exists and is not an empty folder"),
    ]


def test_a_script_given_bad_input_prints_one_error_line_and_no_trace(tmp_path, monkeypatch, capsys):
    # As the scripts' __main__ runs them (run_script), in this process: a process each would add a
    # TensorFlow start per case and test nothing more (the shell's view: the runtime-lines test).
    modules = {module.__name__: module for module in SCRIPTS}
    for script, arguments, named in _bad_inputs(tmp_path):
        monkeypatch.setattr(sys, "argv", [f"{script}.py", *arguments])
        with pytest.raises(SystemExit) as stopped:
            command_line.run_script(modules[script].main)
        error = capsys.readouterr().err
        last = error.strip().splitlines()[-1]
        assert stopped.value.code == 2 and "Traceback" not in error, (script, arguments, error)
        assert last.startswith(f"{script}.py: error: ") and named in last, (script, arguments, last)


def test_run_script_stops_on_ctrl_c_with_a_line_saying_what_is_kept(monkeypatch, capsys):
    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(sys, "argv", ["throughput.py"])
    for stopped, kept in ((None, "what was printed so far stands"), (command_line.KEPT_IN_OUT_DIR, "--out_dir")):
        with pytest.raises(SystemExit) as exit_status:
            command_line.run_script(interrupted, **({"stopped": stopped} if stopped else {}))
        assert exit_status.value.code == 130
        assert capsys.readouterr().err == f"throughput.py: stopped; {stopped or kept}\n"


def test_every_script_prepares_tensorflow_before_importing_it():
    for name in sorted(os.listdir(BENCHMARKS)):
        if not name.endswith(".py") or name == "command_line.py":  # a module of the scripts, run by none
            continue
        tree = ast.parse(open(os.path.join(BENCHMARKS, name)).read())
        first_import = _first_import_of_tensorflow(tree)
        if first_import is None:
            continue
        quieted = [node.lineno for node in tree.body if isinstance(node, ast.If)
                   and "__main__" in ast.unparse(node.test) and "prepare_tensorflow()" in ast.unparse(node)]
        assert quieted and quieted[0] < first_import, f"{name} imports TensorFlow before prepare_tensorflow()"


def test_the_shared_command_line_module_loads_no_tensorflow():
    # compare_commits.py and fashion_mnist_folder.py import it and need no TensorFlow.
    check = "import sys, command_line, compare_commits, fashion_mnist_folder; print('tensorflow' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=BENCHMARKS,
                            timeout=120)
    assert result.stdout.strip() == "False", result.stderr


def test_a_script_run_from_the_shell_shows_no_runtime_lines():
    env = {key: value for key, value in os.environ.items() if key != "TF_CPP_MIN_LOG_LEVEL"}
    result = subprocess.run([sys.executable, os.path.join(BENCHMARKS, "mode_collapse.py"), "--help"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and "usage: mode_collapse.py" in result.stdout
    assert result.stderr == ""


def small_mixture_config():
    config = config_lib.apply_overrides(toy_config("grid25"), [
        "train.batch_size=32", "train.log_every=50", "train.checkpoint_every=100000", "train.num_samples=64"])
    return config


def test_a_stretch_stopped_by_a_signal_adds_no_point_and_a_rerun_goes_on(tmp_path, monkeypatch):
    # The trainer saves the step a signal stops it at and returns: that model is short of the
    # stretch's epoch, so no point may be recorded for it, and the run stops as Ctrl-C stops it.
    workdir, curve_path = str(tmp_path / "w"), str(tmp_path / "curve.json")
    scores = iter(range(100))

    def score():
        def stop_the_next_stretch():
            # The trainer's own SIGTERM handler, once installed, called as the signal would call it.
            while not isinstance(handler := signal.getsignal(signal.SIGTERM), train_lib._StopRequest):
                time.sleep(0.001)
            handler(signal.SIGTERM, None)

        if not threading.current_thread().name.startswith("stopper"):
            threading.Thread(target=stop_the_next_stretch, name="stopper", daemon=True).start()
        return {"score": next(scores)}

    def stretches(epochs, scorer):
        return mode_collapse.train_in_stretches(small_mixture_config(), workdir, 200, epochs, 1, scorer,
                                                curve_path=curve_path)

    with pytest.raises(KeyboardInterrupt):
        stretches(2, score)
    first = json.loads(open(curve_path).read())
    assert [point["epoch"] for point in first] == [1]
    stopped = max(checkpoints_by_step(workdir))
    assert 200 <= stopped < 400, "the second stretch stopped short of its epoch, with a checkpoint"
    # A point past the workdir's newest checkpoint (a file written by a run whose checkpoint was
    # lost) is measured again, not kept: training goes on from the checkpoint.
    write_atomically(curve_path, json.dumps([*first, {**first[0], "epoch": 2, "steps": 400, "score": -1}]))
    curve, seconds = stretches(2, lambda: {"score": next(scores)})
    assert curve[0] == first[0] and curve[1]["epoch"] == 2 and curve[1]["score"] == 1
    assert json.loads(open(curve_path).read()) == curve and seconds == curve[-1]["cpu_seconds"]
    # A new curve file on a workdir that trained past some epochs: those are skipped (their models
    # are gone), and the epoch the workdir stands at is scored at its own step.
    os.remove(curve_path)
    curve, _ = stretches(2, lambda: {"score": next(scores)})
    assert [(point["epoch"], point["score"]) for point in curve] == [(2, 2)]


def test_restore_time_writes_a_preset_workdir_and_times_both_builds(tmp_path, capsys):
    restore_time.measure("biggan32", str(tmp_path / "w"), overrides=["generator.base_filters=8",
                                                                        "discriminator.base_filters=8"])
    assert re.fullmatch(rf"preset=biggan32 build_for_training_s={NUMBER} load_trained_s={NUMBER} ratio={NUMBER}",
                        capsys.readouterr().out.strip())
