"""The audit pack's cross-check: the review tables against the ledger entries they cite.

The pack's ``items.json`` is read from the review tables, which anyone with write access to
the database can edit; the ledger entries are signed and chained. Each proof verifying on its
own said nothing about the rows beside it: a reason or approver edited in the table, a
decision's ledger reference blanked, a decision row deleted, or the screened party swapped
still gave a pack whose every proof passed. This module lists each such disagreement as a
problem of the pack (``problems.json``, and the summary's "Problems").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from exportctl.errors import ExportCtlError
from exportctl.ledger import Ledger
from exportctl.ledger.encoding import parse_time
from exportctl.ledger.schema import entries, records
from exportctl.ledger.verifier import verify_bundle
from exportctl.review.records import Decision, Item

__all__ = ["Selected", "pack_problems"]

# Whether a ledgered decision (its inputs and time) belongs to the pack's subject and period.
Selected = Callable[[Mapping[str, Any], datetime], bool]

# The approval entry's action for each state a decision reaches once approved or rejected
# (a lapsed decision may have been approved or rejected before its listing changed).
_APPROVAL_ACTIONS = {
    "approved": {"approve"},
    "rejected": {"reject"},
    "lapsed": {"approve", "reject"},
}


def _opened(bundle: Mapping[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    opening = bundle.get("opening")
    if not isinstance(opening, dict):
        return None
    try:
        inputs, result = json.loads(opening["inputs"]), json.loads(opening["result"])
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(inputs, dict) or not isinstance(result, dict):
        return None
    return str(opening.get("actor")), inputs, result


def _differences(want: Mapping[str, Any], got: Mapping[str, Any]) -> list[str]:
    return [
        f"{k}: the review tables say {want[k]!r}, the ledger {got.get(k)!r}"
        for k in want
        if got.get(k) != want[k]
    ]


def _decision_problems(
    item: Item, d: Decision, proofs: Mapping[str, Mapping[str, Any]]
) -> Iterator[str]:
    where = f"review item {item.id}, decision {d.id}"
    approved_or_rejected = d.state in _APPROVAL_ACTIONS and d.approver is not None
    if not d.ledger_entry:
        yield f"{where}: no ledger entry: the decision cannot be proved"
    if approved_or_rejected and not d.approval_entry:
        yield f"{where}: {d.state} by {d.approver} without a ledger entry of the approval"
    if d.approval_entry and d.state in ("pending", "noted"):
        yield f"{where}: {d.state}, yet the ledger holds an approval ({d.approval_entry})"
    actors: list[str] = []
    for ref, approval in ((d.ledger_entry, False), (d.approval_entry, True)):
        bundle = proofs.get(ref) if ref else None
        if not ref or bundle is None:
            continue  # (a missing proof is already a problem of the pack)
        try:
            verify_bundle(dict(bundle))
        except (ValueError, ExportCtlError) as exc:  # (the verifier's ProofError: ValueError)
            yield f"{where}: the proof of ledger entry {ref} does not verify: {exc}"
            continue
        opened = _opened(bundle)
        if opened is None:
            yield f"{where}: ledger entry {ref} has no readable record data"
            continue
        actor, inputs, result = opened
        actors.append(actor)
        want_in = {
            "review_item": item.id,
            "query": item.query,
            "source": item.source,
            "source_id": item.source_id,
            "content_hash": d.content_hash,
        }
        want_out: dict[str, Any] = {"decision": d.id, "reviewer": d.reviewer, "reason": d.reason}
        if approval:
            action = str(result.get("action"))
            if action not in _APPROVAL_ACTIONS.get(d.state, set()):
                yield f"{where}: {d.state} in the review tables, {action!r} in the ledger ({ref})"
            want_out.update(
                outcome=f"{action}:{d.verdict}", approver=d.approver, note=d.approval_note
            )
        else:
            want_out.update(action="decide", outcome=f"decide:{d.verdict}")
        for diff in _differences(want_in, inputs) + _differences(want_out, result):
            yield f"{where}, ledger entry {ref}: {diff}"
    if len(actors) == 2 and actors[0] == actors[1]:
        yield f"{where}: decided and approved by the same key ({actors[0]}) in the ledger"


def _ledgered_decisions(
    ledger: Ledger,
) -> Iterator[tuple[int, int, str, dict[str, Any], datetime]]:
    """(review item, decision id, entry id, inputs, time) of every review decision entry."""
    q = (
        select(entries.c.entry_id, entries.c.time, records.c.inputs, records.c.result)
        .join(records, records.c.seq == entries.c.seq)
        .where(entries.c.kind == "decision", records.c.inputs.is_not(None))
        .order_by(entries.c.seq)
    )
    with ledger.engine.connect() as conn:
        for entry_id, time, inputs, result in conn.execution_options(yield_per=5000).execute(q):
            try:
                found_in, found_out = json.loads(inputs), json.loads(result)
                item_id, decision_id = found_in["review_item"], found_out["decision"]
                at = parse_time(str(time))
            except (KeyError, TypeError, ValueError):
                continue  # (another kind of decision entry: the CLI's one-step verdicts)
            if isinstance(item_id, int) and isinstance(decision_id, int):
                yield item_id, decision_id, str(entry_id), found_in, at


def pack_problems(
    ledger: Ledger,
    items: Sequence[Item],
    proofs: Mapping[str, Mapping[str, Any]],
    *,
    stored: set[int] | None = None,
    selected: Selected | None = None,
) -> list[str]:
    """Every disagreement between the items' decisions and the ledger entries about them.

    ``stored`` (every review item id in the tables) and ``selected`` (the pack's subject and
    period) also find decisions the ledger holds on items that are gone from the tables.
    """
    problems: list[str] = []
    for item in items:
        for d in item.decisions:
            problems.extend(_decision_problems(item, d, proofs))
    known = {(item.id, d.id) for item in items for d in item.decisions}
    ids = {item.id for item in items}
    cited = {ref for item in items for d in item.decisions
             for ref in (d.ledger_entry, d.approval_entry) if ref}  # fmt: skip
    gone: set[int] = set()
    for item_id, decision_id, entry_id, inputs, at in _ledgered_decisions(ledger):
        if item_id not in ids:
            missing = stored is not None and item_id not in stored
            if missing and item_id not in gone and (selected is None or selected(inputs, at)):
                gone.add(item_id)
                problems.append(
                    f"review item {item_id}: the ledger holds its decision {decision_id} "
                    f"(entry {entry_id}), but the review tables no longer have the item"
                )
        elif (item_id, decision_id) not in known:
            problems.append(
                f"review item {item_id}: the ledger holds decision {decision_id} "
                f"(entry {entry_id}), which the review tables no longer have"
            )
        elif entry_id not in cited:
            problems.append(
                f"review item {item_id}, decision {decision_id}: ledger entry {entry_id} is "
                "not cited by the review tables"
            )
    return problems
