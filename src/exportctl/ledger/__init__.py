"""Tamper-evident decision ledger: an append-only RFC 6962/9162 Merkle log with signed heads.

Recording a decision (screening, classification, determination and review code call this)::

    from exportctl import ledger

    entry = ledger.record(
        "determination",            # screening | classification | determination | decision
        inputs={"item": "3A001.a.1", "destination": "IR", "end_user": "…"},
        result={"jurisdiction": "EU", "outcome": "licence_required", "destination": "IR",
                "regimes": ["wassenaar"], "authorisations": []},
        actor="alice@example.org",             # who decided (a user id, service name, …)
        versions={"rulebook:eu": "2021/821@2025-09", "list:un_sc": "2026-06-30"},
    )
    entry.entry_id, entry.seq                  # the public reference and the leaf index

``record`` returns ``None`` and writes nothing when the ledger is disabled
(``EXPORTCTL_LEDGER=0``, ``settings.ledger_enabled``). It opens the configured database
(``db`` argument, else ``EXPORTCTL_DB``, else the default file) and signs a new tree head when a
key exists (``exportctl ledger init``). For bulk work use :func:`record_many` with
:class:`PendingRecord` items: one transaction and one signed head per call.

What is stored where:

* the **ledger** (``ledger_entries`` + ``ledger_nodes`` + ``ledger_heads``) holds, per decision,
  its kind, time, salted SHA-256 digests of actor, inputs and result, the rulebook/list
  versions and a public summary (:mod:`exportctl.ledger.summaries` lists the summary fields
  per kind; only code-like values survive, so no names or free text). The leaf commits to
  exactly these fields (:func:`exportctl.ledger.verifier.leaf_bytes`).
* the **record store** (``ledger_records``) keeps the salt, actor and full inputs/result as
  canonical JSON until the retention date (default 5 years, EAR 15 CFR 762.6;
  ``EXPORTCTL_LEDGER_RETENTION_DAYS``); ``exportctl ledger purge`` erases them afterwards and
  the log still verifies, since the leaves commit to the digests only.

Verification, proofs and the report: :class:`Ledger` (``verify``, ``inclusion_bundle``,
``consistency_bundle``, ``purge``), :mod:`exportctl.ledger.verifier` (standalone, stdlib +
cryptography) and :mod:`exportctl.ledger.report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from exportctl.ledger.core import (
    DEFAULT_RETENTION_DAYS,
    Ledger,
    LedgerEntry,
    PendingRecord,
    Problem,
    SignedHead,
    VerifyReport,
)
from exportctl.ledger.summaries import KINDS, summarise
from exportctl.settings import get_settings
from exportctl.store.db import open_engine

__all__ = [
    "DEFAULT_RETENTION_DAYS",
    "KINDS",
    "Ledger",
    "LedgerEntry",
    "PendingRecord",
    "Problem",
    "SignedHead",
    "VerifyReport",
    "open_ledger",
    "record",
    "record_many",
    "summarise",
]

_LEDGERS: dict[tuple[str, str], Ledger] = {}


def open_ledger(db: str | None = None) -> Ledger:
    """The ledger of the configured database (cached per database URL and data dir)."""
    settings = get_settings(db)
    cache_key = (settings.db_url, str(settings.data_dir))
    if cache_key not in _LEDGERS:
        _LEDGERS[cache_key] = Ledger(open_engine(settings.db_url), settings.data_dir)
    return _LEDGERS[cache_key]


def record(
    kind: str,
    inputs: Mapping[str, Any],
    result: Mapping[str, Any],
    *,
    actor: str,
    versions: Mapping[str, Any],
    summary: Mapping[str, Any] | None = None,
    at: datetime | None = None,
    db: str | None = None,
) -> LedgerEntry | None:
    """Append one decision to the ledger; ``None`` (a no-op) when the ledger is disabled.

    ``summary`` overrides the public summary derived from ``result`` by
    :func:`exportctl.ledger.summaries.summarise`. Raises InputError for an unknown kind and
    StoreError when the database cannot be written.
    """
    if not get_settings(db).ledger_enabled:
        return None
    return open_ledger(db).record(
        kind, inputs, result, actor=actor, versions=versions, summary=summary, at=at
    )


def record_many(items: Iterable[PendingRecord], *, db: str | None = None) -> list[LedgerEntry]:
    """Append many decisions in one transaction; ``[]`` when the ledger is disabled."""
    if not get_settings(db).ledger_enabled:
        return []
    return open_ledger(db).record_many(items)
