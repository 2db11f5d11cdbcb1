"""An owner whose name screen was incomplete is never taken as "not listed" (capcount).

A screen that leaves listed names that could match uncompared says so (``Matches.incomplete``,
docs/screening.md "The candidate budget"). The ownership check screens each owner's names: it
read only the matches, so an owner whose screen was cut counted as on no list and the entity
it owns came out ``clear``. Forced here with a budget of no row at all (every candidate cut):
the owner is a possible listing (``undetermined``), its matches say why.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ownership.test_check_cli import (
    SDN_OWNER,
    _check,
    _run,
    bods_package,
    csl_and_ownership,
)

import exportctl.screening as scr
from exportctl.ownership.listing import OwnerMatcher
from exportctl.screening.algorithm import ScreeningConfig

AS_OF = "2026-12-05"


@pytest.fixture
def db(tmp_path: Path, shared_data: Path) -> str:
    package = bods_package(
        {"x-sdn": SDN_OWNER, "k": "Kappa Test Ltd"}, [("x-sdn", "k", {"exact": 60})]
    )
    return csl_and_ownership(tmp_path, shared_data, package)[0]


def _fresh_caches(mp: pytest.MonkeyPatch) -> None:
    # (owners' screens are cached per process and index: a budget changed mid-test is unseen)
    mp.setattr(OwnerMatcher, "_cache", {})
    mp.setattr(OwnerMatcher, "_decided", {})


def test_an_owner_screened_incompletely_is_possibly_listed(db: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _fresh_caches(mp)
        full = _check(db, "Kappa Test Ltd", "ofac", AS_OF)
    assert full["status"] == "blocked"  # (the SDN owner found by name, 60 %)
    (owner,) = full["owners"]
    assert all("incomplete" not in m for m in owner["matches"])
    cut = ScreeningConfig(max_candidates=0)
    with pytest.MonkeyPatch.context() as mp:
        _fresh_caches(mp)
        mp.setattr(scr, "_config", lambda threshold, limit: cut)
        got = _check(db, "Kappa Test Ltd", "ofac", AS_OF)
    (owner,) = got["owners"]
    # Not found (nothing was compared), and not clear: a possible listing, for review.
    assert owner["status"] == "undetermined" and owner["counts"], owner
    (note,) = [m for m in owner["matches"] if "incomplete" in m]
    assert "cannot conclude" in note["incomplete"] and note["name"] == SDN_OWNER
    assert got["status"] == "undetermined"
    # own27: the owner's own ``incomplete`` object says it (the entry above: the old contract)
    assert owner["incomplete"]["message"] == note["incomplete"]
    assert owner["incomplete"]["budget"] == 0 and note["score"] == owner["incomplete"]["best"]
    assert "incomplete" not in full["owners"][0]


def test_the_matcher_gives_incomplete_beside_the_hits_not_among_them(db: str) -> None:
    """own27: the cut travelled as a marker hit (``OwnerHit.incomplete``) that every consumer
    iterating hits had to skip; it is the hits' ``incomplete`` now, and classify reads it."""
    from exportctl.ownership.listing import classify
    from exportctl.ownership.model import Party
    from exportctl.ownership.rules import get_rule
    from exportctl.store import open_store

    owner = Party(id="x-sdn", name=SDN_OWNER)
    with pytest.MonkeyPatch.context() as mp:
        _fresh_caches(mp)
        whole = OwnerMatcher(open_store(db)).hits(owner)
        assert whole.incomplete is None and whole
        assert classify(owner, whole, get_rule("ofac"))[0] == "listed"
        mp.setattr(scr, "_config", lambda threshold, limit: ScreeningConfig(max_candidates=0))
        _fresh_caches(mp)
        cut = OwnerMatcher(open_store(db)).hits(owner)
    assert cut.incomplete is not None and list(cut) == []  # (no entry that is not a hit)
    status, relevant = classify(owner, cut, get_rule("ofac"))
    assert status == "possible" and relevant.incomplete is cut.incomplete


def test_the_human_answer_says_the_owner_screen_cannot_conclude(db: str) -> None:
    """The table printed the cut screen's note as a match on no list (`` Kappa … 0.83``) and
    the warning went nowhere (review): it reads "cannot conclude", the warning on stderr."""
    cut = ScreeningConfig(max_candidates=0)
    with pytest.MonkeyPatch.context() as mp:
        _fresh_caches(mp)
        mp.setattr(scr, "_config", lambda threshold, limit: cut)
        code, out, err = _run(
            "--db", db, "ownership", "check", "Kappa Test Ltd", "--rule", "ofac", "--as-of", AS_OF
        )
    assert code == 0, err
    assert "cannot" in out  # (the table wraps the cell's words over its lines)
    assert "warning: owner" in err and "cannot conclude" in " ".join(err.split())
