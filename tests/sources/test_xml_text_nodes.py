"""Fail-open hunt (fuzz20): markup inside a text field never cuts a name short silently.

The XML parsers read a field as its element's ``text``, which stops at the first node inside
it. Found by mutating the real UN file: ``<FIRST_NAME>E&x;C</FIRST_NAME>`` (an entity declared
in the file's DTD) loaded as ``E BADEGE``, ``ER<?p x?>IC`` and ``ER<b>x</b>IC`` as
``ER BADEGE``, and an alias ``AB&x;CD`` as ``AB`` -- no issue, no error. Now comments and
processing instructions are dropped with their text joined (the name is read whole), and an
entity reference or text beside a child element refuses the file with its line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.xml_subset import xml_subset

from exportctl.errors import SourceError
from exportctl.sources import eu_fsf, sema_xml, uk_fcdo_xml, un_xml
from exportctl.sources.base import ParseResult

DATA = Path(__file__).parent / "data"
UN = "lists/un/un_consolidated_2026-02-27.xml"

_UN_RECORD = """<?xml version="1.0" encoding="UTF-8"?>
{dtd}<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS><INDIVIDUAL>
<DATAID>6908555</DATAID><FIRST_NAME>{first}</FIRST_NAME><SECOND_NAME>BADEGE</SECOND_NAME>
<REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY>
<ALIAS_NAME>{alias}</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL></INDIVIDUALS><ENTITIES/>
</CONSOLIDATED_LIST>"""
_DTD = '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x "RI">]>\n'


def _un_names(tmp_path: Path, dtd: str, first: str, alias: str) -> list[str]:
    path = tmp_path / "un.xml"
    path.write_text(_UN_RECORD.format(dtd=dtd, first=first, alias=alias), "utf-8")
    return [n.full for n in un_xml.parse([path]).entities[0].names]


@pytest.mark.parametrize(
    ("dtd", "first", "alias", "line"),
    [
        (_DTD, "E&x;C", "ALIAS", 4),  # was: 'E BADEGE'
        ("", "ERIC", "AB&#38;CD<b>Q</b>", 5),  # was: alias 'AB&CD'
        ("", "ER<b>x</b>IC", "ALIAS", 3),  # was: 'ER BADEGE'
    ],
)
def test_entity_or_child_element_in_a_name_refuses_the_file(
    tmp_path: Path, dtd: str, first: str, alias: str, line: int
) -> None:
    with pytest.raises(SourceError) as err:
        _un_names(tmp_path, dtd, first, alias)
    assert err.value.location == f"line {line}"


def test_comments_and_processing_instructions_keep_the_name_whole(tmp_path: Path) -> None:
    # was: ['ER BADEGE', 'AB'] for the processing instructions
    assert _un_names(tmp_path, "", "ER<?p x?>IC", "AB<?p?>CD") == ["ERIC BADEGE", "ABCD"]
    assert _un_names(tmp_path, "", "ER<!-- c -->IC", "AB<!--c-->CD") == ["ERIC BADEGE", "ABCD"]
    assert _un_names(tmp_path, "", "<![CDATA[ERIC]]>", "A<![CDATA[B]]>CD") == [
        "ERIC BADEGE",
        "ABCD",
    ]


def _un(shared: Path) -> bytes:
    groups = {"INDIVIDUALS": ("INDIVIDUAL", 12), "ENTITIES": ("ENTITY", 6)}
    return xml_subset(shared / UN, groups)


def _sema(shared: Path) -> bytes:
    return xml_subset(shared / "lists/ca/sema-lmes_2020-04.xml", {".": ("record", 20)})


PARSERS: dict[str, tuple[Callable[[Path], bytes], Callable[..., ParseResult]]] = {
    "un_xml": (_un, un_xml.parse),
    "sema_xml": (_sema, sema_xml.parse),
    "eu_fsf": (lambda _: (DATA / "eu_fsf_sample.xml").read_bytes(), eu_fsf.parse),
    "uk_fcdo_xml": (
        lambda _: (DATA / "uk_sanctions_list_sample.xml").read_bytes(),
        uk_fcdo_xml.parse,
    ),
}
_MARK = "\ue000"
_INSERTS = {
    "comment": b"<!-- note -->",
    "pi": b"<?app x?>",
    "entity": b"&x;",
    "element": b"<b>Q</b>",
}


def _parsed(parse: Callable[..., ParseResult], path: Path) -> list[dict[str, object]]:
    return [e.to_dict() for e in parse([path]).entities]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fmt=st.sampled_from(sorted(PARSERS)), kind=st.sampled_from(sorted(_INSERTS)), data=st.data())
def test_markup_inside_any_text_field_is_read_whole_or_refused(
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    fmt: str,
    kind: str,
    data: st.DataObject,
) -> None:
    """Property: put a comment, a processing instruction, a declared entity reference or a
    child element at any point of any text field of a real file (EU FSF, UK: the fixtures).
    Comments and processing instructions leave every parsed entity exactly as it was; an
    entity reference or an element makes the parse fail with a SourceError."""
    make, parse = PARSERS[fmt]
    tmp = tmp_path_factory.mktemp(fmt)
    intact = make(shared_data)
    (tmp / "intact.xml").write_bytes(intact)
    root = etree.fromstring(intact)
    fields = [el for el in root.iter(tag=etree.Element) if len(el) == 0 and (el.text or "").strip()]
    el = data.draw(st.sampled_from(fields))
    text = el.text or ""
    cut = data.draw(st.integers(0, len(text)))
    el.text = text[:cut] + _MARK + text[cut:]
    body = etree.tostring(root, encoding="UTF-8").replace(_MARK.encode(), _INSERTS[kind])
    tag = root.tag.split("}")[-1]
    dtd = f'<!DOCTYPE {tag} [<!ENTITY x "Q">]>\n'.encode()
    (tmp / "changed.xml").write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n' + dtd + body)
    if kind in ("comment", "pi"):
        assert _parsed(parse, tmp / "changed.xml") == _parsed(parse, tmp / "intact.xml")
    else:
        with pytest.raises(SourceError):
            parse([tmp / "changed.xml"])
