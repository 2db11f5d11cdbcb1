"""Free-text retrieval over the control lists: SQLite FTS5/BM25, optional embeddings, fusion.

Each entry and paragraph is one document: ``context`` (codes and titles of its ancestors),
``body`` (its own title and text) and ``notes``. Lexical scores come from FTS5's ``bm25()`` with
column weights; semantic scores are cosine similarities of all-MiniLM-L6-v2 embeddings. Document
embeddings ship with the package (``controls/embeddings/<list>.npz``, built by
``scripts/build_embeddings.py``), keyed by a hash of each document's text, so the first hybrid
search embeds only documents whose text changed since the build; the result is cached on disk
under the user cache dir. The two ranked lists are fused with reciprocal-rank fusion and reranked
by a blend of normalised scores.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from exportctl.controls._store import store
from exportctl.controls.embedding import MODEL_NAME, get_encoder
from exportctl.model.controls import ControlEntry, ListCode

__all__ = ["CONFIDENCE_FLOOR", "Hit", "Index", "doc_key", "get_index", "shipped_path"]

#: A top hit scoring below this is "no confident match". Scores are calibrated on the share of
#: the query's words the entry (with its parents' headings) carries, so 1.0 means every query word
#: is there and the entry ranks first, not merely "ranked first". At 0.65 a top hit carrying only
#: one query word in three (at most 0.6) is never confident; the confident-but-wrong rate is in
#: BENCHMARKS.md (benchmarks/classify_quality.py).
CONFIDENCE_FLOOR = 0.65

# Weight of query-word coverage in the calibrated score; the rest is the search's own score
# (BM25 relative to the best, or the hybrid blend).
_COVERAGE_WEIGHT = 0.6

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "having",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "other",
        "such",
        "than",
        "that",
        "the",
        "their",
        "these",
        "this",
        "to",
        "used",
        "using",
        "with",
        "which",
        "follows",
        "specially",
        "designed",
    ]
)
_WORD = re.compile(r"[A-Za-z0-9µμ]+(?:[-'][A-Za-z0-9]+)*")
#: Documents are embedded from their first tokens (title, then text): the first pass over ~5,500
#: documents costs about 3 minutes on 2 CPU cores in numpy and is cached on disk afterwards.
DOC_TOKENS = 96
_CODE = re.compile(r"\b\d[A-E]\d{3}(?:\.[a-z0-9]+)*\.?", re.I)


@dataclass(frozen=True, slots=True)
class Hit:
    entry: ControlEntry
    score: float
    lexical: float | None
    semantic: float | None
    coverage: float | None = None  # share of the query's words the entry carries


def _doc_parts(e: ControlEntry) -> tuple[str, str, str]:
    s = store()
    context = " ".join(f"{a.code} {a.title}" for a in reversed(s.ancestors(e)) if not a.is_heading)
    body = f"{e.title} {e.text}".strip()
    notes = " ".join(e.notes + e.technical_notes + e.decontrol_notes)
    return context, body, notes


def terms(text: str) -> list[str]:
    """Query words for FTS: lower-cased, stopwords and one-letter tokens dropped."""
    words = [w.lower() for w in _WORD.findall(_CODE.sub(" ", text))]
    return [w for w in words if len(w) > 1 and w not in STOPWORDS]


class Index:
    """One search index over the selected lists."""

    def __init__(self, lists: tuple[ListCode, ...], include_notes: bool = True) -> None:
        s = store()
        self.lists = lists
        self.include_notes = include_notes
        self.docs: list[ControlEntry] = [
            e for lst in lists for e in s.by_code[lst].values() if not e.is_heading
        ]
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5("
            "context, body, notes, tokenize='porter unicode61')"
        )
        rows = []
        for i, e in enumerate(self.docs):
            context, body, notes = _doc_parts(e)
            rows.append((i, context, body, notes if include_notes else ""))
        self.db.executemany("INSERT INTO docs(rowid, context, body, notes) VALUES (?,?,?,?)", rows)
        self._emb: npt.NDArray[np.float32] | None = None
        self._wordsets: dict[int, frozenset[str]] | None = None
        self._pos = {id(e): i for i, e in enumerate(self.docs)}

    # ------------------------------------------------------------------------------- lexical
    def lexical(self, text: str, limit: int = 50) -> list[tuple[int, float]]:
        words = terms(text)
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
        cur = self.db.execute(
            "SELECT rowid, -bm25(docs, 0.6, 1.0, 0.3) AS s FROM docs WHERE docs MATCH ? "
            "ORDER BY s DESC LIMIT ?",
            (query, limit),
        )
        return [(int(r), float(sc)) for r, sc in cur.fetchall()]

    # ------------------------------------------------------------------------------ semantic
    def doc_texts(self) -> list[str]:
        """The text embedded for each document (what the shipped vectors are keyed by)."""
        out = []
        for e in self.docs:
            # The nearest ancestor's title gives a paragraph its subject ("Machine tools for
            # milling … : Five or more axes …"); only the first DOC_TOKENS tokens are embedded.
            parents = [a for a in store().ancestors(e) if not a.is_heading]
            lead = " ".join(parents[0].title.split()[:20]) + ": " if parents else ""
            out.append(f"{lead}{e.title} {e.text}"[:800])
        return out

    def embeddings(self) -> npt.NDArray[np.float32] | None:
        """Document embeddings (computed once, cached on disk), or None without the extra."""
        if self._emb is not None:
            return self._emb
        enc = get_encoder()
        if enc is None:
            return None
        texts = self.doc_texts()
        parts = []
        for lst in self.lists:  # one cache file per list, shared by every index that holds it
            idx = [i for i, e in enumerate(self.docs) if e.list_code == lst]
            parts.append(_cached_embeddings(lst, [texts[i] for i in idx]))
        self._emb = np.concatenate(parts) if parts else np.zeros((0, 384), np.float32)
        return self._emb

    def semantic(self, text: str, limit: int = 50) -> list[tuple[int, float]]:
        q = self.query_vector(text)
        if q is None:
            return []
        return self._ranked(q, limit)

    def query_vector(self, text: str) -> npt.NDArray[np.float32] | None:
        enc = get_encoder()
        if enc is None or self.embeddings() is None:
            return None
        vec: npt.NDArray[np.float32] = enc.encode([_CODE.sub(" ", text)])[0]
        return vec

    def _ranked(self, q: npt.NDArray[np.float32], limit: int) -> list[tuple[int, float]]:
        emb = self.embeddings()
        assert emb is not None
        sims = emb @ q
        top = np.argsort(-sims)[:limit]
        return [(int(i), float(sims[i])) for i in top]

    # -------------------------------------------------------------------------------- hybrid
    def search(self, text: str, limit: int = 10, semantic: bool = True) -> list[Hit]:
        """Ranked hits: lexical only, or lexical + semantic fused (RRF) and reranked."""
        return self._calibrate(text, self._search(text, max(limit * 3, 30), semantic))[:limit]

    def _words(self, i: int) -> frozenset[str]:
        if self._wordsets is None:
            self._wordsets = {}
        got = self._wordsets.get(i)
        if got is None:
            context, body, notes = _doc_parts(self.docs[i])
            text = f"{context} {body} {notes if self.include_notes else ''}"
            got = frozenset(w[:6] for w in terms(text))
            self._wordsets[i] = got
        return got

    def _calibrate(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Score = coverage of the query's words (stems) blended with the search score, so an
        entry that matches one word of three ("switch" for "unmanaged Ethernet switch") cannot
        reach 1.0 by ranking first."""
        words = {w[:6] for w in terms(text)}
        if not words or not hits:
            return hits
        out = []
        ceiling = 1.0
        for h in hits:
            cov = len(words & self._words(self._pos[id(h.entry)])) / len(words)
            score = _COVERAGE_WEIGHT * cov + (1 - _COVERAGE_WEIGHT) * min(h.score, 1.0)
            # The search's order is kept (re-sorting by coverage lost top-5 accuracy on the
            # benchmark); a lower-ranked hit never scores above a higher-ranked one.
            ceiling = min(ceiling, score)
            out.append(Hit(h.entry, round(ceiling, 4), h.lexical, h.semantic, round(cov, 3)))
        return out

    def _search(self, text: str, limit: int, semantic: bool) -> list[Hit]:
        lex = self.lexical(text)
        q = self.query_vector(text) if semantic else None
        sem = self._ranked(q, 50) if q is not None else []
        if not sem:
            top = lex[0][1] if lex else 1.0
            return [Hit(self.docs[i], s / top, s, None) for i, s in lex[:limit]]
        k = 60.0
        fused: dict[int, float] = {}
        for ranked in (lex, sem):
            for rank, (i, _) in enumerate(ranked):
                fused[i] = fused.get(i, 0.0) + 1.0 / (k + rank + 1)
        lex_d = dict(lex)
        sem_d = dict(sem)
        lex_top = max(lex_d.values(), default=1.0) or 1.0
        emb = self.embeddings()
        assert emb is not None and q is not None
        # Rerank the fused pool on a blend of both normalised scores (cosine for every candidate,
        # BM25 where the lexical search found it), with the RRF score as tie-breaker.
        hits: list[Hit] = []
        pool = sorted(fused, key=lambda i: -fused[i])[: max(limit * 4, 40)]
        for i in pool:
            cos = sem_d.get(i, float(emb[i] @ q))
            lx = lex_d.get(i, 0.0) / lex_top
            score = 0.55 * max(cos, 0.0) + 0.45 * lx + fused[i]
            hits.append(Hit(self.docs[i], score, lex_d.get(i), cos))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


