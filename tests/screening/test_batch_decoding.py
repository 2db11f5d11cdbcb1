"""Batch files decoded row by row: one bad byte, a BOM, a legacy encoding, quoted line breaks and
unparsable cells each touch only their own row, and every row still gets exactly one record."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, NameKind
from exportctl.screening.batch import MAX_RECORD_LINES, parse_row, read_rows, write_results
from exportctl.screening.runner import screen_rows
from exportctl.store import Store

HEADER = "id,name,type,country,birth_date\n"


def _arabic(un_entities: list[Entity], n: int = 20) -> list[tuple[str, str]]:
    """(source_id, Arabic-script name) of the first ``n`` UN entries that carry one."""
    out = []
    for e in un_entities:
        arab = [
            x.full for x in e.names if x.kind is NameKind.ORIGINAL_SCRIPT and x.script == "Arab"
        ]
        if arab and len(arab[0]) >= 8:
            out.append((e.source_id, arab[0]))
        if len(out) == n:
            break
    assert len(out) == n
    return out


def _csv_line(values: list[str]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue().encode("utf-8", "surrogateescape")


def _screen(store: Store, path: Path, encoding: str | None = None) -> list[dict]:
    out = path.with_suffix(".out.jsonl")
    write_results(out, screen_rows(store, list(read_rows(path, encoding))))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_one_bad_byte_affects_only_its_row(
    tmp_path: Path, un_store: Store, un_entities: list[Entity]
) -> None:
    """The issue's case: 20 Arabic-script UN names and one non-UTF-8 byte → 20/20 hits."""
    names = _arabic(un_entities)
    body = [_csv_line([f"a{i}", name, "", "", ""]) for i, (_, name) in enumerate(names)]
    body.insert(10, b"bad1,Caf\xe9 Trading,,,\n")  # cp1252 in the name: not screenable as is
    # the same bad byte in the country cell of a listed name
    body.append(_csv_line(["a20", names[0][1], "", "Syri\udce9", ""]))
    p = tmp_path / "in.csv"
    p.write_bytes(HEADER.encode() + b"".join(body))
    recs = _screen(un_store, p)
    assert len(recs) == 22
    by_id = {r["id"]: r for r in recs}
    for i, (sid, _) in enumerate(names):
        rec = by_id[f"a{i}"]
        assert rec["error"] is None and rec["warnings"] == []
        assert sid in {m["source_id"] for m in rec["matches"]}, (sid, rec)
    assert "0xE9" in by_id["bad1"]["error"] and "--encoding" in by_id["bad1"]["error"]
    assert by_id["bad1"]["matches"] == []
    # The bad byte in the country cell: the name is still screened, the row is flagged.
    tail = by_id["a20"]
    assert tail["error"] is None and names[0][0] in {m["source_id"] for m in tail["matches"]}
    assert any("country" in w and "0xE9" in w for w in tail["warnings"])


def test_the_byte_order_mark_decides(tmp_path: Path, un_store: Store) -> None:
    text = HEADER + "1,Müller Ünal,,,\n2,ОСАМА,,,\n"
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        p = tmp_path / f"{codec}.csv"
        p.write_bytes(bom + text.encode(codec))
        rows = list(read_rows(p))
        assert [r.fields["name"] for r in rows] == ["Müller Ünal", "ОСАМА"], codec
        assert all(r.error is None and not r.warnings for r in rows)
    with pytest.raises(Exception, match="byte-order mark"):
        list(read_rows(tmp_path / "utf-16-le.csv", "cp1252"))


def test_legacy_encoding_is_used_when_given(tmp_path: Path) -> None:
    p = tmp_path / "legacy.csv"
    p.write_bytes((HEADER + "1,Müller Société,,Österreich,\n").encode("cp1252"))
    (plain,) = read_rows(p)  # as UTF-8: the name is not text, the row is an error
    assert plain.error is not None and "0xFC" in plain.error
    (legacy,) = read_rows(p, "cp1252")
    assert legacy.error is None and legacy.fields["name"] == "Müller Société"
    assert parse_row(legacy.fields)[0].country == "AT"
    with pytest.raises(Exception, match="unknown encoding"):
        list(read_rows(p, "klingon-8"))


def test_quoted_line_break_is_one_row(
    tmp_path: Path, un_store: Store, un_entities: list[Entity]
) -> None:
    target = next(e for e in un_entities if len(e.caption.split()) >= 3)
    words = target.caption.split()
    broken = " ".join(words[:1]) + "\r\n" + " ".join(words[1:])
    p = tmp_path / "in.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.writer(fh)
        w.writerow(["r1", "Quiet Customer", "", "", ""])
        w.writerow(["r2", broken, "", "", ""])
        w.writerow(["r3", "Another Quiet Customer", "", "", ""])
    recs = _screen(un_store, p)
    assert [r["id"] for r in recs] == ["r1", "r2", "r3"]
    assert target.source_id in {m["source_id"] for m in recs[1]["matches"]}
    assert any("line break" in w for w in recs[1]["warnings"])
    assert recs[2]["matches"] == [] and recs[2]["error"] is None


