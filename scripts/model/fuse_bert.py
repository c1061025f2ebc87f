#!/usr/bin/env python3
"""onnxruntime's transformer-optimizer fusions for export_onnx.py's BERT graph:
the embedding sum and its LayerNorm become one EmbedLayerNormalization, each
layer's self-attention subgraph one Attention node, residual Add +
LayerNormalization SkipLayerNormalization, bias + GELU BiasGelu (exact erf)
or, with --fast-gelu, FastGelu (the tanh approximation).

The int8 variant is made from the fast-gelu form (quantize_int8.py); the
benchmark times the exact form as the fastest fp32 graph we know of, so that
int8 is compared against our best fp32, not only against the shipped file.

The optimizer's pattern matcher knows the graphs PyTorch exports, so three
spots of our hand-built graph are first rewritten into that form (same
function; see `in_fusable_form`). The fusions must cover every layer, or
the script fails.

Usage: fuse_bert.py IN.onnx OUT.onnx [--fast-gelu]   (IN's folder holds config.json)
"""
import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.transformers.fusion_options import FusionOptions
from onnxruntime.transformers.onnx_model import OnnxModel
from onnxruntime.transformers.optimizer import optimize_model


class NotFusable(Exception):
    """The fp32 graph is not the one export_onnx.py builds, or a fusion did not apply."""


def in_fusable_form(model: onnx.ModelProto, head_dim: int) -> None:
    """Rewrites three spots of export_onnx.py's graph into the form the fuser
    matches, in place. The fused nodes replace all three subgraphs (they
    compute the sums, the mask bias and the scaling themselves), so no
    rewrite reaches the output.

    * The embedding sum: see `embeddings_in_fusable_form`.
    * The additive mask bias: ours is Unsqueeze(Mul(Sub(1, Cast(mask)), -1e4));
      PyTorch's BERT exports Mul(Sub(1, Cast(Unsqueeze(Unsqueeze(mask)))), -1e4).
    * The score scaling: ours multiplies by 1/sqrt(d); the matcher looks for a
      division by sqrt(d) (it would take a Mul for the mask's Mul).
    """
    graph = model.graph
    producer = {out: node for node in graph.node for out in node.output}
    initializers = {t.name: numpy_helper.to_array(t) for t in graph.initializer}

    def scalar(name):
        value = initializers.get(name)
        return None if value is None or value.size != 1 else float(value.reshape(()))

    def made_by(name, op_type):
        node = producer.get(name)
        return node if node is not None and node.op_type == op_type else None

    biases = [n for n in graph.node if n.op_type == "Unsqueeze" and made_by(n.input[0], "Mul")]
    if len(biases) != 1:
        raise NotFusable(f"expected one mask bias Unsqueeze(Mul(...)), found {len(biases)}")
    unsqueeze = biases[0]
    mul = producer[unsqueeze.input[0]]
    sub = made_by(mul.input[0], "Sub")
    cast = made_by(sub.input[1], "Cast") if sub else None
    if cast is None or scalar(mul.input[1]) != -10000.0:
        raise NotFusable("the mask bias is not Unsqueeze(Mul(Sub(1, Cast(mask)), -10000))")
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array([1], dtype=np.int64), "fusable_axis_1"),
            # 0-d: the matcher reads the fill value as a Python float.
            numpy_helper.from_array(np.array(-10000.0, dtype=np.float32), "fusable_mask_fill"),
            numpy_helper.from_array(np.array(np.sqrt(head_dim), dtype=np.float32), "fusable_sqrt_head_dim"),
        ]
    )
    rewritten = [
        helper.make_node("Unsqueeze", [cast.input[0], "fusable_axis_1"], ["fusable_mask_3d"], name="fusable_mask_3d"),
        helper.make_node("Unsqueeze", ["fusable_mask_3d", "fusable_axis_1"], ["fusable_mask_4d"], name="fusable_mask_4d"),
        helper.make_node("Cast", ["fusable_mask_4d"], ["fusable_mask_float"], name="fusable_mask_float", to=TensorProto.FLOAT),
        helper.make_node("Sub", [sub.input[0], "fusable_mask_float"], ["fusable_mask_inverted"], name="fusable_mask_inverted"),
        helper.make_node("Mul", ["fusable_mask_inverted", "fusable_mask_fill"], [unsqueeze.output[0]], name="fusable_mask_bias"),
    ]
    at = list(graph.node).index(unsqueeze)
    for node in (unsqueeze, mul, sub):  # the Cast stays: pooling uses it too
        graph.node.remove(node)
    for offset, node in enumerate(rewritten):
        graph.node.insert(at + offset, node)

    embeddings_in_fusable_form(graph, producer, initializers)

    scale = 1.0 / np.sqrt(head_dim)
    for node in graph.node:
        factor = scalar(node.input[1]) if node.op_type == "Mul" and len(node.input) == 2 else None
        if factor is not None and abs(factor - scale) < 1e-7:
            node.op_type = "Div"
            node.input[1] = "fusable_sqrt_head_dim"
    onnx.checker.check_model(model)


