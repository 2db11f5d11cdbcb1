"""The batch output contract as a Spark schema, and the exact mapping between it and the dicts.

A match is a struct whose fields are the keys of :meth:`exportctl.screening.Match.to_dict`
plus the reviewer's ``decision``; features are a map from feature name to ``{score, detail}``.
A key this schema does not know is an error, never dropped: the identity test between the local
engine and Spark meets any new field the moment screening starts emitting it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from exportctl.errors import ExportCtlError

__all__ = [
    "BASIS_FIELDS",
    "DECISION_FIELDS",
    "MATCHED_INPUT_FIELDS",
    "MATCH_FIELDS",
    "OPTIONAL_FIELDS",
    "RECORD_COLUMNS",
    "SchemaDriftError",
    "match_from_row",
    "match_to_row",
    "output_schema_ddl",
    "record_from_row",
    "record_to_row",
]

# (key, Spark SQL type) in the order of Match.to_dict(): always present.
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
# A legal basis of a party listed several times (``legal_bases``); optional keys last.
BASIS_FIELDS: tuple[tuple[str, str], ...] = (
    ("source", "string"),
    ("source_id", "string"),
    ("scope", "string"),
    ("jurisdiction", "string"),
    ("name", "string"),
    ("score", "double"),
    ("sublist", "string"),
    ("binding", "boolean"),
    ("binding_reason", "string"),
)
_BASIS_REQUIRED = frozenset({"source", "source_id", "scope", "jurisdiction", "name", "score"})
BLOCKING_FIELDS: tuple[str, ...] = ("law", "title", "effect", "citation")
DECISION_FIELDS: tuple[str, ...] = ("status", "verdict", "reviewer", "reason", "decided_at")
MATCHED_INPUT_FIELDS: tuple[str, ...] = ("column", "name")


def _struct(fields: tuple[tuple[str, str], ...]) -> str:
    return "struct<" + ", ".join(f"{k}: {t}" for k, t in fields) + ">"


def _strings(fields: tuple[str, ...]) -> str:
    return _struct(tuple((k, "string") for k in fields))


# Keys a match carries only when they apply (Match.to_dict leaves them out otherwise).
OPTIONAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("sublist", "string"),
    ("legal_bases", f"array<{_struct(BASIS_FIELDS)}>"),
    ("in_force", "boolean"),
    ("listing_status", "string"),
    ("binding", "boolean"),
    ("binding_reason", "string"),
    ("blocking", f"array<{_strings(BLOCKING_FIELDS)}>"),
    ("decision", _strings(DECISION_FIELDS)),
    # The row's name that scored the match, and its column, when the row screened other
    # names too (an alias, a shipper: runner.screen_row, batch30).
    ("matched_input", _strings(MATCHED_INPUT_FIELDS)),
)


class SchemaDriftError(ExportCtlError):
    """A result carries a field the Spark schema does not have: fix the schema, lose nothing."""


#: An output row's columns. ``derived`` holds the row's ownership-derived hits as JSON (as
#: the CSV output's ``derived`` column does: their fields vary by rule and finding), null when
#: it has none. ``incomplete`` holds the screen's ``Incomplete`` as JSON when the row's screen
#: left listed names that could match uncompared (null otherwise): without a column for it
#: a struct output refused the record (SchemaDriftError) and failed the job.
#: ``derived_incomplete`` holds the row's ownership lookup cut (ownership.names.LookupCut) as
#: JSON when the lookup left records the name may be unchecked (null otherwise; own27).
#: ``listed_words`` holds the row's notes of a listed company's distinctive word in the name
#: (screening/listed_words.py) as JSON, null when none: without it a row with a note refused
#: the record and failed the job (word30), as ``incomplete`` once did.
RECORD_COLUMNS = (
    "id", "matches", "error", "warnings", "derived", "incomplete", "derived_incomplete",
    "listed_words",
)  # fmt: skip


def output_schema_ddl() -> str:
    """``id, matches, error, warnings, derived, incomplete, derived_incomplete,
    listed_words`` as a Spark DDL schema string."""
    match = _struct(MATCH_FIELDS + OPTIONAL_FIELDS)
    return (
        f"id string, matches array<{match}>, error string, warnings array<string>, "
        "derived string, incomplete string, derived_incomplete string, listed_words string"
    )


_KNOWN = {k for k, _ in MATCH_FIELDS + OPTIONAL_FIELDS}
_BASIS_KNOWN = {k for k, _ in BASIS_FIELDS}


def _drift(what: str, keys: set[str]) -> None:
    if keys:
        raise SchemaDriftError(
            f"{what} field(s) {', '.join(sorted(keys))} are not in the Spark output schema"
        )


def match_to_row(match: Mapping[str, Any]) -> dict[str, Any]:
    """A match dict as the Spark struct's Python value."""
    _drift("match", set(match) - _KNOWN)
    row = {k: match.get(k) for k, _ in MATCH_FIELDS + OPTIONAL_FIELDS}
    row["features"] = {
        name: {"score": f.get("score"), "detail": f.get("detail")}
        for name, f in (match.get("features") or {}).items()
    }
    if match.get("legal_bases") is not None:
        bases = []
        for b in match["legal_bases"]:
            _drift("legal basis", set(b) - _BASIS_KNOWN)
            bases.append({k: b.get(k) for k, _ in BASIS_FIELDS})
        row["legal_bases"] = bases
    return row


