#!/usr/bin/env python3
"""Builds the all-MiniLM-L6-v2 sentence encoder as an fp32 ONNX graph from its
safetensors weights, with the `onnx` package alone (no PyTorch).

The graph is BERT (Devlin et al. 2019, arXiv:1810.04805) as Hugging Face's
`BertModel` computes it, followed by what sentence-transformers adds for this
model (modules.json: Transformer -> Pooling(mean) -> Normalize):

  embeddings   word[ids] + position[0..S) + token_type[tt] -> LayerNorm(eps 1e-12)
  6 x layer    self-attention (12 heads of 32, additive mask bias) -> dense
               -> residual -> LayerNorm; dense 1536 -> GELU (exact, erf)
               -> dense 384 -> residual -> LayerNorm
  pooling      masked mean over tokens (padding excluded)
  normalise    x / max(||x||_2, 1e-12)   (torch.nn.functional.normalize)

Pooling and normalisation are inside the graph on purpose: every consumer of
the file (our in-process session, Triton behind KServe v2, any ONNX server)
then returns the finished sentence embedding, so no client has to repeat the
pooling code and they cannot disagree about it.

Inputs:  input_ids, attention_mask, token_type_ids   int64 [batch, sequence]
Output:  sentence_embedding                          float32 [batch, 384]

The export does no arithmetic on the weights (transposes only), so the output
file is bit-for-bit reproducible and its SHA-256 can be pinned.

Usage: export_onnx.py MODEL_DIR OUT.onnx
"""
import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

OPSET = 17  # LayerNormalization is a standard op from opset 17 on.


