"""Images/s of full GAN train steps: ours beside a tutorial-style baseline, with FLOPs and
the fraction of this machine's matmul rate they reach.

    python benchmarks/throughput.py                      # every default measurement
    python benchmarks/throughput.py --preset dcgan64 --batch 64
    python benchmarks/throughput.py --preset dcgan64 --batch 64 --set variant.updates=simultaneous
    python benchmarks/throughput.py --preset dcgan_mnist --batch 256 --breakdown   # each piece of the step alone
    python benchmarks/throughput.py --preset dcgan_mnist --batch 256 --profile /tmp/trace   # TF profiler, op table
    python benchmarks/throughput.py --preset dcgan_mnist_small --against train.mixed_precision=mixed_bfloat16

Both steps train the same networks (built from the preset) on the same
synthetic batch; ours with the trainer's defaults (fused batch norm), the
baseline with Keras's own layers, as a tutorial user has them. Ours is the
trainer's compiled step (`GAN.train_step` under the default strategy), with
the variant's `updates`: "alternating" (the default: a discriminator update,
then a generator update with fresh z against the updated discriminator),
"simultaneous" (both gradients from one generated batch and one
discriminator pass: the tutorial's algorithm) or "alternating_same_batch"
(PyTorch's DCGAN example: G's update on D's generated batch, one G pass).
The baseline is the
TensorFlow DCGAN tutorial's `tf.function` with two GradientTapes
(tensorflow.org/tutorials/generative/dcgan), with the variant's own losses
(and WGAN-GP's penalty inside the discriminator's tape). Variants with
several critic steps per generator step run with d_steps=1 here, so both
sides do one update of each network per step.

FLOPs are counted from the layers (2 x multiply-adds of every Dense,
convolution, transposed convolution and attention product, forward pass at
the batch), in forward-pass equivalents: a backward pass with weight and
input gradients counts 2, one to the input only 1. Alternating: G forward
twice, D forward three times, D's backward on two batches (2 each), D's
backward to its input once (1) and G's backward once (2): 4 G + 8 D.
Simultaneous, and the baseline: G forward once, D forward twice, D's
backward on two batches (2 each), D's backward to the input for G's
gradient once (1) and G's backward (2): 3 G + 7 D. Same batch: G forward
once, D forward three times, the backward passes of alternating: 3 G + 8 D.
The matmul rate is
numpy's float32 4096x4096 matmul, the best of 5, measured in the same run;
matmul_fraction is our achieved GFLOP/s over it.

Prints one line per measurement (the variant's update order last):
    preset=<name> batch=<b> ours_images_per_s=<x> baseline_images_per_s=<y> ratio=<x/y> gflop_per_step=<g> matmul_fraction=<f> updates=<u>
"""

import argparse
import collections
import json
import math
import os
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from command_line import count, positive_float, positive_int, run_script  # noqa: E402

from tfgan_zoo import builders  # noqa: E402
from tfgan_zoo.gans import WGANGP  # noqa: E402
from tfgan_zoo.layers import SelfAttention, SpectralNormalization  # noqa: E402
from tfgan_zoo.losses.penalties import wasserstein_gradient_penalty  # noqa: E402
from tfgan_zoo.networks.calls import call_with_labels  # noqa: E402
from tfgan_zoo.trainers import config as config_lib  # noqa: E402
from tfgan_zoo.trainers.train import compiled_step  # noqa: E402

SIMULTANEOUS = ("variant.updates=simultaneous",)
# (preset, batch, config overrides): each preset with the default alternating
# updates and with the tutorial's simultaneous ones.
DEFAULT_MEASUREMENTS = tuple((preset, batch, overrides)
                             for preset, batch in (("dcgan_mnist", 256), ("dcgan64", 64), ("wgan_gp_mnist", 64),
                                                   ("sagan64", 64))
                             for overrides in ((), SIMULTANEOUS))


def synthetic_batch(config, batch):
    data = config["data"]
    # The 2-D mixtures (ring8, grid25) have no image side: their examples are points.
    shape = ((batch, data["image_size"], data["image_size"], data["channels"]) if data["image_size"]
             else (batch, 2))
    images = np.random.default_rng(0).uniform(-1, 1, shape).astype(np.float32)
    return tf.constant(images), tf.zeros([batch], tf.int64)


def ours(gan, config, batch):
    step = compiled_step(gan, tf.distribute.get_strategy())
    data = synthetic_batch(config, batch)
    return lambda: step(data)