def test_an_unclosed_quote_costs_one_row_only(tmp_path: Path) -> None:
    lines = [f"{i},Name {i},,," for i in range(MAX_RECORD_LINES * 2)]
    lines[3] = '3,"Open quote never closed,,,'
    lines[9] = '9,"Doe, Jane",,,'  # a later quoted cell must not close the stray one
    p = tmp_path / "in.csv"
    p.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    rows = list(read_rows(p))
    assert len(rows) == len(lines)
    assert [r.id for r in rows if r.error] == ["3"]
    assert rows[9].fields["name"] == "Doe, Jane"


def test_unparsable_cells_are_warnings_and_the_name_is_screened(
    tmp_path: Path, un_store: Store, un_entities: list[Entity]
) -> None:
    person = next(e for e in un_entities if e.type.value == "person")
    p = tmp_path / "in.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.writer(fh)
        w.writerow(["c1", person.caption, "person", "(1) Somalia. (2) Sweden", ""])
        w.writerow(["c2", person.caption, "human being", "Narnia", "31/31/1970"])
        w.writerow(["c3", person.caption, "", "Somalia; Narnia", "1955; 1957"])
    recs = _screen(un_store, p)
    assert len(recs) == 3
    for rec in recs:
        assert rec["error"] is None, rec
        assert person.source_id in {m["source_id"] for m in rec["matches"]}, rec
        assert rec["warnings"], rec
    assert "SO, SE" in recs[0]["warnings"][0]
    assert len(recs[1]["warnings"]) == 3  # type, country, date
    q, warns = parse_row({"name": "x", "country": "Somalia; Narnia", "birth_date": "1955; 1957"})
    assert q.country == "SO" and q.birth_date is not None
    assert q.birth_date.iso() == "1955/1957" and len(warns) == 2


def test_output_contract(tmp_path: Path, un_store: Store) -> None:
    p = tmp_path / "in.csv"
    p.write_text(HEADER + "1,Acme,,Atlantis,\n,,,,\n", encoding="utf-8")
    for suffix in (".jsonl", ".csv"):
        out = tmp_path / f"out{suffix}"
        write_results(out, screen_rows(un_store, list(read_rows(p))))
        if suffix == ".jsonl":
            recs = [json.loads(x) for x in out.read_text().splitlines()]
            assert [set(r) for r in recs] == [{"id", "matches", "error", "warnings"}] * 2
            assert recs[0]["warnings"] and recs[1]["error"] == "missing name"
        else:
            rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
            assert len(rows) == 2 and "Atlantis" in json.loads(rows[0]["warnings"])[0]


def test_xlsx_and_jsonl_rows_carry_warnings(tmp_path: Path, un_store: Store) -> None:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "name", "country", "birth_date"])
    ws.append(["x1", "Acme", "(1) Somalia. (2) Sweden", dt.datetime(1970, 5, 1)])
    wb.save(tmp_path / "in.xlsx")
    (rec,) = _screen(un_store, tmp_path / "in.xlsx")
    assert rec["error"] is None and len(rec["warnings"]) == 1  # the date cell is a date
    p = tmp_path / "in.jsonl"
    p.write_text(
        '{"id": "j1", "name": "Bad \\ud800 name"}\n{"id": "j2", "name": "Acme", "country": "XX1"}\n'
    )
    bad, warned = _screen(un_store, p)
    assert bad["error"] is not None and "surrogate" in bad["error"]
    assert warned["error"] is None and warned["warnings"]


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30).filter(
    lambda s: s.count("\n") + s.count("\r") < MAX_RECORD_LINES // 2
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_cell, _cell), min_size=1, max_size=20))
def test_any_csv_written_by_a_csv_writer_reads_back_row_for_row(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str]]
) -> None:
    """RFC 4180 round trip: quotes, commas and line breaks in cells never split or merge rows."""
    p = tmp_path_factory.mktemp("rt") / "in.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        w.writerows(rows)
    got = list(read_rows(p))
    assert len(got) == len(rows)
    for row, (rid, name) in zip(got, rows, strict=True):
        if row.error == "empty row":  # a writer may leave a row of blank cells blank
            assert not (rid.strip() or name.strip())
            continue
        assert row.error is None, (row, rid, name)
        assert row.fields["name"] == name.strip() and row.fields["id"] == rid.strip()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="abc xyzÄ€中", min_size=1, max_size=12), min_size=2, max_size=15),
    st.integers(min_value=0),
    st.binary(min_size=1, max_size=4),
)
def test_bad_bytes_in_one_row_leave_the_others_intact(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], at: int, junk: bytes
) -> None:
    victim = at % len(names)
    lines = [f"{i},{n}\n".encode() for i, n in enumerate(names)]
    lines[victim] = lines[victim][:-1] + b" " + junk.replace(b"\n", b"").replace(b"\r", b"") + b"\n"
    p = tmp_path_factory.mktemp("bb") / "in.csv"
    p.write_bytes(b"id,name\n" + b"".join(lines))
    rows = list(read_rows(p))
    assert len(rows) == len(names)
    for i, (row, name) in enumerate(zip(rows, names, strict=True)):
        if i != victim:
            assert row.error is None and not row.warnings and row.fields["name"] == name.strip()
