"""hostile33: list files damaged so that they still parse (docs/reliability.md, "hostile33").

* A record element renamed (``<INDIVIDUALX>`` among the UN file's INDIVIDUALs, ``<recordX>``
  in SEMA's data-set) was passed over without a word: the file loaded fewer entities with no
  issue, and as a source's first load (no active snapshot for the shrink guard) it was
  active. Each such element is now a skipped record, counted among the records read.
* A record whose every name is invisible (zero-width and bidi characters) loaded with no
  issue, a listed party no screen by name can find; now a warning names it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.sources import parse_files

UN_FILE = "lists/un/un_consolidated_2026-02-27.xml"
SEMA_FILE = "lists/ca/sema-lmes_2020-04.xml"


def _parse(path: Path) -> tuple[int, int, list[str]]:
    (res,) = parse_files([path])
    return len(res.entities), res.records_seen, [i.reason for i in res.skipped]


def test_renamed_un_records_are_skipped_records_not_passed_over(
    shared_data: Path, tmp_path: Path
) -> None:
    """Before: 273 entities, 273 records read, 0 issues (the 730 INDIVIDUALs renamed)."""
    src = (shared_data / UN_FILE).read_bytes()
    damaged = tmp_path / "un.xml"
    damaged.write_bytes(
        src.replace(b"<INDIVIDUAL>", b"<INDIVIDUALX>").replace(b"</INDIVIDUAL>", b"</INDIVIDUALX>")
    )
    entities, seen, skipped = _parse(damaged)
    assert (entities, seen, len(skipped)) == (273, 1003, 730)
    assert skipped[0] == (
        "<INDIVIDUALX> in <INDIVIDUALS> is no <INDIVIDUAL>: a record this parser cannot read, "
        "not loaded"
    )


def test_renamed_sema_records_are_skipped_records_not_passed_over(
    shared_data: Path, tmp_path: Path
) -> None:
    """Before: 912 entities of 1,369, 912 records read, 0 issues."""
    parts = (shared_data / SEMA_FILE).read_bytes().split(b"<record>")
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        renamed = i % 3 == 0
        out += (
            b"<recordX>" + part.replace(b"</record>", b"</recordX>", 1)
            if renamed
            else (b"<record>" + part)
        )
    damaged = tmp_path / "sema.xml"
    damaged.write_bytes(out)
    entities, seen, skipped = _parse(damaged)
    assert (entities, seen, len(skipped)) == (912, 1369, 457)
    assert skipped[0].startswith("<recordX> in <data-set> is no <record>")


@cache
def _un_head(shared_data: Path, individuals: int, entities: int) -> bytes:
    """The UN file's first ``individuals`` INDIVIDUALs and ``entities`` ENTITYs, well formed."""
    text = (shared_data / UN_FILE).read_bytes()
    head = text[: text.index(b"<INDIVIDUALS>") + len(b"<INDIVIDUALS>")]
    people = re.findall(rb"<INDIVIDUAL>.*?</INDIVIDUAL>", text, re.S)[:individuals]
    orgs = re.findall(rb"<ENTITY>.*?</ENTITY>", text, re.S)[:entities]
    return (
        head + b"".join(people) + b"</INDIVIDUALS><ENTITIES>" + b"".join(orgs)
        + b"</ENTITIES></CONSOLIDATED_LIST>\n"
    )  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    renamed=st.lists(st.booleans(), min_size=12, max_size=12),
    tag=st.sampled_from(["INDIVIDUALX", "Individual", "ENTITY_V2", "record", "INDIVIDUALS"]),
    comment=st.booleans(),
)
def test_every_record_of_a_un_file_is_an_entity_or_a_skipped_record(
    shared_data: Path, renamed: list[bool], tag: str, comment: bool
) -> None:
    """Whatever elements of the two sections are renamed: entities + skipped == records read,
    and one skipped record per renamed element (a comment among them is no record)."""
    import tempfile

    data = _un_head(shared_data, 8, 4)
    count = iter(renamed)
    pattern = re.compile(rb"<(INDIVIDUAL|ENTITY)>(.*?)</\1>", re.S)

    def rename(m: re.Match[bytes]) -> bytes:
        if next(count):
            return b"<" + tag.encode() + b">" + m.group(2) + b"</" + tag.encode() + b">"
        return m.group(0)

    damaged = pattern.sub(rename, data)
    if comment:
        damaged = damaged.replace(b"<INDIVIDUALS>", b"<INDIVIDUALS><!-- x --><?pi y?>", 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "un.xml"
        path.write_bytes(damaged)
        entities, seen, skipped = _parse(path)
    gone = sum(renamed)
    assert seen == 12 and entities + len(skipped) == seen
    assert sum(" is no <" in r for r in skipped) == gone


def test_a_record_named_only_in_invisible_characters_is_said(
    shared_data: Path, tmp_path: Path
) -> None:
    """Before: loaded with 0 issues — ERIC BADEGE (CDi.001) written in zero-width and bidi
    characters alone, a listed party no screen by name reaches."""
    src = (shared_data / UN_FILE).read_bytes()
    damaged = tmp_path / "un.xml"
    first = "<FIRST_NAME>\u200b\u200d</FIRST_NAME>".encode()
    second = "<SECOND_NAME>\u2066\u2069</SECOND_NAME>".encode()
    damaged.write_bytes(
        src.replace(b"<FIRST_NAME>ERIC</FIRST_NAME>", first, 1).replace(
            b"<SECOND_NAME>BADEGE</SECOND_NAME>", second, 1
        )
    )
    (res,) = parse_files([damaged])
    said = [i for i in res.issues if i.location == "record CDi.001"]
    assert [i.severity for i in said] == ["warning"]
    assert said[0].reason.startswith("no name a screen can read")
    assert len(res.entities) == 1003  # (kept: its identifiers may still find it)


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u2066\u2067\u2068\u2069\u202a\u202e\u3164\uffa0\u115f\u1160\ufe0f\U000e0041\U000e0100\u034f\u17b4\u180b \u3000"  # noqa: E501


@given(
    invisible=st.text(st.sampled_from(_INVISIBLE), min_size=1, max_size=12),
    letter=st.characters(categories=["Lu", "Ll", "Lo", "Nd"]),
    at=st.integers(0, 12),
)
def test_a_name_is_unreadable_exactly_when_it_holds_no_letter_nor_digit(
    invisible: str, letter: str, at: int
) -> None:
    from exportctl.sources._sanitise import _unreadable  # (hostile33's: not on the base)
    from exportctl.text.tokenize import strip_format

    assert _unreadable(invisible)
    with_letter = invisible[:at] + letter + invisible[at:]
    # (a letter NFKC or the unmasking reads as nothing: a Hangul filler is category Lo)
    assert _unreadable(with_letter) == (not any(c.isalnum() for c in strip_format(with_letter)))
    assert not _unreadable("ERIC" + invisible)


def test_a_first_load_with_most_records_unread_is_kept_inactive(
    shared_data: Path, tmp_path: Path
) -> None:
    """Before: the renamed UN file, as a source's first load, was active with 273 of its 1,003
    records (no active snapshot for the shrink guard). Now more than 5 % of the records read
    skipped keeps it inactive unless accepted; one record without a name does not."""
    from exportctl.store import open_store
    from exportctl.store.activation import decide

    src = (shared_data / UN_FILE).read_bytes()
    damaged = tmp_path / "un.xml"
    damaged.write_bytes(
        src.replace(b"<INDIVIDUAL>", b"<INDIVIDUALX>").replace(b"</INDIVIDUAL>", b"</INDIVIDUALX>")
    )
    (res,) = parse_files([damaged])
    store = open_store(str(tmp_path / "db.sqlite"))
    snap = store.load(res, sha256="1" * 64)
    assert not snap.active
    assert snap.note is not None and snap.note.startswith(
        "unread: 730 of the 1,003 records read could not be loaded"
    )
    accepted = decide("2026-02-27", 273, None, skipped=730, records=1003, accept_shrink=True)
    assert accepted.activate and accepted.note is not None and "accepted" in accepted.note
    assert decide("2026-02-27", 1002, None, skipped=1, records=1003).activate
    assert decide("2026-02-27", 95, None, skipped=5, records=100).activate  # (5 %: the tolerance)
    assert not decide("2026-02-27", 94, None, skipped=6, records=100).activate
