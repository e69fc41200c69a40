"""What every benchmark script's command line shares: flag types that carry their domain, and
`run_script`, which runs a script's main as `tfgan-zoo` runs its commands.

A flag value outside its domain is argparse's one usage line and exit status 2, before any
work; an error of the zoo's while the script runs is one `error:` line and exit status 2. This
module imports no TensorFlow, so a script that needs none (compare_commits.py) stays light.
"""

import argparse
import math
import os
import sys

from tfgan_zoo import errors
from tfgan_zoo.trainers.runtime import closed_pipe_exit


def positive_int(text):
    """argparse type: an integer >= 1 (a count of seeds, steps, epochs, samples or repeats)."""
    return _int_at_least(text, 1)


def count(text):
    """argparse type: an integer >= 0 (a first seed, a thread count with 0 for the default)."""
    return _int_at_least(text, 0)


def positive_float(text):
    """argparse type: a finite number > 0 (a timed duration, a scale)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return value


def field_type(field):
    """argparse type of a flag that sets a config field: the value of the field's kind, within its
    schema domain (a `trainers.schema.Field`), so the flag refuses what the config would."""

    def parse(text):
        try:
            value = field.kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {'an' if field.kind is int else 'a'} "
                                             f"{field.kind.__name__}") from None
        if not field.allows(value):
            raise argparse.ArgumentTypeError(f"must be {field.domain()}, got {text}")
        return value

    parse.field = field  # for the tests that read each flag's domain
    return parse


def _int_at_least(text, low):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"must be >= {low}, got {value}")
    return value


KEPT_IN_OUT_DIR = "what was measured so far is in --out_dir"


def train_to_the_end(config, workdir, **kwargs):
    """`tfgan_zoo.trainers.train.train`, for a script that scores what it trained: a run that a
    signal stopped (SIGINT or SIGTERM; the trainer saves the step it reached and returns) ends
    the script as Ctrl-C does, so a model short of its steps is never scored as if it had
    trained them. Rerun, the workdir resumes from that step."""
    from tfgan_zoo.trainers.train import train  # here: this module imports no TensorFlow

    result = train(config, workdir, **kwargs)
    if result["interrupted"]:
        raise KeyboardInterrupt
    return result


def run_script(main, stopped="what was printed so far stands"):
    """Runs a benchmark script's main as a command, as `tfgan-zoo` runs its own: an error of the
    zoo's (an unknown preset, a field out of its domain, data it cannot read) is one `error:`
    line and exit status 2, as is the operating system refusing a path (a folder under a file, a
    full disk: `errors.system_refusal`); Ctrl-C a line (`stopped` says what is kept) and 130;
    anything else is a bug and shows its trace."""
    name = os.path.basename(sys.argv[0])
    try:
        main()
        sys.stdout.flush()  # inside: a reader gone after the last line is still a closed pipe
    except errors.Error as error:
        print(f"{name}: error: {errors.reason_of(error, line=0)}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print(f"{name}: stopped; {stopped}", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # the output's reader has gone (`... | head`)
        sys.exit(closed_pipe_exit())
    except Exception as error:
        refusal = errors.system_refusal(error)  # a path the machine refuses, a full disk: not a bug
        if refusal is None:
            raise
        print(f"{name}: error: {refusal}", file=sys.stderr)
        sys.exit(2)
