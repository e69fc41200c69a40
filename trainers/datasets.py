"""The data a config's `data` section names: prepared with TFDS when needed, then read.

`load(config, data_dir)` is the one reader of the data section, for train,
eval and the metadata the config resolves (class counts). Preparing a TFDS
dataset writes files, so it lives here and not in `tfgan_zoo.data`, whose
sources only read.

`data.download` follows TFDS's convention of preparing on first use:
  auto    download and prepare a TFDS dataset that is not prepared in the
          data directory (the default); a machine that cannot reach the
          internet gets a one-line error at once, not minutes of retries;
  never   read only what is prepared (the offline behaviour);
  always  download and prepare again, replacing what is prepared.
"""

import os
import socket

from tfgan_zoo.data import MIXTURES, DataError, load_source
from tfgan_zoo.errors import reason_of
from tfgan_zoo.export.checkpoint import to_stderr

DOWNLOAD_POLICIES = ("auto", "never", "always")
# TFDS's own prepared datasets and most of its source files are served from
# here; failing to resolve it means offline (a proxy resolves names for us).
PROBE_HOST = "storage.googleapis.com"
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")


def load(config, data_dir=None, report=None):
    """The `Source` of config["data"], after preparing it as data.download says.

    Args:
        config: a resolved config (its data section is read).
        data_dir: the TFDS data directory; TFDS_DATA_DIR (then TFDS's
            default) when None.
        report: called with a line before a download starts (default: stderr).
    """
    data = config["data"]
    prepare(data, data_dir, report=report)
    return load_source(data["name"], split=data["split"], data_dir=data_dir, path=data["path"] or None,
                       channels=data["channels"], on_bad_file=data["on_bad_file"])


def tfds_name(data):
    """The TFDS dataset behind a data section, or None for local data."""
    if data["name"] in MIXTURES or data["name"] == "image_folder":
        return None
    return "mnist" if data["name"] == "stacked_mnist" else data["name"]


def prepare(data, data_dir=None, report=None):
    """Downloads and prepares the section's TFDS dataset as its `download` policy says."""
    import tensorflow_datasets as tfds

    name, policy = tfds_name(data), data.get("download", "auto")
    if policy not in DOWNLOAD_POLICIES:
        raise DataError(f"data.download must be one of {', '.join(DOWNLOAD_POLICIES)}, got {policy!r}")
    if name is None or policy == "never":
        return
    data_dir = data_dir or os.environ.get("TFDS_DATA_DIR")
    try:
        builder = tfds.builder(name, data_dir=data_dir)
    except (tfds.core.registered.DatasetNotFoundError, ValueError, TypeError):
        return  # load_source says what names exist
    if policy == "auto" and builder.is_prepared():
        return
    where = builder.data_dir
    if not _online():
        raise DataError(
            f"dataset {name!r} is not prepared in {where} and this machine is offline (cannot resolve "
            f"{PROBE_HOST}); run `tfds build {name} --data_dir=DIR` where there is internet, then pass "
            "--data_dir=DIR (or set TFDS_DATA_DIR=DIR)")
    (report or to_stderr)(f"downloading and preparing {name} into {where} (data.download={policy}); "
                           "this happens once")
    mode = (tfds.download.GenerateMode.FORCE_REDOWNLOAD if policy == "always"
            else tfds.download.GenerateMode.REUSE_DATASET_IF_EXISTS)
    try:
        builder.download_and_prepare(download_config=tfds.download.DownloadConfig(download_mode=mode))
    except (OSError, tfds.download.DownloadError) as error:  # requests' errors are OSErrors
        raise DataError(f"downloading {name!r} failed: {reason_of(error, line=0)}; check the connection, or "
                        f"prepare it elsewhere with `tfds build {name} --data_dir=DIR` and pass "
                        "--data_dir=DIR") from None


def _online():
    if any(os.environ.get(variable) for variable in PROXY_VARIABLES):
        return True
    try:
        socket.getaddrinfo(PROBE_HOST, 443)
    except OSError:
        return False
    return True


