"""How front ends write their decisions to the ledger: who acted, under which data versions.

The CLI and the API call these after each screening, classification, determination and review
verdict, so the ledger records every decision by default (``EXPORTCTL_LEDGER=0`` turns it off).
This glue sits above the ledger, the store and licensing (it reads list versions from the store
and the regimes of item codes from licensing), so that the ledger itself depends on neither.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping, Sequence
from typing import Any

from exportctl.errors import ExportCtlError
from exportctl.ledger import PendingRecord, record, record_many
from exportctl.settings import get_settings
from exportctl.store import Store

__all__ = [
    "Screened",
    "cli_actor",
    "list_versions",
    "record_decision",
    "record_determinations",
    "record_screenings",
]

#: One screen to record: (query, direct hits) — its ownership not looked up (Spark's rows) —
#: or (query, direct hits, derived hits), ``None`` as the third when the lookup failed.
Screened = (
    tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]
    | tuple[Mapping[str, Any], Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]] | None]
)


def cli_actor() -> str:
    """The acting user of a CLI call: ``EXPORTCTL_ACTOR``, else the OS login name."""
    explicit = os.environ.get("EXPORTCTL_ACTOR")
    if explicit:
        return explicit
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry (containers)
        return "cli:unknown"


def list_versions(store: Store) -> dict[str, str]:
    """``list:<source>`` → publication date and file digest of each active snapshot."""
    return {
        f"list:{s.source}": f"{s.published or 'undated'}#{s.sha256[:16]}"
        for s in store.active_snapshots()
    }


def _screening_result(matches: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "hits": [
            {
                "source": m["source"],
                "source_id": m["source_id"],
                "scope": m.get("scope"),
                "score": m["score"],
            }
            for m in matches
        ]
    }
    # A screen that could not compare every listed name that might match (the matches'
    # ``incomplete``, screening.Incomplete): recorded so, never read back as a clear screen.
    incomplete = getattr(matches, "incomplete", None)
    if incomplete is not None:
        out["incomplete"] = incomplete.to_dict()
    # A listed company's distinctive word in the name (screening/listed_words.py): the note
    # the reviewer was shown is part of what the screen answered.
    noted = getattr(matches, "listed_words", ())
    if noted:
        out["listed_words"] = [w.to_dict() for w in noted]
    return out


#: What a derived hit keeps in the record: everything a reviewer or an auditor needs to see
#: why the party was held (``paths``: every chain, not the first only; ``match``: whether the
#: screened name is certainly the ownership record's entity).
_DERIVED_KEYS = (
    "basis", "rule", "status", "entity", "as_of", "share", "path", "paths", "control",
    "citations", "match", "binding", "binding_reason",
)  # fmt: skip


def _derived_result(derived: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{k: d[k] for k in _DERIVED_KEYS if k in d} for d in derived]


def ownership_version(store: Store) -> dict[str, str]:
    """``ownership`` → the active ownership snapshot's id and file digest; {} when none is
    loaded (derived hits are computed over it, so a record names it as it names the lists)."""
    # (the ownership package imports the screening machinery: only when this is asked)
    from exportctl.ownership.store import OwnershipStore

    snap = OwnershipStore(store).active()
    return {} if snap is None else {"ownership": f"{snap.id}#{snap.sha256[:16]}"}


def record_screenings(
    store: Store,
    items: Sequence[Screened],
    *,
    actor: str,
    db: str | None = None,
) -> int:
    """Append one screening record per screened query in one transaction.

    With ownership data loaded, each record also says whether the party was looked up in it
    (``ownership``: ``checked``, ``not_checked``, or ``incomplete`` where the lookup left
    records the name may be unchecked) and carries its derived hits
    (``derived``), so a screen whose only finding is that listed parties own the party never
    reads as clear: the public summary keeps each derived hit's rule, status and whether the
    match to the ownership record is certain, and the transparency report counts the screen
    as one with hits.
    """
    if not items:
        return 0
    versions = list_versions(store)
    owned = ownership_version(store)
    versions.update(owned)
    pending = []
    for item in items:
        query, matches = item[0], item[1]
        derived = item[2] if len(item) == 3 else None
        result = _screening_result(matches)
        if derived:
            result["derived"] = _derived_result(derived)
        # A lookup that left records the name may be unchecked (ownership.names.LookupCut,
        # the derived hits' ``incomplete``): recorded so, never read back as checked.
        cut = getattr(derived, "incomplete", None)
        if cut is not None:
            result["derived_incomplete"] = cut.to_dict()
        if owned:
            # A lookup that did not run (Spark, a failed lookup) is said, not left to read
            # as "nothing owned".
            result["ownership"] = (
                "not_checked" if derived is None else "incomplete" if cut is not None else "checked"
            )
        pending.append(
            PendingRecord(
                kind="screening",
                inputs=dict(query),
                result=result,
                actor=actor,
                versions=versions,
            )
        )
    return len(record_many(pending, db=db))


def record_decision(
    store: Store, decision: Mapping[str, Any], *, actor: str, db: str | None = None
) -> None:
    """Append a reviewer's verdict (the verdict, not the person's name, is public)."""
    record(
        "decision",
        inputs={
            "query": decision.get("query"),
            "source": decision["source"],
            "source_id": decision["source_id"],
        },
        result={
            "outcome": decision["verdict"],
            "source": decision["source"],
            "reviewer": decision["reviewer"],
            "reason": decision["reason"],
        },
        actor=actor,
        versions=list_versions(store),
        db=db,
    )


def _regimes(codes: Sequence[str]) -> list[str]:
    """Regimes of origin of the item codes (the report groups determinations by them)."""
    # start-up: exportctl.licensing + .controls (15 modules, 39 ms by -X importtime)
    # stays out of a warm `exportctl screen`, which records its screenings through this module.
    from exportctl.licensing.items import controls_resolver

    found = set()
    for code in codes:
        try:
            info = controls_resolver(code, ("us_ccl", "eu_annex_i"))
        except ExportCtlError:
            continue
        if info.regime:
            found.add(info.regime)
    return sorted(found)


def record_determinations(
    dets: Sequence[Any], inputs: Mapping[str, Any], *, actor: str, db: str | None = None
) -> None:
    """One ledger record per jurisdiction's determination, in one transaction."""
    if not dets or not get_settings(db).ledger_enabled:
        return
    regimes = _regimes(list(inputs.get("items") or []))
    record_many(
        [
            PendingRecord(
                kind="determination",
                inputs=dict(inputs),
                result={
                    **det.to_dict(),
                    "destination": det.destination,
                    "regimes": regimes,
                    "authorisations": [a.code for a in det.authorisations],
                },
                actor=actor,
                versions={f"rulebook:{det.jurisdiction}": det.rulebook_version},
            )
            for det in dets
        ],
        db=db,
    )
