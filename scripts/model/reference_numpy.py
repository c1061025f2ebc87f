"""An independent forward pass of all-MiniLM-L6-v2 in float64 numpy, written
from the BERT paper and sentence-transformers' pooling rather than from the
ONNX graph, so that comparing the two checks the exporter.

It reads the same safetensors weights and shares no code with export_onnx.py.
"""
import math

import numpy as np
from safetensors.numpy import load_file

_erf = np.frompyfunc(math.erf, 1, 1)


def load_weights(path):
    return {k: v.astype(np.float64) for k, v in load_file(str(path)).items()}


def _layer_norm(x, gamma, beta, eps=1e-12):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def _linear(x, w, prefix):
    return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]


def _gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)).astype(np.float64))


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def embed_one(w, ids, heads=12, layers=6):
    """Embeds one unpadded token-id sequence; returns a unit 384-vector.

    Without padding the attention mask is all ones, so mean pooling is the
    plain mean: this is the sentence-transformers result for a batch of one.
    """
    ids = np.asarray(ids, dtype=np.int64)
    n = len(ids)
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][np.arange(n)]
        + w["embeddings.token_type_embeddings.weight"][np.zeros(n, dtype=np.int64)]
    )
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    d = x.shape[-1] // heads
    for i in range(layers):
        p = f"encoder.layer.{i}."
        q, k, v = (
            _linear(x, w, p + f"attention.self.{name}").reshape(n, heads, d).transpose(1, 0, 2)
            for name in ("query", "key", "value")
        )
        attn = _softmax(q @ k.transpose(0, 2, 1) / math.sqrt(d)) @ v
        attn = attn.transpose(1, 0, 2).reshape(n, heads * d)
        x = _layer_norm(
            _linear(attn, w, p + "attention.output.dense") + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        ffn = _linear(_gelu(_linear(x, w, p + "intermediate.dense")), w, p + "output.dense")
        x = _layer_norm(ffn + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    pooled = x.mean(axis=0)
    return pooled / max(np.linalg.norm(pooled), 1e-12)
