"""A name's ownership lookup that leaves records unchecked says so, and no answer reads "not
owned" because of it (own27).

The lookup (ownership/names.py) screens a name against the ownership data's names and checks
the ``matching.limit`` (5) best records. Was: the rest were dropped in silence. Eight
companies here are near-namesakes of ``Tudor Trading Test Company`` (none its name by key);
the one 60 % owned by an SDN-listed owner, ``Tudoor Trading Test Ltd``, scores lowest, so it
is past the limit: ``screen`` showed no derived hit and nothing else, the party read as owned
by no listed party. Now the lookup counts what it left out (``EntityMatches.incomplete``, a
``LookupCut``) and every caller says *cannot conclude*: ``screen`` (JSON
``derived_incomplete``, a warning on stderr), batch rows (the warning and the key), the API,
the ledger record (``ownership: incomplete``), ``determine`` (a note; the end user is
``cannot_conclude``), ``ownership check`` (the error says the lookup was cut).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.ownership.test_check_cli import SDN_OWNER, _run, bods_package, csl_and_ownership
from tests.ownership.test_ledger_derived import _screenings

from exportctl.cli._common import ROW_ERRORS_EXIT
from exportctl.ownership.names import LookupCut, lookup_cut_of, name_index
from exportctl.ownership.parse import parse_bods
from exportctl.ownership.rules import load_rules
from exportctl.ownership.store import OwnershipStore
from exportctl.screening import Query, screen
from exportctl.store import open_store

AS_OF = "2026-12-05"  # the BIS Affiliates rule applies (suspended to 2026-11-09)
QUERY = "Tudor Trading Test Company"
# Near-namesakes of QUERY, best-scoring first (the order the lookup ranks them in).
SURNAMES = ["Tudor", "Toudor", "Tudorr", "Thudor", "Tudorh", "Tudur", "Tuodor", "Tudoor"]
OWNED = "n7"  # Tudoor Trading Test Ltd: past the 5 checked


def _names(n: int) -> dict[str, str]:
    return {f"n{i}": f"{s} Trading Test Ltd" for i, s in enumerate(SURNAMES[:n])}


# An owner on no list: it owns 10 % of each other namesake, so that each could be blocked
# through owners and a lookup that leaves one unchecked is cut (since fix28 a record that
# nothing owns cannot change the answer: it is not counted, and takes no place of the limit's).
PLAIN_OWNER = "Quillon Vantreck Test Holding"


def cut_package(owned_namesakes: bool = True) -> list[dict[str, Any]]:
    """The eight namesakes, ``OWNED`` 60 % owned by the SDN-listed owner and, with
    ``owned_namesakes``, every other one 10 % by :data:`PLAIN_OWNER`."""
    names = {**_names(len(SURNAMES)), "x-sdn": SDN_OWNER}
    links: list[tuple[str, str, dict[str, int]]] = [("x-sdn", OWNED, {"exact": 60})]
    if owned_namesakes:
        names["x-plain"] = PLAIN_OWNER
        links += [("x-plain", n, {"exact": 10}) for n in _names(len(SURNAMES)) if n != OWNED]
    return bods_package(names, links)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EXPORTCTL_DATA_DIR", str(tmp_path_factory.getbasetemp() / "exportctl-home"))
        package = cut_package()
        yield csl_and_ownership(tmp_path_factory.mktemp("cut"), shared_data, package)[0]


def _lookup(db: str, name: str) -> Any:
    own = OwnershipStore(open_store(db))
    snap = own.active()
    assert snap is not None
    return own.lookup(snap.id, name)


def test_the_lookup_says_what_it_left_unchecked(db: str) -> None:
    found = _lookup(db, QUERY)
    limit = load_rules().matching.limit
    assert len(found) == limit and OWNED not in {m.party.id for m in found}
    cut = lookup_cut_of(found)
    assert isinstance(cut, LookupCut)
    # (every namesake scores at least the threshold: the three past the limit are counted)
    assert cut.beyond == len(SURNAMES) - limit and cut.exact and cut.screen is None
    assert cut.message().startswith("ownership lookup incomplete, cannot conclude")
    # A name whose records all fit is complete.
    assert lookup_cut_of(_lookup(db, SDN_OWNER)) is None
    # A record's own name finds it for certain; its namesakes are still potential matches
    # (a customer's typo of one of them), and the ones past the limit are counted.
    own = _lookup(db, "Tudoor Trading Test Ltd")
    assert own[0].party.id == OWNED and own[0].certain
    assert len(own) == 1 + limit and lookup_cut_of(own) is not None


def test_screen_says_cannot_conclude_on_ownership(db: str) -> None:
    code, out, err = _run("--db", db, "screen", QUERY, "--as-of", AS_OF, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "derived" not in data  # (the owned record was not checked: no hit to show) …
    cut = data["derived_incomplete"]  # … and the answer says so
    assert cut["records_beyond"] == 3 and cut["limit"] == 5 and not cut["at_least"]
    assert "cannot conclude" in cut["message"]
    assert "ownership lookup incomplete" in " ".join(err.split())
    # The table says it too, not "no derived hit".
    code, out, err = _run("--db", db, "screen", QUERY, "--as-of", AS_OF)
    assert code == 0, err
    assert "cannot conclude" in " ".join(out.split())
    assert "ownership lookup incomplete" in " ".join(err.split())


def test_the_ledger_records_the_lookup_as_incomplete(db: str, home: Path) -> None:
    code, _, err = _run("--db", db, "screen", QUERY, "--as-of", AS_OF, "--json")
    assert code == 0, err
    (_, result, entry), *_ = reversed(_screenings(db, home))
    # Not "checked" (read back: owned by no one listed): the lookup left records unchecked.
    assert result["ownership"] == "incomplete" and entry.summary["ownership"] == "incomplete"
    assert result["derived_incomplete"]["records_beyond"] == 3


def test_batch_rows_say_cannot_conclude(db: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"name\n{QUERY}\nTudoor Trading Test Ltd\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    code, _, err = _run(
        "--db", db, "screen", "--input", str(src), "--output", str(dst), "--as-of", AS_OF
    )
    assert code == 0, err
    cut, whole = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert cut["derived_incomplete"]["records_beyond"] == 3
    assert any(w.startswith("ownership lookup incomplete") for w in cut["warnings"])
    # The owned record named for certain: its derived hits stand beside the cut of its
    # namesakes (two past the limit).
    assert {(d["rule"], d["status"], d["match"]["certain"]) for d in whole["derived"]} >= {
        ("ofac", "blocked", True)
    }
    assert whole["derived_incomplete"]["records_beyond"] == 2


def test_the_batch_summary_counts_a_cut_lookup_as_cannot_conclude(db: str, tmp_path: Path) -> None:
    """A row whose ownership lookup was cut is counted among the rows that cannot be
    concluded (not only among those with warnings), and ``--fail-on-errors`` stops on it."""
    src = tmp_path / "in.csv"
    src.write_text(f"name\n{QUERY}\n", encoding="utf-8")
    args = ["--db", db, "screen", "--input", str(src), "--output", str(tmp_path / "o.jsonl")]
    code, out, err = _run(*args, "--as-of", AS_OF, "--json")
    assert code == 0, err
    assert json.loads(out)["rows_incomplete"] == 1
    assert "ownership lookup cut" in " ".join(err.split())
    code, _, err = _run(*args, "--as-of", AS_OF, "--fail-on-errors")
    assert code == ROW_ERRORS_EXIT, err


def test_determine_cannot_conclude_and_says_why(db: str) -> None:
    code, out, err = _run(
        "--db", db, "determine", "-j", "us", "-i", "EAR99", "--to", "DE",
        "--end-user", QUERY, "--date", AS_OF, "--json",
    )  # fmt: skip
    assert code == 0, err
    det = json.loads(out)["determinations"][0]
    assert det["outcome"] == "cannot_conclude"
    assert any("ownership lookup incomplete" in n for n in det["notes"]), det["notes"]


def test_determine_with_the_end_users_own_record_notes_the_cut(db: str) -> None:
    """The end user's certain record governs (its name by key); the near-namesakes past the
    limit are said in a note, as a checked potential match to another record is."""
    code, out, err = _run(
        "--db", db, "determine", "-j", "us", "-i", "EAR99", "--to", "DE",
        "--end-user", "Tudoor Trading Test Ltd", "--date", AS_OF, "--json",
    )  # fmt: skip
    assert code == 0, err
    det = json.loads(out)["determinations"][0]
    (note,) = [n for n in det["notes"] if "ownership lookup incomplete" in n]
    assert "follows the end user's own ownership record" in note


def test_check_by_name_says_the_lookup_was_cut(db: str) -> None:
    code, _, err = _run("--db", db, "ownership", "check", QUERY, "--rule", "ofac", "--as-of", AS_OF)
    assert code != 0
    assert "ownership lookup incomplete" in " ".join(err.split())


# -- property: however many namesakes, every record at the threshold is checked or counted ----


def _ownership_only(folder: Path, n: int, owned: frozenset[int]) -> tuple[Any, int]:
    """The first ``n`` namesakes; those numbered in ``owned`` 60 % owned by an unlisted
    company (the others have no owner at all)."""
    names = {**_names(n), "x": "Zeta Holding Test AG"}
    links = [("x", f"n{i}", {"exact": 60}) for i in sorted(owned)] or [("x", "x", {})]
    package = bods_package(names, links)
    tag = f"{n}-{'-'.join(map(str, sorted(owned)))}"
    f = folder / f"own-{tag}.json"
    f.write_text(json.dumps(package), encoding="utf-8")
    store = open_store(str(folder / f"own-{tag}.sqlite"))
    snap = OwnershipStore(store).load(parse_bods(f), sha256=f"{n:064d}")
    return store, snap.id


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    n=st.integers(0, len(SURNAMES)),
    owned=st.frozensets(st.integers(0, len(SURNAMES) - 1), max_size=len(SURNAMES)),
)
@example(n=len(SURNAMES), owned=frozenset(range(len(SURNAMES))))  # own27's: every one owned
@example(n=len(SURNAMES), owned=frozenset({7}))  # fix28's: the last one alone
@example(n=len(SURNAMES), owned=frozenset())  # nothing owned: nothing to leave unchecked
def test_every_record_that_could_be_owned_is_checked_or_counted(
    tmp_path_factory: pytest.TempPathFactory, n: int, owned: frozenset[int]
) -> None:
    """However many namesakes score at the threshold and whichever of them have owners:
    every one with an owner is checked or counted, at most ``limit`` of them are checked
    (the work bound), and a record nothing owns is never counted (it cannot be blocked
    through owners: fix28) — the best ``limit`` are still shown."""
    owned = frozenset(i for i in owned if i < n)
    store, snap = _ownership_only(tmp_path_factory.mktemp("prop"), n, owned)
    found = OwnershipStore(store).lookup(snap, QUERY)
    matching = load_rules().matching
    idx = name_index(store, snap).index
    every = (
        {
            m.source_id
            for m in screen(Query(name=QUERY), idx, threshold=matching.entity_threshold, limit=1000)
        }
        if idx is not None
        else set()
    )
    with_owner = {f"n{i}" for i in owned} & every
    got = {m.party.id for m in found}
    cut = lookup_cut_of(found)
    assert got <= every
    assert len(got & with_owner) <= matching.limit
    assert len(got) >= min(len(every), matching.limit)
    left = with_owner - got
    if left:
        assert cut is not None and cut.beyond == len(left) and cut.exact
        assert len(got & with_owner) == matching.limit  # (one is left only for want of room)
    else:
        assert cut is None


def test_a_records_own_name_among_namesakes_nothing_owns_is_not_cut(
    tmp_path: Path, shared_data: Path
) -> None:
    """The noisy *cannot conclude* own27 left (fix28): the owned record's own name, and a
    name near it, beside seven near-namesakes that no one owns — no rule can derive a hit
    from those, yet the lookup said it left two (three) unchecked. Now: complete, and the
    owned record is checked and derived for the near name too (it takes the place of an
    unowned namesake past the limit)."""
    db, _ = csl_and_ownership(tmp_path, shared_data, cut_package(owned_namesakes=False))
    own = _lookup(db, "Tudoor Trading Test Ltd")
    assert own[0].party.id == OWNED and own[0].certain
    assert lookup_cut_of(own) is None  # (was: records_beyond 2)
    near = _lookup(db, QUERY)
    assert lookup_cut_of(near) is None  # (was: records_beyond 3, the owned one among them)
    assert OWNED in {m.party.id for m in near}
    code, out, err = _run("--db", db, "screen", QUERY, "--as-of", AS_OF, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "derived_incomplete" not in data
    hit = {d["rule"]: d for d in data["derived"]}["ofac"]
    assert (hit["status"], hit["entity"]["id"], hit["match"]["certain"]) == (
        "blocked", OWNED, False,
    )  # fmt: skip


# -- the API and Spark's output say it too ------------------------------------------------------


def test_the_api_says_cannot_conclude_on_ownership(db: str) -> None:
    from tests.api.conftest import start_api

    from exportctl.api.routers.ownership import INCOMPLETE_HEADER

    live = start_api(open_store(db))
    try:
        with live.client("screener") as c:
            r = c.post("/screen", json={"queries": [{"id": "a", "name": QUERY}]})
            assert r.status_code == 200, r.text
            (res,) = r.json()["results"]
            assert res["derived_incomplete"]["records_beyond"] == 3
            assert res["derived_incomplete"]["message"] in res["warnings"]
            # GET /ownership/derived answers an array (its contract): the cut in headers,
            # and in the body as the array's last element (fix28: the body was `[]`, which a
            # client that reads no headers took for "not owned").
            r = c.get("/ownership/derived", params={"name": QUERY, "as_of": AS_OF})
            assert r.status_code == 200, r.text
            header = json.loads(r.headers[INCOMPLETE_HEADER])
            assert header["records_beyond"] == 3
            assert "cannot conclude" in r.headers["Warning"]
            assert r.json() == [
                {"basis": "ownership", "rule": None, "status": "undetermined",
                 "lookup_incomplete": header, "message": header["message"]}
            ]  # fmt: skip
            assert header["message"] == res["derived_incomplete"]["message"]
            # a complete lookup: the hits alone, no header
            r = c.get("/ownership/derived", params={"name": SDN_OWNER, "as_of": AS_OF})
            assert INCOMPLETE_HEADER not in r.headers and "Warning" not in r.headers
            assert all(h["rule"] for h in r.json())
            # the OpenAPI document names the element
            doc = c.get("/openapi.json").json()
            assert "lookup_incomplete" in doc["components"]["schemas"]["DerivedCutOut"]["required"]
    finally:
        live.stop()


def test_a_spark_struct_row_keeps_the_lookup_cut() -> None:
    from exportctl.spark.schema import RECORD_COLUMNS, record_from_row, record_to_row

    cut = LookupCut(3, True, 5, 0.8).to_dict()
    rec = {"id": "r1", "matches": [], "error": None, "warnings": [cut["message"]],
           "derived_incomplete": cut}  # fmt: skip
    row = record_to_row(rec)  # (was: SchemaDriftError, the job failed on the row)
    assert set(row) == set(RECORD_COLUMNS)
    assert record_from_row(row) == rec
    assert LookupCut.from_dict(cut) == LookupCut(3, True, 5, 0.8)


def test_a_review_item_is_not_delisted_by_a_cut_lookup(
    tmp_path: Path, shared_data: Path, home: Path
) -> None:
    """An ownership item found when the record was among the five checked: a new snapshot
    adds near-namesakes that push it past the limit. Re-derived, the record is not found —
    was: the item left the queue (``delisted``, "no longer derived"); now it stays live."""
    from exportctl import review
    from exportctl.ownership import derived_hits

    first = {f"n{i}": f"{s} Trading Test Ltd" for i, s in enumerate(SURNAMES) if i in (0, 1, 7)}
    package = bods_package({**first, "x-sdn": SDN_OWNER}, [("x-sdn", OWNED, {"exact": 60})])
    db, _ = csl_and_ownership(tmp_path, shared_data, package)
    store = open_store(db)
    hits = derived_hits(store, QUERY)
    assert lookup_cut_of(hits) is None
    ids = review.enqueue_derived(store, [({"name": QUERY}, hits)], origin="screen")[0]
    item_id = ids[("ownership:ofac", OWNED)]
    f = tmp_path / "own2.json"
    whole = cut_package()
    f.write_text(json.dumps(whole), encoding="utf-8")
    assert _run("--db", db, "ownership", "load", str(f))[0] == 0
    assert lookup_cut_of(derived_hits(store, QUERY)) is not None  # (now past the limit)
    assert review.get_item(store, item_id).status != "delisted"


def test_rescreen_says_the_derived_change_cannot_be_concluded(
    tmp_path: Path, shared_data: Path
) -> None:
    """The owner designated between two list editions owns the namesake past the limit: the
    derived delta cannot see it, and the row says so (was: no change, in silence)."""
    from tests.ownership.test_rescreen_derived import CSL, _csl_without_sdn_owner, _load

    db = str(tmp_path / "re.sqlite")
    _load(db, _csl_without_sdn_owner(shared_data, tmp_path))
    f = tmp_path / "own.json"
    whole = cut_package()
    f.write_text(json.dumps(whole), encoding="utf-8")
    assert _run("--db", db, "ownership", "load", str(f))[0] == 0
    _load(db, shared_data / CSL)
    src = tmp_path / "pop.csv"
    src.write_text(f"id,name\n1,{QUERY}\n", encoding="utf-8")
    out = tmp_path / "changes.jsonl"
    since = min(s.id for s in open_store(db).snapshots("us_csl"))
    code, stdout, err = _run(
        "--db", db, "rescreen", "--input", str(src), "--since-snapshot", str(since),
        "--output", str(out), "--json",
    )  # fmt: skip
    assert code == 0, err
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["derived_added"] == [] and rec["derived_incomplete"]["records_beyond"] == 3
    assert any(w.startswith("ownership lookup incomplete") for w in rec["warnings"])
    assert json.loads(stdout)["rows_derived_incomplete"] == 1
    # The CSV holds the cut in a column, as the JSONL key (rev28a: before, a CSV row said it
    # only in its warnings text); ``incomplete`` (the screen's cut) likewise, empty here.
    code, _, err = _run(
        "--db", db, "rescreen", "--input", str(src), "--since-snapshot", str(since),
        "--output", str(tmp_path / "changes.csv"),
    )  # fmt: skip
    assert code == 0, err
    with (tmp_path / "changes.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert json.loads(row["derived_incomplete"]) == rec["derived_incomplete"]
    assert row["incomplete"] == ""
    assert list(row)[-2:] == ["derived_added", "derived_removed"]


def test_a_window_filled_with_records_found_otherwise_is_still_a_cut(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen counts past the limit within a window (``limit + count_past_limit``);
    records an earlier step found (the name's own record, by key) fill a place of it. With
    a window of 6 the record's own name fills it with itself and five namesakes, all
    checked — and two more namesakes were never seen: the lookup read as complete (found by
    fix28 while measuring with windows of 1). It is a cut now, "may not have been checked"
    (no count: none was seen)."""
    from exportctl.ownership import names

    book = load_rules()
    narrow = book.model_copy(
        update={"matching": book.matching.model_copy(update={"count_past_limit": 1})}
    )
    monkeypatch.setattr(names, "load_rules", lambda: narrow)
    found = _lookup(db, "Tudoor Trading Test Ltd")
    assert found[0].party.id == OWNED and len(found) == 1 + book.matching.limit
    cut = lookup_cut_of(found)
    assert cut is not None and cut.beyond == 0 and not cut.exact  # (was: None)
    assert "stopped at its window" in cut.message()
    assert LookupCut.from_dict(cut.to_dict()) == cut