def tutorial_baseline(gan, config, batch):
    """The tutorial's simultaneous two-tape step on the same networks, with the variant's losses."""
    generator, discriminator, objective = gan.generator, gan.discriminator, gan.objective
    opt = config["optimizer"]
    g_opt = keras.optimizers.Adam(opt["g_learning_rate"], beta_1=opt["beta_1"], beta_2=opt["beta_2"])
    d_opt = keras.optimizers.Adam(opt["d_learning_rate"], beta_1=opt["beta_1"], beta_2=opt["beta_2"])
    penalty_weight = gan.gp_weight if isinstance(gan, WGANGP) else 0.0
    images, _ = synthetic_batch(config, batch)

    # A conditional pair reads random labels; a discriminator with a second head (AC-GAN,
    # InfoGAN) returns [logit, head], and the baseline plays the adversarial game only: its
    # step leaves the head's loss out.
    labels = tf.random.uniform([batch], 0, max(gan.num_classes, 1), tf.int32)

    def logits(batch_images):
        outputs = call_with_labels(discriminator, batch_images, labels)
        return outputs[0] if isinstance(outputs, (list, tuple)) else outputs

    @tf.function
    def train_step(images):
        noise = tf.random.normal([batch, gan.z_dim])
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated_images = call_with_labels(generator, noise, labels)
            real_output = logits(images)
            fake_output = logits(generated_images)
            gen_loss = tf.reduce_mean(objective.generator_loss(real_output, fake_output))
            disc_loss = tf.reduce_mean(objective.discriminator_loss(real_output, fake_output))
            if penalty_weight:
                alpha = tf.random.uniform([batch])
                disc_loss += penalty_weight * tf.reduce_mean(wasserstein_gradient_penalty(
                    logits, images, generated_images, alpha))
        g_grads = gen_tape.gradient(gen_loss, generator.trainable_variables)
        d_grads = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
        g_opt.apply_gradients(zip(g_grads, generator.trainable_variables, strict=True))
        d_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables, strict=True))
        return gen_loss

    return lambda: train_step(images)


def _shape(tensor):
    return [d for d in tensor.shape[1:]]


