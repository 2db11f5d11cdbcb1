"""red29: batch inputs and the command line attacked at their edges, each with the exact input
of a find (docs/reliability.md, "red29")."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.errors import InputError
from exportctl.screening.batch import parse_row, read_rows, text_rows, write_results
from exportctl.screening.runner import screen_rows
from exportctl.store import Store

runner = CliRunner()


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        (".csv", b""),
        (".csv", codecs.BOM_UTF8),
        (".tsv", b"\r\n\n"),
        (".jsonl", b""),
        (".jsonl", b"\n \n"),
        (".json", b""),
        (".csv", codecs.BOM_UTF16_LE),
    ],
)
def test_an_empty_file_is_refused_not_a_clean_run_of_no_rows(
    tmp_path: Path, suffix: str, data: bytes
) -> None:
    """Before: a 0-byte CSV or JSONL (an export cut off) was read as no rows — the command line
    said ``rows: 0, errors: 0`` and exited 0, Spark likewise; only the web upload refused it."""
    p = tmp_path / f"in{suffix}"
    p.write_bytes(data)
    with pytest.raises(InputError, match="the file is empty"):
        list(read_rows(p))
    with pytest.raises(InputError, match="the file is empty"):
        list(text_rows(data, suffix))  # (Spark's executors read a file's bytes so)


def test_a_header_alone_and_an_empty_json_array_are_still_read_as_no_rows(tmp_path: Path) -> None:
    """What the refusal must not take: a file that says its columns, or an explicit empty
    array, is a population of none — stated, not cut off."""
    assert list(text_rows(b"id,name\n", ".csv")) == []
    assert list(text_rows(b"[]", ".json")) == []


def test_the_command_line_refuses_an_empty_batch_file(tmp_path: Path, un_store: Store) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_bytes(b"")
    db = str(un_store.engine.url)
    res = runner.invoke(app, ["--db", db, "screen", "--input", str(src), "--output", str(out)])
    assert res.exit_code == 2, res.output
    assert "the file is empty" in res.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["screen", "Dokka \udce9Umarov"], "argument NAME"),
        (["screen", "Dokka Umarov", "--identifier", "P\udce912345"], "--identifier"),
        (["determine", "-j", "un", "-i", "EAR99", "--to", "CN", "--end-user", "Eric\udce9"],
         "--end-user"),
        (["classify", "pump\udce9"], "argument TEXT"),
    ],
)  # fmt: skip
def test_an_argument_that_is_not_utf8_is_refused_not_a_traceback(
    un_store: Store, args: list[str], named: str
) -> None:
    """Before: ``exportctl screen $'Dokka \\xe9Umarov'`` (é typed in a Latin-1 terminal: Python
    reads the byte as U+DCE9) ended in a UnicodeEncodeError traceback at the query's hash;
    ``determine --end-user`` and ``classify`` likewise."""
    res = runner.invoke(app, ["--db", str(un_store.engine.url), *args])
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert f"{named}: byte 0xE9 is not text" in res.stderr


def test_a_file_name_that_is_not_utf8_is_still_a_file_name(tmp_path: Path, un_store: Store) -> None:
    """What the refusal must not take: a file's name is bytes, ``café.csv`` from a Latin-1
    system is that file (here an empty one: read, and refused for what it holds)."""
    name = "caf\udce9.csv"
    (tmp_path / name).write_bytes(b"")
    args = ["--db", str(un_store.engine.url), "screen", "--input", str(tmp_path / name)]
    res = runner.invoke(app, [*args, "--output", str(tmp_path / "out\udce9.jsonl")])
    assert res.exit_code == 2, res.output
    assert "the file is empty" in res.stderr and "not text" not in res.stderr


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])
def test_the_web_upload_takes_wide_text_with_its_byte_order_mark_as_the_cli_does(
    bom: bytes,
) -> None:
    """Before: Excel's "Unicode Text" (UTF-16 with a byte-order mark, tabs) was refused by the
    web upload as "binary content in a text file" — its every other byte is NUL — while the
    command line screened it: one file, two answers."""
    from exportctl.web.jobs import check_upload

    codec = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}.get(
        bom, "utf-32-le"
    )
    data = bom + "id\tname\n1\tEric Badege\n".encode(codec)
    assert check_upload("kunden.txt", data) == ".txt"
    (row,) = text_rows(data, ".txt")
    assert row.fields["name"] == "Eric Badege" and row.error is None
    with pytest.raises(InputError, match="binary content"):
        check_upload("kunden.txt", b"id\x00name\n")  # (NUL without a mark: still refused)


@pytest.mark.parametrize(
    ("encoding", "why"),
    [
        ("utf-16", "is not utf-16 text (truncated data"),  # an odd number of bytes
        ("utf-32", "is not utf-32 text"),
        ("rot13", "'rot13' is not a text encoding"),
        ("base64", "'base64' is not a text encoding"),
    ],
)
def test_an_encoding_that_cannot_read_the_file_is_a_refusal_not_a_traceback(
    tmp_path: Path, encoding: str, why: str
) -> None:
    """Before: ``--encoding utf-16`` on a UTF-8 file of odd length ended in UnicodeDecodeError
    (surrogateescape does not cover a truncated last unit), ``--encoding rot13`` in
    LookupError: tracebacks from the command line and from Spark's executors."""
    p = tmp_path / "in.csv"
    p.write_bytes(b"id,name\n1,Dokka Umarov\n")  # (23 bytes)
    with pytest.raises(InputError, match=why.replace("(", r"\(")):
        list(read_rows(p, encoding))


