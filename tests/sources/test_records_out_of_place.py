"""Fail-open hunt (fuzz20): a record out of its usual place is read, not skipped.

Found by moving records of the real UN file: an ``INDIVIDUAL`` moved under ``<ENTITIES>``, or
the ``<INDIVIDUALS>`` section renamed, was left out without a word (the parser read only
``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``); the UK Sanctions List XML reader skipped
a ``<Designation>`` wrapped in another element the same way. Now such records are read, and a
warning says where they stood.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from exportctl.sources import uk_fcdo_xml, un_xml

UN = "lists/un/un_consolidated_2026-02-27.xml"
UK = Path(__file__).parent / "data" / "uk_sanctions_list_sample.xml"


def _ids(path: Path, parse: object) -> set[str]:
    assert callable(parse)
    return {e.source_id for e in parse([path]).entities}


def test_un_individual_under_entities_is_read(shared_data: Path, tmp_path: Path) -> None:
    root = etree.fromstring((shared_data / UN).read_bytes())
    rec = next(r for r in root.iter("INDIVIDUAL") if r.findtext("REFERENCE_NUMBER") == "CDi.001")
    root.find("ENTITIES").append(rec)
    path = tmp_path / "un.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    result = un_xml.parse([path])
    assert "CDi.001" in {e.source_id for e in result.entities}  # was: missing
    assert len(result.entities) == 1003
    assert any("<INDIVIDUAL> outside <INDIVIDUALS>" in i.reason for i in result.issues)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), how=st.sampled_from(["move", "rename", "wrap"]))
def test_un_records_anywhere_are_all_read(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, how: str
) -> None:
    """Property: move any record to the other section, rename a section, or wrap records in
    an unknown element: every reference number of the intact file is still parsed."""
    root = etree.fromstring((shared_data / UN).read_bytes())
    intact = {
        (r.findtext("REFERENCE_NUMBER") or "").strip() for r in root.iter("INDIVIDUAL", "ENTITY")
    }
    recs = list(root.iter("INDIVIDUAL", "ENTITY"))
    rec = recs[data.draw(st.integers(0, len(recs) - 1))]
    section = rec.getparent()
    if how == "move":
        other = root.find("ENTITIES" if section.tag == "INDIVIDUALS" else "INDIVIDUALS")
        other.append(rec)
    elif how == "rename":
        section.tag = data.draw(st.sampled_from(["PERSONS", "VESSELS", "INDIVIDUAL_LIST"]))
    else:
        wrapper = etree.SubElement(section, "GROUP")
        wrapper.append(rec)
    path = tmp_path_factory.mktemp("un") / "un.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    result = un_xml.parse([path])
    assert {e.source_id for e in result.entities} == intact
    assert any(i.severity == "warning" for i in result.issues)


def test_uk_designation_inside_another_element_is_read(tmp_path: Path) -> None:
    text = UK.read_text("utf-8")
    start = text.index("<Designation>")
    end = text.index("</Designation>", start) + len("</Designation>")
    wrapped = text[:start] + "<Group>" + text[start:end] + "</Group>" + text[end:]
    path = tmp_path / "uk.xml"
    path.write_text(wrapped, "utf-8")
    assert _ids(path, uk_fcdo_xml.parse) == _ids(UK, uk_fcdo_xml.parse)  # was: one missing
