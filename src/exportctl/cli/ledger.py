"""CLI commands: exportctl ledger init|head|verify|proof|consistency|verify-proof|row-proof|
verify-row-proof|purge|show,
and exportctl report (the transparency report)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from exportctl.cli._common import check_output, console, err_console, guard, print_json, state
from exportctl.errors import InputError, LedgerError
from exportctl.ledger import Ledger
from exportctl.ledger.keys import create_key, key_paths, load_public
from exportctl.ledger.report import build_report, parse_period, render_html, render_pdf
from exportctl.ledger.verifier import ProofError, load_public_key, verify_bundle
from exportctl.spark.proof import row_proof, verify_row_proof
from exportctl.store.db import open_engine

ledger_app = typer.Typer(
    help="Tamper-evident decision ledger: keys, signed heads, proofs, verification, purge.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
KeyOpt = Annotated[
    Path | None,
    typer.Option("--public-key", help="Trusted Ed25519 public key (PEM) to check signatures with."),
]


def _ledger(ctx: typer.Context) -> Any:
    settings = state(ctx).settings
    return Ledger(open_engine(settings.db_url), settings.data_dir)


def _write_or_print(data: dict[str, Any], output: Path | None) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        check_output(output)  # never over the database or the ledger's key (rev29c)
        output.write_text(text, encoding="utf-8")


@ledger_app.command("init")
def init_cmd(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing key.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Create the Ed25519 signing key (mode 0600) in the data dir and the ledger tables."""
    with guard():
        settings = state(ctx).settings
        key = create_key(settings.data_dir, force=force)
        ledger = _ledger(ctx)
        ledger.ensure_schema()
        # Entries recorded before the key existed get a head now: from here on a log
        # without any signed head fails verification (its heads were deleted).
        head = ledger.sign_head() if ledger.size() else None
        private, public = key_paths(settings.data_dir)
        out = {
            "key_id": key.key_id,
            "origin": key.origin,
            "private_key": str(private),
            "public_key": str(public),
            "public_key_pem": key.public_pem(),
            "signed_head": head.to_dict() if head else None,
        }
        if as_json:
            print_json(out)
        else:
            console.print(f"ledger key [bold]{key.key_id}[/] created")
            console.print(f"  private: {private} (mode 0600, keep it secret)")
            console.print(f"  public:  {public} (publish it: verifiers pin it)")
            if head is not None:
                console.print(f"  signed a head over the {head.tree_size} existing entries")


