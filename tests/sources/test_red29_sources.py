"""red29: list files with text that is not text (docs/reliability.md, "red29")."""

from __future__ import annotations

from pathlib import Path

from exportctl.screening import Query, screen
from exportctl.screening.index import ScreeningIndex
from exportctl.sources import parse_files
from exportctl.store import open_store

# One FtM record whose JSON escapes leave lone surrogates in every text field the parser
# reads (the id, names, an alias, notes, nationality, country, gender, birth place, address,
# passport, topics), and a clean one beside it.
_FTM = (
    r'{"id":"NK-t\ud8003","caption":"X","schema":"Person","properties":{'
    r'"name":["Zelimkhan Testov\ud800"],"alias":["Zel\udc00 Test"],"notes":["bad \udfff"],'
    r'"nationality":["\ud800"],"country":["r\ud800"],"gender":["\ud800"],'
    r'"birthPlace":["\ud800 city"],"address":["Street \ud800"],'
    r'"passportNumber":["P\ud800123"],"topics":["sanc\ud800tion"]},'
    r'"datasets":["eu_fsf"],"target":true}'
    "\n"
    r'{"id":"NK-t2","caption":"Y","schema":"Person","properties":{'
    r'"name":["Ivan Testovich Plainov"],"topics":["sanction"]},"datasets":["eu_fsf"],'
    r'"target":true}'
    "\n"
)


def test_a_lone_surrogate_in_a_list_file_is_a_warning_not_a_failed_load(tmp_path: Path) -> None:
    """Before: ``lists load`` ended in a UnicodeEncodeError traceback (the entity's content
    hash, then the database insert) and nothing of the file was stored — neither record
    could be screened. Now each field reads U+FFFD in the surrogate's place, with a warning
    naming the record and the field, and both records are stored and found."""
    src = tmp_path / "surr.ftm.json"
    src.write_text(_FTM, encoding="utf-8")
    (res,) = parse_files([src])
    reasons = {i.reason.split(":")[0] for i in res.issues if "lone surrogate" in i.reason}
    assert {"source_id", "name 1", "remarks", "nationality", "country", "gender"} <= reasons
    assert all(i.location == "record NK-t\ufffd3" for i in res.issues if "NK-t" in i.location)
    store = open_store(str(tmp_path / "l.sqlite"))
    snap = store.load(res, sha256="1" * 64)
    ents = list(store.iter_entities([snap.id]))
    assert len(ents) == 2
    index = ScreeningIndex(ents)
    assert screen(Query("Zelimkhan Testov"), index)[0].source_id == "NK-t\ufffd3"
    assert screen(Query("Ivan Testovich Plainov"), index)[0].source_id == "NK-t2"
