"""The batch lookup of derived hits (owner links read once, each record's check per rule kept
for the batch) answers exactly as the lookup before it (``derived_reference``: each record
walked under each rule with its own SQL per level): every field of every derived hit, on the
benchmark's synthetic data, the repo's BODS fixtures and random small ownership graphs —
and a verdict given mid-batch, a new ownership snapshot or another date are honoured from
the next row on."""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.ownership import derived_reference as ref
from tests.ownership.test_check_cli import SDN_OWNER, _source_id
from tests.ownership.test_check_cli import db as cli_db  # noqa: F401  (fixture)
from tests.ownership.test_owner_identifiers import db as id_db  # noqa: F401  (fixture)

from exportctl.loading import load_paths
from exportctl.ownership import derived_finder, derived_hits, load_ownership
from exportctl.ownership.derived import DerivedMemo
from exportctl.ownership.model import Link, OwnershipData, Party, Share
from exportctl.ownership.store import OwnershipStore
from exportctl.screening.decisions import record_decision
from exportctl.store import Store, open_store

AS_OF = dt.date(2026, 12, 5)
ROOT = Path(__file__).resolve().parents[2]


def _same(store: Store, names: list[str], on: dt.date = AS_OF) -> int:
    """Every name through one batch finder and through the reference: equal; the number of
    rows with derived hits (so that a test can see it compared something)."""
    finder = derived_finder(store, as_of=on)
    assert finder is not None
    found = 0
    for name in names:
        new = finder(name, (), None)
        old = ref.derived_hits(store, name, as_of=on)
        assert new == old, name
        assert json.dumps(new, sort_keys=True) == json.dumps(old, sort_keys=True), name
        found += bool(new)
    return found


def _names(store: Store) -> list[str]:
    own = OwnershipStore(store)
    snap = own.active()
    assert snap is not None
    with store.engine.connect() as conn:
        from sqlalchemy import select

        from exportctl.store.ownership_tables import ownership_parties as p

        rows = conn.execute(select(p.c.party_id, p.c.name).where(p.c.snapshot_id == snap.id)).all()
    # by name and by id, each twice (the second from the batch's memo)
    out = [str(n) for _, n in rows if n] + [str(i) for i, _ in rows]
    return out + out


def test_the_synthetic_benchmark_rows_get_the_same_hits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPORTCTL_DATA_DIR", str(tmp_path / "home"))  # (restored after)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import ownership_bench as ob
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    store, _, targets, _ = ob.lists_and_ownership(tmp_path, 1500)
    rng = random.Random(5)
    names = [
        f"Company {rng.choice(targets)[1:]} GmbH" if k % 2 else f"Unrelated Customer {k} Ltd"
        for k in range(120)
    ]
    names += [rng.choice(targets) for _ in range(60)]  # by id: deep chains, listed tops
    assert _same(store, names) > 20
    assert _same(store, names, dt.date(2021, 6, 30)) > 0  # some links not yet started


def test_the_cli_fixture_gets_the_same_hits_and_a_verdict_mid_batch_counts(
    cli_db: str,  # noqa: F811
) -> None:
    store = open_store(cli_db)
    assert _same(store, _names(store)) >= 4
    for on in (dt.date(2019, 6, 1), dt.date(2020, 1, 1), dt.date(2025, 6, 1)):
        _same(store, _names(store)[:10], on)
    finder = derived_finder(store, as_of=AS_OF)
    assert finder is not None
    before = finder("Gamma Range Test SA", (), None)
    assert [h["rule"] for h in before] and all(h["status"] != "clear" for h in before)
    sid = _source_id(cli_db, SDN_OWNER)
    record_decision(store, {"name": SDN_OWNER}, "us_csl", sid, "false_positive", "r1", "other")
    after = finder("Gamma Range Test SA", (), None)
    assert after == ref.derived_hits(store, "Gamma Range Test SA", as_of=AS_OF)
    assert after != before  # the verdict is honoured from the next row on, not memoised away


def test_one_memo_across_dates_and_rules(cli_db: str) -> None:  # noqa: F811
    """The review queue's memo: items derived as of different days and under one rule each."""
    store = open_store(cli_db)
    memo = DerivedMemo()
    differ = set()
    for on in (AS_OF, dt.date(2019, 6, 1), AS_OF, dt.date(2019, 6, 1)):
        for rules in (None, ["ofac"], ["bis"], ["eu", "mofcom"]):
            for name in _names(store):
                new = derived_hits(store, name, as_of=on, rules=rules, memo=memo)
                assert new == ref.derived_hits(store, name, as_of=on, rules=rules)
                differ.add((on, json.dumps(new, sort_keys=True)))
    assert len({on for on, _ in differ}) == 2 and len(differ) > 4  # the dates answer apart


