"""CLI commands: exportctl lists load|show|snapshots|activate|diff|update|export|issues."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from exportctl.cli._common import check_output, console, err_console, guard, print_json, state
from exportctl.errors import ExportCtlError, InputError
from exportctl.freshness import snapshot_age, stale_lists, stale_summary
from exportctl.loading import LoadReport, activate_snapshot, load_paths, update_source
from exportctl.recording import cli_actor
from exportctl.screening.binding import binding_rule
from exportctl.sources import FORMATS, get_source, sources
from exportctl.sources.ftm_json import export_ftm
from exportctl.store import diff_source, open_store

lists_app = typer.Typer(
    help="Sanctions and denied-party lists: load, inspect, compare, update.", no_args_is_help=True
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


#: Exit status of ``lists load``/``update`` when a publication was stored but not activated
#: (older edition, shrink guard): the load did not change what screening uses.
NOT_ACTIVATED_EXIT = 3

AcceptShrink = Annotated[
    bool,
    typer.Option(
        "--accept-shrink",
        help=(
            "Activate a load even if it has more than 5 % fewer entities or names than the "
            "active one, or more than 5 % of its records read could not be loaded."
        ),
    ),
]


def _report_dict(r: LoadReport) -> dict[str, object]:
    return {
        "source": r.source,
        "files": r.files,
        "unchanged": r.unchanged,
        "active": r.active,
        "note": r.note,
        "snapshot": r.snapshot.to_dict() if r.snapshot else None,
        "issues": [
            {"file": i.file, "location": i.location, "reason": i.reason, "severity": i.severity}
            for i in r.issues
        ],
    }


def _print_reports(reports: list[LoadReport]) -> None:
    for r in reports:
        if r.unchanged or r.snapshot is None:
            console.print(f"[yellow]{r.source}[/]: {escape(r.note or '')}", highlight=False)
            continue
        s = r.snapshot
        state_text = "[green]active[/]" if s.active else "[bold yellow]NOT ACTIVE[/]"
        console.print(
            f"[bold]{s.source}[/]: snapshot {s.id} published {s.published or 'unknown'} — "
            f"{s.entity_count} entities, {s.name_count} names, {s.records_seen} records read, "
            f"{len(r.issues)} issue(s) — {state_text}"
        )
        if s.note:
            console.print(f"  {escape(s.note)}", highlight=False)
        for i in r.issues[:20]:
            where = f"{Path(i.file).name}: " if i.file else ""
            err_console.print(
                # (file names and reasons quote the user's files: text, not markup)
                f"  [dim]{i.severity}[/] {escape(f'{where}{i.location}: {i.reason}')}",
                highlight=False,
            )
        if len(r.issues) > 20:
            err_console.print(
                f"  … {len(r.issues) - 20} more (exportctl lists issues {s.id})", highlight=False
            )


@lists_app.command("load")
def load(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="List files (a set like sdn/add/alt together), or .zip archives."),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Parser to use instead of detection: " + " | ".join(FORMATS) + ".",
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Registry code to file it under.")
    ] = None,
    accept_shrink: AcceptShrink = False,
    as_json: JsonOpt = False,
) -> None:
    """Parse official list files and store each as a new snapshot (atomic per source).

    A .zip archive is unpacked first (at most 32 plain files, 1 GiB in all), so a
    multi-file publication can travel as one file. The new snapshot becomes the active one
    unless it is an older edition, is dated after tomorrow, has more than 5 % fewer entities
    or names than the active one, or more than 5 % of the records its parser read could not
    be loaded (a renamed element, a changed format; first load too): then it is stored
    inactive, the output says why, and the exit status is 3. Loading the same bytes again
    stores nothing and names the existing snapshot.
    """
    with guard():
        store = open_store(state(ctx).settings)
        reports = load_paths(store, paths, fmt, source, accept_shrink=accept_shrink)
    _finish(reports, as_json)


def _finish(reports: list[LoadReport], as_json: bool) -> None:
    if as_json:
        print_json({"loaded": [_report_dict(r) for r in reports]})
    else:
        _print_reports(reports)
    if any(not r.unchanged and not r.active for r in reports):
        raise typer.Exit(NOT_ACTIVATED_EXIT)


@lists_app.command("activate")
def activate(
    ctx: typer.Context,
    snapshot: Annotated[int, typer.Argument(help="Snapshot id (see lists snapshots).")],
    as_json: JsonOpt = False,
) -> None:
    """Make a stored snapshot the active one of its source (an explicit, ledgered choice)."""
    with guard():
        st = state(ctx)
        store = open_store(st.settings)
        done = activate_snapshot(store, snapshot, actor=cli_actor(), db=st.db)
    snap, previous = done.snapshot, done.previous
    if as_json:
        print_json(
            {
                "activated": snap.to_dict(),
                "previous": previous.to_dict() if previous else None,
                "ledger_seq": done.ledger_seq,
            }
        )
        return
    before = f" (was snapshot {previous.id})" if previous and previous.id != snap.id else ""
    console.print(
        f"[green]{snap.source}[/]: snapshot {snap.id} published {snap.published or 'unknown'} "
        f"is now active{before}"
        + (f"; ledger entry {done.ledger_seq}" if done.ledger_seq is not None else ""),
        highlight=False,
    )


@lists_app.command("snapshots")
def snapshots_cmd(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Argument(help="Only this source.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every stored snapshot, active or not, with why it is (in)active."""
    with guard():
        if source is not None:
            get_source(source)  # a mistyped code is said, not shown as an empty table (ux29)
        store = open_store(state(ctx).settings)
        snaps = store.snapshots(source)
    if as_json:
        print_json({"snapshots": [s.to_dict() for s in snaps]})
        return
    table = Table(title="Stored list snapshots")
    for col in ("id", "source", "published", "entities", "loaded", "active", "note"):
        table.add_column(col)
    for s in snaps:
        table.add_row(
            str(s.id),
            s.source,
            str(s.published),
            str(s.entity_count),
            s.loaded_at.strftime("%Y-%m-%d %H:%M"),
            "yes" if s.active else "no",
            s.note or "",
        )
    console.print(table)


