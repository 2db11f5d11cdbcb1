"""Delta re-screening between the two UN editions in ../shared (2024-11-30, 2026-02-27): no
new listing or new alias is missed, and no listing that is still a hit is reported removed
(fail-open hunt, fuzz19)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.model import Entity
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening import rescreen as rescreen_mod
from exportctl.screening.batch import BatchRow
from exportctl.screening.rescreen import plan_rescreen, rescreen_rows
from exportctl.sources import un_xml
from exportctl.store import Store, open_store

OLD = "lists/un/un_consolidated_2024-11-30.xml.gz"
NEW = "lists/un/un_consolidated_2026-02-27.xml"


@pytest.fixture(scope="module")
def editions(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Store, int, list[Entity], list[Entity]]:
    """A store holding both editions (the newer active), the older one's snapshot id, and the
    entities of each."""
    where = tmp_path_factory.mktemp("rescreen")
    old_xml = where / "old.xml"
    old_xml.write_bytes(gzip.decompress((shared_data / OLD).read_bytes()))
    store = open_store(str(where / "un.sqlite"))
    old, new = un_xml.parse([old_xml]), un_xml.parse([shared_data / NEW])
    store.load(old, sha256="1" * 64)
    store.load(new, sha256="2" * 64)
    since = store.snapshots(store.active_snapshots()[0].source)[0].id
    return store, since, old.entities, new.entities


def _rows(names: list[str]) -> list[BatchRow]:
    return [BatchRow(i + 1, {"id": f"r{i}", "name": n}) for i, n in enumerate(names)]


def test_new_listing_or_alias_never_missed(
    editions: tuple[Store, int, list[Entity], list[Entity]],
) -> None:
    """Every name an added or changed entity did not carry before: the row reports the entity
    added, or it was a hit before and still is."""
    store, since, old, new = editions
    was = {e.source_id: {n.full for n in e.names} for e in old}
    plan, old_index, new_index = plan_rescreen(store, since)
    assert plan.added and plan.changed
    fresh = [
        (e.source_id, n.full)
        for e in new
        for n in e.names
        if n.full not in was.get(e.source_id, set())
    ]
    assert len(fresh) > 100
    _, records = rescreen_rows(store, _rows([n for _, n in fresh]), since)
    for (sid, name), rec in zip(fresh, records, strict=True):
        assert rec["error"] is None
        if any(m["source_id"] == sid for m in rec["added"]):
            continue
        hit = [m.source_id for m in screen(Query(name), old_index) if m.source_id == sid]
        still = [m.source_id for m in screen(Query(name), new_index) if m.source_id == sid]
        assert hit and still, (sid, name)


@pytest.mark.usefixtures("planned_once")
def test_outranked_hit_is_not_removed(
    editions: tuple[Store, int, list[Entity], list[Entity]],
) -> None:
    """ "ABU UMAR" with limit 1: QDi.345 was its hit and still is, outranked by a listing
    added in 2026. Before, it was reported removed."""
    store, since, _, _ = editions
    _, records = rescreen_rows(store, _rows(["ABU UMAR"]), since, limit=1)
    (rec,) = list(records)
    assert "QDi.345" not in {m["source_id"] for m in rec["removed"]}


@pytest.fixture(scope="module")
def listed_names(editions: tuple[Store, int, list[Entity], list[Entity]]) -> list[str]:
    _, _, old, new = editions
    return sorted({n.full for e in [*old, *new] for n in e.names if n.full.isascii()})


@pytest.fixture(scope="module")
def plan(editions: tuple[Store, int, list[Entity], list[Entity]]) -> tuple[Any, Any, Any]:
    """``plan_rescreen`` of the module's store since the older edition, made once."""
    return plan_rescreen(editions[0], editions[1])


@pytest.fixture(scope="module")
def delta_index(plan: tuple[Any, Any, Any]) -> ScreeningIndex:
    """The newer edition's added and changed entities (what rescreen screens against)."""
    index: ScreeningIndex = plan[2]
    return index


