"""TF Serving warmup records: assets.extra/tf_serving_warmup_requests.

TF Serving replays these PredictionLog records when it loads a version, so
the first real request does not pay for graph initialisation
(https://www.tensorflow.org/tfx/serving/saved_model_warmup).
"""

import os

import numpy as np
import tensorflow as tf

WARMUP_FILE = os.path.join("assets.extra", "tf_serving_warmup_requests")


def warmup_requests(z_dim, batch_size=1, num_classes=0):
    """PredictionLog protos: one request per signature, with valid inputs (and labels
    for a conditional model)."""
    from tensorflow_serving.apis import model_pb2, predict_pb2, prediction_log_pb2

    z = np.random.default_rng(0).standard_normal((batch_size, z_dim)).astype(np.float32)
    seeds = np.arange(batch_size, dtype=np.int64)
    inputs_by_signature = {
        "serving_default": {"z": z},
        "generate": {"seed": seeds},
        "generate_truncated": {"seed": seeds, "truncation": np.float32(1.0)},
    }
    if num_classes:
        for inputs in inputs_by_signature.values():
            inputs["label"] = np.arange(batch_size, dtype=np.int64) % num_classes
    logs = []
    for signature, inputs in inputs_by_signature.items():
        request = predict_pb2.PredictRequest(model_spec=model_pb2.ModelSpec(signature_name=signature))
        for name, value in inputs.items():
            request.inputs[name].CopyFrom(tf.make_tensor_proto(value))
        logs.append(prediction_log_pb2.PredictionLog(predict_log=prediction_log_pb2.PredictLog(request=request)))
    return logs


def write_warmup_requests(saved_model_dir, z_dim, num_classes=0):
    path = os.path.join(saved_model_dir, WARMUP_FILE)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tf.io.TFRecordWriter(path) as writer:
        for log in warmup_requests(z_dim, num_classes=num_classes):
            writer.write(log.SerializeToString())
    return path


def read_warmup_requests(saved_model_dir):
    """The PredictionLog records of a SavedModel's warmup file."""
    from tensorflow_serving.apis import prediction_log_pb2

    records = tf.data.TFRecordDataset(os.path.join(saved_model_dir, WARMUP_FILE))
    return [prediction_log_pb2.PredictionLog.FromString(record.numpy()) for record in records]
