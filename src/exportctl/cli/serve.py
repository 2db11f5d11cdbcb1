"""CLI commands: ``exportctl serve`` (the HTTP service) and ``exportctl keys`` (its API keys)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn
from rich.table import Table
from sqlalchemy import Engine

from exportctl.api import ApiSettings, create_app
from exportctl.auth import Role, create_key, list_keys, revoke_key
from exportctl.cli._common import console, guard, print_json, state
from exportctl.ledger.keys import create_key as create_ledger_key
from exportctl.ledger.keys import load_signing_key
from exportctl.settings import get_settings
from exportctl.store import open_store

keys_app = typer.Typer(
    help="API keys of the HTTP service: create (shown once), list, revoke.", no_args_is_help=True
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: Annotated[
        str | None, typer.Option("--db", help="Database file or URL (overrides the global --db).")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (each holds its own screening index).")
    ] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    setup: Annotated[
        bool,
        typer.Option(
            help="First run: create an admin API key (printed once) when none is active, and "
            "the ledger signing key when there is none."
        ),
    ] = True,
) -> None:
    """Run the web UI (/ui/) and the HTTP API (OpenAPI at /openapi.json, docs at /docs)."""
    chosen = db or state(ctx).db
    with guard():
        settings = ApiSettings.from_env(chosen)
        if setup:
            _first_run(chosen)
        shown = "localhost" if host in ("127.0.0.1", "::1") else host
        console.print(f"exportctl web UI: http://{shown}:{port}/ui/  (API docs: /docs)")
        if workers > 1:
            # Worker processes build their app from the environment.
            if chosen:
                os.environ["EXPORTCTL_DB"] = chosen
            uvicorn.run(
                "exportctl.api.app:create_app",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_level=log_level,
            )
            return
        app = create_app(settings)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def _first_run(db: str | None) -> None:
    """An admin key and a ledger key for a fresh installation (each printed when made)."""
    store = open_store(get_settings(db))  # the default database starts with the bundled lists
    if not any(k.active and k.role is Role.ADMIN for k in list_keys(store.engine)):
        made = create_key(store.engine, Role.ADMIN, "first admin (exportctl serve)")
        console.print("First admin API key — shown once, store it now; log in with it:")
        console.print(made.key, highlight=False, soft_wrap=True)
    data_dir = get_settings(db).data_dir
    if load_signing_key(data_dir, required=False) is None:
        create_ledger_key(data_dir)
        console.print(f"Created the ledger signing key in {data_dir / 'ledger'}")


def _engine(ctx: typer.Context) -> Engine:
    return open_store(state(ctx).settings, init_bundle=False).engine


@keys_app.command("create")
def keys_create(
    ctx: typer.Context,
    role: Annotated[str, typer.Option("--role", help="screener, reviewer, approver or admin.")],
    label: Annotated[str, typer.Option("--label", help="Who or what the key is for.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Create a key and print it once; only its hash is stored."""
    with guard():
        made = create_key(_engine(ctx), role, label)
    if as_json:
        print_json({"key": made.key, **made.info.to_dict()})
        return
    console.print(f"API key {made.info.id} ({made.info.role.value}) — shown once, store it now:")
    console.print(made.key, highlight=False, soft_wrap=True)


@keys_app.command("list")
def keys_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every key with its role and state (never the secret)."""
    with guard():
        found = list_keys(_engine(ctx))
    if as_json:
        print_json({"keys": [k.to_dict() for k in found]})
        return
    table = Table(title="API keys")
    for col in ("id", "role", "label", "created", "revoked"):
        table.add_column(col)
    for k in found:
        table.add_row(
            k.id,
            k.role.value,
            k.label,
            k.created_at.isoformat(timespec="seconds"),
            k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "",
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    ctx: typer.Context,
    key_id: Annotated[str, typer.Argument(help="Key id (see keys list).")],
    as_json: JsonOpt = False,
) -> None:
    """Revoke a key: requests with it get 401 from then on."""
    with guard():
        info = revoke_key(_engine(ctx), key_id)
    if as_json:
        print_json(info.to_dict())
        return
    console.print(f"revoked {info.id} ({info.role.value})")


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``keys`` group to the root app."""
    app.command("serve")(serve)
    app.add_typer(keys_app, name="keys")
