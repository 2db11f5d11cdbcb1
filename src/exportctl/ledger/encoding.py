"""Canonical encoding of ledger entries: timestamps, retention dates, JSON text and leaf text.

Everything the Merkle leaves commit to is text, written here the same way on every append
and every verification: fixed-width UTC timestamps, canonical JSON (through orjson where its
text is certainly the same as :func:`exportctl.ledger.verifier.canonical_json`), and the leaf
text of :func:`exportctl.ledger.verifier.leaf_bytes` without a dict round trip.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

import orjson

from exportctl.errors import InputError
from exportctl.ledger.summaries import KINDS
from exportctl.ledger.verifier import LEAF_VERSION

__all__ = [
    "HEX32",
    "HEX64",
    "KIND_SET",
    "RETENTION_KEY",
    "TIME_TEXT",
    "encode",
    "format_time",
    "leaf_text",
    "parse_time",
    "retain_until_of",
    "retention_text",
]


def format_time(at: datetime) -> str:
    """Fixed-width ISO 8601 UTC with microseconds: sorts as text, hashes the same everywhere."""
    if at.tzinfo is None:
        raise InputError(f"timestamp {at!r} has no time zone")
    # isoformat is several times faster than strftime; the shape is the same.
    if at.tzinfo is UTC:  # the common case: no conversion, cut the "+00:00"
        return at.isoformat(timespec="microseconds")[:-6] + "Z"
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


# The versions key under which each leaf commits to its record's retention period (days).
RETENTION_KEY = "ledger:retention_days"


def retention_text(days: float) -> str:
    """The committed form of a retention period: ``1827`` for whole days, else the float."""
    value = float(days)
    return str(int(value)) if value.is_integer() else repr(value)


def retain_until_of(time: str, days: str) -> str:
    """The retention date a record appended at ``time`` with ``days`` of retention gets."""
    return format_time(parse_time(time) + timedelta(days=float(days)))


def leaf_text(
    entry_id: str,
    kind: str,
    time: str,
    actor: str,
    inputs: str,
    result: str,
    summary: str,
    versions_text: str,
) -> str:
    """``verifier.leaf_bytes`` without a dict round trip (keys in sorted order; tested equal).

    Every string field is hex, a kind or a timestamp: none needs JSON escaping, and
    :meth:`Ledger.verify` checks their shape, so the text stays canonical JSON. ``versions_text``
    is already canonical JSON.
    """
    return (
        f'{{"actor":"{actor}","id":"{entry_id}","inputs":"{inputs}","kind":"{kind}",'
        f'"result":"{result}","summary":"{summary}","time":"{time}","v":{LEAF_VERSION},'
        f'"versions":{versions_text}}}'
    )


# One encoder, reused: json.dumps with non-default options builds a new one per call.
_json_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
).encode

# orjson writes the same canonical text several times faster; every value it might write
# differently goes back to json (tested against canonical_json with hypothesis):
# subclasses of str/int/dict/list, datetimes and dataclasses (passed through to a default that
# refuses), non-str keys and ints beyond 64 bits (orjson refuses them itself), and text that
# may hold a float below 1e-4 (orjson: 0.00001 and 1e-7, json: 1e-05 and 1e-07) or NaN and
# Infinity (orjson: null). Plain Enum members (no str/int mixin) are the one difference left:
# orjson writes their value, json str(member); both are deterministic, and a digest is
# always taken over the stored text itself.
_ORJSON_OPTIONS = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
_ORJSON_DOUBT = re.compile(rb"0\.0000|e-\d(?!\d)|null")


def _refuse(value: object) -> NoReturn:
    raise TypeError


# A float format change in some other orjson release turns the fast path off, not the digests.
_ORJSON_PROBE: list[Any] = [
    {"b": [1.0, 0.1, 1e16, 1e-4, 123456.789, -0.0, 2**63], "a": "\u00e9\x00\n\u2028\U0001f600"},
    [True, False, 0, -(2**63), 1.7976931348623157e308, 5e-324, 1e22, '/<>&"\\'],
]
_ORJSON_OK = all(
    orjson.dumps(v, option=_ORJSON_OPTIONS).decode("utf-8") == _json_encode(v)
    for v in _ORJSON_PROBE
)


def encode(value: Any) -> str:
    """``canonical_json(value)``: orjson where its text is certainly the same, else json."""
    if not _ORJSON_OK:  # pragma: no cover - another orjson release
        return _json_encode(value)
    try:
        raw = orjson.dumps(value, default=_refuse, option=_ORJSON_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _json_encode(value)
    if _ORJSON_DOUBT.search(raw):
        return _json_encode(value)
    return raw.decode("utf-8")


KIND_SET = frozenset(KINDS)
HEX64 = re.compile(r"[0-9a-f]{64}")
HEX32 = re.compile(r"[0-9a-f]{32}")
TIME_TEXT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