@ledger_app.command("head")
def head_cmd(
    ctx: typer.Context,
    no_sign: Annotated[
        bool, typer.Option("--no-sign", help="Show the latest head; do not sign a new one.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Sign a tree head for the current log (if it grew) and show it."""
    with guard():
        ledger = _ledger(ctx)
        head = ledger.latest_head() if no_sign else ledger.sign_head()
        size = ledger.size()
        out = {"tree_size": size, "signed_head": head.to_dict() if head else None}
        if as_json:
            print_json(out)
            return
        if head is None:
            console.print(f"{size} entries, no signed head yet (run `exportctl ledger init`)")
            return
        table = Table(show_header=False, box=None)
        for name, value in head.to_dict().items():
            table.add_row(name, str(value))
        console.print(table)
        if size > head.tree_size:
            console.print(f"[yellow]{size - head.tree_size} newer entries are not signed yet[/]")


def _read_head(path: Path) -> dict[str, Any]:
    """A signed head from a file: ``ledger head --json`` output, a proof bundle, or a bare head."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable JSON signed head: {exc}") from None
    if isinstance(data, dict):
        for wrapper in ("signed_head", "head"):  # ledger head --json, an inclusion bundle
            if isinstance(data.get(wrapper), dict):
                data = data[wrapper]
                break
    if not isinstance(data, dict) or "tree_size" not in data or "root_hash" not in data:
        raise InputError(
            f"{path}: no signed head in it (save one with `exportctl ledger head --json`)"
        )
    return data


@ledger_app.command("verify")
def verify_cmd(
    ctx: typer.Context,
    public_key: KeyOpt = None,
    head: Annotated[
        Path | None,
        typer.Option(
            "--head",
            help="A signed head saved earlier (`ledger head --json` output), kept outside the "
            "database: the log must extend it, so a restored older copy or a deleted tail fails.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Recompute the tree from the stored entries and check every node, head and record.

    Exit code 0 when everything verifies, 1 when a problem was found (each one located).
    """
    with guard():
        settings = state(ctx).settings
        # An explicit --public-key must load; without one, verify() falls back to the data
        # dir's key and, if there is none yet, still checks the tree and records.
        key = load_public(settings.data_dir, public_key) if public_key else None
        anchor = _read_head(head) if head is not None else None
        report = _ledger(ctx).verify(key, anchor=anchor)
        if as_json:
            print_json(report.to_dict())
        else:
            colour = "green" if report.ok else "red"
            console.print(
                f"[{colour}]{'OK' if report.ok else 'FAILED'}[/]: {report.tree_size} entries, "
                f"{report.heads_checked} signed heads, {report.records_checked} records checked"
                + (f"; root {report.root_hash}" if report.root_hash else "")
                + (
                    f"; extends the given head of size {report.anchor_size}"
                    if report.ok and report.anchor_size is not None
                    else ""
                )
            )
            if report.unsigned_tail:
                console.print(
                    f"[yellow]{report.unsigned_tail} newest entries are not covered by a signed "
                    "head yet (exportctl ledger head)[/]"
                )
            for p in report.problems:
                err_console.print(f"  [red]{p.kind}[/] {p.message}", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


@ledger_app.command("proof")
def proof_cmd(
    ctx: typer.Context,
    entry: Annotated[str, typer.Argument(help="Entry id (hex) or sequence number.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    reveal: Annotated[
        bool,
        typer.Option("--reveal", help="Include the record data (personal data!) to check digests."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Emit an inclusion proof bundle: entry, index, tree size, path, signed head, public key."""
    with guard():
        if output is not None:
            check_output(output)  # before the proof is read (rev29c)
        bundle = _ledger(ctx).inclusion_bundle(entry, reveal=reveal)
        if as_json or output is None:
            _write_or_print(bundle, None)
        if output is not None:
            _write_or_print(bundle, output)
            if not as_json:
                console.print(
                    f"entry {bundle['entry']['id']} = leaf {bundle['leaf_index']} of tree "
                    f"{bundle['tree_size']}; bundle written to {output}"
                )


@ledger_app.command("consistency")
def consistency_cmd(
    ctx: typer.Context,
    first: Annotated[int, typer.Argument(help="Tree size of the older signed head.")],
    second: Annotated[
        int | None, typer.Argument(help="Tree size of the newer signed head (default: latest).")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Emit a consistency proof bundle between two signed heads."""
    with guard():
        if output is not None:
            check_output(output)  # before the proof is read (rev29c)
        bundle = _ledger(ctx).consistency_bundle(first, second)
        if as_json or output is None:
            _write_or_print(bundle, None)
        if output is not None:
            _write_or_print(bundle, output)


@ledger_app.command("verify-proof")
def verify_proof_cmd(
    bundle_file: Annotated[Path, typer.Argument(help="Bundle JSON from `ledger proof`.")],
    public_key: KeyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Verify an inclusion or consistency bundle offline (no database, no exportctl state).

    Exit code 0 when it verifies, 1 when it does not.
    """
    with guard():
        try:
            bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{bundle_file}: not a readable JSON bundle: {exc}") from None
        try:
            key = load_public_key(public_key.read_bytes()) if public_key else None
        except (OSError, ProofError) as exc:
            raise LedgerError(f"{public_key}: {exc}") from None
        try:
            result = verify_bundle(bundle, key)
        except (ProofError, KeyError, TypeError, ValueError) as exc:
            if as_json:
                print_json({"ok": False, "error": str(exc)})
            else:
                err_console.print(f"[red]FAILED[/]: {bundle_file}: {exc}", highlight=False)
            raise typer.Exit(1) from None
        if as_json:
            print_json(result.to_dict())
        else:
            console.print(f"[green]OK[/]: {result.type} proof, tree {result.tree_size}")
            for check in result.checks:
                console.print(f"  ✓ {check}")
            if key is None:
                console.print(
                    "[yellow]signer not pinned: compare the key id with the one the ledger "
                    "operator publishes, or pass --public-key[/]"
                )


@ledger_app.command("purge")
def purge_cmd(
    ctx: typer.Context,
    retention_days: Annotated[
        float | None,
        typer.Option(
            "--retention-days",
            help="Override: purge records older than this many days (default: their stored "
            "retention date, 5 years unless EXPORTCTL_LEDGER_RETENTION_DAYS says otherwise). "
            "Records purged before the retention their entries commit to are reported by "
            "`ledger verify` as purged early.",
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Erase the personal data of records past retention; the ledger still verifies."""
    with guard():
        count = _ledger(ctx).purge(dry_run=dry_run, older_than_days=retention_days)
        if as_json:
            print_json({"purged": count, "dry_run": dry_run})
        else:
            verb = "would be purged" if dry_run else "purged"
            console.print(f"{count} record(s) {verb}")
            if retention_days is not None and count:
                console.print(
                    "[yellow]records purged before the retention period their entries commit "
                    "to are reported by `exportctl ledger verify` as purged early[/]"
                )


@ledger_app.command("show")
def show_cmd(
    ctx: typer.Context,
    entry: Annotated[str, typer.Argument(help="Entry id (hex) or sequence number.")],
    as_json: JsonOpt = False,
) -> None:
    """Show an entry and, until purged, its record data."""
    with guard():
        ledger = _ledger(ctx)
        found = ledger.get(entry)
        out = {"entry": found.to_dict(), "record": ledger.record_data(found.seq)}
        if as_json:
            print_json(out)
        else:
            console.print_json(json.dumps(out, ensure_ascii=False, default=str))


def report_cmd(
    ctx: typer.Context,
    period: Annotated[str, typer.Option("--period", help="2026-Q3, 2026, 2026-H1, 2026-07, …")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also print a PDF beside it (headless Chromium).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Transparency report of a period: aggregate counts, charts and the signed tree head."""
    with guard():
        check_output(output)  # never over the database or the ledger's key (rev29c)
        if pdf:
            check_output(output.with_suffix(".pdf"))
        report = build_report(_ledger(ctx), parse_period(period))
        html = render_html(report)
        output.write_text(html, encoding="utf-8")
        pdf_path = output.with_suffix(".pdf") if pdf else None
        if pdf_path is not None:
            render_pdf(html, pdf_path)
        data = report.to_dict()
        if as_json:
            print_json({**data, "output": str(output), "pdf": str(pdf_path) if pdf_path else None})
        else:
            console.print(
                f"{report.entries} entries in {report.period.label} → {output}"
                + (f" and {pdf_path}" if pdf_path else "")
            )


@ledger_app.command("row-proof")
def row_proof_cmd(
    output: Annotated[
        Path, typer.Argument(help="Output folder of a Spark run (--ledger summary).")
    ],
    row_id: Annotated[str, typer.Option("--id", help="The row's id.")],
) -> None:
    """Print the proof that one row belongs to a batch run recorded as one Merkle root.

    ``exportctl ledger verify-row-proof FILE`` checks it; the root itself is proved to be in the
    ledger by ``exportctl ledger proof ENTRY_ID`` of the run's entry.
    """
    with guard():
        try:
            print_json(row_proof(str(output), row_id))
        except ProofError as exc:
            raise LedgerError(str(exc)) from None


@ledger_app.command("verify-row-proof")
def verify_row_proof_cmd(
    proof_file: Annotated[Path, typer.Argument(help="Row proof JSON from `ledger row-proof`.")],
) -> None:
    """Check a row proof offline; exit code 0 when it holds, 1 when it does not."""
    with guard():
        try:
            proof = json.loads(proof_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{proof_file}: not a readable JSON proof: {exc}") from None
        try:
            verify_row_proof(proof)
        except ProofError as exc:
            err_console.print(f"[red]FAILED[/]: {proof_file}: {exc}", highlight=False)
            raise typer.Exit(1) from None
        console.print(
            f"[green]OK[/]: row {proof['record'].get('id')!r} is leaf {proof['index']} of "
            f"{proof['tree_size']} under root {proof['merkle_root']}"
        )


def register(app: typer.Typer) -> None:
    """Add this group's commands to the root app."""
    app.add_typer(ledger_app, name="ledger")
    app.command("report")(report_cmd)
