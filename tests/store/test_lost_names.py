"""Fail-open hunt (fuzz20): an update that keeps every entity but loses names never activates.

Found by mutating the real UN file: with ``INDIVIDUAL_ALIAS``/``ENTITY_ALIAS`` renamed (an
element the parser does not know, as after a schema change upstream) the file still parsed
into all 1,003 entities, each with only its primary name. The entity-count shrink guard saw no
change, the load became active with no issue, and 2,837 of 4,218 names were gone: a party
listed under an alias screened clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from exportctl.loading import load_paths
from exportctl.store import Store, open_store

UN = "lists/un/un_consolidated_2026-02-27.xml"


def _store(tmp: Path) -> Store:
    return open_store(f"sqlite:///{tmp / 'db.sqlite'}", init_bundle=False)


def test_un_update_with_alias_elements_renamed_is_stored_inactive(
    shared_data: Path, tmp_path: Path
) -> None:
    real = (shared_data / UN).read_bytes()
    renamed = real.replace(b"_ALIAS>", b"_ALIASES>").replace(
        b'dateGenerated="2026-02-27', b'dateGenerated="2026-03-01'
    )
    (tmp_path / "renamed.xml").write_bytes(renamed)
    store = _store(tmp_path)
    good = load_paths(store, [shared_data / UN], source="un_sc")[0]
    assert good.active and good.snapshot is not None
    bad = load_paths(store, [tmp_path / "renamed.xml"], source="un_sc")[0]
    assert bad.snapshot is not None
    assert bad.snapshot.entity_count == good.snapshot.entity_count  # no entity lost ...
    assert bad.snapshot.name_count < 0.5 * good.snapshot.name_count  # ... but most names
    assert not bad.active
    assert bad.note is not None and "names" in bad.note and "--accept-shrink" in bad.note
    active = {s.source: s.id for s in store.active_snapshots()}
    assert active["un_sc"] == good.snapshot.id
    accepted = load_paths(store, [tmp_path / "renamed.xml"], source="un_sc", accept_shrink=True)
    assert accepted[0].unchanged  # the same bytes again: named, not stored twice


def _un_subset(shared: Path) -> bytes:
    root = etree.fromstring((shared / UN).read_bytes())
    for group, tag in (("INDIVIDUALS", "INDIVIDUAL"), ("ENTITIES", "ENTITY")):
        for parent in root.iter(group):
            for extra in parent.findall(tag)[40:]:
                parent.remove(extra)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_dropping_aliases_never_activates_silently(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Property: remove any set of alias elements from the real file (same entities, newer
    date). Either the load stays inactive, or the active snapshot still holds at least 95 %
    of the names the intact file had."""
    tmp = tmp_path_factory.mktemp("alias")
    intact = _un_subset(shared_data)
    (tmp / "intact.xml").write_bytes(intact)
    root = etree.fromstring(intact)
    aliases = [
        a
        for a in root.iter("INDIVIDUAL_ALIAS", "ENTITY_ALIAS")
        if (a.findtext("ALIAS_NAME") or "").strip()
    ]
    drop = data.draw(st.sets(st.integers(0, len(aliases) - 1), min_size=1))
    for i in drop:
        aliases[i].getparent().remove(aliases[i])
    root.set("dateGenerated", "2026-03-01T00:00:00.000Z")
    (tmp / "fewer.xml").write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    store = _store(tmp)
    good = load_paths(store, [tmp / "intact.xml"], source="un_sc")[0]
    after = load_paths(store, [tmp / "fewer.xml"], source="un_sc")[0]
    assert good.snapshot is not None and after.snapshot is not None
    if after.active:
        assert after.snapshot.name_count >= 0.95 * good.snapshot.name_count
    else:
        assert after.note is not None and "names" in after.note


def test_a_first_load_with_alias_elements_renamed_says_so(
    shared_data: Path, tmp_path: Path
) -> None:
    """With nothing to compare a first load with, the unknown elements are reported."""
    real = (shared_data / UN).read_bytes()
    (tmp_path / "renamed.xml").write_bytes(real.replace(b"_ALIAS>", b"_ALIASES>"))
    [report] = load_paths(_store(tmp_path), [tmp_path / "renamed.xml"], source="un_sc")
    reasons = [i.reason for i in report.issues]
    assert "unknown record element <INDIVIDUAL_ALIASES> (2,308 times): not read" in reasons
    assert "unknown record element <ENTITY_ALIASES> (735 times): not read" in reasons
