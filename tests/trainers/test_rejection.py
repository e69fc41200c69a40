"""Discriminator rejection sampling of trained workdirs (the fitted density ratio, the eval flag,
the models it refuses; the 2-D benchmark's rows: tests/benchmarks), and eval's modes metric for
the 2-D mixtures."""

import json

import numpy as np
import pytest

from tfgan_zoo.builders import build_gan
from tfgan_zoo.configs._base import base_config
from tfgan_zoo.errors import EvaluationError
from tfgan_zoo.export import load_trained_gan
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers.cli import main
from tfgan_zoo.trainers.rejection import (
    fit_density_ratio,
    fit_rejection_sampler,
    selecting_sampler,
    selection_settings,
)
from tfgan_zoo.trainers.train import train

TINY = ["train.steps=3", "train.batch_size=32", "train.sample_every=100", "train.checkpoint_every=3",
        "train.log_every=1", "train.num_samples=4"]


@pytest.fixture(scope="module")
def grid25_workdir(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("grid25"))
    # The preset keeps spectral norm in D; the density-ratio network must not (trainers/rejection.py).
    config = config_lib.apply_overrides(config_lib.preset_config("grid25"), [
        *TINY, "generator.hidden_units=16", "discriminator.hidden_units=16"])
    train(config, workdir, progress=False)
    return workdir


def test_a_fitted_sampler_draws_points_and_describes_its_fit(grid25_workdir):
    gan, config, _ = load_trained_gan(grid25_workdir)
    sampler, fit = fit_rejection_sampler(gan, config, fit_steps=5, batch_size=64, seed=1)
    points, acceptance_rate = sampler.sample(50, seed=2)
    assert points.shape == (50, 2) and np.isfinite(points).all() and 0.0 < acceptance_rate <= 1.0
    assert fit["method"] == "drs" and fit["fit_steps"] == 5 and fit["batch_size"] == 64
    assert np.isfinite(fit["fit_loss"]) and fit["percentile"] == 80.0
    np.testing.assert_array_equal(points, sampler.sample(50, seed=2)[0])
    again, _ = fit_rejection_sampler(gan, config, fit_steps=5, batch_size=64, seed=1)
    np.testing.assert_array_equal(points, again.sample(50, seed=2)[0])  # the same seed, the same fit


def test_one_fit_from_a_generated_pool_serves_rejection_and_metropolis_hastings(grid25_workdir):
    gan, config, _ = load_trained_gan(grid25_workdir)
    ratio = fit_density_ratio(gan, config, fit_steps=4, batch_size=32, seed=1, generated_pool=50)
    assert ratio.fit["generated_pool"] == 50 and ratio.real_logits.shape == (32,)
    again = fit_density_ratio(gan, config, fit_steps=4, batch_size=32, seed=1, generated_pool=50)
    assert ratio.fit["fit_loss"] == again.fit["fit_loss"]  # the pool is drawn from the seed too
    points = np.zeros((5, 2), np.float32)
    np.testing.assert_array_equal(ratio.log_density_ratio(points), again.log_density_ratio(points))
    chains, fit = selecting_sampler(ratio, "mh", chain_length=3)
    assert fit["method"] == "mh" and fit["chain_length"] == 3 and "percentile" not in fit
    samples, acceptance_rate = chains.sample(30, seed=2)
    assert samples.shape == (30, 2) and np.isfinite(samples).all() and 0.0 <= acceptance_rate <= 1.0
    _, fit = selecting_sampler(ratio, "drs", percentile=60.0)
    assert fit["method"] == "drs" and fit["percentile"] == 60.0 and fit["fit_loss"] == ratio.fit["fit_loss"]
    for method, options, message in (("best", {}, "unknown sample selection 'best'"),
                                     ("mh", {"chain_length": 0}, "chain_length")):
        with pytest.raises(EvaluationError, match=message):
            selecting_sampler(ratio, method, **options)
    with pytest.raises(EvaluationError, match="generated_pool"):
        fit_density_ratio(gan, config, fit_steps=1, generated_pool=-1)


