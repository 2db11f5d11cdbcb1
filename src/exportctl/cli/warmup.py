"""CLI command: exportctl warm-up — prepare the database and screening index ahead of use."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from exportctl.cli._common import console, guard, state
from exportctl.screening.engine_cache import index_for
from exportctl.store import open_store


def warm_up(
    ctx: typer.Context,
    build_workers: Annotated[
        int | None,
        typer.Option(
            "--build-workers",
            min=0,
            help="Processes that build the index (1: serial; 0: one per CPU from 20,000 "
            "entities). Default: EXPORTCTL_BUILD_WORKERS, else 0. The index is the same.",
        ),
    ] = None,
) -> None:
    """Seed the default database from the bundled lists and build the screening index cache.

    scripts/setup.sh runs this so that the first ``exportctl screen`` answers in seconds; on a
    database that is already seeded and indexed it only checks both (well under a second).
    """
    with guard():
        started = time.perf_counter()
        store = open_store(state(ctx).settings)
        snaps = store.active_snapshots()
        index_for(store, build_workers=build_workers)
    console.print(
        f"ready: {len(snaps)} list snapshot(s) indexed in {time.perf_counter() - started:.1f} s",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``warm-up`` to the root app."""
    app.command("warm-up")(warm_up)
