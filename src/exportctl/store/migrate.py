"""Schema creation and Alembic migrations, one path for SQLite and PostgreSQL.

:func:`ensure_schema` runs whenever a :class:`~exportctl.store.Store` opens a database:

* an empty database gets every table from the metadata (``create_all``) and is stamped with
  the head revision — the fast path, and the same schema the migrations build (a test
  compares them);
* a database at the head revision is left alone (one small query);
* anything older — including a database made by ``create_all`` before migrations existed —
  is brought to head by Alembic.

A new table or column therefore needs a new file in ``migrations/versions`` and ``HEAD``
moved to its revision (a test checks ``HEAD`` against the scripts).
"""

from __future__ import annotations

from importlib import resources
from threading import Lock

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from exportctl.errors import StoreError
from exportctl.store.auth_tables import metadata as auth_metadata
from exportctl.store.ownership_tables import metadata as ownership_metadata
from exportctl.store.review_tables import metadata as review_metadata
from exportctl.store.schema import metadata as store_metadata

__all__ = ["HEAD", "alembic_config", "all_metadata", "current_revision", "ensure_schema", "upgrade"]

HEAD = "0003"  # 0003 (snapshot activation) follows 0005 (review queue), already on main
_BASELINE = "0001"  # what a pre-migration create_all database is equivalent to

_version_table = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), primary_key=True, nullable=False),
)

_READY: set[str] = set()
_LOCK = Lock()


def all_metadata() -> list[MetaData]:
    """Every MetaData whose tables live in the exportctl database."""
    return [store_metadata, auth_metadata, ownership_metadata, review_metadata]


def _known_tables() -> set[str]:
    return {name for md in all_metadata() for name in md.tables}


def alembic_config(url: str | None = None) -> object:
    """An Alembic ``Config`` pointing at the packaged migrations (no alembic.ini needed)."""
    # start-up: Alembic (99 ms by -X importtime after exportctl.store) only for a database that
    # needs migrating, never for the usual open of one at HEAD (every `exportctl screen`).
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("exportctl.store").joinpath("migrations"))
    )
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def current_revision(conn: Connection) -> str | None:
    """The revision the database is stamped with, or None."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(select(_version_table.c.version_num)).scalar()


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Run Alembic migrations on an open connection (inside the caller's transaction)."""
    # start-up: Alembic (99 ms by -X importtime), as in alembic_config.
    from alembic import command
    from alembic.config import Config

    cfg = alembic_config()
    assert isinstance(cfg, Config)
    cfg.attributes["connection"] = conn
    if current_revision(conn) is None and _known_tables() & set(inspect(conn).get_table_names()):
        command.stamp(cfg, _BASELINE)  # made by create_all before migrations: the baseline
    command.upgrade(cfg, revision)


def ensure_schema(engine: Engine) -> None:
    """Bring the database to the head schema (create, leave, or migrate); once per process."""
    key = engine.url.render_as_string(hide_password=False)
    if key in _READY:
        return
    with _LOCK:
        if key in _READY:
            return
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    # Two servers starting on one fresh database must not both create tables.
                    conn.execute(text("SELECT pg_advisory_xact_lock(4242000001)"))
                existing = set(inspect(conn).get_table_names())
                if "alembic_version" in existing and current_revision(conn) == HEAD:
                    pass  # the usual open: no need to import every table module to compare
                elif not existing & (_known_tables() | {"alembic_version"}):
                    for md in all_metadata():
                        md.create_all(conn)
                    _version_table.create(conn)
                    conn.execute(_version_table.insert().values(version_num=HEAD))
                elif current_revision(conn) != HEAD:
                    upgrade(conn)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot prepare database schema: {exc.__class__.__name__}: {exc}"
            ) from None
        _READY.add(key)
