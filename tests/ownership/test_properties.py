"""Properties of the fixpoint over random ownership graphs (hypothesis)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.ownership.compute import evaluate
from exportctl.ownership.model import Link, Share
from exportctl.ownership.rules import get_rule

ON = dt.date(2026, 12, 5)
NODES = [f"n{i}" for i in range(8)]
RANK = {"clear": 0, "undetermined": 1, "blocked": 2}

share_st = st.one_of(
    st.integers(0, 100).map(lambda v: Share.exact(v)),
    st.tuples(st.integers(0, 100), st.integers(0, 100)).map(
        lambda t: Share(Fraction(min(t)), Fraction(max(t)))
    ),
)
link_st = st.builds(
    lambda o, a, s: Link(owner=o, asset=a, kind="ownership", share=s),
    st.sampled_from(NODES),
    st.sampled_from(NODES),
    share_st,
)
graph_st = st.lists(link_st, max_size=20)
listing_st = st.dictionaries(
    st.sampled_from(NODES), st.sampled_from(["listed", "possible"]), max_size=3
)
rule_st = st.sampled_from(["ofac", "eu", "bis", "mofcom"])


def _statuses(links: list[Link], listing: dict[str, str], rule: str) -> dict[str, int]:
    ev = evaluate(links, listing, get_rule(rule), ON)
    return {n: RANK[ev.status(n)] for n in NODES}


@settings(max_examples=200, deadline=None)
@given(graph_st, listing_st, rule_st, st.sampled_from(NODES), share_st)
def test_adding_a_blocked_owner_never_clears(
    links: list[Link], listing: dict[str, str], rule: str, asset: str, share: Share
) -> None:
    before = _statuses(links, listing, rule)
    extra = Link(owner="new-listed", asset=asset, kind="ownership", share=share)
    after = _statuses([*links, extra], {**listing, "new-listed": "listed"}, rule)
    assert all(after[n] >= before[n] for n in NODES)


@settings(max_examples=200, deadline=None)
@given(graph_st, listing_st, rule_st)
def test_listing_an_owner_for_sure_never_lowers_a_status(
    links: list[Link], listing: dict[str, str], rule: str
) -> None:
    before = _statuses(links, listing, rule)
    surer = dict.fromkeys(listing, "listed")
    after = _statuses(links, surer, rule)
    assert all(after[n] >= before[n] for n in NODES)


@settings(max_examples=200, deadline=None)
@given(graph_st, listing_st, rule_st)
def test_narrowing_a_range_to_a_point_is_consistent(
    links: list[Link], listing: dict[str, str], rule: str
) -> None:
    """A definite answer on ranges stays when each range is replaced by a value inside it."""
    before = _statuses(links, listing, rule)
    exact = [
        Link(lk.owner, lk.asset, "ownership", Share.exact((lk.share.lo + lk.share.hi) / 2))
        for lk in links
        if lk.share is not None
    ]
    sure = {k: "listed" for k, v in listing.items() if v == "listed"}
    after = _statuses(exact, sure, rule)
    for n in NODES:
        if before[n] == RANK["blocked"]:
            assert after[n] == RANK["blocked"]
        if before[n] == RANK["clear"]:
            assert after[n] == RANK["clear"]


@settings(max_examples=100, deadline=None)
@given(graph_st, rule_st)
def test_nothing_listed_nothing_blocked(links: list[Link], rule: str) -> None:
    """Cycles of unlisted companies terminate and stay clear."""
    assert set(_statuses(links, {}, rule).values()) == {0}
