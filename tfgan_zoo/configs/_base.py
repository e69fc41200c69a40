"""The fields every preset has, with their defaults.

A preset copies this dict and changes what differs; the command line can then
override any field (`--set train.steps=500`), and a field that is not here is
an error, so a typo never passes silently.
"""

import copy

_BASE = {
    # The variant's name and any of its constructor arguments; what is not
    # listed keeps the variant's own default (WGAN's d_steps=5, ...).
    "variant": {"name": "nsgan"},
    "generator": {"name": "dcgan_generator"},
    "discriminator": {"name": "dcgan_discriminator"},
    "data": {
        "name": "mnist",
        "split": "train",
        "path": "",
        "image_size": 28,
        "channels": 1,
        "shuffle_buffer": 10_000,
        # Pad each (square) image with black to this size before resizing to
        # image_size; 0 resizes directly.
        "pad_to": 0,
        # TFDS datasets: "auto" downloads and prepares one that is not
        # prepared in the data directory; "never" reads only what is there;
        # "always" prepares it again.
        "download": "auto",
        "on_bad_file": "skip",  # image folders: "skip" unreadable files (with a count) or "error"
        # Classes of a labelled dataset, for conditional networks (those whose
        # factory takes num_classes); 0 means: read it from the dataset's
        # metadata when the run starts.
        "num_classes": 0,
    },
    "optimizer": {
        "name": "adam",
        "g_learning_rate": 2e-4,
        "d_learning_rate": 2e-4,
        "beta_1": 0.5,
        "beta_2": 0.999,
        # Adam's and RMSprop's epsilon (Keras's default; the ProGAN and WGAN
        # authors' code uses 1e-8), and RMSprop's decay rho (PyTorch's
        # RMSprop, which the WGAN authors used, has 0.99).
        "epsilon": 1e-7,
        "rho": 0.9,
        # Adam's update as one TensorFlow kernel per variable (the same
        # formula as Keras's Adam, in one pass over each variable).
        "fused": True,
        # TTUR: each network's schedule, "constant", "linear" or "cosine",
        # decaying over decay_steps train steps (D: decay_steps x d_steps updates).
        "g_schedule": "constant",
        "d_schedule": "constant",
        "decay_steps": 0,
    },
    "train": {
        "batch_size": 64,
        "steps": 1000,
        "seed": 0,
        "log_every": 50,
        "sample_every": 250,
        "checkpoint_every": 250,
        "keep_checkpoints": 3,
        # Every keep_every-th step's checkpoint is also kept for good in
        # WORKDIR/kept_checkpoints (0: none), for a metric's curve against
        # steps (`tfgan-zoo eval --step=N`).
        "keep_every": 0,
        "num_samples": 64,
        # Steps whose update was skipped for a non-finite loss or gradient, in
        # a row, before training stops (checked at every log step).
        "max_bad_steps": 20,
        # What a divergence does (max_bad_steps skipped updates in a row, a
        # non-finite loss or weight): "stop" with a message, or "rollback" to
        # the last good checkpoint with both learning rates multiplied by
        # rollback_lr_factor, at most max_rollbacks times per command.
        # Hardware options: synchronised batch statistics across replicas, a
        # mixed-precision policy ("", "mixed_float16", "mixed_bfloat16"), and
        # XLA compilation of the single-device step.
        "sync_batch_norm": False,
        # Batch norm layers train through TensorFlow's fused kernel: the same
        # variables and function, faster (BENCHMARKS.md); false runs Keras's own.
        "fused_batch_norm": True,
        "mixed_precision": "",
        "jit_compile": False,
        # Where the query of the TensorBoard attention maps sits (networks with
        # self-attention): [row, column] as fractions of the feature map.
        "attention_query": [0.5, 0.5],
        "on_divergence": "stop",
        "rollback_lr_factor": 0.5,
        "max_rollbacks": 3,
    },
    # Evaluation during training (tfgan-zoo eval does the same on demand):
    # every `every` steps (0: never) the sampling generator is scored on
    # `metrics` (fid, kid, is, pr, stacked_mnist) with `num_samples` samples;
    # with best_metric set (fid, kid, is, precision, recall, ...) the best
    # checkpoint so far is kept in WORKDIR/best_checkpoint.
    "eval": {
        "every": 0,
        "metrics": ["fid"],
        "num_samples": 1000,
        "extractor": "auto",
        "best_metric": "",
    },
    # Samples selected through a density ratio fitted after training
    # (`tfgan-zoo eval` and `sample` with --drs; each --drs_* flag overrides
    # its field): fit_steps of logistic regression with batch_size real and
    # generated samples (0: train.batch_size), from a pool of generated
    # samples drawn once (0: fresh ones every step), each widened by Gaussian
    # noise of std `noise`; then "drs" rejection at the batch's `percentile`
    # (Azadi et al. 2018) or "mh" chains of chain_length proposals (Turner
    # et al. 2019). A preset whose recipe ends in such a selection sets it here.
    "selection": {
        "fit_steps": 10_000,
        "method": "drs",
        "percentile": 80.0,
        "batch_size": 0,
        "chain_length": 640,
        "pool": 0,
        "noise": 0.0,
    },
}


