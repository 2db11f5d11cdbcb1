"""The batch output contract as a Spark schema, and the exact mapping between it and the dicts.

A match is a struct whose fields are the keys of :meth:`exportctl.screening.Match.to_dict`
plus the reviewer's ``decision``; features are a map from feature name to ``{score, detail}``.
A key this schema does not know is an error, never dropped: the identity test between the local
engine and Spark meets any new field the moment screening starts emitting it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from exportctl.errors import ExportCtlError

__all__ = [
    "DECISION_FIELDS",
    "MATCH_FIELDS",
    "SchemaDriftError",
    "input_schema_ddl",
    "match_from_row",
    "match_to_row",
    "output_schema_ddl",
    "record_from_row",
    "record_to_row",
]

# (key, Spark SQL type) in the order of Match.to_dict().
MATCH_FIELDS: tuple[tuple[str, str], ...] = (
    ("source", "string"),
    ("source_id", "string"),
    ("scope", "string"),
    ("jurisdiction", "string"),
    ("entity_type", "string"),
    ("name", "string"),
    ("matched_name", "string"),
    ("score", "double"),
    ("features", "map<string, struct<score: double, detail: string>>"),
    ("algorithm", "string"),
)
DECISION_FIELDS: tuple[str, ...] = ("status", "verdict", "reviewer", "reason", "decided_at")


class SchemaDriftError(ExportCtlError):
    """A result carries a field the Spark schema does not have: fix the schema, lose nothing."""


def _decision_type() -> str:
    return "struct<" + ", ".join(f"{k}: string" for k in DECISION_FIELDS) + ">"


def _match_type() -> str:
    fields = [f"{k}: {t}" for k, t in MATCH_FIELDS] + [f"decision: {_decision_type()}"]
    return "struct<" + ", ".join(fields) + ">"


def output_schema_ddl() -> str:
    """``id, matches, error, warnings`` as a Spark DDL schema string."""
    return f"id string, matches array<{_match_type()}>, error string, warnings array<string>"


def input_schema_ddl(columns: list[str]) -> str:
    """Every input column read as text (numbers keep their written form, as locally)."""
    return ", ".join(f"`{c}` string" for c in columns)


_KNOWN = {k for k, _ in MATCH_FIELDS} | {"decision"}


def match_to_row(match: Mapping[str, Any]) -> dict[str, Any]:
    """A match dict as the Spark struct's Python value."""
    extra = set(match) - _KNOWN
    if extra:
        raise SchemaDriftError(
            f"match field(s) {', '.join(sorted(extra))} are not in the Spark output schema"
        )
    row = {k: match.get(k) for k, _ in MATCH_FIELDS}
    row["features"] = {
        name: {"score": f.get("score"), "detail": f.get("detail")}
        for name, f in (match.get("features") or {}).items()
    }
    decision = match.get("decision")
    row["decision"] = None if decision is None else {k: decision.get(k) for k in DECISION_FIELDS}
    return row


def match_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The match dict back from its struct value (the inverse of :func:`match_to_row`)."""
    out = {k: row[k] for k, _ in MATCH_FIELDS}
    features = row["features"] or {}
    # Spark hands a map over as a dict, Arrow (pyarrow's to_pylist) as (key, value) pairs.
    pairs = features.items() if isinstance(features, Mapping) else features
    out["features"] = {name: dict(f) for name, f in pairs}
    if row.get("decision") is not None:
        out["decision"] = dict(row["decision"])
    return out


def record_to_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """An output record (``id, matches, error, warnings``) as a row of the output schema."""
    extra = set(record) - {"id", "matches", "error", "warnings"}
    if extra:
        raise SchemaDriftError(
            f"record field(s) {', '.join(sorted(extra))} are not in the Spark output schema"
        )
    return {
        "id": record["id"],
        "matches": [match_to_row(m) for m in record["matches"]],
        "error": record["error"],
        "warnings": list(record.get("warnings") or []),
    }


def record_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """An output record back from its row."""
    return {
        "id": row["id"],
        "matches": [match_from_row(m) for m in row["matches"] or []],
        "error": row["error"],
        "warnings": list(row["warnings"] or []),
    }
