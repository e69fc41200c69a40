"""Choose a tf.distribute strategy by name, and what a task of it may write."""

import json
import os

import tensorflow as tf

from tfgan_zoo.builders import ConfigError

STRATEGIES = ("default", "one_device", "mirrored", "multi_worker", "tpu")


def get_strategy(name="default", devices=None, tpu=None, collective_timeout=None):
    """Returns the strategy called `name`.

    Args:
        name: "default" (no distribution), "one_device", "mirrored",
            "multi_worker" (MultiWorkerMirroredStrategy over the cluster in the
            TF_CONFIG environment variable) or "tpu" (TPUStrategy).
        devices: device names for one_device (the first) and mirrored; None
            means all visible GPUs for mirrored (or the CPU when there are none).
        tpu: the TPU's name or grpc:// address for "tpu" ("" or "local" for a
            TPU VM).
        collective_timeout: seconds after which a multi-worker collective (an
            all-reduce) fails instead of waiting for a worker that is gone.
    """
    if name == "default":
        return tf.distribute.get_strategy()
    if name in ("one_device", "mirrored"):
        # Listing devices starts the runtime, which a multi-worker cluster must configure first.
        _check_devices(devices)
    if name == "one_device":
        return tf.distribute.OneDeviceStrategy((devices or ["/cpu:0"])[0])
    if name == "mirrored":
        return tf.distribute.MirroredStrategy(devices or None)
    if name == "multi_worker":
        return _multi_worker(collective_timeout)
    if name == "tpu":
        return _tpu(tpu)
    raise ConfigError(f"unknown strategy {name!r}; choose one of: {', '.join(STRATEGIES)}")


def _check_devices(devices):
    """Every named device must exist here: TensorFlow would otherwise place
    the work elsewhere in silence (a missing /gpu:7) or fail with a trace."""
    names = [device.name for device in tf.config.list_logical_devices()]
    known = {_type_and_index(tf.DeviceSpec.from_string(name)) for name in names}
    for name in devices or []:
        try:
            spec = tf.DeviceSpec.from_string(name)
        except ValueError:
            spec = None
        if spec is None or not spec.device_type:
            raise ConfigError(f"--devices: {name!r} is not a device name; use names like /gpu:0 or /cpu:0 "
                              f"(here: {', '.join(names)})")
        if _type_and_index(spec) not in known:
            raise ConfigError(f"--devices: no device {name!r} on this machine; here: {', '.join(names)}")


def _type_and_index(spec):
    return spec.device_type.upper(), spec.device_index or 0


def _multi_worker(collective_timeout):
    raw = os.environ.get("TF_CONFIG")
    if not raw:
        raise ConfigError("--strategy=multi_worker reads the cluster from the TF_CONFIG environment variable, "
                          "which is not set; see BUILD.md for an example")
    try:
        cluster = json.loads(raw)
        cluster["cluster"], cluster["task"]["type"], cluster["task"]["index"]  # noqa: B018
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"TF_CONFIG is not a valid cluster description ({error!r}); it needs "
                          '{"cluster": {"worker": [...]}, "task": {"type": "worker", "index": i}}') from None
    options = tf.distribute.experimental.CommunicationOptions(timeout_seconds=collective_timeout)
    return tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)


def _tpu(address):
    try:
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver(tpu=address or "")
        tf.config.experimental_connect_to_cluster(resolver)
        tf.tpu.experimental.initialize_tpu_system(resolver)
    except (ValueError, RuntimeError, OSError, tf.errors.OpError) as error:
        reason = str(error).strip().splitlines()[0][:200]
        raise ConfigError(f"no TPU could be reached at {address or 'the local TPU'!r} ({reason}); pass "
                          "--tpu=NAME (or grpc://HOST:8470) on a machine with TPU access") from None
    return tf.distribute.TPUStrategy(resolver)


def task(strategy):
    """(task_type, task_id) of this process in a multi-worker cluster, else (None, 0)."""
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None or not resolver.task_type:
        return None, 0
    return resolver.task_type, resolver.task_id or 0


def is_chief(strategy):
    """Whether this process writes the run's files: the chief, or worker 0 when there is no chief."""
    task_type, task_id = task(strategy)
    if task_type is None or task_type == "chief":
        return True
    cluster = strategy.cluster_resolver.cluster_spec().as_dict()
    return task_type == "worker" and task_id == 0 and "chief" not in cluster