@pytest.fixture
def planned_once(
    editions: tuple[Store, int, list[Entity], list[Entity]],
    plan: tuple[Any, Any, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`rescreen_rows` given the module's plan instead of planning again for every call: the
    diff of two snapshots and its two delta indexes (~0.6 CPU-s; three quarters of this
    module's CPU when each example of a property made its own) depend only on the snapshots,
    which no re-screen changes (it stores change rows, not snapshots). Another store or
    snapshot pair is planned as before; `test_new_listing_or_alias_never_missed` re-screens
    with a plan of its own."""
    store, since, _, _ = editions

    def planned(s: Store, since_: int, to: int | None = None) -> tuple[Any, Any, Any]:
        return plan if (s, since_, to) == (store, since, None) else plan_rescreen(s, since_, to)

    monkeypatch.setattr(rescreen_mod, "plan_rescreen", planned)


@given(st.data(), st.integers(1, 4))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@pytest.mark.usefixtures("planned_once")
def test_removed_means_no_hit_now(
    editions: tuple[Store, int, list[Entity], list[Entity]],
    listed_names: list[str],
    delta_index: ScreeningIndex,
    data: st.DataObject,
    limit: int,
) -> None:
    store, since, _, _ = editions
    names = data.draw(st.lists(st.sampled_from(listed_names), min_size=1, max_size=4))
    new_index = delta_index
    _, records = rescreen_rows(store, _rows(names), since, limit=limit)
    for name, rec in zip(names, records, strict=True):
        now = {m.source_id for m in screen(Query(name), new_index, limit=len(new_index))}
        assert not {m["source_id"] for m in rec["removed"]} & now, name


@pytest.mark.usefixtures("planned_once")
def test_an_incomplete_rescreen_is_said_and_kept(
    editions: tuple[Store, int, list[Entity], list[Entity]],
) -> None:
    """A row whose screen left listed names uncompared (a budget of one row, so that ``ABU
    UMAR``'s near-namesakes in the delta are cut) is reported ``incomplete`` with a warning and
    stored as a change of its own — not "no change" (capcount). The same row under the real
    budget is complete."""
    from sqlalchemy import select

    import exportctl.screening as scr
    from exportctl.screening.algorithm import ScreeningConfig
    from exportctl.store.schema import rescreen_changes

    store, since, _, _ = editions
    (rec,) = list(rescreen_rows(store, _rows(["ABU UMAR"]), since)[1])
    assert "incomplete" not in rec
    tiny = ScreeningConfig(max_candidates=1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scr, "_config", lambda threshold, limit: tiny)
        (rec,) = list(rescreen_rows(store, _rows(["ABU UMAR"]), since)[1])
    assert rec["incomplete"]["budget"] == 1
    assert any("cannot conclude" in w for w in rec["warnings"]), rec["warnings"]
    with store.engine.connect() as conn:
        kept = (
            conn.execute(select(rescreen_changes).where(rescreen_changes.c.change == "incomplete"))
            .mappings()
            .all()
        )
    assert [(r["row_id"], r["detail"]["budget"]) for r in kept] == [("r0", 1)]


@pytest.mark.usefixtures("planned_once")
@pytest.mark.parametrize("cell", ["#N/A", "12345", "NULL", "TRUE"])
def test_a_row_whose_name_is_no_name_is_an_error_not_no_change(
    editions: tuple[Store, int, list[Entity], list[Entity]], cell: str
) -> None:
    """Batch screening refuses a name cell that holds no name (batch26); re-screening read the
    same file through the same row parser and reported such a row as "no change" (review)."""
    store, since, _, _ = editions
    (rec,) = list(rescreen_rows(store, _rows([cell]), since)[1])
    assert rec["error"] is not None and "not screened" in rec["error"], rec
    assert not rec["added"] and not rec["removed"]
