#!/usr/bin/env python3
"""Optional int8 variant: onnxruntime's dynamic quantization of the fp32 export
(weights of MatMul and Gather to signed int8, activations quantized per run).

Kept only because it holds STS-B dev Spearman within 0.01 of fp32
(0.8643 vs 0.8672, measured by validate_export.py --variant int8).
The output is deterministic for the pinned onnxruntime, so provision.js pins
its SHA-256 like the fp32 file's.

Usage: quantize_int8.py IN.onnx OUT.onnx
"""
import sys

from onnxruntime.quantization import QuantType, quantize_dynamic


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: quantize_int8.py IN.onnx OUT.onnx")
    quantize_dynamic(sys.argv[1], sys.argv[2], weight_type=QuantType.QInt8)


if __name__ == "__main__":
    main()
