"""A batch row's own binding profile: ``bound_by`` and ``subject_to_ear`` override the command's.

One batch file may hold parties screened for different operators (a German subsidiary's
orders beside a US one's), so two optional input columns carry the profile per row:

- ``bound_by``: ISO 3166 codes or English country names and/or ``EU``, separated by ``;``,
  ``,`` or ``|`` (a JSONL list such as ``["DE", "FR"]`` works too);
- ``subject_to_ear``: ``yes``/``no`` (also ``true``/``false``, ``y``/``n``, ``1``/``0``).

An empty cell leaves the command's value (``--bound-by``, ``--subject-to-ear``; the API's
request-level fields); a given cell replaces it for that row only. A cell that cannot be read
makes the row an error naming the cell: the row is neither dropped nor screened with a profile
it did not ask for, because the ``binding`` flag tells a user whether to act on a hit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from exportctl.errors import InputError
from exportctl.screening.binding import BindingProfile

__all__ = [
    "BINDING_COLUMNS",
    "PROFILE_KEY",
    "profile_for",
    "recorded_query",
    "row_kw",
    "row_profile",
]

BINDING_COLUMNS = ("bound_by", "subject_to_ear")
#: The key under which a screening ledger record's inputs keep the binding profile applied.
PROFILE_KEY = "binding_profile"
_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0"})
_SEPARATORS = re.compile(r"[;,|\[\]\"']+")


def profile_for(
    default: BindingProfile | None, bound_by: Sequence[str] | None, subject_to_ear: bool | None
) -> BindingProfile | None:
    """``default`` with the given parts replaced (None: not given, keep the default's)."""
    if bound_by is None and subject_to_ear is None:
        return default
    ear = subject_to_ear if subject_to_ear is not None else bool(default and default.subject_to_ear)
    if bound_by is None:
        return BindingProfile(default.bound_by if default else frozenset(), ear)
    for code in bound_by:
        try:
            BindingProfile.parse([code])
        except InputError:
            raise InputError(
                f"bound_by {code!r} is not an ISO 3166 country code or EU "
                "(several: separated by ';')"
            ) from None
    return BindingProfile.parse(bound_by, ear)


def _codes(cell: str) -> list[str] | None:
    return [c.strip() for c in _SEPARATORS.split(cell) if c.strip()] or None


def _flag(cell: str) -> bool | None:
    value = cell.strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    shown = cell if len(cell) <= 40 else cell[:37] + "..."
    raise InputError(f"subject_to_ear {shown!r} is not yes or no (true/false, 1/0)")


def row_profile(fields: Mapping[str, str], default: BindingProfile | None) -> BindingProfile | None:
    """The profile that applies to one row; InputError when a binding cell cannot be read."""
    return profile_for(
        default,
        _codes(fields.get("bound_by") or ""),
        _flag(fields.get("subject_to_ear") or ""),
    )


def row_kw(kw: dict[str, Any], fields: Mapping[str, str]) -> dict[str, Any]:
    """Screening keywords for one row: ``kw`` with ``profile`` replaced when the row has its own."""
    if not any((fields.get(c) or "").strip() for c in BINDING_COLUMNS):
        return kw
    return {**kw, "profile": row_profile(fields, kw.get("profile"))}


def recorded_query(query: Mapping[str, Any], profile: BindingProfile | None) -> dict[str, Any]:
    """A screening's ledger inputs: the query fields and the binding profile that applied.

    The profile is the one the hits' ``binding`` flags were computed under (the command's or
    the row's own), so an auditor sees from the record, under its hash, why a hit bound or
    did not. Without a profile the inputs are the query alone, as records were before.
    """
    out = dict(query)
    if profile is not None:
        out[PROFILE_KEY] = profile.to_dict()
    return out
