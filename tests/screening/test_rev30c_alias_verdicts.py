"""rev30c: a reviewer's verdict on a party's hit, and a hit found by the row's other names.

batch30 screens a row's alias, former-name and other-party columns; a verdict is keyed on the
party (name, type, country, birth date), not on those columns. A ``false_positive`` given on
a hit the reviewer saw found by the row's name (or by other aliases) cleared the same listed
entity when a later row found it by a name the reviewer never saw (``Dokka Umarov`` in the
alias column): an exact listed name, marked cleared, reached no reviewer.
"""

from __future__ import annotations

from exportctl.screening import ScreeningIndex
from exportctl.screening.batch import text_rows
from exportctl.screening.decisions import DecisionBook, record_decision
from exportctl.screening.runner import screen_row
from exportctl.store import Store

NO_BOOK = DecisionBook({}, {})


def _hit(index: ScreeningIndex, book: DecisionBook, csv: str) -> dict[str, object]:
    (row,) = text_rows(csv.encode(), ".csv")
    rec = screen_row(row, index, {}, book)
    return next(m for m in rec["matches"] if m["source_id"] == "QDi.290")


def test_a_verdict_does_not_clear_a_hit_found_by_a_name_the_reviewer_did_not_see(
    un_store: Store, un_store_index: ScreeningIndex
) -> None:
    seen = "name,alias\nACME TRADING,Dokka Umarov\n"
    hit = _hit(un_store_index, NO_BOOK, seen)
    assert hit["matched_input"] == {"column": "alias", "name": "Dokka Umarov"}
    # The reviewer saw the row with its alias and cleared the hit: the verdict holds for it.
    query = {"name": "ACME TRADING", "alias": "Dokka Umarov"}
    record_decision(un_store, query, "un_sc", "QDi.290", "false_positive", "rev", "not him")
    book = DecisionBook.load(un_store)
    decision = _hit(un_store_index, book, seen)["decision"]
    assert decision["status"] == "cleared"  # type: ignore[index]
    # A verdict given on the name alone (before batch30 no other name was screened; the
    # command line's `decide` takes the name): a hit found by the alias is reopened.
    record_decision(
        un_store, {"name": "ACME TRADING"}, "un_sc", "QDi.290", "false_positive", "rev", "no"
    )
    book = DecisionBook.load(un_store)
    decision = _hit(un_store_index, book, seen)["decision"]
    assert decision["status"] == "reopened"  # type: ignore[index]
    # The key order every engine's output has: the found-by key last, after the decision.
    assert list(_hit(un_store_index, book, seen))[-2:] == ["decision", "matched_input"]


def test_the_review_queues_verdict_on_an_alias_hit_clears_it_again(
    un_store: Store, un_store_index: ScreeningIndex
) -> None:
    """The queue keeps the row's other-name columns with the item (as it keeps identifiers):
    the approved verdict then records the alias the reviewer saw, and the next screen of the
    same row finds the hit cleared, not reopened at every screen."""
    from sqlalchemy import select

    from exportctl.review.queue import enqueue_many
    from exportctl.store.review_tables import review_items

    seen = "name,country,shipper\nNORTH WIND LTD,DE,Dokka Umarov\n"
    (row,) = text_rows(seen.encode(), ".csv")
    rec = screen_row(row, un_store_index, {}, NO_BOOK)
    query = {"name": "NORTH WIND LTD", "country": "DE", "shipper": "Dokka Umarov"}
    (made,) = enqueue_many(un_store, [(query, rec["matches"])], origin="test")
    with un_store.engine.connect() as conn:
        stored = conn.execute(
            select(review_items.c.query).where(review_items.c.id == made[("un_sc", "QDi.290")])
        ).scalar_one()
    assert stored == query
    # (what the four-eyes approval does with the item's query: review.verdicts)
    record_decision(un_store, stored, "un_sc", "QDi.290", "false_positive", "rev", "not him")
    decision = _hit(un_store_index, DecisionBook.load(un_store), seen)["decision"]
    assert decision["status"] == "cleared"  # type: ignore[index]