def _pairs(value: Any) -> Any:
    # Spark hands a map over as a dict, Arrow (pyarrow's to_pylist) as (key, value) pairs.
    return value.items() if isinstance(value, Mapping) else value


def match_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The match dict back from its struct value (the inverse of :func:`match_to_row`)."""
    out = {k: row[k] for k, _ in MATCH_FIELDS}
    out["features"] = {name: dict(f) for name, f in _pairs(row["features"] or {})}
    for k, _ in OPTIONAL_FIELDS:
        value = row.get(k)
        if value is None:
            continue
        if k == "legal_bases":
            value = [
                {f: b[f] for f, _ in BASIS_FIELDS if f in _BASIS_REQUIRED or b[f] is not None}
                for b in value
            ]
        elif k == "blocking":
            value = [dict(b) for b in value]
        elif k in ("decision", "matched_input"):
            value = dict(value)
        out[k] = value
    return out


def record_to_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """An output record (``id, matches, error, warnings``, ``derived`` when it has
    ownership-derived hits, ``incomplete`` when its screen was, ``derived_incomplete`` when
    its ownership lookup was) as a row of the output schema."""
    extra = set(record) - set(RECORD_COLUMNS)
    if extra:
        raise SchemaDriftError(
            f"record field(s) {', '.join(sorted(extra))} are not in the Spark output schema"
        )
    derived = record.get("derived")
    return {
        "id": record["id"],
        "matches": [match_to_row(m) for m in record["matches"]],
        "error": record["error"],
        "warnings": list(record.get("warnings") or []),
        "derived": json.dumps(derived, ensure_ascii=False) if derived else None,
        "incomplete": (
            json.dumps(record["incomplete"], ensure_ascii=False)
            if record.get("incomplete")
            else None
        ),
        "derived_incomplete": (
            json.dumps(record["derived_incomplete"], ensure_ascii=False)
            if record.get("derived_incomplete")
            else None
        ),
        "listed_words": (
            json.dumps(record["listed_words"], ensure_ascii=False)
            if record.get("listed_words")
            else None
        ),
    }


def record_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """An output record back from its row."""
    out = {
        "id": row["id"],
        "matches": [match_from_row(m) for m in row["matches"] or []],
        "error": row["error"],
        "warnings": list(row["warnings"] or []),
    }
    if row.get("derived"):
        out["derived"] = json.loads(row["derived"])
    if row.get("incomplete"):
        out["incomplete"] = json.loads(row["incomplete"])
    if row.get("derived_incomplete"):
        out["derived_incomplete"] = json.loads(row["derived_incomplete"])
    if row.get("listed_words"):
        out["listed_words"] = json.loads(row["listed_words"])
    return out
