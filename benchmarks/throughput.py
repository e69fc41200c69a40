"""Images/s of full GAN train steps: ours beside the TensorFlow DCGAN tutorial's step.

    python benchmarks/throughput.py                      # every default measurement
    python benchmarks/throughput.py --preset dcgan64 --batch 64

Both steps train the same networks (built from the preset) on the same
synthetic batch. Ours is the trainer's compiled step (`GAN.train_step` under
the default strategy): a discriminator update, then a generator update with
fresh z against the updated discriminator. The baseline is the tutorial's
`tf.function` with two GradientTapes (tensorflow.org/tutorials/generative/dcgan):
one generator pass shared by both simultaneous updates, so it does one
generator forward and one discriminator forward fewer per step.

Prints one line per measurement:
    preset=<name> batch=<b> ours_images_per_s=<x> baseline_images_per_s=<y> ratio=<x/y>
"""

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfgan_zoo import builders  # noqa: E402
from tfgan_zoo.registry import PRESETS  # noqa: E402
from tfgan_zoo.trainers.train import compiled_step  # noqa: E402

DEFAULT_MEASUREMENTS = (("dcgan_mnist", 256), ("dcgan64", 64))


def synthetic_batch(config, batch):
    data = config["data"]
    shape = (batch, data["image_size"], data["image_size"], data["channels"])
    images = np.random.default_rng(0).uniform(-1, 1, shape).astype(np.float32)
    return tf.constant(images), tf.zeros([batch], tf.int64)


def ours(config, batch):
    gan = builders.build_gan(config)
    step = compiled_step(gan, tf.distribute.get_strategy(), tf.Variable(0, dtype=tf.int64))
    data = synthetic_batch(config, batch)
    return lambda: step(data)


def tutorial_baseline(config, batch):
    generator = builders.build_generator(config)
    discriminator = builders.build_discriminator(config)
    opt = config["optimizer"]
    g_opt = keras.optimizers.Adam(opt["g_learning_rate"], beta_1=opt["beta_1"])
    d_opt = keras.optimizers.Adam(opt["d_learning_rate"], beta_1=opt["beta_1"])
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
    z_dim = generator.input_shape[-1]
    images, _ = synthetic_batch(config, batch)

    @tf.function
    def train_step(images):
        noise = tf.random.normal([batch, z_dim])
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated_images = generator(noise, training=True)
            real_output = discriminator(images, training=True)
            fake_output = discriminator(generated_images, training=True)
            gen_loss = cross_entropy(tf.ones_like(fake_output), fake_output)
            disc_loss = (cross_entropy(tf.ones_like(real_output), real_output)
                         + cross_entropy(tf.zeros_like(fake_output), fake_output))
        g_grads = gen_tape.gradient(gen_loss, generator.trainable_variables)
        d_grads = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
        g_opt.apply_gradients(zip(g_grads, generator.trainable_variables, strict=True))
        d_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables, strict=True))
        return gen_loss

    return lambda: train_step(images)


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


def measure(preset, batch, warmup, seconds, rounds):
    """Times both steps in alternating rounds and keeps each one's best round,
    so a passing load on the machine does not favour either side."""
    config = PRESETS.get(preset)()
    config["train"]["batch_size"] = batch
    steps = {"ours": ours(config, batch), "baseline": tutorial_baseline(config, batch)}
    best = dict.fromkeys(steps, 0.0)
    for round_index in range(rounds):
        for name, step in steps.items():
            rate = images_per_s(step, batch, warmup if round_index == 0 else 0, seconds)
            best[name] = max(best[name], rate)
    ours_rate, base_rate = best["ours"], best["baseline"]
    print(f"preset={preset} batch={batch} ours_images_per_s={ours_rate:.1f} "
          f"baseline_images_per_s={base_rate:.1f} ratio={ours_rate / base_rate:.3f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", help="one preset (default: the standard set)")
    parser.add_argument("--batch", type=int, help="batch size for --preset")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps first")
    parser.add_argument("--seconds", type=float, default=10.0, help="timed seconds per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per step")
    args = parser.parse_args()
    if args.preset:
        measurements = [(args.preset, args.batch or PRESETS.get(args.preset)()["train"]["batch_size"])]
    else:
        measurements = DEFAULT_MEASUREMENTS
    for preset, batch in measurements:
        measure(preset, batch, args.warmup, args.seconds, args.rounds)


if __name__ == "__main__":
    main()
