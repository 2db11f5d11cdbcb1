"""The audit pack: everything a regulator needs to check a subject's or a period's reviews.

A ZIP with

* ``summary.html`` (and ``summary.pdf`` when Chromium is at hand) — the human-readable account;
* ``items.json`` — each potential match: the screened party, score, per-feature explanation,
  the listed entry as decided on, and every decision with who, when and why, and its approval;
* ``lists.json`` — the list editions in force and those the items were screened on (source,
  publication date, sha256, snapshot, ``active``, the ``items`` screened on it);
* ``proofs/<entry>.json`` — a ledger inclusion proof per decision and approval, with the
  record data revealed so its digests can be checked against ``items.json``;
* ``problems.json`` — every disagreement found while building it: a decision without its ledger
  entries, a row of the review tables that differs from the ledger record it cites, a decision
  the ledger holds that the tables lost (:mod:`exportctl.review.pack_check`); ``[]`` when none;
* ``verifier.py`` — the standalone verifier (stdlib + ``cryptography``), and ``README.txt``.

Nothing in it needs exportctl: ``python verifier.py proofs/<entry>.json`` checks a proof.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import select

from exportctl.errors import ExportCtlError, InputError, NotFoundError
from exportctl.ledger import Ledger
from exportctl.ledger.report import parse_period, render_pdf
from exportctl.review.display import isolated
from exportctl.review.owned import is_ownership
from exportctl.review.pack_check import Selected, pack_problems
from exportctl.review.queue import _load
from exportctl.review.records import Item
from exportctl.screening.decisions import query_key
from exportctl.sources import sources as registry
from exportctl.store import Store
from exportctl.store.review_tables import review_items

__all__ = ["AuditPack", "build_pack"]

_README = """\
exportctl audit pack
====================

summary.html / summary.pdf  what was screened, what matched, what was decided (who, when, why)
items.json                  the same as data: scores, features, listed entries, decisions
lists.json                  the list editions in force, and those the items were screened on
                            (active: false): source, publication date, sha256, snapshot
