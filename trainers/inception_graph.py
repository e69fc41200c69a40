"""The 2015-12-05 Inception graph of published FIDs and Inception scores, from a local file.

The FIDs of the TTUR paper (Heusel et al. 2017, arXiv 1706.08500; its code's
fid.py) and of most GAN papers since, and the Inception score of Salimans et
al. 2016, come from the frozen graph `classify_image_graph_def.pb` inside
`inception-2015-12-05.tgz` (http://download.tensorflow.org/models/image/imagenet/inception-2015-12-05.tgz).
Its tensors:

    ExpandDims:0        float pixels in [0, 255], [batch, H, W, 3]; the graph
                        resizes them to 299x299 (ResizeBilinear) and maps
                        them to [-1, 1] itself
    pool_3:0            [batch, 1, 1, 2048]: the features of FID, KID and
                        precision/recall
    softmax/weights     the [2048, 1008] final layer; logits = pool_3 . W,
                        without the bias, as the Inception-score code does

Nothing is downloaded at run time: the graph comes from a local file (the
.pb itself or the .tgz, whose .pb is checked), given by --inception_graph or
TFGAN_ZOO_INCEPTION_GRAPH. Before any score is computed its SHA-256 and size
must be those recorded below for the standard graph. Another graph is
refused, unless its digest is passed with --nonstandard_inception_graph_sha256
(or TFGAN_ZOO_NONSTANDARD_INCEPTION_GRAPH_SHA256): a flag that says the
scores will not be comparable with published ones, and every report made
with it is labelled non-standard.
"""

import dataclasses
import hashlib
import os
import tarfile

import numpy as np
import tensorflow as tf

from tfgan_zoo.errors import InceptionGraphError

GRAPH_ENV = "TFGAN_ZOO_INCEPTION_GRAPH"
NONSTANDARD_SHA256_ENV = "TFGAN_ZOO_NONSTANDARD_INCEPTION_GRAPH_SHA256"
GRAPH_MEMBER = "classify_image_graph_def.pb"
ARCHIVE_URL = "http://download.tensorflow.org/models/image/imagenet/inception-2015-12-05.tgz"
# The standard graph's SHA-256 and size in bytes: the digest that OpenAI's
# guided-diffusion evaluation suite publishes for this very file
# (classify_image_graph_def.pb of inception-2015-12-05.tgz), which
# independent evaluation setups record as well. This build could not fetch
# the archive to hash it itself.
RECORDED_SHA256 = "009d6814d1bc560d4e7b236e170e9b2d5ca6f4b57bd8037f6db05776204415c6"
RECORDED_SIZE = 95_673_916
INPUT_TENSOR = "ExpandDims:0"
FEATURE_TENSOR = "pool_3:0"
LOGIT_WEIGHTS = "softmax/weights"
FEATURE_DIM = 2048


@dataclasses.dataclass(frozen=True)
class GraphIdentity:
    """Which graph scores came from: its SHA-256, and whether it is the standard one."""

    sha256: str
    standard: bool

    def describe(self):
        if self.standard:
            return f"the standard Inception 2015-12-05 graph (SHA-256 {self.sha256})"
        return (f"a NON-STANDARD Inception graph (SHA-256 {self.sha256}, not the 2015-12-05 graph's "
                f"{RECORDED_SHA256}): its scores are not comparable with published ones")


def _where_to_get():
    return (f"download {ARCHIVE_URL} where there is internet, and pass the archive (or its {GRAPH_MEMBER}) "
            f"with --inception_graph=FILE or {GRAPH_ENV}")


def read_graph_bytes(path):
    """The GraphDef bytes of a .pb file, or of the .pb inside the .tgz archive."""
    if not path or not os.path.isfile(path):
        raise InceptionGraphError(f"Inception graph {path or '(not set)'} not found; {_where_to_get()}")
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as archive:
            try:
                return archive.extractfile(GRAPH_MEMBER).read()
            except KeyError:
                raise InceptionGraphError(f"{path} has no {GRAPH_MEMBER}; {_where_to_get()}") from None
    with open(path, "rb") as file:
        return file.read()


