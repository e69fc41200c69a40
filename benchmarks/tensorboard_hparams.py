"""TensorBoard's HParams tab over two workdirs, as a user sees it in a browser.

    apt-get install chromium            # Debian's headless browser
    TFDS_DATA_DIR=../shared/tfds python benchmarks/tensorboard_hparams.py

Trains two short `dcgan_mnist` runs that differ in the generator's learning
rate (or takes --workdirs), starts a real TensorBoard on 127.0.0.1 over
them, reads the HParams plugin's HTTP API (runs, their hparams, their
metrics) and takes a screenshot of the HParams tab with headless Chromium:
OUT_DIR/hparams.png and OUT_DIR/hparams.json.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

if __name__ == "__main__":  # run as a script: TensorFlow's runtime lines stay off the terminal
    from tfgan_zoo.trainers.runtime import prepare_tensorflow

    prepare_tensorflow()

from command_line import run_script, train_to_the_end  # noqa: E402

from tfgan_zoo.trainers import config as config_lib  # noqa: E402

SHORT = ["train.steps=20", "train.log_every=5", "train.batch_size=16", "train.sample_every=20",
         "train.checkpoint_every=20", "train.num_samples=16", "data.split=train[:2000]"]
STATUSES = ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdirs", nargs="*", help="existing workdirs (default: train two)")
    parser.add_argument("--out_dir", default=os.path.join(os.path.dirname(__file__), "results", "tensorboard"))
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("tensorboard_hparams: chromium not found; apt-get install chromium")
    root = tempfile.mkdtemp(prefix="hparams_")
    workdirs = args.workdirs or []
    if not workdirs:
        for rate in ("2e-4", "1e-3"):
            workdir = os.path.join(root, f"g_lr_{rate}")
            config = config_lib.apply_overrides(config_lib.preset_config("dcgan_mnist"),
                                                [*SHORT, f"optimizer.g_learning_rate={rate}"])
            train_to_the_end(config, workdir, data_dir=os.environ.get("TFDS_DATA_DIR"), progress=False)
            workdirs.append(workdir)
    for workdir in args.workdirs or []:  # one folder over them all, as a user's runs/ would be
        os.symlink(os.path.abspath(workdir), os.path.join(root, os.path.basename(workdir.rstrip("/"))))
    server = subprocess.Popen([sys.executable, "-m", "tensorboard.main", f"--logdir={root}",
                               "--host=127.0.0.1", "--port=0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        address = next(match.group(0) for line in server.stdout
                       if (match := re.search(r"http://127\.0\.0\.1:\d+", line)))
        groups = _session_groups(address, len(workdirs))
        os.makedirs(args.out_dir, exist_ok=True)
        screenshot = os.path.join(args.out_dir, "hparams.png")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,700",
                        "--virtual-time-budget=20000", f"--screenshot={screenshot}", f"{address}/#hparams"],
                       check=True, capture_output=True, timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)
    summary = [{"run": group["sessions"][0]["name"],
                "g_learning_rate": group["hparams"]["optimizer.g_learning_rate"],
                "metrics": {value["name"]["tag"]: value["value"] for value in group["sessions"][0]["metricValues"]}}
               for group in groups]
    with open(os.path.join(args.out_dir, "hparams.json"), "w") as file:
        json.dump(summary, file, indent=2)
    for row in summary:
        print(f"{row['run']}: g_learning_rate={row['g_learning_rate']:g} "
              f"g_loss={row['metrics']['losses/g_loss']:.4f} d_loss={row['metrics']['losses/d_loss']:.4f}")
    print(f"wrote {screenshot}")


def _session_groups(address, count, timeout=120):
    """The HParams plugin's session groups, once it sees every run."""
    deadline = time.monotonic() + timeout
    body = json.dumps({"experimentName": "", "allowedStatuses": STATUSES, "colParams": [], "startIndex": 0,
                       "sliceSize": 100}).encode()
    while time.monotonic() < deadline:
        request = urllib.request.Request(f"{address}/data/plugin/hparams/session_groups", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            groups = json.load(response)["sessionGroups"]
        if len(groups) >= count:
            return groups
        time.sleep(1)
    raise SystemExit(f"tensorboard_hparams: TensorBoard listed fewer than {count} runs")


if __name__ == "__main__":
    run_script(main)
