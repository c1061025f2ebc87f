#!/usr/bin/env python3
"""The Python side of bench/grounding.bench.ts: runs the same ONNX file on the
same padded batches with the same thread settings in Python onnxruntime and
prints {"sentences_per_s": …, "seconds": …, "version": …} as JSON.

usage: ort_peer.py MODEL.onnx BATCHES.json THREADS REPEATS SPIN(0|1)
BATCHES.json: a list of batches, each a list of token-id lists (unpadded).
"""
import json
import sys
import time

import numpy as np
import onnxruntime as ort


def padded(batch):
    width = max(len(ids) for ids in batch)
    input_ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros_like(input_ids)
    for row, ids in enumerate(batch):
        input_ids[row, : len(ids)] = ids
        mask[row, : len(ids)] = 1
    return {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}


def main():
    model, batches_path, threads, repeats, spin = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", spin)
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    with open(batches_path) as f:
        feeds = [padded(b) for b in json.load(f)]
    count = sum(len(feed["input_ids"]) for feed in feeds)
    for feed in feeds[:2]:
        session.run(None, feed)  # warm-up
    started = time.perf_counter()
    for _ in range(repeats):
        for feed in feeds:
            session.run(None, feed)
    seconds = time.perf_counter() - started
    print(json.dumps({"sentences_per_s": count * repeats / seconds, "seconds": seconds, "version": ort.__version__}))


if __name__ == "__main__":
    main()
