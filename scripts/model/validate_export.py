#!/usr/bin/env python3
"""Checks the exported ONNX file against the independent numpy forward pass
and measures STS-B dev Spearman; optionally (re)writes the test fixtures.

Run through the provisioning venv (`node scripts/model/provision.js --tools`
installs onnxruntime and tokenizers into it):

  .cache/python/bin/python scripts/model/validate_export.py \
      [--write-fixtures] [--stsb ../shared/datasets/stsb/sts-dev.csv] [--variant int8]

Token ids come from the upstream Rust `tokenizers` package on the model's own
tokenizer.json, truncated at 256 word pieces (sentence-transformers'
max_seq_length for this model; the file itself says 128) and unpadded. Those
ids are the fixture that the TypeScript tokenizer is tested against.

Exit status 1 when the fp32 ONNX output differs from numpy by more than 1e-4,
or (--variant int8) when the int8 file's STS-B Spearman is more than 0.01
below the fp32 file's.
"""
import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

sys.path.insert(0, str(Path(__file__).parent))
from reference_numpy import embed_one, load_weights  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "test" / "fixtures" / "grounding"
TOLERANCE = 1e-4
INT8_STSB_LOSS = 0.01
MAX_TOKENS = 256
ONNX_FILE = {"fp32": "model.onnx", "int8": "model.int8.onnx"}


def upstream_tokenizer(path):
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def run_onnx(session, batches_of_ids):
    """Right-pads each batch and runs the ONNX model; returns [n, 384]."""
    out = []
    for ids_batch in batches_of_ids:
        width = max(len(ids) for ids in ids_batch)
        input_ids = np.zeros((len(ids_batch), width), dtype=np.int64)
        mask = np.zeros_like(input_ids)
        for row, ids in enumerate(ids_batch):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        (emb,) = session.run(
            ["sentence_embedding"],
            {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)},
        )
        out.append(emb)
    return np.concatenate(out)


def chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def spearman(a, b):
    """Spearman's rho: Pearson correlation of average ranks (ties share a rank)."""

    def ranks(x):
        x = np.asarray(x, dtype=np.float64)
        order = np.argsort(x, kind="mergesort")
        r = np.empty(len(x))
        r[order] = np.arange(1, len(x) + 1)
        for value in np.unique(x):
            tied = x == value
            r[tied] = r[tied].mean()
        return r

    ra, rb = ranks(a), ranks(b)
    return float(np.corrcoef(ra, rb)[0, 1])


def read_stsb(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            pairs.append((float(row[4]), row[5], row[6]))
    return pairs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", default=str(ROOT / ".cache" / "model"))
    parser.add_argument("--write-fixtures", action="store_true")
    parser.add_argument("--stsb", default=str(ROOT.parent / "shared" / "datasets" / "stsb" / "sts-dev.csv"))
    parser.add_argument("--variant", choices=sorted(ONNX_FILE), default="fp32")
    args = parser.parse_args()
    model_dir = Path(args.model_dir)

    tokenizer = upstream_tokenizer(model_dir / "tokenizer.json")
    session = ort.InferenceSession(str(model_dir / ONNX_FILE[args.variant]), providers=["CPUExecutionProvider"])
    sentences = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))
    ids = [tokenizer.encode(s).ids for s in sentences]

    weights = load_weights(model_dir / "model.safetensors")
    reference = np.stack([embed_one(weights, seq) for seq in ids])
    # Batches of mixed lengths exercise the padding mask.
    onnx_out = run_onnx(session, chunks(ids, 7))
    diff = float(np.abs(onnx_out.astype(np.float64) - reference).max())
    print(f"{args.variant} onnx vs numpy float64 reference: max |diff| = {diff:.3e} over {len(sentences)} sentences")
    failed = args.variant == "fp32" and diff > TOLERANCE
    if args.variant == "fp32":
        print(f"  tolerance {TOLERANCE}: {'FAILED' if failed else 'ok'}")

    if args.write_fixtures and args.variant == "fp32":
        (FIXTURES / "token_ids.json").write_text(
            json.dumps([{"text": s, "ids": i} for s, i in zip(sentences, ids)], ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        (FIXTURES / "reference_embeddings.json").write_text(
            json.dumps([[round(float(v), 8) for v in row] for row in reference]) + "\n", encoding="utf-8"
        )
        print(f"wrote {FIXTURES / 'token_ids.json'} and reference_embeddings.json")

    if args.stsb and Path(args.stsb).exists():
        pairs = read_stsb(args.stsb)
        rho = stsb_spearman(session, tokenizer, pairs)
        print(f"STS-B dev ({len(pairs)} pairs), {args.variant}: Spearman = {rho:.4f}")
        if args.variant == "int8":
            fp32 = ort.InferenceSession(str(model_dir / ONNX_FILE["fp32"]), providers=["CPUExecutionProvider"])
            reference_rho = stsb_spearman(fp32, tokenizer, pairs)
            print(f"STS-B dev, fp32: Spearman = {reference_rho:.4f}; int8 loses {reference_rho - rho:.4f} (limit {INT8_STSB_LOSS})")
            failed = failed or reference_rho - rho > INT8_STSB_LOSS

    if failed:
        sys.exit(1)


def stsb_spearman(session, tokenizer, pairs):
    texts = sorted({t for _, a, b in pairs for t in (a, b)}, key=len)
    vectors = dict(zip(texts, run_onnx(session, chunks([tokenizer.encode(t).ids for t in texts], 64))))
    cosines = [float(vectors[a] @ vectors[b]) for _, a, b in pairs]
    return spearman([g for g, _, _ in pairs], cosines)


if __name__ == "__main__":
    main()
