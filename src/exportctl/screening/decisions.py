"""Reviewer verdicts on hits (the "good-guy list"), and how later screens show them.

A verdict is tied to the listing as it was when the reviewer saw it (its content hash). When a
new snapshot changes that listed entity, the verdict no longer applies: the hit is shown as
``reopened`` and must be reviewed again. A false-positive verdict is reopened too when the hit
now carries an identifier equal to a listed one (a passport, an IMO number) that the screened
party the reviewer saw did not give: the query key holds the name, type, country and birth
date only, and such an identifier is the strongest evidence there is that the party is the
listed one (fail-open hunt, fuzz19). Verdicts are never edited or deleted; a new verdict on
the same pair supersedes the older one for display, and both stay on record.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from exportctl.errors import InputError
from exportctl.screening.batch.headers import normalise_header, other_name_headers
from exportctl.screening.batch.query import other_names
from exportctl.screening.features import identifier_of
from exportctl.screening.index import identifier_forms
from exportctl.store import Store
from exportctl.store.review_tables import review_decisions, review_items
from exportctl.store.schema import decisions, entities

__all__ = [
    "VERDICTS",
    "DecisionBook",
    "annotate",
    "other_name_cells",
    "query_key",
    "record_decision",
]

VERDICTS = ("false_positive", "true_match")
#: An ownership item's source prefix (``exportctl.review.owned.OWNERSHIP``; here too so that
#: screening does not import the review package).
_OWNERSHIP = "ownership:"
#: Approved ownership verdicts that clear a derived hit; the others confirm it.
_OWNED_CLEARING = frozenset({"different_entity"})


def _norm(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def query_key(query: Mapping[str, Any]) -> str:
    """A stable digest of the screened party (name, type, country, birth date), case- and
    spacing-insensitive, so the same customer screened again finds its earlier verdicts."""
    parts = {k: _norm(query.get(k)) for k in ("name", "type", "country", "birth_date")}
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _identifiers(query: object) -> frozenset[str]:
    """The identifiers (compare form) a recorded query gave; none for a query without any."""
    if isinstance(query, str):
        try:
            query = json.loads(query)
        except ValueError:
            return frozenset()
    given = query.get("identifiers") if isinstance(query, Mapping) else None
    if isinstance(given, str):  # a batch row's, as recorded: "OB 0243318; 9187629"
        given = re.split(r"[;|,\n]+", given)
    if not isinstance(given, list | tuple):
        return frozenset()
    return frozenset(f for v in given for f in identifier_forms(str(v)))


def other_name_cells(query: Mapping[str, Any]) -> dict[str, str]:
    """The filled cells of a query's other-name columns (``alias``, ``shipper`` …: a batch
    row's, as :func:`~exportctl.screening.batch.query.query_fields` records them)."""
    return {
        str(k): v
        for k, v in query.items()
        if isinstance(v, str) and v.strip() and normalise_header(str(k)) in other_name_headers()
    }


def _names(query: object) -> frozenset[str]:
    """The names (compare form) a recorded query was screened under: its name and each name
    of its other-name columns (:func:`~exportctl.screening.batch.query.other_names`)."""
    if isinstance(query, str):
        try:
            query = json.loads(query)
        except ValueError:
            return frozenset()
    if not isinstance(query, Mapping):
        return frozenset()
    fields = {str(k): v for k, v in query.items() if isinstance(v, str)}
    return frozenset({_norm(fields.get("name")), *(_norm(o.name) for o in other_names(fields)[0])})