class GraphBuilder:
    """Collects nodes and initializers; names every intermediate uniquely."""

    def __init__(self, weights):
        self.weights = weights
        self.nodes = []
        self.initializers = []
        self.counter = 0

    def fresh(self, stem):
        self.counter += 1
        return f"{stem}_{self.counter}"

    def const(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def weight(self, key, transpose=False):
        array = self.weights[key]
        # PyTorch's Linear stores [out, in]; MatMul wants [in, out].
        return self.const(key, array.T if transpose else array)

    def op(self, op_type, inputs, stem=None, **attrs):
        out = self.fresh(stem or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    def linear(self, x, prefix):
        y = self.op("MatMul", [x, self.weight(f"{prefix}.weight", transpose=True)])
        return self.op("Add", [y, self.weight(f"{prefix}.bias")])

    def layer_norm(self, x, prefix, eps):
        return self.op(
            "LayerNormalization",
            [x, self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias")],
            axis=-1,
            epsilon=eps,
        )

    def gelu(self, x):
        # Exact GELU: 0.5 * x * (1 + erf(x / sqrt(2))) (Hendrycks & Gimpel 2016).
        scaled = self.op("Div", [x, "const_sqrt2"])
        erf = self.op("Erf", [scaled])
        one_plus = self.op("Add", [erf, "const_one"])
        half_x = self.op("Mul", [x, "const_half"])
        return self.op("Mul", [half_x, one_plus])


def build(model_dir: Path) -> onnx.ModelProto:
    config = json.loads((model_dir / "config.json").read_text())
    pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
    assert config["model_type"] == "bert" and config["hidden_act"] == "gelu"
    assert config["position_embedding_type"] == "absolute"
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    head_dim = hidden // heads
    eps = float(config["layer_norm_eps"])

    g = GraphBuilder(load_file(str(model_dir / "model.safetensors")))
    g.const("const_sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    g.const("const_one", np.array(1.0, dtype=np.float32))
    g.const("const_half", np.array(0.5, dtype=np.float32))
    g.const("starts_0", np.array([0], dtype=np.int64))
    g.const("axes_0", np.array([0], dtype=np.int64))
    g.const("const_mask_fill", np.array(-10000.0, dtype=np.float32))
    g.const("const_scale", np.array(1.0 / np.sqrt(head_dim), dtype=np.float32))
    g.const("const_count_floor", np.array(1e-9, dtype=np.float32))
    g.const("const_norm_floor", np.array(1e-12, dtype=np.float32))
    g.const("axes_1", np.array([1], dtype=np.int64))
    g.const("axes_2", np.array([2], dtype=np.int64))
    g.const("axes_1_2", np.array([1, 2], dtype=np.int64))
    g.const("shape_split_heads", np.array([0, 0, heads, head_dim], dtype=np.int64))
    g.const("shape_merge_heads", np.array([0, 0, hidden], dtype=np.int64))

    # Embeddings: positions are 0..S-1 for every row (right padding).
    # The first S rows of the position table, S = Shape(input_ids)[1:2] (1-D).
    seq_len = g.op("Shape", ["input_ids"], start=1, end=2)
    pos = g.op("Slice", [g.weight("embeddings.position_embeddings.weight"), "starts_0", seq_len, "axes_0"])
    words = g.op("Gather", [g.weight("embeddings.word_embeddings.weight"), "input_ids"], axis=0)
    types = g.op("Gather", [g.weight("embeddings.token_type_embeddings.weight"), "token_type_ids"], axis=0)
    x = g.op("Add", [g.op("Add", [words, pos]), types])
    x = g.layer_norm(x, "embeddings.LayerNorm", eps)

    # Additive attention bias [B, 1, 1, S]: 0 where attended, -10000 at padding
    # (exp(-10000) is exactly 0 in fp32, so padded keys get no weight).
    mask_f = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    inverted = g.op("Sub", ["const_one", mask_f])
    bias = g.op("Unsqueeze", [g.op("Mul", [inverted, "const_mask_fill"]), "axes_1_2"])

    def heads_first(t):  # [B, S, H*D] -> [B, H, S, D]
        return g.op("Transpose", [g.op("Reshape", [t, "shape_split_heads"])], perm=[0, 2, 1, 3])

    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        q = heads_first(g.linear(x, f"{p}.attention.self.query"))
        k = heads_first(g.linear(x, f"{p}.attention.self.key"))
        v = heads_first(g.linear(x, f"{p}.attention.self.value"))
        k_t = g.op("Transpose", [k], perm=[0, 1, 3, 2])
        scores = g.op("Mul", [g.op("MatMul", [q, k_t]), "const_scale"])
        probs = g.op("Softmax", [g.op("Add", [scores, bias])], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, "shape_merge_heads"])
        attn = g.linear(context, f"{p}.attention.output.dense")
        x = g.layer_norm(g.op("Add", [attn, x]), f"{p}.attention.output.LayerNorm", eps)
        inter = g.gelu(g.linear(x, f"{p}.intermediate.dense"))
        out = g.linear(inter, f"{p}.output.dense")
        x = g.layer_norm(g.op("Add", [out, x]), f"{p}.output.LayerNorm", eps)

    # Masked mean pooling over the sequence axis.
    mask_3d = g.op("Unsqueeze", [mask_f, "axes_2"])
    summed = g.op("ReduceSum", [g.op("Mul", [x, mask_3d]), "axes_1"], keepdims=0)
    counts = g.op("ReduceSum", [mask_3d, "axes_1"], keepdims=0)
    mean = g.op("Div", [summed, g.op("Max", [counts, "const_count_floor"])])
    # L2 normalisation.
    norm = g.op("Sqrt", [g.op("ReduceSum", [g.op("Mul", [mean, mean]), "axes_1"], keepdims=1)])
    g.nodes.append(
        helper.make_node("Div", [mean, g.op("Max", [norm, "const_norm_floor"])], ["sentence_embedding"], name="normalise")
    )

    int_input = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [int_input("input_ids"), int_input("attention_mask"), int_input("token_type_ids")],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden])],
        initializer=g.initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="causeway scripts/model/export_onnx.py",
        producer_version="1",
    )
    model.ir_version = 8  # readable by every onnxruntime >= 1.14
    helper.set_model_props(model, {"pooling": "mean", "normalize": "l2", "max_seq_length": "256"})
    onnx.checker.check_model(model, full_check=True)
    return model


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: export_onnx.py MODEL_DIR OUT.onnx")
    model = build(Path(sys.argv[1]))
    Path(sys.argv[2]).write_bytes(model.SerializeToString())


if __name__ == "__main__":
    main()
