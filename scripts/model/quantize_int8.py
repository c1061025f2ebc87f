#!/usr/bin/env python3
"""Optional int8 variant: the fp32 export, fused (fuse_bert.py:
EmbedLayerNormalization, Attention, SkipLayerNormalization, FastGelu), then
dynamically quantized by onnxruntime (weights signed int8 per tensor,
activations quantized per run): each Attention becomes a QAttention (one
int8 GEMM for Q, K and V), each other MatMul a MatMulInteger, which
onnxruntime fuses at load into DynamicQuantizeMatMul, and the embedding
layer a QEmbedLayerNormalization over int8 tables.

Unfused, the quantized graph kept dozens of small fp32 operators (Transpose,
Reshape, Add, Softmax, erf GELU) around the int8 products; they held int8
under 2x fp32 (docs/grounding.md, "The optional int8 variant").

Kept only because it holds STS-B dev Spearman within 0.01 of fp32
(validate_export.py --variant int8 checks it). The output is deterministic
for the pinned packages, so provision.js pins its SHA-256 like the fp32 file's.

Usage: quantize_int8.py IN.onnx OUT.onnx   (IN's folder holds config.json)
"""
import sys
import tempfile
from pathlib import Path

from onnx import TensorProto
from onnxruntime.quantization import QuantType, quantize_dynamic

sys.dont_write_bytecode = True  # no __pycache__ left in scripts/model
sys.path.insert(0, str(Path(__file__).parent))
from fuse_bert import fuse_file  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: quantize_int8.py IN.onnx OUT.onnx")
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        fused = Path(scratch) / "fused.onnx"
        fuse_file(source, fused, fast_gelu=True)
        quantize_dynamic(
            fused,
            target,
            weight_type=QuantType.QInt8,
            # The fused contrib ops are outside onnx's shape inference; their
            # outputs, like every tensor the quantizer asks about here, are float.
            extra_options={"DefaultTensorType": TensorProto.FLOAT},
        )


if __name__ == "__main__":
    main()
