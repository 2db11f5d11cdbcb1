"""The OFAC Remarks label table (package data) and the segments it gained: alt. former flags,
parenthesised notes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exportctl.sources.ofac_remarks import (
    IdentifierLabel,
    LabelTable,
    classify_label,
    label_table,
    parse_remarks,
)

# ROBOW, Mukhtar (SDN ent_num 11313), as published: the note restates the passport and national
# ID in a different shape, with "; " inside the parentheses.
_ROBOW = (
    "DOB 1969; alt. DOB 10 Oct 1969; POB Xudur, Somalia; alt. POB Keren, Eritrea; "
    "nationality Eritrea; Passport 0310857 (Eritrea) issued 21 Aug 2006 expires 20 Aug 2008; "
    "National ID No. 1372584 (Kenya); (Following data derived from an Eritrean passport issued "
    "under the alias name of Mukhtar Abdullahi Ali: Alt. DOB: 10 October 1969; Alt. POB: Keren "
    "Eritrea; nationality: Eritrean; National ID No.: 1372584, Kenya; Passport No.: 0310857, "
    "Eritrea, Issue Date 21 August 2006, Expire Date 20 August 2008); a.k.a. 'ABU MANSUR'; "
    "a.k.a. 'ABU MANSOUR'."
)


def test_table_loads_once_and_is_typed() -> None:
    table = label_table()
    assert isinstance(table, LabelTable)
    assert label_table() is table  # functools.cache: read from the package once
    assert all(isinstance(e, IdentifierLabel) for e in table.identifiers)
    assert {f.field for f in table.facts} == {
        "birth_date",
        "birth_place",
        "nationality",
        "citizenship",
        "gender",
        "flag",
    }
    for entries in (table.identifiers, table.properties):
        lengths = [len(e.label) for e in entries]
        assert lengths == sorted(lengths, reverse=True)  # longest label wins
    labels = [e.label for e in table.identifiers]
    assert len(labels) == len(set(labels))
    assert classify_label("Diplomatic Passport") == ("id", "passport")


def test_alt_former_vessel_flag() -> None:
    r = parse_remarks(
        "Former Vessel Flag Panama; alt. Former Vessel Flag Tanzania; "
        "Vessel Registration Identification IMO 9187629; MMSI 572469210"
    )
    assert r.properties["former_flag"] == ["Panama", "Tanzania"]
    assert r.countries == []  # a former flag is not a current link to the country
    assert r.other == []
    assert classify_label("alt. Former Vessel Flag") == ("prop", "former_flag")
    assert classify_label("Former Vessel Flag") == ("prop", "former_flag")


def test_note_spanning_segments_is_kept_whole() -> None:
    r = parse_remarks(_ROBOW)
    assert len(r.notes) == 1
    note = r.notes[0]
    assert note.startswith("(Following data derived from an Eritrean passport")
    assert note.endswith("Expire Date 20 August 2008)")
    assert "Alt. POB: Keren Eritrea; nationality: Eritrean" in note
    # the facts inside the note are not read a second time as malformed identifiers
    assert [(i.kind, i.value, i.country) for i in r.identifiers] == [
        ("passport", "0310857", "ER"),
        ("national_id", "1372584", "KE"),
    ]
    assert r.other == []
    assert {n.full for n in r.names} == {"ABU MANSUR", "ABU MANSOUR"}
    assert r.birth_places == ["Xudur, Somalia", "Keren, Eritrea"]


def test_single_segment_note_and_trailing_period() -> None:
    r = parse_remarks(
        "Website www.tajco-ltd.com; (Tradex Co. is a subsidiary of Tajco Company and operates "
        "from the same business address in Freetown, Sierra Leone as Tajco Company.)."
    )
    assert r.properties["website"] == ["www.tajco-ltd.com"]
    assert r.notes == [
        "(Tradex Co. is a subsidiary of Tajco Company and operates from the same business "
        "address in Freetown, Sierra Leone as Tajco Company.)"
    ]
    assert r.other == []


def test_unclosed_parenthesis_stays_split() -> None:
    r = parse_remarks("(unclosed note; Passport 123 (Egypt); Gender Female")
    assert r.other == ["(unclosed note"]
    assert [(i.kind, i.value, i.country) for i in r.identifiers] == [("passport", "123", "EG")]
    assert r.gender == "female"
    assert r.notes == []


@given(st.lists(st.sampled_from(["(", ")", "a", "; ", "DOB 1970", "x)"]), max_size=30))
def test_segments_keep_every_character(parts: list[str]) -> None:
    text = "".join(parts)
    r = parse_remarks(text)
    # whatever is grouped, notes are balanced and no note text is dropped or duplicated
    assert all(n.count("(") == n.count(")") for n in r.notes)
    assert sum(len(n) for n in r.notes) <= len(text)