def test_proposal_noise_widens_the_generators_samples_in_the_fit_and_the_selection(grid25_workdir):
    gan, config, _ = load_trained_gan(grid25_workdir)
    ratio = fit_density_ratio(gan, config, fit_steps=3, batch_size=32, seed=1, generated_pool=50, proposal_noise=0.5)
    assert ratio.z_dim == gan.z_dim + 2 and ratio.fit["proposal_noise"] == 0.5
    z = np.random.default_rng(0).standard_normal((400, ratio.z_dim)).astype(np.float32)
    plain = gan.sampling_generator()(z[:, :gan.z_dim], training=False).numpy()
    # The proposal is G's point plus 0.5 times the latent's own noise coordinates.
    np.testing.assert_allclose(ratio.generate(z), plain + 0.5 * z[:, gan.z_dim:], rtol=1e-6, atol=1e-6)
    samples, _ = selecting_sampler(ratio, "mh", chain_length=3)[0].sample(20, seed=2)
    assert samples.shape == (20, 2) and np.isfinite(samples).all()
    for noise in (-0.1, float("nan")):
        with pytest.raises(EvaluationError, match="proposal_noise"):
            fit_density_ratio(gan, config, fit_steps=1, proposal_noise=noise)


@pytest.mark.parametrize("preset, message", [("cgan_mnist", "class-conditional"),
                                             ("began_mnist", "one logit per example")])
def test_models_without_a_single_unconditional_logit_are_refused(preset, message):
    config = config_lib.preset_config(preset)
    gan = build_gan(config)
    with pytest.raises(EvaluationError, match=message):
        fit_rejection_sampler(gan, config, fit_steps=1)


def test_eval_scores_rejection_sampling_and_records_it(tmp_path, mnist_data_dir, capsys):
    workdir = str(tmp_path / "run")
    config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist_small"), [
        *TINY, "generator.base_filters=4", "discriminator.base_filters=4", "data.split=train[:256]",
        "data.shuffle_buffer=64"])
    train(config, workdir, data_dir=mnist_data_dir, progress=False)
    out = str(tmp_path / "report.json")
    command = ["tfgan-zoo", "eval", f"--workdir={workdir}", "--metrics=fid", "--num_samples=64",
               f"--data_dir={mnist_data_dir}", f"--out={out}", "--drs_steps=3", "--drs_percentile=50"]
    assert main(command) == 0, capsys.readouterr().err[-2000:]
    assert "rejection sampling kept" in capsys.readouterr().out
    with open(out) as file:
        report = json.load(file)
    assert 0.0 < report["acceptance_rate"] <= 1.0 and report["num_samples"] == 64
    assert report["rejection"]["fit_steps"] == 3 and report["rejection"]["percentile"] == 50.0
    assert main([*command[:-2], "--drs_steps=3", "--truncation=1.0"]) == 2
    assert "not both" in capsys.readouterr().err


def test_eval_scores_2d_mixtures_by_their_modes_plain_and_rejected(grid25_workdir, tmp_path, capsys):
    out = str(tmp_path / "modes.json")
    command = ["tfgan-zoo", "eval", f"--workdir={grid25_workdir}", "--metrics=modes", "--num_samples=200",
               f"--out={out}"]
    assert main([*command, "--drs_steps=3", "--drs_batch_size=48"]) == 0, capsys.readouterr().err[-2000:]
    # Points are scored as they are: the summary names no feature extractor.
    assert capsys.readouterr().out.splitlines()[-1] == f"200 samples; report: {out}"
    with open(out) as file:
        report = json.load(file)
    assert report["rejection"]["batch_size"] == 48
    values = report["metrics"]
    assert 0 <= values["modes"] <= 25 and 0.0 <= values["high_quality_percent"] <= 100.0
    assert values["mode_reverse_kl"] >= 0.0 and report["rejection"]["fit_steps"] == 3
    # An image metric on points is refused before any fit starts.
    capsys.readouterr()
    assert main([*command[:2], f"--workdir={grid25_workdir}", "--metrics=fid", "--drs_steps=3"]) == 2
    captured = capsys.readouterr()
    assert "scored by --metrics=modes" in captured.err and "fitting" not in captured.out
    # Metropolis-Hastings chains on a pooled fit, recorded as such.
    assert main([*command, "--drs_steps=3", "--drs_method=mh", "--drs_chain_length=4", "--drs_pool=100",
                 "--drs_noise=0.05"]) == 0
    printed = capsys.readouterr().out
    assert "fitting the density ratio for Metropolis-Hastings chains" in printed
    assert "Metropolis-Hastings chains accepted" in printed
    with open(out) as file:
        rejection = json.load(file)["rejection"]
    assert (rejection["method"], rejection["chain_length"], rejection["generated_pool"]) == ("mh", 4, 100)
    assert rejection["proposal_noise"] == 0.05
    assert main([*command, "--drs_steps=3", "--drs_method=best"]) != 0
    assert "drs_method" in capsys.readouterr().err


