"""Snapshots: atomic loads, active selection, diffs, duplicate identifiers kept visible."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from exportctl.errors import NotFoundError, StoreError
from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.store import diff_source, open_store


def _ent(sid: str, name: str, alias: str | None = None) -> Entity:
    names = [Name(name)] + ([Name(alias, NameKind.ALIAS)] if alias else [])
    return Entity("un_sc", sid, EntityType.PERSON, names)


def _result(*ents: Entity, published: date | None = None) -> ParseResult:
    return ParseResult("un_sc", "un_xml", list(ents), published=published, records_seen=len(ents))


def test_new_db_path_starts_empty(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "new.sqlite"))
    assert store.is_empty()
    assert store.active_snapshots() == []


def test_load_and_diff(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    store.load(
        _result(_ent("A1", "ALPHA"), _ent("B1", "BRAVO"), published=date(2024, 1, 1)),
        sha256="a" * 64,
    )
    s2 = store.load(
        _result(_ent("A1", "ALPHA", "ALFA"), _ent("C1", "CHARLIE"), published=date(2025, 1, 1)),
        sha256="b" * 64,
    )
    assert [s.id for s in store.active_snapshots()] == [s2.id]
    d = diff_source(store, "un_sc")
    assert [sid for sid, _ in d.added] == ["C1"]
    assert [sid for sid, _ in d.removed] == ["B1"]
    assert [sid for sid, _ in d.changed] == ["A1"]
    assert store.entity("un_sc", "A1").names[1].full == "ALFA"
    with pytest.raises(NotFoundError):
        store.entity("un_sc", "B1")


def test_diff_needs_two_snapshots(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    store.load(_result(_ent("A1", "ALPHA")), sha256="a" * 64)
    with pytest.raises(NotFoundError, match="needs two"):
        diff_source(store, "un_sc")


def test_duplicate_ids_are_kept_and_reported(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    snap = store.load(_result(_ent("X", "ONE"), _ent("X", "TWO")), sha256="c" * 64)
    assert snap.entity_count == 2
    assert {e.caption for e in store.iter_entities()} == {"ONE", "TWO"}
    assert any("duplicate" in i.reason for i in store.issues(snap.id))


def test_failed_write_rolls_back(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    first = store.load(_result(_ent("A1", "ALPHA")), sha256="a" * 64)
    bad = _result(_ent("A2", "BETA"))
    bad.issues.append(RecordIssue("row 1", None))  # type: ignore[arg-type]  # NOT NULL violation
    with pytest.raises(StoreError, match="rolled back"):
        store.load(bad, sha256="d" * 64)
    assert [s.id for s in store.active_snapshots()] == [first.id]
    assert len(store.snapshots("un_sc")) == 1
