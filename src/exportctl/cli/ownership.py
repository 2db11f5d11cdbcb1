"""CLI commands: exportctl ownership load | check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from exportctl.cli._common import console, err_console, guard, print_json, state
from exportctl.ownership import check, load_ownership
from exportctl.ownership.names import name_index
from exportctl.store import open_store

ownership_app = typer.Typer(
    help="Ownership data and the 50 % rules (OFAC, EU, BIS Affiliates, MOFCOM).",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


@ownership_app.command("load")
def load_cmd(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="BODS 0.4 JSON, FtM JSON lines, or CSV/XLSX ownership tables."),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Store ownership files as one new snapshot (atomic; every record used or reported)."""
    with guard():
        store = open_store(state(ctx).settings)
        report = load_ownership(store, paths)
        # The names index (ownership/names.py) is built now, not by the first screen after
        # the load: ~130 µs a party, over a minute at 600,000 parties.
        name_index(store, report.snapshot.id)
    if as_json:
        print_json(report.to_dict())
        return
    s = report.snapshot
    console.print(
        f"[green]ownership[/]: snapshot {s.id} ({s.format}) — {s.party_count} parties, "
        f"{s.link_count} links, {s.records_seen} records read, {s.issue_count} issue(s)"
    )
    for i in report.issues[:20]:
        err_console.print(escape(f"  {i.severity} {i.location}: {i.reason}"), highlight=False)
    if len(report.issues) > 20:
        err_console.print(f"  … {len(report.issues) - 20} more", highlight=False)


@ownership_app.command("check")
def check_cmd(
    ctx: typer.Context,
    name_or_id: Annotated[str, typer.Argument(help="Entity name (exact) or id in the data.")],
    rule: Annotated[str, typer.Option("--rule", help="ofac | eu | bis | mofcom")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="YYYY-MM-DD (default today).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Is this entity blocked under the rule on that date? With owners, paths and citations."""
    with guard():
        result = check(open_store(state(ctx).settings), name_or_id, rule, as_of).to_dict()
    if as_json:
        print_json(result)
        return
    share = result["share"]
    console.print(
        f"[bold]{escape(result['entity']['name'] or result['entity']['id'])}[/] under "
        f"{result['rule']} as of {result['as_of']}: [bold]{result['status']}[/] "
        f"(share {share['min']}–{share['max']} %)"
    )
    table = Table("owner", "kind", "share", "status", "counts", "matches")
    for o in result["owners"]:
        s = o["share"]
        table.add_row(
            escape(o["name"] or o["id"]),
            o["kind"],
            f"{s['min']}–{s['max']}" if s else "-",
            o["status"],
            "yes" if o["counts"] else "no",
            escape("; ".join(_matches_text(o))),
        )
    if result["owners"]:
        console.print(table)
    for o in result["owners"]:
        if o.get("incomplete"):  # (the owner's name screen was cut: said, never a match)
            err_console.print(
                escape(f"warning: owner {o['name'] or o['id']}: {o['incomplete']['message']}"),
                highlight=False,
            )
    for p in result["paths"]:
        console.print(escape("  path: " + " → ".join(h["name"] or h["id"] for h in p)))
    for c in result["citations"]:
        console.print(escape(f"  [{c['kind']}] {c['citation'] or c['id']}: {c['text']}"))


def register(app: typer.Typer) -> None:
    """Add the ownership group to the root app."""
    app.add_typer(ownership_app, name="ownership")


def _matches_text(owner: dict[str, Any]) -> list[str]:
    """An owner's matches as the table shows them; an owner's name screen that could not
    compare every listed name (its ``incomplete``) is no match on a list but a screen that
    cannot conclude. (The entry ``matches`` also holds for it, the JSON's old contract, is
    the same fact: not shown twice.)"""
    out = [f"{m['list']} {m['name']} {m['score']:.2f}" for m in owner["matches"]
           if "incomplete" not in m]  # fmt: skip
    if (cut := owner.get("incomplete")) is not None:
        out.append(f"cannot conclude: listed names not compared (best bound {cut['best']:.2f})")
    return out