def _current_hashes(store: Store, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    active = [s.id for s in store.active_snapshots()]
    if not pairs or not active:
        return {}
    found: dict[tuple[str, str], str] = {}
    q = select(entities.c.source, entities.c.source_id, entities.c.content_hash).where(
        entities.c.snapshot_id.in_(active),
        entities.c.source_id.in_(sorted({sid for _, sid in pairs})),
    )
    with store.engine.connect() as conn:
        for src, sid, h in conn.execute(q):
            if (src, sid) in pairs:
                found[(src, sid)] = h
    return found


def record_decision(
    store: Store,
    query: Mapping[str, Any],
    source: str,
    source_id: str,
    verdict: str,
    reviewer: str,
    reason: str,
    *,
    content_hash: str | None = None,
) -> dict[str, Any]:
    """Record a verdict on a (query, listed entity) pair against the listing as it is now,
    or, with ``content_hash``, against the listing as the reviewer saw it (the review queue's
    four-eyes approval: a listing changed meanwhile then shows the hit ``reopened``)."""
    if verdict not in VERDICTS:
        raise InputError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    if not reviewer.strip() or not reason.strip():
        raise InputError("a decision needs a reviewer and a reason")
    if not _norm(query.get("name")):
        raise InputError("a decision needs the screened name")
    entity = store.entity(source, source_id)  # NotFoundError when not listed now
    now = datetime.now(UTC)
    row: dict[str, Any] = {
        "query_key": query_key(query),
        "query": {
            **{
                k: query.get(k)
                for k in ("name", "type", "country", "birth_date", "identifiers")
                if query.get(k)
            },
            # The row's other-name columns as the reviewer saw them (rev30c): the verdict
            # clears a hit found by one of these names, never one found by a name it did not
            # hold (:meth:`DecisionBook.annotate`).
            **other_name_cells(query),
        },
        "source": source,
        "source_id": source_id,
        "content_hash": content_hash or entity.content_hash(),
        "verdict": verdict,
        "reviewer": reviewer.strip(),
        "reason": reason.strip(),
        "decided_at": now,
    }
    with store.engine.begin() as conn:
        new_id = conn.execute(decisions.insert().values(**row)).inserted_primary_key
    return {**row, "id": new_id[0] if new_id else None, "decided_at": now.isoformat()}


@dataclass(frozen=True, slots=True)
class DecisionBook:
    """Every party's latest verdicts and the current content hash of each decided listing.

    Loaded once per batch (two queries) and then applied row by row without the database, so
    the local engine, worker processes and Spark executors annotate hits with the same data.
    """

    latest: Mapping[str, Mapping[tuple[str, str], Mapping[str, Any]]]
    hashes: Mapping[tuple[str, str], str]
    #: query key → (``ownership:<rule>``, entity id) → the newest approved decision on that
    #: ownership item (the review queue's four eyes; ``review.owned``).
    owned: Mapping[str, Mapping[tuple[str, str], Mapping[str, Any]]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, keys: Iterable[str] | None = None) -> DecisionBook:
        """The verdicts for ``keys`` (query keys; all parties when None)."""
        q = select(decisions).order_by(decisions.c.decided_at, decisions.c.id)
        if keys is not None:
            wanted = sorted(set(keys))
            if not wanted:
                return cls({}, {})
            q = q.where(decisions.c.query_key.in_(wanted))
        else:
            wanted = None
        latest: dict[str, dict[tuple[str, str], Mapping[str, Any]]] = {}
        with store.engine.connect() as conn:
            for r in conn.execute(q):
                decided = r.decided_at if r.decided_at.tzinfo else r.decided_at.replace(tzinfo=UTC)
                latest.setdefault(r.query_key, {})[(r.source, r.source_id)] = {
                    "seen_identifiers": _identifiers(r.query),
                    "seen_names": _names(r.query),
                    "verdict": r.verdict,
                    "reviewer": r.reviewer,
                    "reason": r.reason,
                    "decided_at": decided.isoformat(),
                    "content_hash": r.content_hash,
                }
        pairs = {pair for per in latest.values() for pair in per}
        return cls(latest, _current_hashes(store, pairs), _approved_owned(store, wanted))

    def __bool__(self) -> bool:
        """Whether any list hit has a verdict (ownership verdicts: :meth:`annotate_derived`)."""
        return bool(self.latest)

    def annotate(
        self, query: Mapping[str, Any], matches: Sequence[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Add a ``decision`` to each match dict that has a verdict for this query.

        ``status`` is ``cleared`` (false positive, listing unchanged), ``confirmed`` (true match,
        unchanged) or ``reopened`` (the listed entity changed since the verdict).
        """
        out = [dict(m) for m in matches]
        latest = self.latest.get(query_key(query)) if out else None
        if not latest:
            return out
        for m in out:
            d = latest.get((m["source"], m["source_id"]))
            if d is None:
                continue
            unchanged = self.hashes.get((m["source"], m["source_id"])) == d["content_hash"]
            verdict = d["verdict"]
            found = identifier_of((m.get("features") or {}).get("identifier_match") or {})
            if verdict == "false_positive" and found and found not in d["seen_identifiers"]:
                unchanged = False  # new evidence the reviewer did not weigh: review again
            by = (m.get("matched_input") or {}).get("name")
            if verdict == "false_positive" and by is not None and _norm(by) not in d["seen_names"]:
                # Found by one of the row's other names (an alias, a shipper: batch30) that the
                # reviewer's row did not hold: `Dokka Umarov` in a new alias cell was cleared
                # by a verdict on the name's weak hit (rev30c). Review again.
                unchanged = False
            status = (
                ("cleared" if verdict == "false_positive" else "confirmed")
                if unchanged
                else "reopened"
            )
            m["decision"] = {
                "status": status,
                "verdict": verdict,
                "reviewer": d["reviewer"],
                "reason": d["reason"],
                "decided_at": d["decided_at"],
            }
        return out

    def annotate_derived(
        self,
        query: Mapping[str, Any],
        derived: Sequence[Mapping[str, Any]],
        digest: Callable[[Mapping[str, Any]], str | None],
    ) -> list[dict[str, Any]]:
        """Add a ``decision`` to each ownership-derived hit whose approved ownership verdict
        still applies: same party (query key), rule and entity, and ``digest(hit)`` (the
        finding's digest as the review queue computes it: rule, status, share, paths,
        control owners, the ownership snapshot, the owners' list entries and verdicts)
        equal to the one approved. ``status`` is ``cleared`` (``different_entity``: the
        screened party is not the record's entity) or ``confirmed`` (``same_entity``,
        ``acknowledge``). A changed finding gets no decision: the hit is open again, as the
        queue's item is (its decision lapses). A ``different_entity`` verdict also needs the
        screened name to find the record as the reviewer saw it (``match``: the same record
        name, field, method, score and certainty): a record found another way now (a newly
        given identifier) is evidence the reviewer did not weigh. ``digest`` is called only
        for hits that have a verdict (it reads the database)."""
        out = [dict(h) for h in derived]
        per = self.owned.get(query_key(query)) if out else None
        if not per:
            return out
        for h in out:
            key = (f"{_OWNERSHIP}{h.get('rule')}"[:32], str((h.get("entity") or {}).get("id")))
            d = per.get(key)
            if d is None or digest(h) != d["content_hash"]:
                continue
            verdict = d["verdict"]
            clears = verdict in _OWNED_CLEARING
            if clears and _match_seen(h.get("match")) != _match_seen(d["match"]):
                continue
            h["decision"] = {
                "status": "cleared" if clears else "confirmed",
                "verdict": verdict,
                "reviewer": d["reviewer"],
                "reason": d["reason"],
                "decided_at": d["decided_at"],
                "approver": d["approver"],
                "approved_at": d["approved_at"],
                "item": d["item"],
            }
        return out


def _match_seen(match: object) -> tuple[Any, ...]:
    m = match if isinstance(match, Mapping) else {}
    return tuple(m.get(k) for k in ("name", "field", "method", "score", "certain"))


def _iso(when: datetime | None) -> str | None:
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).isoformat()


def _approved_owned(
    store: Store, keys: Sequence[str] | None
) -> dict[str, dict[tuple[str, str], Mapping[str, Any]]]:
    """The newest approved decision on each ownership item of ``keys`` (all when None). A
    decision that lapsed (the queue found the finding changed) is no longer ``approved``;
    one the queue has not re-checked yet is compared by digest when applied."""
    q = (
        select(
            review_items.c.query_key,
            review_items.c.source,
            review_items.c.source_id,
            review_decisions.c.item_id,
            review_decisions.c.verdict,
            review_decisions.c.reviewer,
            review_decisions.c.reason,
            review_decisions.c.decided_at,
            review_decisions.c.approver,
            review_decisions.c.approved_at,
            review_decisions.c.content_hash,
            review_decisions.c.entity,
        )
        .join(review_items, review_items.c.id == review_decisions.c.item_id)
        .where(
            review_decisions.c.state == "approved",
            review_items.c.source.startswith(_OWNERSHIP),
            review_items.c.status != "delisted",
        )
        .order_by(review_decisions.c.approved_at, review_decisions.c.id)
    )
    if keys is not None:
        q = q.where(review_items.c.query_key.in_(list(keys)))
    out: dict[str, dict[tuple[str, str], Mapping[str, Any]]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(q):
            entity = r.entity if isinstance(r.entity, Mapping) else {}
            out.setdefault(r.query_key, {})[(r.source, r.source_id)] = {
                "item": int(r.item_id),
                "verdict": r.verdict,
                "reviewer": r.reviewer,
                "reason": r.reason,
                "decided_at": _iso(r.decided_at),
                "approver": r.approver,
                "approved_at": _iso(r.approved_at),
                "content_hash": r.content_hash,
                "match": entity.get("match") or {},
            }
    return out


def annotate(
    store: Store, query: Mapping[str, Any], matches: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """:meth:`DecisionBook.annotate` for one query, reading its verdicts from ``store``."""
    if not matches:
        return [dict(m) for m in matches]
    return DecisionBook.load(store, [query_key(query)]).annotate(query, matches)
