"""Alembic migrations build exactly the schema of the metadata, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from tests.conftest import PgServer

from exportctl.store import open_store
from exportctl.store.migrate import (
    HEAD,
    alembic_config,
    all_metadata,
    current_revision,
    ensure_schema,
    upgrade,
)
from exportctl.store.schema import metadata as store_metadata


def _url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'm.sqlite'}"
    pg: PgServer = request.getfixturevalue("pg_server")
    return pg.new_database()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def test_head_constant_matches_scripts() -> None:
    cfg = alembic_config()
    assert isinstance(cfg, Config)
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD


@pytest.mark.parametrize("kind", BACKENDS)
def test_migrations_equal_metadata(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    engine = create_engine(_url(kind, tmp_path, request))
    try:
        with engine.begin() as conn:
            upgrade(conn)
        with engine.connect() as conn:
            assert current_revision(conn) == HEAD
            diffs = compare_metadata(MigrationContext.configure(conn), all_metadata())  # type: ignore[arg-type]
        assert diffs == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", BACKENDS)
def test_fresh_database_is_created_and_stamped(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store = open_store(_url(kind, tmp_path, request))
    with store.engine.connect() as conn:
        assert current_revision(conn) == HEAD
        tables = set(inspect(conn).get_table_names())
    assert {"snapshots", "entities", "api_keys", "api_requests"} <= tables


@pytest.mark.parametrize("kind", BACKENDS)
def test_pre_migration_database_is_upgraded(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # A database made by create_all before migrations existed: lists tables only.
    url = _url(kind, tmp_path, request)
    legacy = create_engine(url)
    store_metadata.create_all(legacy)
    legacy.dispose()
    engine = create_engine(url)
    try:
        ensure_schema(engine)
        with engine.connect() as conn:
            assert current_revision(conn) == HEAD
            assert inspect(conn).has_table("api_keys")
    finally:
        engine.dispose()
