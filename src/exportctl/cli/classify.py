"""CLI commands: ``classify`` (text or --cas) and ``controls show CODE``."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from exportctl.cli._common import console, fail, guard, print_json, state
from exportctl.controls import classify_cas, classify_text, lookup_code
from exportctl.ledger import record
from exportctl.licensing.ranking import parse_item_params, rank_by_parameters
from exportctl.recording import cli_actor

controls_app = typer.Typer(name="controls", help="Browse the control lists.", no_args_is_help=True)


_STATUS = {
    "met": "[green]parameters meet its conditions[/]",
    "excluded": "[red]excluded by the parameters given[/]",
    "needs": "[yellow]a parameter is missing to decide[/]",
    "not_met_in_sub_items": "[dim]parameters meet none of its sub-items' conditions[/]",
}


def _print_result(result: dict[str, Any]) -> None:
    table = Table(title=f"Classification: {result['query']}", show_lines=False)
    for col in ("list", "code", "regime", "score", "title / reason"):
        table.add_column(col)
    for e in result["entries"]:
        title = e["title"]
        extra = e.get("passage") or e["reason"]
        # A sub-item's passage usually opens with its own heading: print that text once.
        once = extra.startswith(title)
        body = extra[:250] if once else f"{title[:90]}\n[dim]{extra[:160]}[/]"
        if e.get("thresholds"):
            body += "\n[cyan]check: " + "; ".join(e["thresholds"][:4]) + "[/]"
        status = (e.get("parameters") or {}).get("status")
        if status in _STATUS:
            body += f"\n{_STATUS[status]}"
        table.add_row(e["list"], e["code"], e["regime"], f"{e['score']:.3f}", body)
    console.print(table)
    for x in result["exemptions"]:
        console.print(f"[yellow]exempt[/] {x['list']} {x['code']}: {x['reason']}", highlight=False)
    for n in result["notes"]:
        console.print(f"[dim]note:[/] {n}", highlight=False)
    searched = ", ".join(f"{x['list']} {x['version']}" for x in result["lists_searched"])
    console.print(f"[dim]lists searched: {searched}[/]", highlight=False)


def classify(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="Item description (free text).")] = None,
    cas: Annotated[str | None, typer.Option("--cas", help="CAS registry number.")] = None,
    list_name: Annotated[str | None, typer.Option("--list", help="eu | us | cwc")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
    lexical: Annotated[bool, typer.Option("--lexical", help="Lexical search only.")] = False,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="Item parameter KEY=VALUE, unit in the key (endurance_h=2, "
            "temporal_resolution_ns=20); ranks candidates by their parameter conditions; "
            "repeatable.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine output.")] = False,
) -> None:
    """Propose control-list entries for an item: by text, or by CAS number with --cas."""
    if (text is None) == (cas is None):
        raise fail("give either TEXT or --cas CAS")
    with guard():
        values = parse_item_params(param or [])
        if cas is not None:
            result = classify_cas(cas)
        else:
            assert text is not None
            # A wider pool, so that an entry the parameters meet can rise into view.
            pool = max(limit * 3, 30) if values else limit
            result = classify_text(text, list_name, pool, semantic=False if lexical else None)
        result = rank_by_parameters(result, values, limit)
        _record(ctx, result)
    if as_json:
        print_json(result)
    else:
        _print_result(result)


def _params_input(result: dict[str, Any]) -> dict[str, Any]:
    given = (result.get("parameters") or {}).get("given")
    return {"params": given} if given else {}


def _record(ctx: typer.Context, result: dict[str, Any]) -> None:
    """Write the classification to the ledger (codes and regimes are its public summary)."""
    entries = result.get("entries", [])
    record(
        "classification",
        inputs={"query": result.get("query"), **_params_input(result)},
        result={
            **result,
            "controlled": bool(entries),
            "codes": [e["code"] for e in entries],
            "regimes": sorted({e["regime"] for e in entries if e.get("regime")}),
        },
        actor=cli_actor(),
        versions={f"controls:{x['list']}": x["version"] for x in result.get("lists_searched", [])},
        db=state(ctx).db,
    )


@controls_app.command("show")
def show(
    code: Annotated[str, typer.Argument(help="3A001.a.1, 1C350.b.22, 2.B.13 …")],
    list_name: Annotated[str | None, typer.Option("--list", help="eu | us | cwc")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine output.")] = False,
) -> None:
    """Show an entry with its ancestors, notes and cross-list correspondences."""
    with guard():
        result = lookup_code(code, list_name)
    if as_json:
        print_json(result)
        return
    for row in result["entries"]:
        e = row["entry"]
        console.rule(f"{row['list']} {row['code']} — {row['regime']}")
        for a in reversed(row["ancestors"]):
            console.print(f"[dim]{a['code']} {a['title'][:100]}[/]", highlight=False)
        console.print(f"[bold]{e['title']}[/]", highlight=False)
        if e["text"]:
            console.print(_clip(e["text"], 2000), highlight=False)
        if e.get("text_check"):
            colour = "green" if e["text_check"].startswith("verified") else "yellow"
            console.print(f"[{colour}]text check:[/] {e['text_check']}", highlight=False)
        if e.get("reasons_for_control"):
            console.print(
                f"reasons for control: {', '.join(e['reasons_for_control'])}; "
                f"chart columns: {' '.join(e['chart_columns']) or '—'}",
                highlight=False,
            )
        for field in ("notes", "technical_notes", "decontrol_notes"):
            for n in e[field]:
                console.print(
                    f"[yellow]{field[:-1].replace('_', ' ')}:[/] {_clip(n, 400)}",
                    highlight=False,
                )
        for child in e["children"][:30]:
            console.print(f"  └ {child}", highlight=False)
        if len(e["children"]) > 30:
            console.print(f"  └ … {len(e['children']) - 30} more (--json)", highlight=False)
        for c in row["correspondences"]:
            console.print(f"[cyan]↔ {c['list']} {c['code']}[/] ({c['rule']})", highlight=False)
        if row["thresholds"]:
            console.print("check: " + "; ".join(row["thresholds"]), highlight=False)
    for n in result["notes"]:
        console.print(f"[dim]note:[/] {n}", highlight=False)


def _clip(text: str, limit: int) -> str:
    """The text, or its first ``limit`` characters and how much is left out: a control text
    must not look complete when it is not."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} … [{len(text) - limit} more characters: --json gives the full text]"


def register(app: typer.Typer) -> None:
    """Add this group's commands to the root app."""
    app.command("classify")(classify)
    app.add_typer(controls_app, name="controls")
