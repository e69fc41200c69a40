"""Exports a trained workdir and measures every exported file side by side.

    python benchmarks/export_latency.py --workdir runs/dcgan_mnist

For the SavedModel (serving_default, loaded with plain TensorFlow) and each
TFLite file (LiteRT interpreter, default CPU delegate), prints one line:

    file=<name> size_mb=<s> max_abs_error=<e> bound=<b> ms_per_image_batch1=<t1> ms_per_image_batch16=<t16>

max_abs_error compares with the Keras generator on the same 16 latents.
Latencies are the median of --repeats timed calls after warm-up calls,
divided by the batch size. Fixed batch-1 files run batch 16 as 16 calls.
"""

import argparse
import os
import tempfile
import time

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from command_line import positive_int, run_script  # noqa: E402

from tfgan_zoo.export import export, load_trained_gan, run_tflite  # noqa: E402


def median_ms(call, repeats):
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def tflite_caller(path, z):
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=path)
    runner = interpreter.get_signature_runner("serving_default")
    fixed = interpreter.get_input_details()[0]["shape_signature"][0] > 0
    if fixed:
        return lambda: [runner(z=z[i:i + 1]) for i in range(len(z))]
    return lambda: runner(z=z)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", required=True, help="a trained workdir (e.g. README's main job)")
    parser.add_argument("--repeats", type=positive_int, default=30)
    args = parser.parse_args()
    gan, _, _ = load_trained_gan(args.workdir)
    z16 = np.random.default_rng(0).standard_normal((16, gan.z_dim)).astype(np.float32)
    expected = gan.sampling_generator()(z16, training=False).numpy()
    with tempfile.TemporaryDirectory() as base:
        report = export(args.workdir, export_base=base)
        served = tf.saved_model.load(report["saved_model"]).signatures["serving_default"]
        saved_model_bytes = sum(os.path.getsize(os.path.join(root, name))
                                for root, _, names in os.walk(report["saved_model"]) for name in names)
        error = float(np.abs(served(z=tf.constant(z16))["images"].numpy() - expected).max())
        times = [median_ms(lambda z=z: served(z=tf.constant(z)), args.repeats) / len(z)
                 for z in (z16[:1], z16)]
        print(f"file=saved_model size_mb={saved_model_bytes / 1e6:.2f} max_abs_error={error:.2e} bound=n/a "
              f"ms_per_image_batch1={times[0]:.2f} ms_per_image_batch16={times[1]:.2f}", flush=True)
        for file in report["tflite"]:
            error = float(np.abs(run_tflite(file.path, z16) - expected).max())
            times = [median_ms(tflite_caller(file.path, z), args.repeats) / len(z) for z in (z16[:1], z16)]
            print(f"file={os.path.basename(file.path)} size_mb={file.size_bytes / 1e6:.2f} "
                  f"max_abs_error={error:.2e} bound={file.bound:g} ms_per_image_batch1={times[0]:.2f} "
                  f"ms_per_image_batch16={times[1]:.2f}", flush=True)


if __name__ == "__main__":
    run_script(main)
