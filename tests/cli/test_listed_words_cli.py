"""`exportctl screen` says a listed company's distinctive word in a name that did not match
(screening/listed_words.py; word30): a ``note:`` line in the human answer, ``listed_words`` in
``--json``, in the ledger record of a single screen and of a batch row, and one more column at
the end of a batch CSV — never a match, and no note where the name holds no such word."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.model import Entity, EntityType, Name
from exportctl.sources.base import ParseResult
from exportctl.store import open_store

runner = CliRunner()
# A coined word of one listed group (its own listing and a listed subsidiary), as ROSNEFT is.
GROUP = [("O1", "ZORBANEX"), ("O2", "ZORBANEX LEASING LLC")]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("lw") / "lw.sqlite")
    ents = [Entity("un_sc", i, EntityType.ORGANIZATION, [Name(n)]) for i, n in GROUP]
    open_store(path).load(
        ParseResult("un_sc", "un_xml", ents, published=date.today(), records_seen=len(ents)),
        sha256="0" * 64,
    )
    return path


def _screen(db: str, *args: str) -> Any:
    res = runner.invoke(app, ["--db", db, "screen", *args])
    assert res.exit_code == 0, res.stderr
    return res


def test_the_human_answer_has_a_note_line(db: str) -> None:
    res = _screen(db, "Zorbanex Marketing")
    text = " ".join(res.stdout.split())
    assert "No match" in text  # (the answer stands: a note is no match)
    assert "note: contains ZORBANEX, the distinctive word of the listed ZORBANEX (un_sc O1" in text
    assert "may be related or owned: check ownership" in text
    assert "note:" not in _screen(db, "John Smith").stdout


def test_json_has_listed_words_only_when_noted(db: str) -> None:
    out = json.loads(_screen(db, "Zorbanex Marketing", "--json").stdout)
    assert out["matches"] == []
    (note,) = out["listed_words"]
    assert (note["word"], note["source"], note["source_id"]) == ("Zorbanex", "un_sc", "O1")
    assert note["entity_type"] == "organization" and note["holders"] == 2
    assert note["message"].startswith("contains ZORBANEX")
    assert "listed_words" not in json.loads(_screen(db, "John Smith", "--json").stdout)
    # the listed name itself: a match, and no note beside it
    found = json.loads(_screen(db, "Zorbanex", "--json").stdout)
    assert found["matches"] and "listed_words" not in found


def _recorded(db: str) -> list[dict[str, Any]]:
    """Every screening record's result, read back through ``ledger show``."""
    out: list[dict[str, Any]] = []
    seq = 0
    while True:
        res = runner.invoke(app, ["--db", db, "ledger", "show", str(seq), "--json"])
        if res.exit_code != 0:
            return out
        shown = json.loads(res.stdout)
        if shown["entry"]["kind"] == "screening":
            out.append(shown["record"])
        seq += 1


def test_the_ledger_records_the_note_of_a_screen_and_of_a_batch_row(
    db: str, tmp_path: Path
) -> None:
    _screen(db, "Zorbanex Marketing")
    src = tmp_path / "in.csv"
    src.write_text("id,name\na,Zorbanex Shipping\nb,John Smith\n", encoding="utf-8")
    dst = tmp_path / "out.csv"
    _screen(db, "--input", str(src), "--output", str(dst))
    records = _recorded(db)
    by_name = {r["inputs"]["name"]: r for r in records}  # (the latest record of each name)
    for r in (by_name["Zorbanex Marketing"], by_name["Zorbanex Shipping"]):  # (screen, row a)
        (item,) = r["result"]["listed_words"]
        assert item["source_id"] == "O1" and item["message"].startswith("contains ZORBANEX")
    assert "listed_words" not in by_name["John Smith"]["result"]
    # the batch CSV: one more column at the end, empty where no note
    rows = list(csv.DictReader(io.StringIO(dst.read_text(encoding="utf-8"))))
    assert list(rows[0])[-1] == "listed_words"
    assert json.loads(rows[0]["listed_words"])[0]["source_id"] == "O1"
    assert rows[1]["listed_words"] == ""


def test_a_near_word_says_its_slip_in_every_answer(db: str, tmp_path: Path) -> None:
    """word31's near note (ZORBANEXI, one letter off ZORBANEX) through the human line,
    ``--json``, the ledger record of a screen and of a batch row, and the CSV column (rev31c:
    ``ROSNEFTI MARKETING`` checked so on the bundled lists)."""
    said = "contains ZORBANEXI, one letter off ZORBANEX (a letter added at the end (i)), the"
    assert said in " ".join(_screen(db, "Zorbanexi Marketing").stdout.split())
    (note,) = json.loads(_screen(db, "Zorbanexi Marketing", "--json").stdout)["listed_words"]
    assert note["slip"] == "a letter added at the end (i)" and note["message"].startswith(said)
    src = tmp_path / "in.csv"
    src.write_text("id,name\na,Zorbanexi Shipping\n", encoding="utf-8")
    dst = tmp_path / "out.csv"
    _screen(db, "--input", str(src), "--output", str(dst))
    by_name = {r["inputs"]["name"]: r for r in _recorded(db)}
    for name in ("Zorbanexi Marketing", "Zorbanexi Shipping"):
        (item,) = by_name[name]["result"]["listed_words"]
        assert item["slip"] == "a letter added at the end (i)", item
    (row,) = csv.DictReader(io.StringIO(dst.read_text(encoding="utf-8")))
    assert json.loads(row["listed_words"])[0]["slip"] == "a letter added at the end (i)"
