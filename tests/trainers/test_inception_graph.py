"""The 2015-12-05 Inception graph extractor: loading, checksum checks and clear errors.

The real graph cannot be downloaded here, so the tests write a small GraphDef
with its tensor names and shapes and run the loading code on that: as a
non-standard graph the user vouches for, or, for the standard path, with the
recorded digest and size pointed at it."""

import hashlib
import io
import tarfile

import numpy as np
import pytest
import tensorflow as tf

from tfgan_zoo.trainers import inception_graph
from tfgan_zoo.trainers.evaluate import EvaluationError, make_extractor

FEATURES, CLASSES = 2048, 1008


def _write_graph(path):
    """ExpandDims -> ResizeBilinear -> Sub/Mul -> 1x1 conv -> pool_3 [N,1,1,2048]; softmax/weights [2048,1008]."""
    rng = np.random.default_rng(0)
    graph = tf.Graph()
    with graph.as_default():
        pixels = tf.compat.v1.placeholder(tf.float32, [None, None, None, 3], name="ExpandDims")
        resized = tf.compat.v1.image.resize_bilinear(pixels, [8, 8], name="ResizeBilinear")
        normalized = tf.multiply(tf.subtract(resized, 128.0, name="Sub"), 1 / 128.0, name="Mul")
        kernel = tf.constant(rng.standard_normal((1, 1, 3, FEATURES)).astype(np.float32), name="conv/weights")
        conv = tf.nn.relu(tf.nn.conv2d(normalized, kernel, 1, "SAME"), name="conv")
        pool = tf.reduce_mean(conv, axis=[1, 2], keepdims=True, name="pool_3")
        weights = tf.constant(rng.standard_normal((FEATURES, CLASSES)).astype(np.float32) / 10,
                              name="softmax/weights")
        tf.matmul(tf.reshape(pool, [-1, FEATURES]), weights, name="softmax/logits/MatMul")
    data = graph.as_graph_def().SerializeToString()
    path.write_bytes(data)
    return data, kernel, weights


@pytest.fixture()
def graph_file(tmp_path):
    path = tmp_path / "classify_image_graph_def.pb"
    data, _, _ = _write_graph(path)
    return path, hashlib.sha256(data).hexdigest()


def test_features_and_class_probabilities_come_from_the_graphs_tensors(graph_file):
    path, digest = graph_file
    run, identity = inception_graph.load(str(path), digest)
    assert identity == inception_graph.GraphIdentity(digest, standard=False)
    images = np.random.default_rng(1).uniform(-1, 1, (5, 16, 16, 1)).astype(np.float32)
    features, probabilities = run(images)
    assert features.shape == (5, FEATURES) and probabilities.shape == (5, CLASSES)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-9)
    # The same numbers by hand: [-1, 1] -> [0, 255] -> the graph's own resize and normalization.
    graph_def = tf.compat.v1.GraphDef.FromString(path.read_bytes())
    nodes = {node.name: node for node in graph_def.node}
    kernel = tf.make_ndarray(nodes["conv/weights"].attr["value"].tensor)[0, 0]
    pixels = tf.image.grayscale_to_rgb(tf.constant((images + 1.0) * 127.5))
    resized = tf.compat.v1.image.resize_bilinear(pixels, [8, 8]).numpy()
    expected = np.maximum(((resized - 128.0) / 128.0) @ kernel, 0).mean(axis=(1, 2))
    np.testing.assert_allclose(features, expected, rtol=1e-4, atol=1e-5)


def test_the_archive_works_like_the_graph_file(graph_file, tmp_path):
    path, digest = graph_file
    archive = tmp_path / "inception-2015-12-05.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(path, arcname="classify_image_graph_def.pb")
    images = np.zeros((2, 8, 8, 3), np.float32)
    np.testing.assert_allclose(inception_graph.load(str(archive), digest)[0](images)[0],
                               inception_graph.load(str(path), digest)[0](images)[0])


def test_a_wrong_missing_or_unverified_graph_is_a_clear_error(graph_file, tmp_path):
    path, digest = graph_file
    with pytest.raises(inception_graph.InceptionGraphError, match=r"not the 00ff given by --nonstandard"):
        inception_graph.load(str(path), "00ff")
    with pytest.raises(inception_graph.InceptionGraphError,
                       match=r"not the standard graph's 009d6814.*\(95,673,916 bytes\).*--nonstandard_inception"):
        inception_graph.load(str(path), None)
    with pytest.raises(inception_graph.InceptionGraphError, match="not found; download http://download"):
        inception_graph.load(str(tmp_path / "nowhere.pb"), digest)
    other = tmp_path / "other.pb"
    other.write_bytes(b"not a graph")
    with pytest.raises(inception_graph.InceptionGraphError, match="not a TensorFlow GraphDef"):
        inception_graph.load(str(other), hashlib.sha256(b"not a graph").hexdigest())
    empty = tmp_path / "empty.tgz"
    with tarfile.open(empty, "w:gz") as tar:
        info = tarfile.TarInfo("README")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(inception_graph.InceptionGraphError, match="has no classify_image_graph_def.pb"):
        inception_graph.load(str(empty), digest)


def test_the_recorded_digest_is_the_published_one():
    # The SHA-256 and size that OpenAI's guided-diffusion evaluation suite
    # publishes for classify_image_graph_def.pb of inception-2015-12-05.tgz.
    assert inception_graph.RECORDED_SHA256 == "009d6814d1bc560d4e7b236e170e9b2d5ca6f4b57bd8037f6db05776204415c6"
    assert inception_graph.RECORDED_SIZE == 95_673_916


def test_the_standard_graph_needs_no_flag_and_its_archive_is_checked_inside(graph_file, tmp_path, monkeypatch):
    path, digest = graph_file
    monkeypatch.setattr(inception_graph, "RECORDED_SHA256", digest)
    monkeypatch.setattr(inception_graph, "RECORDED_SIZE", path.stat().st_size)
    archive = tmp_path / "inception-2015-12-05.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(path, arcname="classify_image_graph_def.pb")
    for source in (path, archive):
        _, identity = inception_graph.load(str(source))
        assert identity.standard and "standard Inception 2015-12-05" in identity.describe()
    extractor = make_extractor("inception_2015", (32, 32, 3), inception_graph=str(archive))
    assert extractor.name == "inception_2015" and "published FIDs" in extractor.protocol


def test_the_extractor_is_chosen_by_name_and_labels_a_nonstandard_graph(graph_file, monkeypatch):
    path, digest = graph_file
    monkeypatch.setenv(inception_graph.GRAPH_ENV, str(path))
    monkeypatch.setenv(inception_graph.NONSTANDARD_SHA256_ENV, digest)
    extractor = make_extractor("inception_2015", (32, 32, 3))
    assert extractor.name == "inception_2015_nonstandard"
    assert "NON-STANDARD" in extractor.protocol and "not comparable" in extractor.protocol
    features, probabilities = extractor(np.zeros((2, 32, 32, 3), np.float32))
    assert features.shape == (2, FEATURES) and probabilities.shape == (2, CLASSES)
    monkeypatch.delenv(inception_graph.NONSTANDARD_SHA256_ENV)
    with pytest.raises(EvaluationError, match="not the standard graph's"):
        make_extractor("inception_2015", (32, 32, 3))