def test_the_identifier_fixture_gets_the_same_hits(id_db: str) -> None:  # noqa: F811
    store = open_store(id_db)
    assert _same(store, _names(store)) >= 1
    finder = derived_finder(store, as_of=AS_OF)
    assert finder is not None
    for name, ids in (("Kappa Test Ltd", ["GB-COH 09876543"]), ("09876543", [])):
        assert finder(name, ids, None) == ref.derived_hits(
            store, name, as_of=AS_OF, identifiers=ids
        )


@pytest.fixture(scope="module")
def bods_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Store:
    tmp = tmp_path_factory.mktemp("bods")
    store = open_store(str(tmp / "b.sqlite"))
    load_paths(store, [shared_data / "lists/us/csl/csl_sample_2019.csv"])
    return store


def test_the_bods_fixtures_get_the_same_hits(bods_store: Store, shared_data: Path) -> None:
    files = sorted((shared_data / "ownership/bods").glob("*.json"))
    assert len(files) >= 5
    for f in files:
        load_ownership(bods_store, [f])
        _same(bods_store, _names(bods_store))
        _same(bods_store, _names(bods_store)[:20], dt.date(2000, 1, 1))


def test_a_memo_does_not_outlive_its_snapshot(bods_store: Store, shared_data: Path) -> None:
    memo = DerivedMemo()
    files = sorted((shared_data / "ownership/bods").glob("*.json"))
    for f in files[:3] + files[:3]:
        load_ownership(bods_store, [f])
        # one memo across dates too (the review queue's: items checked as of different days)
        for on in (AS_OF, dt.date(2001, 1, 1), AS_OF):
            for name in _names(bods_store):
                assert derived_hits(bods_store, name, as_of=on, memo=memo) == ref.derived_hits(
                    bods_store, name, as_of=on
                ), (f.name, name, on)


# -- random small ownership graphs ------------------------------------------------------------

LISTED = ["200G PSA HOLDINGS LLC", "54th Research Institute of China"]  # CSL sample rows
_DATES = st.sampled_from([None, "2019", "2020-01", "2020-06-15", "2021", "2024-12-31", "2026"])


@st.composite
def graphs(draw: st.DrawFn) -> OwnershipData:
    n = draw(st.integers(2, 7))
    parties: dict[str, Party] = {}
    for i in range(n):
        kind = draw(st.sampled_from(["plain", "plain", "listed", "unnamed"]))
        name = {"plain": f"Random Graph Test {i} Ltd", "listed": draw(st.sampled_from(LISTED))}
        parties[f"g{i}"] = Party(id=f"g{i}", name=name.get(kind, ""))
    links = []
    for k in range(draw(st.integers(1, 12))):
        owner, asset = (
            draw(st.sampled_from(sorted(parties))),
            draw(st.sampled_from(sorted(parties))),
        )
        if owner == asset:
            continue
        kind = draw(st.sampled_from(["ownership", "ownership", "ownership", "indirect", "control"]))
        lo = draw(st.integers(0, 100))
        hi = draw(st.integers(lo, 100))
        share = None if kind == "control" else Share(Fraction(lo), Fraction(hi))
        if kind != "control" and draw(st.booleans()) and lo < hi:
            share = Share(Fraction(lo), Fraction(hi), draw(st.booleans()), draw(st.booleans()))
        links.append(Link(owner, asset, kind, share, draw(_DATES), draw(_DATES), record=f"r{k}"))
    if not links:
        links.append(Link("g0", "g1", "ownership", Share.exact(50), record="r0"))
    return OwnershipData(format="ftm", parties=parties, links=links, files=["random"])


_SHARED_MEMO = DerivedMemo()  # across examples too: a new snapshot must reset it


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=graphs(),
    on=st.sampled_from([dt.date(2019, 12, 31), dt.date(2020, 6, 15), AS_OF]),
    rules=st.sampled_from([None, ["ofac"], ["eu", "bis"], ["mofcom", "ofac"]]),
)
def test_random_graphs_against_the_reference_walk(
    bods_store: Store, data: OwnershipData, on: dt.date, rules: list[str] | None
) -> None:
    OwnershipStore(bods_store).load(data, sha256="random")
    memo = DerivedMemo()
    for pid in sorted(data.parties) * 2:
        want: Any = ref.derived_hits(bods_store, pid, as_of=on, rules=rules)
        assert derived_hits(bods_store, pid, as_of=on, rules=rules, memo=memo) == want
        assert derived_hits(bods_store, pid, as_of=on, rules=rules, memo=_SHARED_MEMO) == want
