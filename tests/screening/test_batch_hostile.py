"""Hostile batch files: every row comes out once, and a row that cannot be screened says so.

test_batch_io.py and test_batch_decoding.py read text lines and well-formed CSV; these tests
draw raw bytes (NUL, stray CR, invalid UTF-8, a BOM in mid-file, quotes that never close) and
records whose name is not a string, and screen them end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import InputError
from exportctl.screening.batch import read_rows, write_results
from exportctl.screening.runner import screen_rows
from exportctl.store import Store


def _screen(store: Store, path: Path) -> list[dict]:
    out = path.with_suffix(".out.jsonl")
    write_results(out, screen_rows(store, list(read_rows(path))))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    """Found by fuzzing: ``id,name,Name`` read both cells into one key and the last won, so
    the names of the first column were never screened."""
    p = tmp_path / "in.csv"
    p.write_bytes(b"id,name,Name\n1,Dokka Umarov,\n2,,Eric Badege\n")
    with pytest.raises(InputError, match="'name' more than once"):
        list(read_rows(p))


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (True, "a boolean"),
        (12345, "a number"),
        (["Dokka Umarov", "Eric Badege"], "a list"),
        ({"first": "Dokka", "last": "Umarov"}, "an object"),
    ],
)
def test_a_json_name_that_is_not_text_is_an_error_row(
    tmp_path: Path, un_store: Store, value: object, why: str
) -> None:
    """Found by fuzzing: ``"name": true`` was screened as 'True' and cleared; a list or an
    object was screened as its Python repr."""
    p = tmp_path / "in.jsonl"
    rows = [{"id": "x", "name": value}, {"id": "y", "name": "Eric Badege"}]
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    recs = _screen(un_store, p)
    assert [r["id"] for r in recs] == ["x", "y"]
    assert why in recs[0]["error"] and recs[0]["matches"] == []
    assert recs[1]["error"] is None and recs[1]["matches"][0]["source_id"] == "CDi.001"


def test_a_json_record_with_two_name_keys_is_an_error_row(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": 1, "name": "Omar Patek", "Name": "x"}\n', encoding="utf-8")
    (row,) = read_rows(p)
    assert row.error is not None and "more than one name" in row.error


def test_a_parquet_name_that_is_not_text_is_an_error_row(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "name": [1970, None]}), p)
    rows = list(read_rows(p))
    assert rows[0].error is not None and "a number" in rows[0].error
    assert rows[1].error is None  # (a missing name: row_query says so)


def test_jsonl_output_holds_no_unicode_line_break(tmp_path: Path, un_store: Store) -> None:
    """Found by fuzzing: an id or name holding U+2028 (or U+2029, NEL) was written raw into
    its JSON line, and a reader splitting lines the Unicode way (str.splitlines, older
    JavaScript) cut that record in two."""
    p = tmp_path / "in.csv"
    p.write_bytes("id,name\nc\u20281,Eric\u2029Badege\nc\x852,Omar Patek\n".encode())
    out = tmp_path / "out.jsonl"
    write_results(out, screen_rows(un_store, list(read_rows(p))))
    text = out.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 2
    recs = [json.loads(line) for line in text.splitlines()]
    assert [r["id"] for r in recs] == ["c\u20281", "c\x852"]


# Bytes a hostile or broken file holds, none of them a quote or a line feed: each line is
# exactly one row.
_NOISE = st.sampled_from(
    [b"\x00", b"\r", b"\xef\xbb\xbf", b"\xff", b"\xe9", b"\xc3", b"\xe2\x80\xa8", b"\xc2\x85",
     b"\xe2\x80\x8b", b",", b";", b"\t", b" ", b"'", b"\\", b"=", b"Dokka Umarov",
     b"\xd0\x9e\xd0\xbc\xd0\xb0\xd1\x80", b"\xf0\x9f\x98\x80", b"A" * 600]
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(st.lists(_NOISE, max_size=6).map(b"".join), min_size=1, max_size=12))
def test_any_bytes_without_quotes_give_one_record_per_line(
    tmp_path_factory: pytest.TempPathFactory, un_store: Store, lines: list[bytes]
) -> None:
    p = tmp_path_factory.mktemp("h") / "in.csv"
    p.write_bytes(b"id,name\n" + b"\n".join(lines) + b"\n")
    recs = _screen(un_store, p)
    # A CR inside a line divides it (a writer's CR line end): one error row per part, so no
    # row's id is lost (test_a_bare_cr_between_rows_loses_no_row).
    parts = [_cr_parts(line) for line in lines]
    assert len(recs) == sum(len(ps) for ps in parts)
    it = iter(recs)
    for line, ps in zip(lines, parts, strict=True):
        for _ in ps:
            rec = next(it)
            # a row is screened, or it says why not: a line with no name is never a silent clear
            assert rec["error"] is not None or rec["matches"] or b"," in line, (line, rec)
            if len(ps) > 1:
                assert rec["error"] is not None and not rec["matches"]


def _cr_parts(line: bytes) -> list[bytes]:
    if not line.decode("utf-8", "replace").strip():
        return [line]  # (a blank line, CRs included, is one empty row)
    kept = line.rstrip(b"\r")
    return kept.split(b"\r") if b"\r" in kept else [line]


def test_a_bare_cr_between_rows_loses_no_row(tmp_path: Path, un_store: Store) -> None:
    """fuzz20's report: a bare CR ending a row joined it with the next into one error row, and
    the second row's id was not in the output. Each part is now an error row of its own (none
    screened: a CR may as well sit inside a name), and a file whose lines all end in CR alone
    (classic Mac OS) is read line by line."""
    p = tmp_path / "mixed.csv"
    p.write_bytes(b"id,name\n1,Alpha\r2,Eric Badege\n3,Dokka Umarov\n")
    recs = _screen(un_store, p)
    assert [r["id"] for r in recs] == ["1", "2", "3"]
    assert recs[0]["error"] and recs[1]["error"] and not recs[1]["matches"]
    assert "carriage return" in recs[1]["error"]
    assert recs[2]["matches"][0]["source_id"] == "QDi.290"
    mac = tmp_path / "mac.csv"
    mac.write_bytes(b"id,name\r1,Eric Badege\r2,Dokka Umarov\r")
    recs = _screen(un_store, mac)
    assert [(r["id"], r["matches"][0]["source_id"]) for r in recs] == [
        ("1", "CDi.001"),
        ("2", "QDi.290"),
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.lists(st.sampled_from([b'"', b'""', b",", b"\r", b"x", b"Eric Badege"]), max_size=5).map(
            b"".join
        ),
        min_size=1,
        max_size=10,
    )
)
def test_quotes_anywhere_lose_no_row(
    tmp_path_factory: pytest.TempPathFactory, un_store: Store, lines: list[bytes]
) -> None:
    """Quotes opened and never closed, closed mid-cell, doubled: the rows come out numbered
    in order, never more than the lines, and a line after a stray quote is still read."""
    p = tmp_path_factory.mktemp("q") / "in.csv"
    body = [b"1,Dokka Umarov", *lines, b"2,Eric Badege"]
    p.write_bytes(b"id,name\n" + b"\n".join(body) + b"\n")
    rows = list(read_rows(p))
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    assert len(rows) <= sum(len(_cr_parts(line)) for line in body)  # (a CR divides a line)
    recs = _screen(un_store, p)
    assert len(recs) == len(rows)
    assert recs[0]["id"] == "1" and recs[0]["matches"][0]["source_id"] == "QDi.290"
    last = recs[-1]
    # The last line is its own row unless a quote spanning lines swallowed it — then the row
    # holding it is flagged (a line break inside a quoted cell is a warning).
    assert (
        (last["id"] == "2" and last["matches"][0]["source_id"] == "CDi.001")
        or last["warnings"]
        or last["error"]
    ), last