def doc_key(text: str) -> int:
    """64-bit key of one document's embedded text, model and truncation (shipped vectors)."""
    blob = f"{MODEL_NAME}\x1f{DOC_TOKENS}\x1f{text}".encode()
    return int.from_bytes(hashlib.blake2b(blob, digest_size=8).digest(), "little")


def shipped_path(lst: str) -> Path:
    """Where the packaged embeddings of a list live (``controls/embeddings/<list>.npz``)."""
    return Path(__file__).resolve().parent / "embeddings" / f"{lst}.npz"


def _shipped(lst: str) -> dict[int, npt.NDArray[np.float32]]:
    """Packaged vectors by document key (int8 rows with a per-row scale, re-normalised)."""
    path = shipped_path(lst)
    if not path.is_file():
        return {}
    with np.load(path) as z:
        keys, q, scale = z["keys"], z["q"], z["scale"]
    vecs = q.astype(np.float32) * scale[:, None]
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    return {int(k): v for k, v in zip(keys, vecs, strict=True)}


def _cached_embeddings(lst: str, texts: list[str]) -> npt.NDArray[np.float32]:
    enc = get_encoder()
    assert enc is not None
    blob = ("\x1f".join(texts) + MODEL_NAME + str(DOC_TOKENS)).encode()
    path = _cache_dir() / f"controls-emb-{lst}-{hashlib.sha256(blob).hexdigest()[:16]}.npy"
    if path.is_file():
        cached: npt.NDArray[np.float32] = np.load(path)
        return cached
    # Shipped vectors for the documents whose text is unchanged; embed only the others.
    shipped = _shipped(lst)
    emb = np.zeros((len(texts), 384), dtype=np.float32)
    todo = []
    for i, text in enumerate(texts):
        vec = shipped.get(doc_key(text))
        if vec is None:
            todo.append(i)
        else:
            emb[i] = vec
    if todo:
        emb[todo] = enc.encode([texts[i] for i in todo], max_tokens=DOC_TOKENS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, emb)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache is not an error; we recompute next time
    return emb


def _cache_dir() -> Path:
    # start-up: platformdirs (13 ms by -X importtime) only when embeddings are cached.
    import platformdirs

    return Path(platformdirs.user_cache_dir("exportctl"))


@cache
def get_index(lists: tuple[ListCode, ...], include_notes: bool = True) -> Index:
    """A cached index for a tuple of lists."""
    return Index(lists, include_notes)


def best_passage(entry: ControlEntry, text: str, extra: Iterable[str] = ()) -> str:
    """The clause of the entry (or its notes) sharing the most query words."""
    words = {w[:6] for w in terms(text)}
    best, best_n = entry.title, -1
    for chunk in [entry.title, *re.split(r"(?<=[;.])\s+", entry.text), *extra]:
        got = {w[:6] for w in terms(chunk)}
        n = len(words & got)
        if n > best_n and chunk.strip():
            best, best_n = chunk.strip(), n
    return best[:400]
