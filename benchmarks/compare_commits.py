"""Train-step throughput of two or more commits, side by side in one run.

    python benchmarks/compare_commits.py --commits bc59989,HEAD --repeats 2 -- --preset dcgan_mnist --batch 256

Each commit is checked out into a temporary git worktree, and
`benchmarks/throughput.py` (the arguments after `--`) runs from each in
turn, `--repeats` times, so the commits share whatever else the machine is
doing. Every line compares that commit's compiled step with the tutorial
baseline measured in the same process; the ratio is the number to compare
across commits, since both steps see the same load. Prints one row per run
and the median ratio per commit.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

from command_line import positive_int, run_script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = re.compile(r"ours_images_per_s=(\S+) baseline_images_per_s=(\S+) ratio=(\S+)")


def is_commit(commit):
    return subprocess.run(["git", "-C", ROOT, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"],
                          capture_output=True).returncode == 0


def checkout(commit, directory):
    """A worktree of `commit` whose tfgan_zoo.trainers and tfgan_zoo.export import from PYTHONPATH."""
    subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", "--force", directory, commit], check=True,
                   capture_output=True)
    for part in ("trainers", "export"):
        os.symlink(os.path.join("..", part), os.path.join(directory, "tfgan_zoo", part))


def run(directory, arguments):
    """(ours, baseline, ratio) of each measurement throughput.py prints from `directory`."""
    environment = {**os.environ, "PYTHONPATH": directory}
    result = subprocess.run([sys.executable, "benchmarks/throughput.py", *arguments], cwd=directory,
                            env=environment, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"throughput.py failed in {directory}:\n{result.stderr[-2000:]}")
    return [tuple(map(float, match.groups())) for match in LINE.finditer(result.stdout)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commits", required=True, help="comma-separated commits, e.g. bc59989,HEAD")
    parser.add_argument("--repeats", type=positive_int, default=2)
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="after --: throughput.py's arguments")
    args = parser.parse_args()
    arguments = [a for a in args.arguments if a != "--"]
    commits = args.commits.split(",")
    unknown = [commit for commit in commits if not is_commit(commit)]
    if unknown:
        parser.error(f"--commits: not a commit of this repository: {', '.join(map(repr, unknown))}")
    ratios = {commit: [] for commit in commits}
    with tempfile.TemporaryDirectory() as scratch:
        directories = {commit: os.path.join(scratch, re.sub(r"\W", "_", commit)) for commit in commits}
        try:
            for commit, directory in directories.items():
                checkout(commit, directory)
            print("| commit | repeat | ours images/s | baseline images/s | ratio |\n|---|---|---|---|---|", flush=True)
            for repeat in range(args.repeats):
                for commit, directory in directories.items():
                    for ours, baseline, ratio in run(directory, arguments):
                        ratios[commit].append(ratio)
                        print(f"| {commit} | {repeat + 1} | {ours:.0f} | {baseline:.0f} | {ratio:.3f} |", flush=True)
        finally:
            for directory in directories.values():
                subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", directory], capture_output=True)
    for commit, values in ratios.items():
        print(f"{commit}: median ratio {statistics.median(values):.3f} over {len(values)} runs")


if __name__ == "__main__":
    run_script(main)
