#!/usr/bin/env python3
"""The Python side of bench/grounding.bench.ts: the same ONNX file on the same
padded batches with the same session settings as src/grounding/OnnxSentenceEncoder.ts,
in Python onnxruntime.

usage: ort_peer.py MODEL.onnx BATCHES.json THREADS SPIN(0|1)

Stays up so the benchmark can interleave it with the Node runs: for each line
"run" on stdin it times one pass over all batches and prints
{"sentences_per_s": …, "seconds": …, "version": …} as one JSON line; it exits
at end of input. BATCHES.json: a list of batches, each a list of token-id
lists (unpadded).
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


def session_options(threads, spin):
    # Every setting OnnxSentenceEncoder sets, set here too, explicitly.
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.enable_cpu_mem_arena = True
    options.enable_mem_pattern = True
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", spin)
    options.add_session_config_entry("session.inter_op.allow_spinning", spin)
    return options


def main():
    model, batches_path, threads, spin = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    session = ort.InferenceSession(model, session_options(threads, spin), providers=["CPUExecutionProvider"])
    with open(batches_path) as f:
        feeds = [padded(b) for b in json.load(f)]
    count = sum(len(feed["input_ids"]) for feed in feeds)
    for feed in feeds:
        session.run(None, feed)  # warm-up: every shape once
    for line in sys.stdin:
        if line.strip() != "run":
            continue
        started = time.perf_counter()
        for feed in feeds:
            session.run(None, feed)
        seconds = time.perf_counter() - started
        print(json.dumps({"sentences_per_s": count / seconds, "seconds": seconds, "version": ort.__version__}), flush=True)


if __name__ == "__main__":
    main()