def base_config():
    """A fresh deep copy of the defaults."""
    return copy.deepcopy(_BASE)


def with_defaults(config):
    """A copy of a saved config with the fixed fields it predates filled in
    from the defaults, so a workdir written before a field existed still
    resumes, samples and exports as it was trained. The defaults of new
    fields keep the behaviour that came before them."""
    config = copy.deepcopy(config)
    for section, fields in _BASE.items():
        if section not in ("variant", "generator", "discriminator"):
            for field, value in fields.items():
                config.setdefault(section, {}).setdefault(field, copy.deepcopy(value))
    return config


def dcgan_config(resolution, channels, dataset, batch_size=128):
    """The DCGAN paper's settings (arXiv 1511.06434, section 4: mini-batch SGD
    with batch 128, Adam(2e-4, beta_1=0.5), N(0, 0.02) init) at any
    power-of-two resolution."""
    config = base_config()
    for role in ("generator", "discriminator"):
        config[role] = {"name": f"dcgan_{role}", "resolution": resolution, "channels": channels,
                        "base_filters": 64}
    config["generator"]["z_dim"] = 100
    config["data"].update(name=dataset, image_size=resolution, channels=channels)
    config["train"].update(batch_size=batch_size, steps=50_000, sample_every=1000, checkpoint_every=1000)
    return config


def mnist_config(variant="nsgan", discriminator="dcgan_mnist_discriminator", **optimizer):
    """The TensorFlow tutorial's 28x28x1 networks on MNIST, for any variant.

    Args:
        variant: the variant section (a name, or a dict with name and arguments).
        discriminator: the discriminator network's registered name.
        **optimizer: fields of the optimizer section that differ from Adam(2e-4, 0.5).
    """
    config = base_config()
    config["variant"] = {"name": variant} if isinstance(variant, str) else dict(variant)
    config["generator"] = {"name": "dcgan_mnist_generator", "z_dim": 100}
    config["discriminator"] = {"name": discriminator}
    config["data"].update(name="mnist", image_size=28, channels=1)
    config["optimizer"].update(optimizer)
    config["train"].update(batch_size=64, steps=1200, log_every=50, sample_every=300,
                           checkpoint_every=300)
    return config


def conditional_mnist_config(variant, discriminator):
    """A class-conditional variant on MNIST: the tutorial's generator with a label input."""
    config = mnist_config(variant, discriminator=discriminator)
    config["generator"]["name"] = "cgan_mnist_generator"
    config["train"].update(steps=3000, sample_every=500, checkpoint_every=500)
    config["eval"].update(metrics=["accuracy", "fid"])
    return config


def toy_config(dataset, variant="nsgan"):
    """MLP networks on a 2-D mixture of Gaussians (ring8, grid25)."""
    config = base_config()
    config["variant"] = {"name": variant} if isinstance(variant, str) else dict(variant)
    config["generator"] = {"name": "mlp_generator", "z_dim": 2}
    config["discriminator"] = {"name": "mlp_discriminator"}
    config["data"].update(name=dataset, image_size=0, channels=0, shuffle_buffer=100_000)
    config["optimizer"].update(g_learning_rate=1e-4, d_learning_rate=1e-4)
    config["train"].update(batch_size=256, steps=5000, log_every=250, sample_every=1000,
                           checkpoint_every=1000, num_samples=1024)
    return config


