"""The index's compact columns and its file format: what is saved is what is screened."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.model import Entity
from exportctl.screening import IndexLoadError, Query, ScreeningIndex, screen
from exportctl.screening.columns import (
    CodeColumn,
    RangeColumn,
    RecordsColumn,
    SparseColumn,
    StrColumn,
    joined,
    split_joined,
)

# Names may hold any character a list file holds, lone surrogates included.
_TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=12)


def _roundtrip(obj: object) -> object:
    return pickle.loads(pickle.dumps(obj, protocol=5))


@given(st.lists(_TEXT | st.text(st.characters(categories=["Cs"]), max_size=2), max_size=30))
def test_str_column_holds_every_string(items: list[str]) -> None:
    col = StrColumn(items)
    for c in (col, _roundtrip(col)):
        assert isinstance(c, StrColumn)
        assert len(c) == len(items) and list(c) == items
        assert all(c[i] == items[i] for i in range(-len(items), len(items)))
    with pytest.raises(IndexError):
        col[len(items)]
    back = _roundtrip(col)
    assert isinstance(back, StrColumn)
    back.append("Ω-1")  # a loaded column still grows
    assert list(back) == [*items, "Ω-1"]


@given(st.lists(st.sampled_from([frozenset(), frozenset({"RU"}), frozenset({"IR", "SY"})])))
def test_code_column_interns_values(items: list[frozenset[str]]) -> None:
    col: CodeColumn[frozenset[str]] = CodeColumn(items)
    back = _roundtrip(col)
    assert isinstance(back, CodeColumn)
    assert list(back) == items == list(col)
    assert len(col.table) == len(set(items))
    back.append(frozenset({"RU"}))  # a loaded column keeps interning
    assert back[-1] == frozenset({"RU"})
    assert len(back.table) == len({*items, frozenset({"RU"})})


@given(st.lists(st.lists(st.tuples(st.integers(-(2**40), 2**40), st.integers(0, 9), _TEXT))))
def test_records_and_range_columns(cells: list[list[tuple[int, int, str]]]) -> None:
    recs = RecordsColumn("ics")
    rng = RangeColumn()
    sparse: SparseColumn[str] = SparseColumn("")
    for cell in cells:
        recs.append(cell)
        rng.append(len(cell))
        sparse.append(cell[0][2] if cell else "")
    recs, rng, sparse = _roundtrip(recs), _roundtrip(rng), _roundtrip(sparse)  # type: ignore[assignment]
    assert [list(c) for c in recs] == cells
    assert list(recs.items()) == [(i, tuple(c)) for i, c in enumerate(cells) if c]
    starts = [sum(len(c) for c in cells[:i]) for i in range(len(cells))]
    assert [(r.start, r.stop) for r in rng] == [
        (s, s + len(c)) for s, c in zip(starts, cells, strict=True)
    ]
    assert list(sparse) == [c[0][2] if c else "" for c in cells]


@given(st.lists(_TEXT, max_size=5))
def test_joined_lists_split_back(items: list[str]) -> None:
    assert split_joined(joined(items)) == items


def test_saved_index_screens_like_the_built_one(
    un_index: ScreeningIndex, un_entities: list[Entity], tmp_path: Path
) -> None:
    path = tmp_path / "index.pkl"
    un_index.save(path)
    loaded = ScreeningIndex.load(path)
    assert len(loaded) == len(un_index) and loaded.name_count == un_index.name_count
    names = [n.full for e in un_entities[:40] for n in e.names[:1]]
    queries = [*names, "Al Qaida", "Bank Sepah", "Abu Bakr al Bagdadi", "Jane Q. Public"]
    for q in queries:
        want = [(m.source_id, m.score, m.features) for m in screen(Query(q), un_index)]
        assert [(m.source_id, m.score, m.features) for m in screen(Query(q), loaded)] == want
    # Columns read back cell for cell; the identifier lookup is rebuilt on first use.
    for e in range(0, len(un_index), 97):
        assert loaded.ent_caption[e] == un_index.ent_caption[e]
        assert loaded.ent_dobs[e] == un_index.ent_dobs[e]
        assert loaded.ent_countries[e] == un_index.ent_countries[e]
        assert list(loaded.ent_names[e]) == list(un_index.ent_names[e])
    assert loaded.ident_index == un_index.ident_index


def test_index_file_of_another_format_is_refused(un_index: ScreeningIndex, tmp_path: Path) -> None:
    path = tmp_path / "old.pkl"
    # A file whose format marker is not this code's (as a file written by an older release).
    blob = pickle.dumps(un_index).replace(b"_format_version", b"_format_versioX")
    path.write_bytes(blob)
    with pytest.raises(IndexLoadError, match="another version"):
        ScreeningIndex.load(path)


def test_cached_index_of_another_format_is_rebuilt(tmp_path: Path) -> None:
    from datetime import date

    from exportctl.model import EntityType, Name
    from exportctl.screening import engine_cache
    from exportctl.sources.base import ParseResult
    from exportctl.store import open_store

    store = open_store(str(tmp_path / "lists.sqlite"), init_bundle=False)
    ents = [Entity("un_sc", "QDe.004", EntityType.ORGANIZATION, [Name("Al-Qaida")])]
    store.load(ParseResult("un_sc", "un_xml", ents, published=date(2025, 1, 2)), sha256="0" * 64)
    engine_cache._MEMORY.clear()
    path = engine_cache.index_file(store)
    # The file a previous release wrote under the same key: its format marker is not ours.
    path.write_bytes(path.read_bytes().replace(b"_format_version", b"_format_versioX"))
    engine_cache._MEMORY.clear()
    index = engine_cache.index_for(store)
    assert screen(Query("Al Qaida"), index)[0].source_id == "QDe.004"
    assert b"_format_versioX" not in path.read_bytes()  # rewritten in the current format
    engine_cache._MEMORY.clear()


def test_listed_tokens_expansions_stored_at_build_are_the_query_time_ones(
    un_index: ScreeningIndex,
) -> None:
    # form_tokens reads a listed token's expansion from the build-time table (near_*); it
    # must be exactly what the query-time code computes (ids and similarity floats).
    for tok in un_index.vocab:
        stored_ids, stored_sims = un_index.form_tokens(tok)
        ids, sims = un_index.expand(tok)
        assert np.array_equal(stored_ids, ids) and np.array_equal(stored_sims, sims), tok
        assert stored_ids.dtype == ids.dtype and stored_sims.dtype == sims.dtype
