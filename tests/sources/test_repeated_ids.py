"""Fail-open hunt (fuzz20): a record whose identifier repeats another's is kept, not dropped.

Found by editing identifiers in real files: with CDi.002's REFERENCE_NUMBER typed as CDi.001
the UN parser dropped the second record, and ``FRANK KAKOLELE BWAMBALE`` was no longer on
the list (a "skipped" issue, but the load went on and became active). The OFAC, EU and UK
parsers did the same; the store already keeps both records of one id (as ``ID#2``). Now the
parsers keep a differing repeat with a warning; only an exact repeat is left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from exportctl.loading import load_paths
from exportctl.model import Entity
from exportctl.sources import parse_files
from exportctl.store import open_store

UN = "lists/un/un_consolidated_2026-02-27.xml"
SDN = "lists/us/ofac/sdn_2024-05-03.csv"


@pytest.fixture(scope="module")
def un_names(shared_data: Path) -> set[str]:
    """Every name of the intact UN file, parsed once for the module (it was parsed again for
    every example of the property below)."""
    return _names(parse_files([shared_data / UN])[0].entities)


def _names(result_entities: list[Entity]) -> set[str]:
    return {n.full for e in result_entities for n in e.names}


def test_un_repeated_reference_keeps_both_parties(shared_data: Path, tmp_path: Path) -> None:
    real = (shared_data / UN).read_bytes()
    changed = real.replace(
        b"<REFERENCE_NUMBER>CDi.002</REFERENCE_NUMBER>",
        b"<REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>",
        1,
    )
    assert changed != real
    (tmp_path / "un.xml").write_bytes(changed)
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}", init_bundle=False)
    [report] = load_paths(store, [tmp_path / "un.xml"])
    assert report.active and report.snapshot is not None
    assert report.snapshot.entity_count == 1003  # was: 1002
    stored = {e.source_id: e for e in store.iter_entities([report.snapshot.id])}
    assert stored["CDi.001"].caption == "ERIC BADEGE"
    assert stored["CDi.001#2"].caption == "FRANK KAKOLELE BWAMBALE"
    assert any("both kept" in i.reason for i in report.issues)


def test_ofac_repeated_ent_num_keeps_both_parties(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / SDN).read_bytes().split(b"\r\n")
    first, second = lines[0].split(b",", 1), lines[1].split(b",", 1)
    lines[1] = first[0] + b"," + second[1]  # the second record under the first's ent_num
    (tmp_path / "sdn.csv").write_bytes(b"\r\n".join(lines))
    intact = parse_files([shared_data / SDN])[0]
    [result] = parse_files([tmp_path / "sdn.csv"])
    assert len(result.entities) == len(intact.entities)  # was: one fewer
    assert _names(result.entities) == _names(intact.entities)


def test_an_exact_repeat_is_left_out(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / SDN).read_bytes().split(b"\r\n")
    (tmp_path / "sdn.csv").write_bytes(b"\r\n".join([lines[0], *lines]))
    [result] = parse_files([tmp_path / "sdn.csv"])
    intact = parse_files([shared_data / SDN])[0]
    assert len(result.entities) == len(intact.entities)
    assert [i.reason for i in result.issues] == [
        f"exact repeat of ent_num {lines[0].split(b',')[0].decode()}; not kept twice"
    ]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_repeated_un_reference_loses_no_name(
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    un_names: set[str],
    data: st.DataObject,
) -> None:
    """Property: give any records of the real UN file the reference number of another record;
    every name of the intact file is still parsed."""
    root = etree.fromstring((shared_data / UN).read_bytes())
    refs = list(root.iter("REFERENCE_NUMBER"))
    picks = data.draw(st.lists(st.integers(0, len(refs) - 1), min_size=2, max_size=6))
    for i in picks[1:]:
        refs[i].text = refs[picks[0]].text
    path = tmp_path_factory.mktemp("un") / "un.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert _names(parse_files([path])[0].entities) == un_names