@lists_app.command("show")
def show(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Per source: scope, jurisdiction, publication date and age, entity and name counts."""
    with guard():
        store = open_store(state(ctx).settings)
        active = store.active_snapshots()
        stale = {e["snapshot"]: e for e in stale_lists(active)}

    reg = sources()
    rows = []
    for s in active:
        src = reg.get(s.source)
        age, basis = snapshot_age(s)
        rows.append(
            {
                "source": s.source,
                "title": src.title if src else s.source,
                "authority": src.authority if src else None,
                "scope": src.scope.value if src else None,
                "jurisdiction": src.jurisdiction if src else None,
                "binding": binding_rule(s.source),
                "legal_basis": src.legal_basis if src else None,
                "published": s.published,
                "snapshot": s.id,
                "loaded_at": s.loaded_at.isoformat(),
                "origin": s.origin,
                "entities": s.entity_count,
                "names": s.name_count,
                "issues": s.issue_count,
                "age_days": age,
                "age_basis": basis,
                "cadence_days": src.cadence_days if src else None,
                "stale": s.id in stale,
            }
        )
    loaded = {s.source for s in active}
    missing = [
        {
            "source": code,
            "title": src.title,
            "scope": src.scope.value,
            "jurisdiction": src.jurisdiction,
            "binding": binding_rule(code),
            "formats": src.formats,
            "update": "lists update " + code if src.urls else "lists load FILE (no download URL)",
        }
        for code, src in reg.items()
        if code not in loaded
    ]
    if as_json:
        print_json({"lists": rows, "stale_lists": list(stale.values()), "no_snapshot": missing})
        return
    # Fits 80 columns: in a boxed table with the full words Rich cut every column there, to
    # "au_df…", "unila…", "2024-…" — the source code and the date a reader came for (ux29).
    table = Table(title="Active list snapshots", box=None, padding=(0, 1, 0, 0))
    for col in ("source", "scope", "binds", "published", "age", "entities", "names", "issues"):
        table.add_column(col, no_wrap=True, min_width=10 if col == "published" else len(col))
    table.add_column("origin", overflow="fold")
    table.caption = (
        "scope: multi(lateral, UN) or uni(lateral); binds: where the list is law "
        "(screen --bound-by says whether it binds you); published: the list's own date"
    )
    for r in rows:
        # A list that states no publication date is dated by its load ("since load").
        age_text = f"{r['age_days']} d" + (" since load" if r["age_basis"] == "loaded" else "")
        table.add_row(
            str(r["source"]),
            {"multilateral": "multi", "unilateral": "uni"}.get(str(r["scope"]), str(r["scope"])),
            str(r["jurisdiction"]),
            str(r["published"])[:10] if r["published"] else "undated",  # (the time: --json)
            f"[bold red]{age_text} STALE[/]" if r["stale"] else age_text,
            str(r["entities"]),
            str(r["names"]),
            str(r["issues"]),
            str(r["origin"]),
        )
    console.print(table)
    if missing:
        console.print(
            "[yellow]No snapshot at all[/] (never loaded): "
            + ", ".join(f"{m['source']} ({m['jurisdiction']})" for m in missing),
            highlight=False,
        )
    if stale:
        err_console.print(f"[yellow]warning:[/] {stale_summary(list(stale.values()))}")


@lists_app.command("diff")
def diff(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source code, e.g. un_sc.")],
    as_json: JsonOpt = False,
) -> None:
    """Added, removed and changed entities between the last two snapshots of a source."""
    with guard():
        get_source(source)  # (was "source 'un_cs' has 0 snapshot(s)": a typo read as no data)
        store = open_store(state(ctx).settings)
        d = diff_source(store, source)
    if as_json:
        print_json(d.to_dict())
        return
    console.print(
        f"[bold]{source}[/]: {d.old.published} (snapshot {d.old.id}) → {d.new.published} "
        f"(snapshot {d.new.id}): [green]{len(d.added)} added[/], [red]{len(d.removed)} removed[/], "
        f"[yellow]{len(d.changed)} changed[/]"
    )
    for label, items in (("+", d.added), ("-", d.removed), ("~", d.changed)):
        for sid, cap in items:
            console.print(escape(f"  {label} {sid}  {cap}"), highlight=False)


@lists_app.command("update")
def update(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Argument(help="Source code; all with URLs when omitted.")
    ] = None,
    url: Annotated[
        list[str] | None, typer.Option("--url", help="Override the official URL(s).")
    ] = None,
    accept_shrink: AcceptShrink = False,
    as_json: JsonOpt = False,
) -> None:
    """Download the official files of a source (or all) and load new editions.

    A new edition is stored inactive, and the exit status is 3, for the reasons ``lists
    load`` gives (an older or future-dated edition, a shrink, more than 5 % of its records
    unread)."""
    failed: dict[str, str] = {}
    with guard():
        store = open_store(state(ctx).settings)
        codes = [source] if source else [c for c, s in sources().items() if s.urls]
        reports: list[LoadReport] = []
        for code in codes:
            if source:
                reports.extend(update_source(store, code, url, accept_shrink=accept_shrink))
                continue
            # Every source is tried: one publisher being down must not keep the others stale.
            try:
                reports.extend(update_source(store, code, None, accept_shrink=accept_shrink))
            except ExportCtlError as exc:
                failed[code] = str(exc)
    if as_json:
        print_json(
            {"loaded": [_report_dict(r) for r in reports], "failed": failed}
            if failed
            else {"loaded": [_report_dict(r) for r in reports]}
        )
    else:
        _print_reports(reports)
        for code, why in failed.items():
            err_console.print(f"[red]{code}[/]: not updated: {why}", highlight=False)
    if failed:
        raise typer.Exit(1)
    if any(not r.unchanged and not r.active for r in reports):
        raise typer.Exit(NOT_ACTIVATED_EXIT)


@lists_app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="Export format: ftm.", show_default=True)
    ] = "ftm",
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only these sources.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """Export the active snapshots as FollowTheMoney JSON lines."""
    with guard():
        if fmt != "ftm":
            raise InputError(f"unknown export format {fmt!r} (known: ftm)")

        if output is not None:
            check_output(output)  # opening it truncates it: never the database (rev29c)
        store = open_store(state(ctx).settings)
        ids = [s.id for s in store.active_snapshots() if not source or s.source in source]
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            for obj in export_ftm(store.iter_entities(ids)):
                out.write(json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n")
        finally:
            if output:
                out.close()


@lists_app.command("issues")
def issues(
    ctx: typer.Context,
    snapshot: Annotated[int, typer.Argument(help="Snapshot id (see lists show).")],
    as_json: JsonOpt = False,
) -> None:
    """Every record a load skipped or repaired, with its location and reason."""
    with guard():
        store = open_store(state(ctx).settings)
        store.snapshot(snapshot)
        found = store.issues(snapshot)
    if as_json:
        print_json(
            {
                "snapshot": snapshot,
                "issues": [
                    {
                        "file": i.file,
                        "location": i.location,
                        "reason": i.reason,
                        "severity": i.severity,
                    }
                    for i in found
                ],
            }
        )
        return
    for i in found:
        line = f"{i.severity}\t{i.file or ''}\t{i.location}\t{i.reason}"
        console.print(escape(line), highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``lists`` group to the root app."""
    app.add_typer(lists_app, name="lists")