def mixture_recipe_config(dataset):
    """Our recipe for the 2-D mixtures (the `grid25` and `ring8_recipe` presets): the
    baseline's MLPs trained with the hinge loss, spectral norm in D (Miyato et al. 2018,
    arXiv 1802.05957), TTUR (G 1e-4, D 4e-4; Heusel et al. 2017, arXiv 1706.08500),
    batch 256 for 24,000 steps, sampled from G's moving average (0.999) whose batch norm
    holds standing statistics from 256 batches of 64 draws. A preset adds the selection
    its data needs (the `selection` section)."""
    # 256 standing batches: a batch of 64 gives an MLP's batch norm only 64 values per
    # channel, and 16 such batches shift the average's whole distribution (BENCHMARKS.md).
    config = toy_config(dataset, {"name": "hinge", "ema_decay": 0.999, "ema_standing_batches": 256})
    config["discriminator"]["spectral_norm"] = True
    config["optimizer"].update(d_learning_rate=4e-4)
    config["train"].update(steps=24_000, log_every=1000, sample_every=4000, checkpoint_every=4000)
    return config


def pacgan_toy_config(dataset):
    """PacGAN's 2-D protocol (Lin et al. 2018, arXiv 1712.04086, Table 1), as the
    authors' code runs it (fjxmlzn/PacGAN, synthetic_data_experiments):
    G 4 x 400 ReLU with batch norm (Blocks' BatchNormalization: epsilon 1e-4,
    population statistics updated with weight 0.05 a step) and no hidden
    bias, D three maxout layers (200 units, 5 pieces) and a linear output,
    weights N(0, 0.02) and zero biases, z ~ N(0, I_2), Adam(1e-4,
    beta_1=0.8, epsilon=1e-8), D and G updated from the same pass (their ALI
    algorithm: `simultaneous`), 100 examples per step from a fixed set of
    100,000 points, 400 epochs of 1,000 steps. Packing m takes `--set
    variant.packing=m --set train.batch_size=100m --set
    generator.batch_norm_slots=m`: 100 packs per step, as theirs, and G's
    batch norm with statistics per slot of the packs, as their G, which runs
    once per slot. Where it differs: the authors draw 100,000 fresh packs
    (100,000 m points); the fixed set here is 100,000 points for every m.
    Like Blocks, G's batch norm averages the batches' standard deviations
    sqrt(sigma_B^2 + eps), not their variances, as Keras's layer would
    (`generator.batch_norm_average_stdev`). Before each scoring their monitoring pass refreshes the
    population statistics from 50 batches of the current G (50 more updates
    at 0.05, no training): `benchmarks/pacgan_table1.py` does the same; a
    plain `tfgan-zoo eval` samples with the statistics training left."""
    config = toy_config(dataset, {"name": "nsgan", "updates": "simultaneous"})
    config["generator"] = {"name": "mlp_generator", "z_dim": 2, "init_stddev": 0.02, "batch_norm_epsilon": 1e-4,
                           "batch_norm_momentum": 0.95, "batch_norm_average_stdev": True}
    config["discriminator"] = {"name": "maxout_discriminator"}
    config["optimizer"].update(g_learning_rate=1e-4, d_learning_rate=1e-4, beta_1=0.8, epsilon=1e-8)
    config["train"].update(batch_size=100, steps=400_000, log_every=1000, sample_every=10_000,
                           checkpoint_every=10_000, num_samples=2500)
    return config


def resnet_config(variant, generator, resolution, dataset, channels=3, base_filters=64, attention_resolution=0,
                  conditional=True):
    """ResNet networks (SNGAN/SAGAN/BigGAN) with spectral norm in both and SAGAN's TTUR:
    hinge loss, Adam(beta_1=0, beta_2=0.9), G 1e-4, D 4e-4 (Zhang et al. 2018, section 5)."""
    config = base_config()
    config["variant"] = {"name": variant}
    config["generator"] = {"name": generator, "resolution": resolution, "channels": channels,
                           "base_filters": base_filters, "attention_resolution": attention_resolution,
                           "conditional": conditional, "spectral_norm": True}
    config["discriminator"] = {"name": "resnet_discriminator", "resolution": resolution, "channels": channels,
                               "base_filters": base_filters, "attention_resolution": attention_resolution,
                               "spectral_norm": True}
    config["data"].update(name=dataset, image_size=resolution, channels=channels)
    config["optimizer"].update(g_learning_rate=1e-4, d_learning_rate=4e-4, beta_1=0.0, beta_2=0.9)
    config["train"].update(batch_size=64, steps=100_000, sample_every=1000, checkpoint_every=1000)
    return config
