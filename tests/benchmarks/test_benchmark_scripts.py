"""The benchmark scripts run and print their documented line format (tiny
settings; the numbers themselves belong in BENCHMARKS.md, not in tests)."""

import os
import re
import sys

import pytest

BENCHMARKS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                          "benchmarks")
sys.path.insert(0, BENCHMARKS)

import input_pipeline  # noqa: E402
import pacgan_table1  # noqa: E402
import throughput  # noqa: E402

NUMBER = r"[0-9.]+"


@pytest.mark.parametrize("updates", ["alternating", "simultaneous"])
def test_throughput_prints_one_line_per_measurement(updates, capsys):
    throughput.measure("dcgan_mnist", 8, [f"variant.updates={updates}"], warmup=1, seconds=0.2, rounds=1,
                       matmul_rate=100.0)
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(
        rf"preset=dcgan_mnist batch=8 ours_images_per_s={NUMBER} baseline_images_per_s={NUMBER} "
        rf"ratio={NUMBER} gflop_per_step={NUMBER} matmul_fraction={NUMBER} updates={updates}", line), line


def test_flop_count_follows_the_update_order():
    import tensorflow as tf  # noqa: F401

    from tfgan_zoo import builders
    from tfgan_zoo.trainers import config as config_lib

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


def test_pacgan_table1_trains_scores_tabulates_and_plots(tmp_path, monkeypatch):
    monkeypatch.setattr(pacgan_table1, "STEPS_PER_EPOCH", 2)  # two 2-step stretches instead of 1,000-step epochs
    row = pacgan_table1.run_one("grid25", 2, 0, epochs=2, eval_every=1, num_samples=100, workdir=str(tmp_path / "w"))
    assert [point["epoch"] for point in row["curve"]] == [1, 2]
    assert 0 <= row["modes"] <= 25 and 0 <= row["high_quality_percent"] <= 100
    lines = pacgan_table1.table([row, {**row, "seed": 1}]).splitlines()
    assert lines[2].startswith("| grid25 | PacGAN2 (ours) | 2 | 2 |")
    assert lines[3] == "| grid25 | PacGAN2 (paper) | 400 | 10 | 23.80 ± 0.70 | 91.30 ± 0.80 | 0.13 ± 0.04 | |"
    pacgan_table1.plot_curves([row], "grid25", str(tmp_path / "curves.png"))
    assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"