def forward_flops(network, batch):
    """2 x multiply-adds of one forward pass at `batch`, from the layers' recorded shapes."""
    total = 0
    for layer in network.layers:
        inner = layer.layer if isinstance(layer, SpectralNormalization) else layer
        if isinstance(inner, keras.layers.Dense):
            total += math.prod(_shape(layer.output)) * inner.kernel.shape[0]
        elif isinstance(inner, keras.layers.Conv2DTranspose):
            total += math.prod(_shape(layer.input)) * math.prod(inner.kernel.shape[:2]) * inner.kernel.shape[2]
        elif isinstance(inner, keras.layers.Conv2D):
            total += math.prod(_shape(layer.output)) * math.prod(inner.kernel.shape[:3])
        elif isinstance(inner, SelfAttention):
            height, width, channels = _shape(layer.input)
            positions = height * width
            # query, key (C/8), value (C/2), output (C) 1x1 convolutions; scores and weighted values.
            total += positions * channels * (channels // 8 * 2 + channels // 2) + positions * channels // 2 * channels
            total += positions * positions * (channels // 8 + channels // 2)
    return 2 * total * batch


def step_flops(gan, batch):
    """Our step in forward-pass equivalents (see the module docstring): alternating
    4 G + 8 D, simultaneous 3 G + 7 D, alternating_same_batch 3 G + 8 D."""
    g_passes, d_passes = {"simultaneous": (3, 7), "alternating_same_batch": (3, 8)}.get(gan.updates, (4, 8))
    return g_passes * forward_flops(gan.generator, batch) + d_passes * forward_flops(gan.discriminator, batch)


def matmul_gflops(size=4096, repeats=5):
    a = np.random.default_rng(0).standard_normal((size, size)).astype(np.float32)
    b = np.random.default_rng(1).standard_normal((size, size)).astype(np.float32)
    a @ b  # warm-up
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size ** 3 / best / 1e9


def images_per_s(step, batch, warmup, seconds):
    for _ in range(warmup):
        _sync(step())
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        _sync(step())
        done += 1
    return done * batch / (time.perf_counter() - start)


def _sync(outputs):
    tf.nest.map_structure(lambda t: t.numpy(), outputs)


def built(preset, batch, overrides):
    """(config, our GAN) for a preset at a batch, with one D update per step."""
    config = config_lib.apply_overrides(config_lib.preset_config(preset), [f"train.batch_size={batch}", *overrides])
    config["variant"]["d_steps"] = 1
    return config, builders.build_gan(config)


def both_steps(preset, batch, overrides):
    """(config, our GAN, {"ours": step, "baseline": step}) for a preset at a batch."""
    config, gan = built(preset, batch, overrides)
    # The baseline's own copy of the networks, with Keras's layers as a tutorial user has them.
    baseline_gan = builders.build_gan(config_lib.apply_overrides(config, ["train.fused_batch_norm=false"]))
    return config, gan, {"ours": ours(gan, config, batch), "baseline": tutorial_baseline(baseline_gan, config, batch)}


def best_rates(steps, batch, warmup, seconds, rounds):
    """{name: images/s of its best round}, the steps timed in alternating rounds, so a passing
    load on the machine does not favour any of them."""
    best = dict.fromkeys(steps, 0.0)
    for round_index in range(rounds):
        for name, step in steps.items():
            best[name] = max(best[name], images_per_s(step, batch, warmup if round_index == 0 else 0, seconds))
    return best


def _layer_policy(model):
    """The dtype policy of the model's first layer with weights (the model object keeps its own)."""
    return next(layer.dtype_policy.name for layer in model.layers if layer.weights)


def compare(preset, batch, overrides, against, warmup, seconds, rounds):
    """Our step as configured beside our step with the `against` overrides as well (a
    precision, XLA, an update order): the speed of an option, side by side in one run."""
    steps, policies = {}, {}
    for name, extra in (("configured", ()), ("against", against)):
        config, gan = built(preset, batch, [*overrides, *extra])
        steps[name], policies[name] = ours(gan, config, batch), _layer_policy(gan.generator)
    best = best_rates(steps, batch, warmup, seconds, rounds)
    print(f"preset={preset} batch={batch} images_per_s={best['configured']:.1f} "
          f"against_images_per_s={best['against']:.1f} ratio={best['against'] / best['configured']:.3f} "
          f"policies={policies['configured']},{policies['against']} against={';'.join(against)}", flush=True)


def measure(preset, batch, overrides, warmup, seconds, rounds, matmul_rate):
    """Times both steps in alternating rounds and keeps each one's best round,
    so a passing load on the machine does not favour either side."""
    config, gan, steps = both_steps(preset, batch, overrides)
    best = best_rates(steps, batch, warmup, seconds, rounds)
    ours_rate, base_rate = best["ours"], best["baseline"]
    gflop = step_flops(gan, batch) / 1e9
    fraction = gflop * ours_rate / batch / matmul_rate
    print(f"preset={preset} batch={batch} ours_images_per_s={ours_rate:.1f} baseline_images_per_s={base_rate:.1f} "
          f"ratio={ours_rate / base_rate:.3f} gflop_per_step={gflop:.2f} matmul_fraction={fraction:.3f} "
          f"updates={gan.updates}", flush=True)


def breakdown(preset, batch, overrides, seconds):
    """Where our step's time goes: each piece compiled and timed alone (a coarse profile)."""
    config, gan = built(preset, batch, overrides)
    generator, discriminator = gan.generator, gan.discriminator
    images, _ = synthetic_batch(config, batch)
    z = tf.random.normal([batch, gan.z_dim])
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables

    @tf.function
    def g_forward():
        return generator(z, training=True)

    @tf.function
    def d_forward():
        return discriminator(images, training=True)

    def mean_output(outputs):  # one scalar from every output (InfoGAN's D also returns Q's head)
        return tf.add_n([tf.reduce_mean(output) for output in tf.nest.flatten(outputs)])

    @tf.function
    def d_forward_backward():  # weight and input gradients, as the D update on one batch
        with tf.GradientTape() as tape:
            tape.watch(images)
            loss = mean_output(discriminator(images, training=True))
        return tape.gradient(loss, [images, *d_vars])

    @tf.function
    def g_forward_backward():  # the G update's gradient: G forward, D forward, back through both
        with tf.GradientTape() as tape:
            loss = mean_output(discriminator(generator(z, training=True), training=True))
        return tape.gradient(loss, g_vars)

    @tf.function
    def adam_updates():
        gan.g_optimizer.apply([tf.zeros_like(v) for v in g_vars], g_vars)
        gan.d_optimizer.apply([tf.zeros_like(v) for v in d_vars], d_vars)
        return gan.g_optimizer.iterations

    pieces = {"g_forward": g_forward, "d_forward": d_forward, "d_forward_backward": d_forward_backward,
              "g_forward_backward": g_forward_backward, "adam_updates": adam_updates,
              "full_step": ours(gan, config, batch)}
    for name, piece in pieces.items():
        rate = images_per_s(piece, batch, 3, seconds)
        print(f"preset={preset} batch={batch} piece={name} ms={1000 * batch / rate:.1f}", flush=True)


def profile(preset, batch, overrides, logdir, steps=5, top=12):
    """Traces `steps` steps of each side with the TensorFlow profiler into
    logdir/<side> and prints where their op time goes, by op type.

    Op time is the sum of every op's own duration per step. Ops overlap (TF
    runs independent ops at once on the cores), so the sum exceeds the step's
    wall time; the shares say which kernels the cores are busy with.
    """
    from tensorflow.python.profiler.internal import _pywrap_profiler_plugin

    _, gan, sides = both_steps(preset, batch, overrides)
    for side, step in sides.items():
        for _ in range(3):
            _sync(step())
        directory = os.path.join(logdir, side)
        tf.profiler.experimental.start(directory)
        start = time.perf_counter()
        for _ in range(steps):
            _sync(step())
        wall_ms = 1000 * (time.perf_counter() - start) / steps
        tf.profiler.experimental.stop()
        traces = sorted(tf.io.gfile.glob(os.path.join(directory, "plugins", "profile", "*", "*.xplane.pb")))
        data, _ = _pywrap_profiler_plugin.xspace_to_tools_data([traces[-1]], "framework_op_stats", {})
        table = json.loads(data)[0]
        columns = [column["id"] for column in table["cols"]]
        by_type = collections.Counter()
        for row in table["rows"]:
            fields = dict(zip(columns, [cell["v"] for cell in row["c"]], strict=True))
            if fields["type"] != "IDLE":
                by_type[_kernel_family(fields["type"])] += fields["total_self_time"] / 1000 / steps
        total = sum(by_type.values())
        print(f"preset={preset} batch={batch} side={side} updates={gan.updates} wall_ms_per_step={wall_ms:.1f} "
              f"op_ms_per_step={total:.1f}", flush=True)
        for family, ms in by_type.most_common(top):
            print(f"  {family:34s} {ms:8.1f} ms  {100 * ms / total:5.1f}%", flush=True)


def _kernel_family(op_type):
    """TensorFlow's op type without the oneDNN prefix (_MklNativeConv2D -> Conv2D)."""
    for prefix in ("_MklNative", "_Mkl"):
        if op_type.startswith(prefix):
            return op_type[len(prefix):]
    return op_type


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", help="one preset (default: the standard set)")
    parser.add_argument("--batch", type=positive_int, help="batch size for --preset")
    parser.add_argument("--set", action="append", default=[], help="config override, e.g. train.fused_batch_norm=false")
    parser.add_argument("--warmup", type=count, default=3, help="untimed steps first")
    parser.add_argument("--seconds", type=positive_float, default=10.0, help="timed seconds per round")
    parser.add_argument("--rounds", type=positive_int, default=3, help="alternating rounds per step")
    parser.add_argument("--against", action="append", default=[], metavar="FIELD=VALUE",
                        help="time our step as configured beside our step with these overrides too "
                             "(repeatable), instead of beside the baseline")
    parser.add_argument("--breakdown", action="store_true", help="time the pieces of our step instead")
    parser.add_argument("--profile", metavar="DIR", help="trace both steps with the TF profiler into DIR, "
                        "print their op time by type")
    args = parser.parse_args()
    preset = args.preset or DEFAULT_MEASUREMENTS[0][0]
    batch = args.batch or config_lib.preset_config(preset)["train"]["batch_size"]
    if args.profile:
        profile(preset, batch, args.set, args.profile)
        return
    if args.breakdown:
        breakdown(preset, batch, args.set, args.seconds)
        return
    if args.against:
        compare(preset, batch, args.set, args.against, args.warmup, args.seconds, args.rounds)
        return
    measurements = [(preset, batch, ())] if args.preset else DEFAULT_MEASUREMENTS
    rate = matmul_gflops()
    print(f"numpy float32 4096x4096 matmul: {rate:.1f} GFLOP/s", flush=True)
    for preset, batch, overrides in measurements:
        measure(preset, batch, [*overrides, *args.set], args.warmup, args.seconds, args.rounds, rate)


if __name__ == "__main__":
    run_script(main)
