"""CLI commands: ``determine`` (licence determination) and ``audit`` (non-discrimination audit)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from exportctl.cli._common import check_output, console, err_console, guard, print_json, state
from exportctl.errors import ExportCtlError, InputError
from exportctl.freshness import stale_lists, stale_summary
from exportctl.licensing import determinations_json, determine_all
from exportctl.licensing.audit import audit_destinations, audit_rulebook, render_html
from exportctl.licensing.parties import store_lookup
from exportctl.ownership.affiliates import ownership_lookup
from exportctl.recording import cli_actor, record_determinations
from exportctl.store import open_store

if TYPE_CHECKING:
    from exportctl.licensing import EndUserHit
    from exportctl.model.determination import Determination

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]

audit_app = typer.Typer(help="Non-discrimination audit of the rulebooks.", no_args_is_help=True)


def _screening_lookup(
    ctx: typer.Context, identifiers: tuple[str, ...] = ()
) -> tuple[Any, set[str], list[dict[str, Any]]]:
    """end-user name → hits from the loaded lists (None: not screened), the list sources it
    screens against, and the stale ones among them.

    Hits on a consolidated list (the CSL) are mapped to the list each row comes from
    (:mod:`exportctl.licensing.parties`), so an Entity List row found through the CSL fires the
    Entity List rule. A database that cannot be read screens nothing: every party list is then
    missing and the party part cannot conclude."""
    try:
        store = open_store(state(ctx).settings)
        active = store.active_snapshots()
    except ExportCtlError:
        return (lambda _name: None), set(), []

    def lookup(name: str) -> list[EndUserHit] | None:
        try:
            return store_lookup(store, identifiers)(name)
        except ExportCtlError:
            return None

    return lookup, {s.source for s in active}, stale_lists(active)


def _ownership_step(ctx: typer.Context, identifiers: tuple[str, ...] = ()) -> Any:
    """The BIS Affiliates rule and MOFCOM No. 61 over the loaded ownership data."""
    return ownership_lookup(open_store(state(ctx).settings), identifiers)


def _print(det: Determination) -> None:
    colour = {
        "no_licence_required": "green",
        "notify_authority": "yellow",
        "cannot_conclude": "magenta",
        "licence_required": "dark_orange",
        "prohibited": "red",
    }[det.outcome.value]
    console.print(
        f"[bold]{det.jurisdiction.upper()}[/] {', '.join(det.items)} → {det.destination}: "
        f"[bold {colour}]{det.outcome.value}[/]"
    )
    if det.party is not None:
        missing = ", ".join(det.party.missing_lists)
        console.print(
            f"  items: {(det.item_outcome or det.outcome).value}; end user "
            f"{escape(repr(det.party.end_user))}: {det.party.outcome.value}"
            + (f" (lists not loaded: {missing})" if missing else ""),
            highlight=False,
        )
    table = Table(show_header=True, header_style="bold")
    table.add_column("rule")
    table.add_column("citation")
    table.add_column("text")
    for r in det.rules:
        table.add_row(escape(r.id), escape(r.citation), escape(r.text))
    if det.rules:
        console.print(table)
    for a in det.authorisations:
        console.print(f"  [bold]{a.code}[/] {a.title} ({a.citation})")
        for c in a.conditions:
            console.print(escape(f"    - {c}"), highlight=False)
    if det.facts_given or det.facts_suggested:
        console.print(
            escape(
                f"  facts given: {', '.join(det.facts_given) or '-'}; suggested by the end use "
                f"(not confirmed): {', '.join(det.facts_suggested) or '-'}"
            ),
            highlight=False,
        )
    for need in det.params_needed:
        either = need.if_not_met.value if need.if_not_met else "the rule does not fire"
        console.print(
            escape(
                f"  parameter missing: {', '.join(need.params)} for {need.item} "
                f"({need.condition}; {need.citation}): if met {need.if_met.value}, "
                f"if not {either}"
            ),
            highlight=False,
        )
    for n in det.notes:
        console.print(escape(f"  note: {n}"), highlight=False)
    console.print()


def determine_cmd(
    ctx: typer.Context,
    jurisdiction: Annotated[
        list[str],
        typer.Option("--jurisdiction", "-j", help="us, eu, un; repeat or comma-separate."),
    ],
    item: Annotated[list[str], typer.Option("--item", "-i", help="Item code (ECCN, EAR99 …).")],
    to: Annotated[str, typer.Option("--to", help="Destination, ISO 3166 alpha-2.")],
    from_: Annotated[str | None, typer.Option("--from", help="Origin, ISO alpha-2.")] = None,
    end_use: Annotated[str | None, typer.Option("--end-use", help="Stated end use.")] = None,
    end_user: Annotated[
        str | None, typer.Option("--end-user", help="End user's name (screened).")
    ] = None,
    end_user_identifier: Annotated[
        list[str] | None,
        typer.Option(
            "--end-user-identifier",
            help="An identifier of the end user (registration, tax, passport number …; "
            "repeatable): screened with its name, and looked up in the ownership data.",
        ),
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
    fact: Annotated[
        list[str] | None,
        typer.Option(
            "--fact",
            help="A fact the catch-alls turn on: informed|aware|suspect:wmd|missile|military "
            "(EU also :cyber, :unlicensed_military_parts), goods:luxury, end_user:government "
            "(UN arms embargoes), region:ua_covered|ua_other (Ukraine), "
            "region:sd_darfur|sd_other (Sudan), release:foreign_person (US deemed export), "
            "goods:ir_annex_i_part_a|ir_annex_i_part_c_contract (EU Iran), or none; repeatable. "
            "--end-use only suggests facts.",
        ),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="Item parameter KEY=VALUE, unit in the key (range_km=300, payload_kg=500, "
            "aerosol_capacity_l=0); repeatable.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """May these items go to this destination, and on what legal basis?"""
    with guard():
        if end_user_identifier and not end_user:
            raise InputError("--end-user-identifier needs --end-user (the end user's name)")
        from exportctl.screening.batch import checked_identifiers

        ids = checked_identifiers(end_user_identifier or ())
    lookup, screened, stale = _screening_lookup(ctx, ids) if end_user else (None, set(), [])
    with guard():
        dets = determine_all(
            item,
            to,
            jurisdictions=jurisdiction,
            origin=from_,
            end_use=end_use,
            end_user=end_user,
            date=date,
            facts=fact or [],
            params=param or [],
            end_user_hits=lookup,
            screened_sources=screened if end_user else None,
            ownership=_ownership_step(ctx, ids) if end_user else None,
        )

        inputs = {
            "items": item,
            "destination": to,
            "origin": from_,
            "end_use": end_use,
            "end_user": end_user,
            "date": date,
            "facts": fact or [],
            "params": param or [],
        }
        if ids:
            inputs["end_user_identifiers"] = list(ids)
        record_determinations(dets, inputs, actor=cli_actor(), db=state(ctx).db)
    if as_json:
        print_json({**determinations_json(dets), "stale_lists": stale})
    else:
        for det in dets:
            _print(det)
    if stale:
        err_console.print(
            f"[yellow]warning:[/] {stale_summary(stale)}", highlight=False, soft_wrap=True
        )


def _emit(report: dict[str, Any], output: Path | None, as_json: bool) -> None:
    if output is not None:
        output.write_text(render_html(report), encoding="utf-8")
    if as_json:
        print_json(report)
    elif output is not None:
        console.print(f"wrote {output}")


@audit_app.command("destinations")
def audit_destinations_cmd(
    jurisdiction: Annotated[str, typer.Option("--jurisdiction", "-j", help="us, eu or un.")],
    item: Annotated[str, typer.Option("--item", "-i", help="Item code.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML report.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Outcome for every destination, grouped, with the separating legal basis."""
    with guard():
        if output is not None:
            check_output(output)  # before the audit, and never over the database (rev29c)
        report = audit_destinations(item, jurisdiction=jurisdiction, date=date)
        _emit(report, output, as_json)
    if not as_json:
        for g in report["groups"]:
            codes = " ".join(d["code"] for d in g["destinations"])
            console.print(
                f"[bold]{g['outcome']}[/] ({g['count']}, {g['basis']}): {codes}", highlight=False
            )
            for r in g["separating_rules"]:
                console.print(
                    escape(f"   {r['id']} [{r['scope']}] {r['citation']}"), highlight=False
                )


@audit_app.command("rulebook")
def audit_rulebook_cmd(
    jurisdiction: Annotated[str, typer.Option("--jurisdiction", "-j", help="us, eu or un.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML report.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every rule of a rulebook whose outcome depends on the destination."""
    with guard():
        if output is not None:
            check_output(output)  # before the audit, and never over the database (rev29c)
        report = audit_rulebook(jurisdiction)
        _emit(report, output, as_json)
    if not as_json:
        for r in report["rules"]:
            console.print(
                f"{r['id']} [{r['scope']}] {r['outcome']}: {r['citation']}", highlight=False
            )


def register(app: typer.Typer) -> None:
    """Add this group's commands to the root app."""
    app.command("determine")(determine_cmd)
    app.add_typer(audit_app, name="audit")
