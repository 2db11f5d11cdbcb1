"""Ownership items: a screened party that listed parties own (a derived hit) in the queue.

A derived hit (:func:`exportctl.ownership.derived_hits`) is its own kind of item, told by its
``source``: ``ownership:<rule>`` (``ownership:ofac`` …), with the ownership record's entity id
as ``source_id``. What the reviewer decides differs from a list hit's:

* a **potential** match (the screened name or identifier found the record by screening, not
  for certain): is the screened party the record's entity? ``same_entity`` or
  ``different_entity`` (or ``escalate``);
* a **certain** match: the finding stands as computed; ``acknowledge`` it (the case is
  handled: blocked, licence, exit) or ``escalate``.

Four eyes as for list hits: a decision other than ``escalate`` waits for an approver who is
another person. The item's ``content_hash`` is the digest of what the finding rests on —
rule, status, share, every path with each hop's share, control owners, the ownership
snapshot's file digest, and the listed entries (content digests, reviewers' verdicts) of the
owners at the head of each path — so a decision lapses when the path, a share, the snapshot
or the owner's listing changes, and the item is ``delisted`` when the rule no longer derives
the hit (the owner delisted, the interest sold). An approved decision is kept with the item
and is not re-queued while the digest stands and the verdict applies (a hit a
``different_entity`` verdict no longer covers, its record now found another way, is queued
again as a new item), and later screens of the party carry it on the derived hit
(:func:`annotate_derived`, through
:meth:`~exportctl.screening.decisions.DecisionBook.annotate_derived`): ``different_entity`` shows
the hit ``cleared`` by that decision, ``same_entity`` / ``acknowledge`` ``confirmed``; a hit
whose digest differs from the approved one carries no decision (it is open again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, update

from exportctl.review.lapse import lapse_decisions
from exportctl.review.records import _QUERY_FIELDS, OPEN_STATES, VERDICTS, _now
from exportctl.screening.decisions import DecisionBook, query_key
from exportctl.store import Store
from exportctl.store.review_tables import review_items
from exportctl.store.schema import decisions

__all__ = [
    "ALL_VERDICTS",
    "CERTAIN_VERDICTS",
    "OWNERSHIP",
    "POTENTIAL_VERDICTS",
    "annotate_derived",
    "derived_digest",
    "derived_verdicts",
    "enqueue_derived",
    "finding_digest",
    "is_ownership",
    "refresh_owned",
    "verdicts_for",
]

#: The ``source`` prefix of an ownership item (``ownership:ofac``).
OWNERSHIP = "ownership:"
POTENTIAL_VERDICTS = ("same_entity", "different_entity", "escalate")
CERTAIN_VERDICTS = ("acknowledge", "escalate")
#: Every verdict any item takes: a list hit's and an ownership item's.
ALL_VERDICTS = (*VERDICTS, "same_entity", "different_entity", "acknowledge")


def is_ownership(source: str) -> bool:
    return source.startswith(OWNERSHIP)


def verdicts_for(source: str, match: Mapping[str, Any]) -> tuple[str, ...]:
    """The decisions an item allows: a list hit's, or an ownership item's by its match."""
    if not is_ownership(source):
        return VERDICTS
    certain = (match.get("match") or {}).get("certain") is True
    return CERTAIN_VERDICTS if certain else POTENTIAL_VERDICTS


def _share_text(share: Mapping[str, Any] | None) -> str:
    if not share:
        return ""
    lo, hi = share.get("min"), share.get("max")
    return f"{lo} %" if lo == hi else f"{lo}–{hi} %"


def path_text(path: Sequence[Mapping[str, Any]]) -> str:
    """``Owner (50 %) → Holding (60 %) → Entity``: each hop with the share it holds in the
    next."""
    parts = []
    for hop in path:
        label = str(hop.get("name") or hop.get("id"))
        share = _share_text(hop.get("share"))
        parts.append(f"{label} ({share})" if share else label)
    return " → ".join(parts)


def _owner_listings(store: Store, snap_id: int, hit: Mapping[str, Any]) -> list[list[Any]]:
    """[source, id, content digest, verdict] of each list entry the owners at the head of the
    paths (and the control owners) match: what makes them listed."""
    from exportctl.ownership.listing import OwnerMatcher
    from exportctl.ownership.store import OwnershipStore
    from exportctl.review.lapse import _current

    heads = {str(p[0]["id"]) for p in hit.get("paths") or () if p}
    heads.update(str(c) for c in hit.get("control") or ())
    if not heads:
        return []
    parties = OwnershipStore(store).parties(snap_id, heads)
    matcher = OwnerMatcher(store)
    found = {
        (h.source, h.source_id): h.decision
        for p in parties.values()
        for h in matcher.hits(p)  # (its incomplete, beside the hits, names no listing)
    }
    current = _current(store, set(found), with_data=False)
    return sorted(
        [src, sid, current[(src, sid)][0] if (src, sid) in current else None, verdict]
        for (src, sid), verdict in found.items()
    )


def _finding(hit: Mapping[str, Any], snap_sha: str, listings: list[list[Any]]) -> dict[str, Any]:
    """What the decision binds: everything but the date and the wording of the answer."""
    return {
        "rule": hit.get("rule"),
        "status": hit.get("status"),
        "entity": (hit.get("entity") or {}).get("id"),
        "share": hit.get("share"),
        "paths": [[[h.get("id"), h.get("share")] for h in p] for p in hit.get("paths") or ()],
        "control": sorted(str(c) for c in hit.get("control") or ()),
        "snapshot": snap_sha,
        "owner_listings": listings,
    }


def derived_digest(finding: Mapping[str, Any]) -> str:
    text = json.dumps(finding, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def finding_digest(store: Store, hit: Mapping[str, Any]) -> str | None:
    """The digest a queue item of ``hit`` would carry now (:func:`derived_digest` of its
    finding under the active ownership snapshot and the owners' list entries as they are
    now); None without ownership data."""
    from exportctl.ownership.store import OwnershipStore

    snap = OwnershipStore(store).active()
    if snap is None:
        return None
    return derived_digest(_finding(hit, snap.sha256, _owner_listings(store, snap.id, hit)))


def annotate_derived(
    store: Store,
    query: Mapping[str, Any],
    derived: Sequence[Mapping[str, Any]],
    book: DecisionBook | None = None,
) -> list[dict[str, Any]]:
    """The party's derived hits, each whose approved ownership verdict still applies with its
    ``decision`` (:meth:`DecisionBook.annotate_derived`). ``book``: the verdicts of a batch,
    read once; without it the party's are read here. The hits' lookup cut
    (:class:`~exportctl.ownership.derived.DerivedHits`' ``incomplete``) stays beside them."""
    if not derived:
        out = [dict(h) for h in derived]
    else:
        if book is None:
            book = DecisionBook.load(store, [query_key(_fields(query))])
        out = book.annotate_derived(_fields(query), derived, lambda h: finding_digest(store, h))
    cut = getattr(derived, "incomplete", None)
    if cut is None:
        return out
    from exportctl.ownership.derived import DerivedHits

    return DerivedHits.of(out, cut)


def derived_verdicts(
    store: Store, book: DecisionBook
) -> Callable[[Mapping[str, Any], Sequence[Mapping[str, Any]]], list[dict[str, Any]]]:
    """:func:`annotate_derived` for the rows of one batch (``book`` read once for it)."""

    def apply(
        query: Mapping[str, Any], derived: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        return annotate_derived(store, query, derived, book)

    return apply


def _entity(
    hit: Mapping[str, Any], snap: Any, listings: list[list[Any]], finding: Mapping[str, Any]
) -> dict[str, Any]:
    """The item's content as the reviewer reads it: the finding, the rule and its law."""
    from exportctl.ownership.rules import get_rule

    rule = get_rule(str(hit["rule"]))
    return {
        "kind": "ownership",
        "rule": rule.code,
        "rule_title": rule.title,
        "authority": rule.authority,
        "legal_basis": [c.model_dump() for c in rule.citations],
        "status": hit.get("status"),
        "share": hit.get("share"),
        "entity": hit.get("entity"),
        "as_of": hit.get("as_of"),
        "path": hit.get("path") or [],
        "paths": hit.get("paths") or [],
        "path_texts": [path_text(p) for p in hit.get("paths") or ()],
        "control": list(hit.get("control") or ()),
        "citations": list(hit.get("citations") or ()),
        "match": hit.get("match") or {},
        "owner_listings": listings,
        "ownership_snapshot": {"id": snap.id, "sha256": snap.sha256},
        "finding": dict(finding),
    }


def _state(store: Store, snap_id: int) -> str:
    """What a derived hit depends on besides the party: the ownership snapshot, the active
    list snapshots, the newest verdict on a list hit (an owner's match cleared or confirmed)
    and the date (links start and end). An item checked under the same state is not derived
    again at every read of the queue."""
    lists = sorted(s.id for s in store.active_snapshots())
    with store.engine.connect() as conn:
        newest = int(conn.execute(select(func.max(decisions.c.id))).scalar() or 0)
    return f"{snap_id}|{','.join(map(str, lists))}|{newest}|{dt.date.today().isoformat()}"


def _fields(query: Mapping[str, Any]) -> dict[str, str]:
    fields = {k: str(query[k]) for k in _QUERY_FIELDS if query.get(k)}
    ids = query.get("identifiers")
    if ids:
        fields["identifiers"] = (
            ids if isinstance(ids, str) else "; ".join(str(i) for i in ids if str(i).strip())
        )
    return fields


def _caption(hit: Mapping[str, Any]) -> str:
    entity = hit.get("entity") or {}
    path = hit.get("path") or []
    head = f" ← {path_text(path[:1])}" if path else " (control)"
    return f"{entity.get('name') or entity.get('id')}{head}"[:500]


def enqueue_derived(
    store: Store,
    rows: Sequence[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]],
    *,
    origin: str,
) -> list[dict[tuple[str, str], int]]:
    """Put screened parties' derived hits into the queue; per row, (``ownership:<rule>``,
    entity id) → the item holding it.

    A hit whose item (same party, rule, entity and digest) is already in the queue, or was
    decided and approved on the same digest with the verdict still applying as a later
    screen shows it (:func:`annotate_derived`), is not added again; an item of the same
    party, rule and entity on another digest is brought up to date first (its decision
    lapses). A decided hit the verdict no longer covers (``different_entity`` on a record now
    found another way: a newly given identifier) is queued again as a new open item.
    """
    from exportctl.ownership.store import OwnershipStore

    out: list[dict[tuple[str, str], int]] = [{} for _ in rows]
    if not any(derived for _, derived in rows):
        return out
    snap = OwnershipStore(store).active()
    if snap is None:
        return out
    state = _state(store, snap.id)
    now = _now()
    keys = [query_key(_fields(q)) for q, derived in rows if derived]
    book: DecisionBook | None = None  # read when a decided item is met
    for i, (query, derived) in enumerate(rows):
        fields = _fields(query)
        if not fields.get("name"):
            continue
        qkey = query_key(fields)
        for screened in derived:
            # A screen's own verdict annotation is not part of the finding (list hits' items
            # strip it too): the item keeps what was found, the queue its decisions.
            hit = {k: v for k, v in screened.items() if k != "decision"}
            source = f"{OWNERSHIP}{hit['rule']}"[:32]
            sid = str((hit.get("entity") or {}).get("id"))
            listings = _owner_listings(store, snap.id, hit)
            finding = _finding(hit, snap.sha256, listings)
            digest = derived_digest(finding)
            seen = _same(store, qkey, source, sid)
            stale = [item_id for item_id, h, _ in seen if h != digest]
            if stale:
                refresh_owned(store, stale)
                seen = _same(store, qkey, source, sid)
            held = next(
                (item_id for item_id, h, st in seen if h == digest and st in OPEN_STATES), None
            )
            if held is None and any(h == digest for _, h, _ in seen):
                # Decided on this digest: kept out of the queue only while the verdict still
                # applies as a later screen shows it. A different_entity verdict on a record
                # found another way now (a newly given identifier) gives the hit no decision
                # there, so the hit is queued again as a new open item, as a list hit whose
                # false_positive verdict a new identifier reopens is.
                if book is None:
                    book = DecisionBook.load(store, keys)
                if "decision" in book.annotate_derived(fields, [hit], _const(digest))[0]:
                    held = next(item_id for item_id, h, _ in seen if h == digest)
            if held is not None:
                out[i][(source, sid)] = held
                continue
            with store.engine.begin() as conn:
                pk = conn.execute(
                    review_items.insert().values(
                        created_at=now,
                        updated_at=now,
                        origin=origin[:32],
                        query_key=qkey,
                        query=fields,
                        source=source,
                        source_id=sid[:128],
                        caption=_caption(hit),
                        score=float((hit.get("match") or {}).get("score") or 0.0),
                        match={**hit, "checked": state},
                        snapshot_id=snap.id,
                        content_hash=digest,
                        entity=_entity(hit, snap, listings, finding),
                        status="open",
                    )
                ).inserted_primary_key
            assert pk is not None
            out[i][(source, sid)] = int(pk[0])
    return out


def _const(digest: str) -> Callable[[Mapping[str, Any]], str | None]:
    """The digest already computed for the one hit given (no second read of its listings)."""
    return lambda _hit: digest


def _same(store: Store, qkey: str, source: str, sid: str) -> list[tuple[int, str, str]]:
    """(id, digest, status) of the party's items on this rule and entity that are still
    live."""
    q = select(review_items.c.id, review_items.c.content_hash, review_items.c.status).where(
        review_items.c.query_key == qkey,
        review_items.c.source == source,
        review_items.c.source_id == sid,
        review_items.c.status != "delisted",
    )
    with store.engine.connect() as conn:
        return [(int(r.id), str(r.content_hash), str(r.status)) for r in conn.execute(q)]


def _rederive(
    store: Store, query: Mapping[str, Any], rule: str, sid: str, memo: Any = None
) -> tuple[dict[str, Any] | None, bool]:
    """The party's derived hit on ``rule`` for the entity ``sid`` as of today, or None when
    the rule no longer derives one; and whether the name's lookup left records unchecked
    (then a hit not found may be one of them: not "no longer derived"). ``memo``: shared by
    the items of one read of the queue (:class:`~exportctl.ownership.derived.DerivedMemo`)."""
    from exportctl.ownership.derived import derived_hits

    ids = [s.strip() for s in str(query.get("identifiers") or "").split(";") if s.strip()]
    hits = derived_hits(
        store, str(query.get("name") or ""), rules=[rule], identifiers=ids, memo=memo
    )
    hit = next((h for h in hits if str((h.get("entity") or {}).get("id")) == sid), None)
    return hit, hits.incomplete is not None


def _snapshot_text(snap: Mapping[str, Any]) -> str:
    return f"#{snap.get('id')} {str(snap.get('sha256') or '')[:16]}…"


def _diff(old: Mapping[str, Any], new: Mapping[str, Any] | None) -> dict[str, Any]:
    """The change as the lapse section shows it: status, share, paths, owner listings."""
    if new is None:
        return {"delisted": True, "no_longer_derived": True, "fields": {}}

    def lines(entity: Mapping[str, Any]) -> dict[str, list[str]]:
        return {
            "status": [str(entity.get("status"))],
            "share": [_share_text(entity.get("share"))],
            "paths": list(entity.get("path_texts") or ()),
            "owner listings": [
                f"{s}/{i} {str(h)[:12] if h else 'not listed'}" + (f" ({v})" if v else "")
                for s, i, h, v in entity.get("owner_listings") or ()
            ],
            "ownership snapshot": [_snapshot_text(entity.get("ownership_snapshot") or {})],
        }

    before, after = lines(old), lines(new)
    fields = {}
    for key in before:
        if before[key] != after[key]:
            fields[key] = {
                "removed": [v for v in before[key] if v not in after[key]] or before[key],
                "added": [v for v in after[key] if v not in before[key]] or after[key],
            }
    return {"delisted": False, "fields": fields}


def refresh_owned(store: Store, item_ids: Iterable[int]) -> list[int]:
    """Derive each live ownership item's hit again (when anything it depends on changed since
    it was last checked); lapse what changed. Returns the ids of the items that changed."""
    from exportctl.ownership.store import OwnershipStore

    ids = list(item_ids)
    if not ids:
        return []
    q = select(
        review_items.c.id,
        review_items.c.source,
        review_items.c.source_id,
        review_items.c.content_hash,
        review_items.c.status,
        review_items.c.query,
        review_items.c.match,
        review_items.c.entity,
    ).where(review_items.c.id.in_(ids), review_items.c.status != "delisted")
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
    if not rows:
        return []
    from exportctl.ownership.derived import DerivedMemo

    snap = OwnershipStore(store).active()
    state = None if snap is None else _state(store, snap.id)
    # The items of one read share the owner links read and each record's check per rule,
    # and one party's items (one per rule) its name's lookup.
    memo = DerivedMemo(lookups=True)
    unchanged: list[tuple[int, dict[str, Any]]] = []
    changed: list[int] = []
    for r in rows:
        match = dict(r.match)
        if state is not None and match.get("checked") == state:
            continue
        rule = str(r.source)[len(OWNERSHIP) :]
        hit, cut = (
            (None, False)
            if snap is None
            else _rederive(store, dict(r.query), rule, str(r.source_id), memo)
        )
        if hit is None and cut:
            # The record may be one the name's lookup left unchecked (own27): the item stays
            # as it is, live, and is derived again on the next read — never delisted for a
            # lookup that did not look.
            continue
        new_entity: dict[str, Any] | None = None
        digest = None
        if hit is not None and snap is not None:
            listings = _owner_listings(store, snap.id, hit)
            finding = _finding(hit, snap.sha256, listings)
            digest = derived_digest(finding)
            new_entity = _entity(hit, snap, listings, finding)
        if digest == r.content_hash:
            unchanged.append((int(r.id), {**match, "checked": state}))
            continue
        now = _now()
        with store.engine.begin() as conn:
            lapsing = lapse_decisions(conn, int(r.id), now)
            values: dict[str, Any] = {
                "updated_at": now,
                "lapsed": {
                    "at": now.isoformat(),
                    "old_hash": r.content_hash,
                    "new_hash": digest,
                    "decisions": list(lapsing),
                    **_diff(dict(r.entity), new_entity),
                },
            }
            if hit is None or new_entity is None or snap is None:
                values["status"] = "delisted"
            else:
                values.update(
                    content_hash=digest,
                    snapshot_id=snap.id,
                    entity=new_entity,
                    match={**hit, "checked": state},
                    caption=_caption(hit),
                    score=float((hit.get("match") or {}).get("score") or 0.0),
                )
                if lapsing or r.status == "closed":
                    values["status"] = "open"
            conn.execute(update(review_items).where(review_items.c.id == r.id).values(**values))
        changed.append(int(r.id))
    if unchanged:
        # (one transaction for the items found as they were: the mark only spares the next
        # read their derivation)
        with store.engine.begin() as conn:
            for item_id, marked in unchanged:
                conn.execute(
                    update(review_items).where(review_items.c.id == item_id).values(match=marked)
                )
    return changed
