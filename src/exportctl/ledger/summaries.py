"""What each kind of decision keeps as its public, non-personal summary (the report's input).

The summary is stored in clear beside the digests and committed by the leaf (``summary`` digest),
so the transparency report counts only committed data. Only whitelisted fields survive, and
every string must look like a code (``un_sc``, ``EU``, ``3A001.a.1``, ``IR``): a value with
spaces or longer than 64 characters is dropped, which keeps names and free text out.

=============== ==========================================================================
kind            summary fields
=============== ==========================================================================
screening       ``hits``: list of ``{"source": code, "scope": "multilateral"|"unilateral"}``;
                with ownership data loaded also ``derived``: list of ``{"rule": code,
                "status": "blocked"|"undetermined", "certain": bool}`` (hits by ownership;
                ``certain`` false: a potential match to the ownership record) and
                ``ownership``: ``checked`` | ``not_checked`` | ``incomplete``
classification  ``controlled``: bool, ``codes``: [code], ``regimes``: [code]
determination   ``jurisdiction``, ``outcome``, ``destination`` (ISO alpha-2),
                ``regimes``: [code], ``authorisations``: [code]
decision        ``outcome`` (e.g. ``false_positive``, ``true_match``), ``source``: code
batch           ``rows``, ``with_matches``, ``errors`` (counts), ``merkle_root`` (hex): one
                record for a whole batch run whose rows are leaves of that Merkle root;
                with ownership data loaded also ``with_derived`` (rows with derived hits)
=============== ==========================================================================
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

from exportctl.errors import InputError

__all__ = ["KINDS", "Kind", "summarise"]

Kind = Literal["screening", "classification", "determination", "decision", "batch"]
KINDS: tuple[Kind, ...] = ("screening", "classification", "determination", "decision", "batch")

_CODE = re.compile(r"^[\w.:/+-]{1,64}$")
_SCOPES = {"multilateral", "unilateral"}
# (incomplete: looked up, but records the name may be were left unchecked: ownership.names)
_OWNERSHIP = {"checked", "not_checked", "incomplete"}


def _certain(match: Any) -> bool:
    """A derived hit's match to the ownership record is certain only when it says so."""
    return isinstance(match, Mapping) and match.get("certain") is True


@lru_cache(maxsize=4096)
def _code_text(text: str) -> str | None:
    text = text.strip()
    return text if _CODE.match(text) else None


def _code(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    return _code_text(value if isinstance(value, str) else str(value))


def _codes(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple | set | frozenset) else [value]
    return sorted({c for c in (_code(v) for v in items) if c})


def _scalars(result: Mapping[str, Any], *names: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        code = _code(result.get(name))
        if code is not None:
            out[name] = code
    return out


def summarise(kind: str, result: Mapping[str, Any]) -> dict[str, Any]:
    """The public summary of a result: whitelisted, code-like fields only (see module table)."""
    if kind == "screening":
        hits = []
        for hit in result.get("hits") or []:
            if not isinstance(hit, Mapping):
                continue
            scope = hit.get("scope")
            hits.append(
                {
                    "source": _code(hit.get("source")) or "unknown",
                    "scope": scope if scope in _SCOPES else "unknown",
                }
            )
        out: dict[str, Any] = {"hits": hits}
        derived = result.get("derived")
        if derived:
            out["derived"] = [
                {
                    "rule": _code(d.get("rule")) or "unknown",
                    # (a status the summary does not know is kept as unknown, never dropped:
                    # the screen found something)
                    "status": _code(d.get("status")) or "unknown",
                    "certain": _certain(d.get("match")),
                }
                for d in derived
                if isinstance(d, Mapping)
            ]
        if result.get("ownership") in _OWNERSHIP:
            out["ownership"] = result["ownership"]
        return out
    if kind == "classification":
        return {
            "controlled": bool(result.get("controlled", bool(result.get("codes")))),
            "codes": _codes(result.get("codes")),
            "regimes": _codes(result.get("regimes")),
        }
    if kind == "determination":
        out = _scalars(result, "jurisdiction", "outcome", "destination")
        out["regimes"] = _codes(result.get("regimes"))
        out["authorisations"] = _codes(result.get("authorisations"))
        return out
    if kind == "decision":
        return _scalars(result, "outcome", "source")
    if kind == "batch":
        out = {k: int(result.get(k) or 0) for k in ("rows", "with_matches", "errors")}
        # Absent (not 0) when the run looked nothing up: "owned by no one" is not claimed.
        if result.get("with_derived") is not None:
            out["with_derived"] = int(result["with_derived"])
        out.update(_scalars(result, "merkle_root"))
        return out
    raise InputError(f"unknown ledger record kind {kind!r} (expected one of {', '.join(KINDS)})")