def embeddings_in_fusable_form(graph, producer, initializers) -> None:
    """The embedding sum in the form PyTorch's BERT exports, so that it fuses
    into EmbedLayerNormalization: LayerNorm((word + token type) + Gather(table,
    Slice(position_ids, 0, S))) instead of LayerNorm((word + Slice(table, 0, S))
    + token type)."""
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    slices = [n for n in graph.node if n.op_type == "Slice" and n.input[0] in initializers and initializers[n.input[0]].ndim == 2]
    if len(slices) != 1:
        raise NotFusable(f"expected one Slice of the position table, found {len(slices)}")
    table_slice = slices[0]
    table = table_slice.input[0]
    first = consumers.get(table_slice.output[0], [None])[0]
    second = consumers.get(first.output[0], [None])[0] if first is not None else None
    if first is None or first.op_type != "Add" or second is None or second.op_type != "Add":
        raise NotFusable("the position embeddings do not feed Add(Add(word, position), token type)")
    words = first.input[0] if first.input[1] == table_slice.output[0] else first.input[1]
    types = second.input[1] if second.input[0] == first.output[0] else second.input[0]
    input_ids = producer[words].input[1]
    positions = initializers[table].shape[0]
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.arange(positions, dtype=np.int64).reshape(1, positions), "fusable_position_ids"),
            numpy_helper.from_array(np.array(1, dtype=np.int64), "fusable_index_1"),
            numpy_helper.from_array(np.array([0], dtype=np.int64), "fusable_zero"),
        ]
    )
    rewritten = [
        helper.make_node("Shape", [input_ids], ["fusable_ids_shape"], name="fusable_ids_shape"),
        helper.make_node("Gather", ["fusable_ids_shape", "fusable_index_1"], ["fusable_seq_len"], name="fusable_seq_len", axis=0),
        helper.make_node("Unsqueeze", ["fusable_seq_len", "fusable_zero"], ["fusable_seq_end"], name="fusable_seq_end"),
        helper.make_node(
            "Slice",
            ["fusable_position_ids", "fusable_zero", "fusable_seq_end", "fusable_axis_1", "fusable_axis_1"],
            ["fusable_positions"],
            name="fusable_positions",
        ),
        helper.make_node("Gather", [table, "fusable_positions"], ["fusable_position_rows"], name="fusable_position_rows", axis=0),
        helper.make_node("Add", [words, types], ["fusable_word_type"], name="fusable_word_type"),
        helper.make_node("Add", ["fusable_word_type", "fusable_position_rows"], [second.output[0]], name="fusable_embedding_sum"),
    ]
    # In second's place: everything they read (input_ids, the two Gathers) comes before it.
    graph.node.remove(table_slice)
    graph.node.remove(first)
    at = list(graph.node).index(second)
    graph.node.remove(second)
    for offset, node in enumerate(rewritten):
        graph.node.insert(at + offset, node)
    # The old sequence-length Shape feeds nothing now.
    for node in list(graph.node):
        if node.op_type == "Shape" and node.output[0] == table_slice.input[2]:
            graph.node.remove(node)


def fuse(model: onnx.ModelProto, config: dict, fast_gelu: bool) -> OnnxModel:
    """The optimizer's BERT fusions, as its OnnxModel (whose save adds the
    com.microsoft opset import the fused nodes need)."""
    layers, heads, hidden = config["num_hidden_layers"], config["num_attention_heads"], config["hidden_size"]
    in_fusable_form(model, hidden // heads)
    options = FusionOptions("bert")
    # The raw [batch, sequence] mask, as exported: any padding pattern stays
    # correct (the default, one length per row, assumes right padding).
    options.use_raw_attention_mask(True)
    options.enable_gelu_approximation = fast_gelu
    # opt_level 0: the fusions alone, no onnxruntime session (higher levels import torch).
    optimizer = optimize_model(model, model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0, optimization_options=options)
    counts = optimizer.get_fused_operator_statistics()
    expected = {"EmbedLayerNormalization": 1, "Attention": layers, "FastGelu" if fast_gelu else "BiasGelu": layers, "SkipLayerNormalization": 2 * layers}
    short = {op: counts.get(op, 0) for op, want in expected.items() if counts.get(op, 0) < want}
    if short:
        raise NotFusable(f"fusions missing: {short} (expected at least {expected})")
    print(f"fused: {', '.join(f'{op} {n}' for op, n in counts.items() if n)}", file=sys.stderr)
    return optimizer


def fuse_file(source: Path, target: Path, fast_gelu: bool) -> None:
    config = json.loads((source.parent / "config.json").read_text())
    try:
        fuse(onnx.load(str(source)), config, fast_gelu).save_model_to_file(str(target))
    except NotFusable as error:
        sys.exit(f"fuse_bert.py: {error}")


def main():
    args = [a for a in sys.argv[1:] if a != "--fast-gelu"]
    if len(args) != 2:
        sys.exit("usage: fuse_bert.py IN.onnx OUT.onnx [--fast-gelu]")
    fuse_file(Path(args[0]), Path(args[1]), fast_gelu="--fast-gelu" in sys.argv[1:])


if __name__ == "__main__":
    main()
