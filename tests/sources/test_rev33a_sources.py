"""rev33a: what hostile33's unread-records rule still let through (docs/reliability.md,
"rev33a").

hostile33 counted an element among a section's records that is not its record (``<INDIVIDUALX>``
in ``<INDIVIDUALS>``) as a skipped record, so that a first load with most records unread stays
inactive. Two spellings of the same change passed it on main 78875550, each loading 273 of the
UN file's 1,003 records as the active list of a first load:

* the section renamed with its records (``<PERSONS>`` of ``<PERSON>``, as a changed format
  would write them): an unknown section, its records neither read nor counted (one warning);
* the renamed records inside one wrapper (``<INDIVIDUALS><GROUP>`` of 730 ``<PERSON>``): one
  skipped record of 274, under 5 %.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.sources import parse_files
from exportctl.store.activation import decide

UN_FILE = "lists/un/un_consolidated_2026-02-27.xml"
SEMA_FILE = "lists/ca/sema-lmes_2020-04.xml"


def _first_load(path: Path) -> tuple[int, int, int, bool]:
    """(entities, records read, skipped, active) of ``path`` as its source's first load."""
    (res,) = parse_files([path])
    verdict = decide(
        None,
        len(res.entities),
        None,
        skipped=len(res.skipped),
        records=res.records_seen,
    )
    return len(res.entities), res.records_seen, len(res.skipped), verdict.activate


@pytest.mark.parametrize(
    "swap",
    [
        # the section and its records renamed (an unknown section)
        [(b"INDIVIDUALS>", b"PERSONS>"), (b"INDIVIDUAL>", b"PERSON>")],
        # the renamed records inside one wrapper
        [
            (b"<INDIVIDUALS>", b"<INDIVIDUALS><GROUP>"),
            (b"</INDIVIDUALS>", b"</GROUP></INDIVIDUALS>"),
            (b"INDIVIDUAL>", b"PERSON>"),
        ],
    ],
    ids=["unknown-section", "wrapper"],
)
def test_renamed_un_records_anywhere_keep_a_first_load_inactive(
    shared_data: Path, tmp_path: Path, swap: list[tuple[bytes, bytes]]
) -> None:
    """Before: (273, 273, 0, True) and (273, 274, 1, True): the 730 persons gone, active."""
    data = (shared_data / UN_FILE).read_bytes()
    for old, new in swap:
        data = data.replace(old, new)
    damaged = tmp_path / "un.xml"
    damaged.write_bytes(data)
    assert _first_load(damaged) == (273, 1003, 730, False)


def test_renamed_sema_records_in_a_wrapper_are_each_a_skipped_record(
    shared_data: Path, tmp_path: Path
) -> None:
    """Before: 912 entities, 913 records read, 1 skipped: active."""
    parts = (shared_data / SEMA_FILE).read_bytes().split(b"<record>")
    kept = [b"<record>" + p for i, p in enumerate(parts[1:]) if i % 3]
    renamed = [
        b"<recordX>" + p.replace(b"</data-set>", b"").replace(b"</record>", b"</recordX>", 1)
        for i, p in enumerate(parts[1:])
        if not i % 3
    ]
    body = b"".join(kept).replace(b"</data-set>", b"")
    data = parts[0] + body + b"<group>" + b"".join(renamed) + b"</group></data-set>\n"
    damaged = tmp_path / "sema.xml"
    damaged.write_bytes(data)
    assert _first_load(damaged) == (912, 1369, 457, False)


def test_a_value_of_an_unknown_section_is_no_record(shared_data: Path, tmp_path: Path) -> None:
    """A section the parser does not know that holds plain values (no record's fields) is
    said (a warning), not counted among the records: the real list stays as it was."""
    data = (shared_data / UN_FILE).read_bytes()
    data = data.replace(b"<INDIVIDUALS>", b"<META><VERSION>2</VERSION></META><INDIVIDUALS>", 1)
    damaged = tmp_path / "un.xml"
    damaged.write_bytes(data)
    assert _first_load(damaged) == (1003, 1003, 0, True)