def test_drs_runs_the_presets_selection_and_each_flag_overrides_one_field(grid25_workdir, tmp_path, capsys):
    # The preset's recipe ends in a selection; its fields reach the fit unless a flag replaces one.
    preset = config_lib.preset_config("grid25")["selection"]
    assert preset != base_config()["selection"]
    out = str(tmp_path / "preset.json")
    command = ["tfgan-zoo", "eval", f"--workdir={grid25_workdir}", f"--out={out}", "--drs"]
    assert main([*command, "--drs_steps=2"]) == 0, capsys.readouterr().err[-2000:]
    assert "fitting the density ratio for rejection sampling (2 steps)" in capsys.readouterr().out
    with open(out) as file:
        report = json.load(file)
    fit = report["rejection"]
    assert (fit["fit_steps"], fit["batch_size"], fit["generated_pool"], fit["proposal_noise"], fit["percentile"]) == (
        2, preset["batch_size"], preset["pool"], preset["noise"], preset["percentile"])
    # Points are scored by their one metric on PacGAN's 2,500 samples unless the command says otherwise.
    assert set(report["metrics"]) == {"modes", "high_quality_percent", "mode_reverse_kl"}
    assert report["num_samples"] == 2500
    # A selection flag without --drs, or --drs with a fit of no steps, is one error line before any fit.
    for extra, message in ((["--drs_pool=10"], "add --drs"), (["--drs", "--drs_steps=0"], "fits no density ratio")):
        assert main([*command[:-1], *extra]) == 2
        captured = capsys.readouterr()
        assert message in captured.err and "fitting" not in captured.out


def test_a_workdir_from_before_the_selection_section_selects_with_its_defaults(grid25_workdir):
    gan, config, _ = load_trained_gan(grid25_workdir)
    del config["selection"]
    assert selection_settings(config) == base_config()["selection"]
    assert selection_settings(config, pool=7, noise=None)["pool"] == 7
    with pytest.raises(EvaluationError, match="no field 'steps'"):
        selection_settings(config, steps=3)


def test_the_modes_metric_is_refused_on_images(mnist_data_dir):
    from tfgan_zoo.trainers import evaluate

    config = config_lib.preset_config("dcgan_mnist_small")
    with pytest.raises(EvaluationError, match="scores 2-D mixtures"):
        evaluate.evaluate(build_gan(config), config, ["modes"], 10, cache_dir=None, data_dir=mnist_data_dir)


def test_sample_draws_a_grid_of_rejection_samples_and_refuses_what_it_cannot_draw(grid25_workdir, tmp_path,
                                                                                  capsys):
    out = tmp_path / "drs.png"
    command = ["tfgan-zoo", "sample", f"--workdir={grid25_workdir}", "--num=100", f"--out={out}", "--drs_steps=3"]
    assert main(command) == 0, capsys.readouterr().err[-2000:]
    assert "rejection sampling kept" in capsys.readouterr().out and out.read_bytes()[:4] == b"\x89PNG"
    for extra, message in (("--truncation=1", "drop --truncation"), ("--label=1", "drop --label"),
                           (f"--saved_model={tmp_path}", "exactly one of")):
        assert main([*command, extra]) == 2
        captured = capsys.readouterr()
        assert message in captured.err and "fitting" not in captured.out
    assert main(["tfgan-zoo", "sample", f"--saved_model={tmp_path}", "--drs_steps=3"]) == 2
    assert "sample a --workdir" in capsys.readouterr().err
