"""A listed end user is never cleared, whatever the item, destination and date (hunt27).

For every rulebook, the lists its party rules speak of are read from the rulebook itself (data,
not a copy here). For random item × destination × date × facts:

* a hit on a list whose rule requires a licence or prohibits never yields ``no_licence_required``
  (or ``notify_authority``), neither overall nor for the party;
* a hit on any list the rulebook's party rules name is never silent: the matched entry's id is
  quoted by a rule the answer cites or by one of its notes.

hunt27 found both broken for a shipment within the United States: ``us.not_an_export`` ends the
walk before the party rules, and a Denied Person (or an Entity List party) came back
``no_licence_required`` with no word of the match.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from exportctl.licensing import EndUserHit, StaticItemResolver, determine
from exportctl.licensing.inputs import iso_countries
from exportctl.licensing.rulebook import load_rulebook
from exportctl.model.determination import Outcome

JURISDICTIONS = ("us", "eu", "un")
_BOOKS = {j: load_rulebook(j) for j in JURISDICTIONS}


def _any_item(when: object) -> bool:
    """A party rule that applies whatever the item (lic28: the ITAR Debarred list requires a
    licence for '600 series' items only, us.end_user.state_dtc; for other items it adds none)."""
    keys = ("military", "items", "items_except", "item_lists", "reasons", "regimes")
    return all(getattr(when, k) is None for k in keys)


#: list → the most restrictive outcome a party rule naming it gives whatever the item (from the
#: rulebook)
_LIST_OUTCOME = {
    j: {
        source: max(
            (
                r.outcome
                for r in book.rules
                if source in (r.when.end_user_sources or ()) and _any_item(r.when)
            ),
            key=lambda o: o.severity,
            default=Outcome.NO_LICENCE_REQUIRED,
        )
        for rule in book.rules
        for source in (rule.when.end_user_sources or ())
    }
    for j, book in _BOOKS.items()
}
_ITEMS = {
    "us": ["EAR99", "5A002", "1C350", "0A501", "3A001", "6A003", "0A983"],
    "eu": ["UNLISTED", "5A002", "3A001", "1C350", "0C001", "9A004"],
    "un": ["EAR99", "0A501", "3A001", "9A004"],
}
_FACTS = ["none", "aware:military", "suspect:wmd", "informed:wmd", "region:ua_other"]


@st.composite
def _cases(draw: st.DrawFn) -> tuple[str, list[str], str, dt.date, list[str], list[EndUserHit]]:
    j = draw(st.sampled_from(JURISDICTIONS))
    items = draw(st.lists(st.sampled_from(_ITEMS[j]), min_size=1, max_size=3, unique=True))
    dest = draw(st.sampled_from(sorted(iso_countries())))
    on = draw(st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31)))
    facts = [
        f
        for f in draw(st.lists(st.sampled_from(_FACTS), max_size=2, unique=True))
        if f in _BOOKS[j].facts or f == "none"
    ]
    sources = draw(st.lists(st.sampled_from(sorted(_LIST_OUTCOME[j])), min_size=1, max_size=2))
    hits = [
        EndUserHit(source=s, name="ACME TRADING", source_id=f"ID-{n}-{s}", score=0.95)
        for n, s in enumerate(sources)
    ]
    return j, items, dest, on, facts, hits


@example(  # hunt27: a Denied Person, within the US: was no_licence_required, the hit unsaid
    ("us", ["EAR99"], "US", dt.date(2025, 6, 1), [], [EndUserHit("us_bis_dpl", "ACME", "ID-0")])
)
@example(
    ("us", ["3A001"], "US", dt.date(2025, 6, 1), [], [EndUserHit("us_bis_entity", "A", "EL-0042")])
)
@given(_cases())
def test_a_listed_end_user_is_never_cleared_nor_unsaid(
    items: StaticItemResolver,
    case: tuple[str, list[str], str, dt.date, list[str], list[EndUserHit]],
) -> None:
    j, codes, dest, on, facts, hits = case
    det = determine(
        codes,
        dest,
        jurisdiction=j,
        date=on,
        facts=facts,
        end_user="Acme Trading",
        end_user_hits=lambda _name: hits,
        items=items,
    )
    assert det.party is not None
    said = " ".join([*(r.text for r in det.rules), *det.notes])
    for hit in hits:
        assert hit.source_id in said, (hit, det.rules, det.notes)
    worst = max((_LIST_OUTCOME[j][h.source] for h in hits), key=lambda o: o.severity)
    if worst.severity >= Outcome.LICENCE_REQUIRED.severity:
        assert det.outcome.severity >= Outcome.CANNOT_CONCLUDE.severity, det
        assert det.party.outcome.severity >= Outcome.CANNOT_CONCLUDE.severity, det
