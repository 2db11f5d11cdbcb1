"""Japan METI export-prohibition lists (text extracted from the PDFs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _robustness import damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity, NameKind
from exportctl.sources import FORMATS, meti_text, parser_module
from exportctl.sources._io import read_head
from exportctl.sources.base import ParseResult

FILES = {
    "ru": "lists/jp/meti_russia_tokutei_2025-09-12.txt",
    "third": "lists/jp/meti_third_country_tokutei_2025-09-12.txt",
    "by": "lists/jp/meti_belarus_tokutei.txt",
}
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def results(shared_data: Path) -> dict[str, ParseResult]:
    return {k: meti_text.parse([shared_data / rel]) for k, rel in FILES.items()}


@pytest.fixture(scope="module")
def by_id(results: dict[str, ParseResult]) -> dict[str, Entity]:
    return {e.source_id: e for r in results.values() for e in r.entities}


@pytest.mark.parametrize(
    ("kind", "count", "published"),
    # Counted by reading: entries are numbered without gaps; the last are ru 561, third 56, by 27.
    [("ru", 561, "2025-09-12"), ("third", 56, "2025-09-12"), ("by", 27, "2022-07-05")],
)
def test_counts(results: dict[str, ParseResult], kind: str, count: int, published: str) -> None:
    r = results[kind]
    assert r.source == "jp_meti"
    assert len(r.entities) == r.records_seen == count
    assert [e.source_id for e in r.entities] == [f"{kind}-{i}" for i in range(1, count + 1)]
    assert r.issues == []
    assert str(r.published) == published
    assert all(sum(n.kind is NameKind.PRIMARY for n in e.names) == 1 for e in r.entities)


def test_names_aliases_and_japanese(by_id: dict[str, Entity]) -> None:
    e = by_id["ru-6"]
    assert e.caption == "Federal Security Service (FSB)"
    assert [n.full for n in e.names if n.kind is NameKind.ALIAS] == [
        "Federalnaya Sluzhba Bezopasnosti"
    ]
    assert [(n.full, n.lang) for n in e.names if n.kind is NameKind.ORIGINAL_SCRIPT] == [
        ("連邦保安庁", "ja")
    ]
    assert e.countries == ["RU"]
    assert len(e.addresses) == 2
    assert e.programs == ["METI export ban (ru): 令和四年外務省告示第八十二号"]


def test_wrapped_japanese_alias(by_id: dict[str, Entity]) -> None:
    # The Japanese line wraps inside "（別称、… 及び KVZ\nRemservis）".
    names = [n.full for n in by_id["ru-17"].names]
    assert names[0] == "JSC Kazan Helicopter Plant Repair Service"
    assert "株式会社カザンヘリコプター修理工場" in names
    assert "KVZ Remservis" in names


def test_entry_glued_at_page_break(by_id: dict[str, Entity]) -> None:
    # "…Minsk, 220114, Belarus７ 株式会社アガト電子機器工場" in the extracted text.
    assert by_id["by-6"].addresses[0].full.endswith("Belarus")
    assert by_id["by-7"].caption == "AGAT-Electromechanical Plant OJSC"
    assert by_id["ru-10"].caption == "Foreign Intelligence Service (SVR)"


def test_bessho_form_and_japanese_aliases(by_id: dict[str, Entity]) -> None:
    e = by_id["ru-561"]
    assert [(n.full, n.kind) for n in e.names] == [
        ("LLC Vneshekostil", NameKind.PRIMARY),
        ("OOO Vneshekostil", NameKind.ALIAS),
        ("有限会社ヴネシュエコスティル", NameKind.ORIGINAL_SCRIPT),
    ]
    ja = [n.full for n in by_id["third-2"].names if n.kind is NameKind.ORIGINAL_SCRIPT]
    assert ja[0] == "アイ・ジェット・グローバル DMCC"
    assert "アイジェット" in ja
    assert by_id["third-2"].countries == ["SY"]


def test_three_files_are_one_publication(shared_data: Path) -> None:
    from exportctl.sources import parse_files

    results = parse_files([shared_data / rel for rel in FILES.values()])
    assert len(results) == 1
    assert len(results[0].entities) == 561 + 56 + 27
    assert str(results[0].published) == "2025-09-12"


def test_list_kind() -> None:
    assert meti_text.list_kind("ロシア連邦及びベラルーシ共和国以外の国の団体") == "third"
    assert meti_text.list_kind("対象となるベラルーシ共和国の団体") == "by"


def test_sniff(shared_data: Path) -> None:
    own = {shared_data / rel for rel in FILES.values()}
    for p in own:
        found = []
        for fmt in FORMATS:
            try:
                mod = parser_module(fmt)
            except ImportError:  # a parser still being written
                continue
            if mod.sniff(p, read_head(p)):
                found.append(fmt)
        assert found == ["meti_text"], p
    for p in (shared_data / "lists").rglob("*"):
        if p.is_file() and p not in own:
            assert not meti_text.sniff(p, read_head(p)), p


class Raw:
    """The file's text; a plain object so hypothesis does not print it."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Raw({len(self.data)} bytes)"


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> Raw:
    return Raw((shared_data / FILES["third"]).read_bytes())


def _check(path: Path, data: bytes) -> None:
    write_and_check(meti_text.parse, path, data)


@FUZZ
@given(data=st.data())
def test_damaged_file(tmp_path: Path, raw: Raw, data: st.DataObject) -> None:
    """Truncated, byte-flipped, spliced, cut or noise versions of a real file."""
    _check(tmp_path / "damaged.txt", data.draw(damaged(raw.data)))


@FUZZ
@given(data=st.data())
def test_lines_dropped_or_shuffled(tmp_path: Path, raw: Raw, data: st.DataObject) -> None:
    lines = raw.data.decode("utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 15))):
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, len(lines) - 1))
        if data.draw(st.booleans()):
            lines[i] = ""
        else:
            lines[i], lines[j] = lines[j], lines[i]
    _check(tmp_path / "lines.txt", "\n".join(lines).encode("utf-8"))


def test_no_entries(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_text("○ 輸出等に係る禁止措置\n最終更新日：2025年9月12日\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"empty\.txt: line 1: no numbered entries"):
        meti_text.parse([p])
