"""Which snapshot of a source screening uses: the activation rule for a new load.

Screening is strict liability, so a load must never replace a good list silently:

* **Editions.** The active snapshot is the one with the newest *publication* date (the date
  part of the list's own date; same date: the latest load). A load whose publication date is
  older than the active snapshot's is stored inactive. A list without a date (OFAC's classic
  CSVs) cannot be ordered by edition, so its loads follow load order.
* **Future date.** A load whose publication date is after today (one day's grace for time
  zones) is stored inactive: a list cannot be published in the future, and once active, a
  mis-dated file (``2062`` typed for ``2026``) would keep every later genuine edition inactive
  as "older", while its age never counted as stale (found by fuzzing the UN file's
  ``dateGenerated``).
* **Empty list.** A source's first load that holds no entity at all is stored inactive
  unless the caller accepts it: a well-formed file with no records (an emptied
  export, every record unreadable) is a damaged file, and as the only snapshot of its source
  it made screening clear everyone against that list (found by fuzzing the loaders).
* **Shrink guard.** A load with more than :data:`SHRINK_TOLERANCE` fewer entities than the
  active snapshot of its source is stored inactive unless the caller accepts the shrink: a
  truncated download usually still parses, and a list rarely loses 5 % of its entries at once.
  The same holds for the *names* (primary names and aliases together): a file whose alias
  elements were renamed or moved still yields every entity, each with only its primary name,
  and screening would miss every party known by an alias (found by fuzzing: the UN file with
  ``INDIVIDUAL_ALIAS`` renamed kept its 1,003 entities but lost 2,837 of its 4,218 names).

* **Unread records.** A load where more than :data:`SHRINK_TOLERANCE` of the records its parser
  read could not be made entities (skipped records) is stored inactive unless the caller
  accepts it, first load or not: the UN file with its record elements renamed
  (``<INDIVIDUALX>``) gave 273 entities of 1,003 records, and as a source's first load — no
  active snapshot for the shrink guard to compare with — it was active (hostile33).

An inactive snapshot stays in the store; ``exportctl lists activate SNAPSHOT`` makes it the
active one by explicit choice (recorded in the ledger).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

__all__ = ["SHRINK_TOLERANCE", "Verdict", "decide", "edition_date"]

#: Largest fall in entity count (as a fraction of the active snapshot's) that activates.
SHRINK_TOLERANCE = 0.05


class _Snapshot(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def published(self) -> str | None: ...
    @property
    def entity_count(self) -> int: ...
    @property
    def name_count(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a new load becomes active, and the one-line reason shown to the user."""

    activate: bool
    note: str | None


def edition_date(published: str | None) -> str | None:
    """The date part (``YYYY-MM-DD``) of a stored publication date, None when unknown."""
    if not published or len(published) < 10:
        return None
    return published[:10]


def decide(
    published: str | None,
    entity_count: int,
    active: _Snapshot | None,
    *,
    name_count: int | None = None,
    accept_shrink: bool = False,
    today: dt.date | None = None,
    skipped: int = 0,
    records: int = 0,
) -> Verdict:
    """The activation verdict for a new snapshot of a source whose active one is ``active``.

    ``name_count`` is the new snapshot's number of names (all kinds, every entity); without it
    only the entities are compared. ``today`` defaults to the current UTC date. ``skipped`` of
    the ``records`` the parser read were no entity (skipped records); ``accept_shrink`` lets
    too many of them through too.
    """
    verdict = _decide(published, entity_count, active, name_count, accept_shrink, today)
    unread = _unread(skipped, records)
    if unread is None or not verdict.activate:
        return verdict
    if not accept_shrink:
        return Verdict(False, f"{unread}; kept inactive (--accept-shrink to use it)")
    return Verdict(True, "; ".join(n for n in (verdict.note, f"{unread}; accepted") if n))


def _unread(skipped: int, records: int) -> str | None:
    """The note when more than the tolerance of the records read were skipped, else None."""
    if records <= 0 or skipped <= records * SHRINK_TOLERANCE:
        return None
    return (
        f"unread: {skipped:,} of the {records:,} records read could not be loaded (more than "
        f"{SHRINK_TOLERANCE:.0%}: a renamed element or a changed format?)"
    )


def _decide(
    published: str | None,
    entity_count: int,
    active: _Snapshot | None,
    name_count: int | None,
    accept_shrink: bool,
    today: dt.date | None,
) -> Verdict:
    """:func:`decide` but for the unread records."""
    new_date = edition_date(published)
    today = today or dt.datetime.now(dt.UTC).date()
    if new_date and new_date > (today + dt.timedelta(days=1)).isoformat():
        return Verdict(
            False,
            f"future date: published {new_date}, after today ({today.isoformat()}); a "
            "mis-dated file would hold back every later edition; kept inactive (exportctl "
            "lists activate to use it)",
        )
    if active is None:
        if entity_count == 0:  # (with an active snapshot, the shrink guard holds it)
            note = "empty: the file holds no entity (a damaged export, or not the list)"
            if not accept_shrink:
                return Verdict(False, f"{note}; kept inactive (--accept-shrink to use it)")
            return Verdict(True, f"{note}; accepted")
        return Verdict(True, None)
    old_date = edition_date(active.published)
    if new_date and old_date and new_date < old_date:
        return Verdict(
            False,
            f"older edition: published {new_date}, the active snapshot {active.id} was "
            f"published {old_date}; kept inactive (exportctl lists activate to use it)",
        )
    shrink = _shrink(entity_count, active.entity_count, "entities", active.id)
    if shrink is None and name_count is not None:
        shrink = _shrink(name_count, active.name_count, "names", active.id)
    if shrink is None:
        return Verdict(True, None)
    if not accept_shrink:
        return Verdict(False, f"{shrink}; kept inactive (--accept-shrink to use it)")
    return Verdict(True, f"{shrink}; accepted")


def _shrink(new: int, old: int, what: str, active_id: int) -> str | None:
    """The shrink note when ``new`` is more than the tolerance below ``old``, else None."""
    if new >= old * (1 - SHRINK_TOLERANCE):
        return None
    drop = 1 - new / old
    return (
        f"shrink: {new:,} {what} is {drop:.0%} below the {old:,} "
        f"of active snapshot {active_id} (more than {SHRINK_TOLERANCE:.0%})"
    )