def test_the_output_may_not_be_the_input_nor_in_a_missing_folder(
    tmp_path: Path, un_store: Store
) -> None:
    """Before: ``screen --input a.csv --output a.csv`` overwrote the customers' file with the
    results, silently (``rescreen`` likewise); an output in a folder that does not exist was a
    FileNotFoundError traceback."""
    src = tmp_path / "a.csv"
    data = b"id,name\n1,Eric Badege\n"
    src.write_bytes(data)
    db = ["--db", str(un_store.engine.url)]
    for args in (
        ["screen", "--input", str(src), "--output", str(src)],
        ["screen", "--input", str(src), "--output", str(tmp_path / "." / "a.csv")],
        ["rescreen", "--since-snapshot", "1", "--input", str(src), "--output", str(src)],
    ):
        res = runner.invoke(app, [*db, *args])
        assert res.exit_code == 2, (args, res.output)
        assert "the output is the input file" in res.stderr
        assert src.read_bytes() == data
    res = runner.invoke(
        app, [*db, "screen", "--input", str(src), "--output", str(tmp_path / "no" / "o.csv")]
    )
    assert res.exit_code == 2 and "does not exist" in res.stderr, res.output


@pytest.mark.parametrize(
    ("header", "row", "column"),
    [
        ("Name,Alias", "Eric Badege,Dokka Umarov", "alias"),
        ("name,AKA", "Acme Ltd,Dokka Umarov", "aka"),
        ("Shipper,Consignee", "Dokka Umarov,Eric Badege", "shipper"),
        ("Company,Director", "Acme Ltd,Dokka Umarov", "director"),
    ],
)
def test_a_filled_column_of_another_name_is_screened_not_passed_over(
    tmp_path: Path, un_store: Store, header: str, row: str, column: str
) -> None:
    """Before red29: the row's name was screened and the listed name in the ``Alias``
    (``AKA``, ``Shipper``, ``Director``) column beside it was read by nothing, without a word.
    red29 warned of it; since batch30 it is screened, and the match says which column and name
    found it."""
    p = tmp_path / "in.csv"
    p.write_bytes(f"{header}\n{row}\n".encode())
    out = tmp_path / "out.jsonl"
    write_results(out, screen_rows(un_store, list(read_rows(p))))
    (rec,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    found = {m["source_id"]: m for m in rec["matches"]}
    hit = found.get("QDi.290")  # (Doku Khamatovich Umarov, a.k.a. Dokka Umarov)
    assert hit is not None, rec
    assert hit["matched_input"] == {"column": column, "name": "Dokka Umarov"}
    assert not any("not screened" in w for w in rec["warnings"]), rec["warnings"]


def test_a_column_of_another_name_holding_no_name_says_nothing() -> None:
    (r,) = text_rows(b"name,AKA,Owner,Notes\nEric Badege,12345,N/A,Dokka Umarov\n", ".csv")
    assert parse_row(r.fields)[1] == []  # (a number, a placeholder; `notes` is no name column)
