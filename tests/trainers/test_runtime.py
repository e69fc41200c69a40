"""The command and the scripts run TensorFlow's oneDNN kernels on every x86 CPU, unless the
user set TF_ENABLE_ONEDNN_OPTS (TensorFlow turns them on by itself only on AVX-512 CPUs)."""

import os
import platform
import subprocess
import sys

import pytest

from tfgan_zoo.trainers.runtime import ONEDNN_SWITCH

ON_NOTICE = "oneDNN custom operations are on"
x86_only = pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"),
                              reason="oneDNN is chosen for x86 CPUs only")


def environment(**settings):
    """This process's environment without the switch (the suite sets it) or a log level."""
    base = {key: value for key, value in os.environ.items() if key not in (ONEDNN_SWITCH, "TF_CPP_MIN_LOG_LEVEL")}
    return {**base, **settings}


def onednn_enabled_after_preparing(**settings):
    code = ("from tfgan_zoo.trainers.runtime import prepare_tensorflow; prepare_tensorflow(); "
            "from tensorflow.python.util import _pywrap_util_port; print(_pywrap_util_port.IsMklEnabled())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env=environment(**settings))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"


@x86_only
def test_prepared_tensorflow_runs_onednn_unless_the_user_said_no():
    assert onednn_enabled_after_preparing()
    assert not onednn_enabled_after_preparing(**{ONEDNN_SWITCH: "0"})


@x86_only
def test_the_command_runs_onednn_and_says_so_when_verbose():
    shown = subprocess.run(["tfgan-zoo", "list", "-v"], capture_output=True, text=True, timeout=120,
                           env=environment())
    assert shown.returncode == 0 and ON_NOTICE in shown.stderr
    declined = subprocess.run(["tfgan-zoo", "list", "-v"], capture_output=True, text=True, timeout=120,
                              env=environment(**{ONEDNN_SWITCH: "0"}))
    assert declined.returncode == 0 and ON_NOTICE not in declined.stderr
    quiet = subprocess.run(["tfgan-zoo", "list"], capture_output=True, text=True, timeout=120, env=environment())
    assert quiet.returncode == 0 and quiet.stderr == ""
