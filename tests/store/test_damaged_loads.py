"""Issue #11 property: a list file cut at a random point never silently replaces the good list.

The intact file (a real publication, or the first records of one, still complete) is loaded
first; then a copy cut at a hypothesis-chosen byte. Whatever the cut, one of three things must
hold: the load fails (one line), or the damaged snapshot is stored inactive, or every entity
of the intact file is still in the active snapshot with the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.sources._robustness import cut_short
from tests.xml_subset import xml_subset

from exportctl.errors import ExportCtlError
from exportctl.loading import load_paths
from exportctl.store import Store, open_store


def _ofac(shared: Path) -> bytes:
    """The first 300 records of the real sdn.csv with its Ctrl-Z end line."""
    lines = (shared / "lists/us/ofac/sdn_2024-05-03.csv").read_bytes().split(b"\r\n")
    return b"\r\n".join([*lines[:300], b"\x1a"])


def _un(shared: Path) -> bytes:
    return xml_subset(
        shared / "lists/un/un_consolidated_2026-02-27.xml",
        {"INDIVIDUALS": ("INDIVIDUAL", 40), "ENTITIES": ("ENTITY", 15)},
    )


def _sema(shared: Path) -> bytes:
    return xml_subset(shared / "lists/ca/sema-lmes_2020-04.xml", {".": ("record", 60)})


def _csl(shared: Path) -> bytes:
    return (shared / "lists/us/csl/csl_sample_2025.csv").read_bytes()


FILES: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "ofac_csv": (_ofac, "sdn.csv"),
    "un_xml": (_un, "consolidated.xml"),
    "sema_xml": (_sema, "sema.xml"),
    "us_csl": (_csl, "csl.csv"),
}


def _entities(store: Store, snapshot_id: int) -> dict[str, list[str]]:
    return {e.source_id: [n.full for n in e.names] for e in store.iter_entities([snapshot_id])}


@pytest.mark.parametrize("kind", sorted(FILES))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_cut_file_never_silently_replaces_the_intact_one(
    kind: str, shared_data: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    make, name = FILES[kind]
    intact_bytes = make(shared_data)
    folder = tmp_path_factory.mktemp(kind)
    store = open_store(str(folder / "db.sqlite"))
    intact_path = folder / name
    intact_path.write_bytes(intact_bytes)
    (first,) = load_paths(store, [intact_path])
    assert first.snapshot is not None and first.snapshot.active
    intact = _entities(store, first.snapshot.id)
    assert len(intact) >= 10

    damaged = folder / f"cut-{name}"
    damaged.write_bytes(data.draw(cut_short(intact_bytes), label="cut file"))
    try:
        reports = load_paths(store, [damaged])
    except ExportCtlError as exc:
        refused: str | None = str(exc)
        reports = []
    else:
        refused = None
    assert refused is None or "\n" not in refused  # refused with one line
    for rep in reports:
        if rep.source != first.source or not rep.active:
            continue  # stored inactive, or filed under another source
        assert rep.snapshot is not None
        now = _entities(store, rep.snapshot.id)
        lost = {sid: names for sid, names in intact.items() if now.get(sid) != names}
        assert not lost, f"activated a cut file that lost or changed {sorted(lost)[:5]}"
    active = {s.source: s.id for s in store.active_snapshots()}
    assert _entities(store, active[first.source]).keys() >= intact.keys()