proofs/*.json               ledger inclusion proofs of every decision and approval
problems.json               what did not agree with the ledger when the pack was made ([]: nothing)
verifier.py                 standalone proof verifier (Python 3 + the `cryptography` package)

Check every proof (no exportctl needed):

    pip install cryptography
    for f in proofs/*.json; do python verifier.py "$f" || echo "FAILED: $f"; done

Each proof shows that the entry is leaf N of a Merkle tree whose head the ledger key signed;
its "opening" holds the decision record, whose digests the verifier checks against the leaf.
Compare the key id it prints with the one the operator publishes (`exportctl ledger head`).
Each decision in items.json names its ledger entries (ledger_entry, approval_entry): each
must have its proof here, and the proof's opening must say what items.json says.
"""


@dataclass(frozen=True)
class AuditPack:
    """The ZIP's bytes and what went into it."""

    data: bytes
    items: int
    proofs: int
    problems: list[str]
    filename: str


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("exportctl.review", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    # Names isolated and their direction controls shown, as in the web UI (rev29c).
    env.filters["bidi"] = isolated
    return env


def _subject_test(subject: str | None) -> Callable[[Any], bool]:
    """Whether a screened party (its query) is the pack's subject (every party without one)."""
    if not subject:
        return lambda _query: True
    wanted = subject.strip().casefold()
    key = query_key({"name": subject})

    def test(query: Any) -> bool:
        name = (query or {}).get("name") if isinstance(query, dict) else None
        return query_key({"name": name}) == key or wanted in str(name or "").casefold()

    return test


def _select(
    store: Store, subject: str | None, start: datetime | None, end: datetime | None
) -> list[Item]:
    q = select(review_items.c.id, review_items.c.query)
    if start is not None:
        q = q.where(review_items.c.created_at >= start)
    if end is not None:
        q = q.where(review_items.c.created_at < end)
    about = _subject_test(subject)
    with store.engine.connect() as conn:
        ids = [r.id for r in conn.execute(q.order_by(review_items.c.id)) if about(r.query)]
    return _load(store.engine, ids)


def _selected(subject: str | None, start: datetime | None, end: datetime | None) -> Selected:
    """The pack's selection applied to a ledgered decision: its party and its time (an item
    gone from the tables has no creation time left; its decision's time stands in)."""
    about = _subject_test(subject)

    def test(inputs: Mapping[str, Any], at: datetime) -> bool:
        in_period = (start is None or at >= start) and (end is None or at < end)
        return in_period and about(inputs.get("query"))

    return test


def _decided_on(store: Store, items: list[Item]) -> dict[int, set[int]]:
    """Item id → the list editions its decisions were made on, where the item has moved on.

    A changed listing moves an item to the new edition (its decisions lapse): the item then
    cites only that one, and the edition of the lapsed decision — what the reviewer and the
    approver read — was described nowhere in the pack (rev29c). A decision keeps the content
    hash of the listing decided on; its edition is the latest loaded before the decision that
    holds the entry with that hash."""
    from exportctl.store.schema import entities, snapshots

    out: dict[int, set[int]] = {}
    with store.engine.connect() as conn:
        for item in items:
            if is_ownership(item.source):
                continue
            for d in item.decisions:
                if d.content_hash == item.content_hash:
                    continue  # decided on the listing the item cites
                q = (
                    select(snapshots.c.id)
                    .join(entities, entities.c.snapshot_id == snapshots.c.id)
                    .where(
                        entities.c.source == item.source,
                        entities.c.source_id == item.source_id,
                        entities.c.content_hash == d.content_hash,
                        snapshots.c.loaded_at <= datetime.fromisoformat(d.decided_at),
                    )
                    .order_by(snapshots.c.loaded_at.desc(), snapshots.c.id.desc())
                    .limit(1)
                )
                found = conn.execute(q).scalar_one_or_none()
                if found is not None:
                    out.setdefault(item.id, set()).add(int(found))
    return out


def build_pack(
    store: Store,
    *,
    subject: str | None = None,
    period: str | None = None,
    pdf: bool = False,
    db: str | None = None,
) -> AuditPack:
    """The audit pack of the review items of a subject (screened name) and/or a period
    (``2026-Q3``, ``2026-05``, ``2026-01-10..2026-01-20``: see ledger.report.parse_period)."""
    if not (subject and subject.strip()) and not (period and period.strip()):
        raise InputError("an audit pack needs a subject, a period or both")
    start = end = None
    if period and period.strip():
        p = parse_period(period.strip())
        start = datetime(p.start.year, p.start.month, p.start.day, tzinfo=UTC)
        end = datetime(p.end.year, p.end.month, p.end.day, tzinfo=UTC)
    items = _select(store, subject, start, end)
    problems_early: list[str] = []
    reg = registry()
    # The editions in force, and every edition an item was screened or decided on. An item
    # keeps the snapshot it was last checked against while its entry's content is unchanged,
    # so after any list update (OFAC's are daily) its snapshot was no longer active and the
    # pack named its edition nowhere: no publication date, no sha256 for the list the
    # reviewer read (ux29).
    # (an ownership item's snapshot_id is its ownership snapshot's, named in its entity)
    on_lists: dict[int, set[int]] = {
        i.id: {i.snapshot_id} if i.snapshot_id is not None else set()
        for i in items
        if not is_ownership(i.source)
    }
    for item_id, editions in _decided_on(store, items).items():
        on_lists[item_id] |= editions
    snaps = {s.id: s for s in store.active_snapshots()}
    active = set(snaps)
    for sid in sorted({s for on in on_lists.values() for s in on} - active):
        try:
            snaps[sid] = store.snapshot(sid)
        except NotFoundError:
            problems_early.append(f"snapshot {sid} that review items cite is not stored")
    lists = []
    for s in sorted(snaps.values(), key=lambda s: (s.source, s.id)):
        src = reg.get(s.source)
        lists.append(
            {
                "source": s.source,
                "title": src.title if src else s.source,
                "authority": src.authority if src else None,
                "scope": src.scope.value if src else None,
                "legal_basis": src.legal_basis if src else None,
                "published": s.published,
                "sha256": s.sha256,
                "snapshot": s.id,
                "loaded_at": s.loaded_at.isoformat(),
                "entities": s.entity_count,
                "active": s.id in active,
                "items": [i for i, on in on_lists.items() if s.id in on],
            }
        )
    ledger = Ledger.open(db or store.engine.url.render_as_string(hide_password=False))
    proofs: dict[str, dict[str, Any]] = {}
    problems: list[str] = problems_early
    for item in items:
        for d in item.decisions:
            for ref in (d.ledger_entry, d.approval_entry):
                if not ref or ref in proofs:
                    continue
                try:
                    proofs[ref] = ledger.inclusion_bundle(ref, reveal=True)
                except ExportCtlError as exc:
                    problems.append(f"decision {d.id}: no proof for ledger entry {ref}: {exc}")
    with store.engine.connect() as conn:
        stored = set(conn.execute(select(review_items.c.id)).scalars())
    problems.extend(
        pack_problems(ledger, items, proofs, stored=stored, selected=_selected(subject, start, end))
    )
    head = ledger.latest_head()
    made = datetime.now(UTC)
    context = {
        "made": made.isoformat(timespec="seconds"),
        "subject": subject,
        "period": period,
        "items": items,
        "lists": lists,
        "proofs": proofs,
        "problems": problems,
        "head": head.to_dict() if head else None,
    }
    html = _env().get_template("pack.html").render(**context)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", _README)
        zf.writestr("summary.html", html)
        zf.writestr(
            "items.json", json.dumps([i.to_dict() for i in items], indent=1, ensure_ascii=False)
        )
        zf.writestr("lists.json", json.dumps(lists, indent=1, ensure_ascii=False))
        for ref, bundle in proofs.items():
            zf.writestr(f"proofs/{ref}.json", json.dumps(bundle, indent=1, ensure_ascii=False))
        verifier = resources.files("exportctl.ledger").joinpath("verifier.py").read_text("utf-8")
        zf.writestr("verifier.py", verifier)
        if pdf:
            try:
                with tempfile.TemporaryDirectory(prefix="exportctl-pack-") as tmp:
                    out = render_pdf(html, Path(tmp) / "summary.pdf")
                    zf.writestr("summary.pdf", out.read_bytes())
            except ExportCtlError as exc:
                problems.append(f"no PDF summary: {exc}")
        zf.writestr("problems.json", json.dumps(problems, indent=1, ensure_ascii=False))
    label = "".join(c for c in (subject or period or "") if c.isalnum() or c in "-_")[:40]
    name = f"exportctl-audit-{label or 'pack'}-{made:%Y%m%dT%H%M%SZ}.zip"
    return AuditPack(buf.getvalue(), len(items), len(proofs), problems, name)