def verify(graph_bytes, path, nonstandard_sha256=None):
    """The graph's identity: the standard graph (the recorded size and digest),
    or the non-standard graph whose digest the user vouched for; raises for
    any other file."""
    digest = hashlib.sha256(graph_bytes).hexdigest()
    if len(graph_bytes) == RECORDED_SIZE and digest == RECORDED_SHA256:
        return GraphIdentity(digest, standard=True)
    vouched = (nonstandard_sha256 or "").strip().lower()
    if vouched and digest == vouched:
        return GraphIdentity(digest, standard=False)
    found = f"{path}'s {GRAPH_MEMBER} has SHA-256 {digest} ({len(graph_bytes):,} bytes)"
    if vouched:
        raise InceptionGraphError(f"{found}, not the {vouched} given by --nonstandard_inception_graph_sha256: "
                                  "it is another or a damaged file")
    raise InceptionGraphError(
        f"{found}, not the standard graph's {RECORDED_SHA256} ({RECORDED_SIZE:,} bytes): it is another or a "
        f"damaged file; {_where_to_get()}. To score with this graph on purpose, pass its digest with "
        f"--nonstandard_inception_graph_sha256 (or {NONSTANDARD_SHA256_ENV}); reports then say non-standard")


def load(path=None, nonstandard_sha256=None):
    """Returns (run, identity): run(images in [-1, 1], [N, H, W, 1 or 3]) ->
    (pool_3 features [N, 2048], softmax [N, 1008]), and the `GraphIdentity`."""
    path = path or os.environ.get(GRAPH_ENV)
    graph_bytes = read_graph_bytes(path)
    identity = verify(graph_bytes, path, nonstandard_sha256 or os.environ.get(NONSTANDARD_SHA256_ENV))
    graph_def = tf.compat.v1.GraphDef()
    try:
        graph_def.ParseFromString(graph_bytes)
    except Exception:  # protobuf's DecodeError
        raise InceptionGraphError(f"{path} is not a TensorFlow GraphDef; {_where_to_get()}") from None
    nodes = {node.name: node for node in graph_def.node}
    missing = [name for name in (INPUT_TENSOR, FEATURE_TENSOR, LOGIT_WEIGHTS) if name.split(":")[0] not in nodes]
    if missing:
        raise InceptionGraphError(f"{path} has no tensor {missing[0]}: it is not the 2015-12-05 Inception graph; "
                                  f"{_where_to_get()}")
    weights = tf.make_ndarray(nodes[LOGIT_WEIGHTS].attr["value"].tensor)

    def features(pixels):
        pool, = tf.compat.v1.import_graph_def(graph_def, input_map={INPUT_TENSOR: pixels},
                                              return_elements=[FEATURE_TENSOR], name="inception")
        return tf.reshape(pool, [-1, pool.shape[-1]])

    pooled = tf.compat.v1.wrap_function(features, [tf.TensorSpec([None, None, None, 3], tf.float32)])
    if pooled.structured_outputs.shape[-1] != weights.shape[0]:
        raise InceptionGraphError(f"{path}'s {FEATURE_TENSOR} does not match its {LOGIT_WEIGHTS}; {_where_to_get()}")

    def run(images):
        images = tf.convert_to_tensor(images, tf.float32)
        if images.shape[-1] == 1:
            images = tf.image.grayscale_to_rgb(images)
        pixels = (images + 1.0) * 127.5  # the graph takes [0, 255] and normalizes itself
        pool = pooled(pixels).numpy()
        logits = pool.astype(np.float64) @ weights.astype(np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        return pool, probabilities / probabilities.sum(axis=1, keepdims=True)

    return run, identity
