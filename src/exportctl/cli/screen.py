"""CLI commands: exportctl screen | decide | rescreen."""

from __future__ import annotations

import contextlib
import csv
import itertools
import json
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from exportctl.cli._common import (
    ROW_ERRORS_EXIT,
    check_output,
    console,
    err_console,
    fail,
    guard,
    print_json,
    refuse_own_file,
    state,
)
from exportctl.errors import ExportCtlError, InputError
from exportctl.freshness import require_lists, stale_lists, stale_summary
from exportctl.ownership import derived_finder, derived_hits, derived_of
from exportctl.ownership.names import lookup_cut_of
from exportctl.recording import Screened, cli_actor, record_screenings
from exportctl.recording import record_decision as ledger_decision
from exportctl.review.owned import annotate_derived
from exportctl.screening import ListedWord
from exportctl.screening import screen as run_screen
from exportctl.screening.algorithm import DEFAULT_LIMIT, DEFAULT_THRESHOLD
from exportctl.screening.batch import (
    BatchRow,
    json_line,
    query_fields,
    read_rows,
    row_query,
    write_results,
)
from exportctl.screening.batch.spreadsheet import formula_safe
from exportctl.screening.batch.writing import json_cell
from exportctl.screening.binding import BindingProfile
from exportctl.screening.decisions import annotate, record_decision
from exportctl.screening.engine_cache import index_for
from exportctl.screening.legal import check_code, split_code
from exportctl.screening.rescreen import rescreen_stream
from exportctl.screening.row_binding import recorded_query, row_kw
from exportctl.screening.runner import (
    cannot_conclude,
    ledger_matches,
    name_answer,
    screen_stream,
)
from exportctl.screening.service import MatchDicts
from exportctl.sources import get_source
from exportctl.store import open_store

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
TypeOpt = Annotated[
    str | None, typer.Option("--type", help="person | organization | vessel | aircraft")
]
CountryOpt = Annotated[str | None, typer.Option("--country", help="ISO 3166 alpha-2 or name.")]
BirthOpt = Annotated[str | None, typer.Option("--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD.")]
SourceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        help="Only these list sources (repeatable); SOURCE:SUBLIST for one list inside a "
        "consolidated list, e.g. us_csl:EL, cn_measures:UEL.",
    ),
]
BoundByOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--bound-by",
        help="Binding profile: ISO country or EU whose law binds you (repeatable); each hit "
        "then says whether it binds you. UN measures always bind.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="YYYY-MM-DD: report whether listings with a dated history (China's measures) were "
        "in force then (default today).",
    ),
]
EarOpt = Annotated[
    bool,
    typer.Option("--subject-to-ear", help="The item is subject to the US EAR (binding profile)."),
]
ThresholdOpt = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        min=0.0,
        max=1.0,
        help=f"Minimum score to report (default {DEFAULT_THRESHOLD:.2f}).",
    ),
]
IdentifierOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--identifier",
        help="An identifier of the party (passport, IMO, registration, tax number …; "
        "repeatable): compared with the listed identifiers, as a batch file's identifier "
        "columns are.",
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", min=1, help=f"Most matches per query (default {DEFAULT_LIMIT})."),
]


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]screening"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )


def _kwargs(
    threshold: float | None,
    limit: int | None,
    source: list[str] | None,
    bound_by: list[str] | None = None,
    subject_to_ear: bool = False,
    as_of: str | None = None,
) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    if as_of:
        try:
            kw["as_of"] = date.fromisoformat(as_of)
        except ValueError:
            raise InputError(f"--as-of {as_of!r}: use YYYY-MM-DD") from None
    if bound_by or subject_to_ear:
        kw["profile"] = BindingProfile.parse(bound_by or [], subject_to_ear)
    if threshold is not None:
        kw["threshold"] = threshold
    if limit is not None:
        kw["limit"] = limit
    if source:
        for code in source:
            get_source(split_code(code)[0])
            check_code(code)
        kw["sources"] = list(source)
    return kw


def screen(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Name of the party to screen.")] = None,
    type_: TypeOpt = None,
    country: CountryOpt = None,
    birth_date: BirthOpt = None,
    identifier: IdentifierOpt = None,
    source: SourceOpt = None,
    threshold: ThresholdOpt = None,
    limit: LimitOpt = None,
    bound_by: BoundByOpt = None,
    subject_to_ear: EarOpt = False,
    as_of: AsOfOpt = None,
    # Strings, not Paths: --engine spark takes Hadoop URIs (hdfs://…), which a Path would mangle.
    input_: Annotated[
        str | None,
        typer.Option(
            "--input",
            help="Batch file: CSV (comma, semicolon or tab), TSV, JSONL, XLSX or Parquet.",
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", help="Batch results: .csv or .jsonl.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = 1,
    engine: Annotated[
        str, typer.Option("--engine", help="Batch engine: local | spark.", show_default=True)
    ] = "local",
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            help="Spark master URL (default: spark-submit's --master, else local[*]).",
        ),
    ] = None,
    spark_remote: Annotated[
        str | None,
        typer.Option(
            "--spark-remote",
            help="A standing Spark Connect server to run on (sc://host:15002; see "
            "exportctl spark serve), instead of starting Spark in this process.",
        ),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option("--partitions", min=1, help="Spark partitions to screen in (--engine spark)."),
    ] = None,
    ledger_mode: Annotated[
        str,
        typer.Option(
            "--ledger",
            help="Ledger records of a Spark batch: rows (one per row) | summary (one Merkle root).",
            show_default=True,
        ),
    ] = "rows",
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="Encoding of a legacy CSV/JSONL batch file (cp1252, latin-1 …). Default: "
            "the byte-order mark, else UTF-8 decoded row by row.",
        ),
    ] = None,
    fail_on_errors: Annotated[
        bool,
        typer.Option(
            "--fail-on-errors",
            help=f"Batch: exit {ROW_ERRORS_EXIT} when any row could not be screened (its `error` "
            "set) or cannot be concluded (its screen or ownership lookup cut, or its ownership "
            "lookup failed); the output is written in full either way.",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Screen a party against the loaded lists, or a whole file with --input/--output."""
    with guard():
        kw = _kwargs(threshold, limit, source, bound_by, subject_to_ear, as_of)
        if input_ is not None or output is not None:
            if name is not None:
                raise InputError("give either NAME or --input/--output, not both")
            if identifier:
                raise InputError(
                    "--identifier is for a single NAME; a batch file gives identifiers in "
                    "its identifier columns (identifiers, passport, imo …)"
                )
            if input_ is None or output is None:
                raise InputError("batch screening needs both --input FILE and --output FILE")
            if engine == "spark":
                # Spark writes a folder, or a URL (s3a://, hdfs://): the file checks refused
                # both — "is a folder" for a rerun into an earlier output, which the job
                # replaces (spark.job), and "the folder 's3a:/bucket' does not exist" (rev29c).
                # Only exportctl's own files are refused here; the job checks the rest.
                if "://" not in output:
                    refuse_own_file(Path(output))
            else:
                check_output(Path(output), input_=Path(input_))
            if engine == "spark":
                counts = _spark_batch(
                    ctx, input_, output, spark_master, partitions, ledger_mode, kw,
                    encoding, spark_remote,
                )  # fmt: skip
                _row_errors_exit(counts, fail_on_errors)
                return
            if engine != "local":
                raise InputError(f"--engine must be local or spark, not {engine!r}")
            if ledger_mode != "rows":
                raise InputError("--ledger summary needs --engine spark")
            if spark_remote is not None:
                raise InputError("--spark-remote needs --engine spark")
            counts = _batch(ctx, Path(input_), Path(output), workers, kw, as_json, encoding)
            _row_errors_exit(counts, fail_on_errors)
            return
        if not name:
            raise InputError("give a NAME to screen, or --input FILE --output FILE")
        fields = {
            "name": name,
            "type": type_ or "",
            "country": country or "",
            "birth_date": birth_date or "",
        }
        if identifier:
            # (one cell, as a batch row's: split, checked and recorded the same way; a value
            # too short to compare is an error here, not a silent no-op)
            fields["identifiers"] = "; ".join(identifier)
        query = row_query(fields)
        store = open_store(state(ctx).settings)
        stale = stale_lists(require_lists(store, kw.get("sources")))
        index = index_for(store)
        started = time.perf_counter()
        # (read as a batch row's name cell is: `ROSNEFT, Ivan` as a person alerts here as in
        # a batch file, rev33c)
        answer = name_answer(query, run_screen(query, index, **kw), index, kw)
        elapsed = time.perf_counter() - started
        incomplete = answer.incomplete
        noted = tuple(answer.words)
        matches = answer.matches
        matches = annotate(store, fields, matches)
        # basis "ownership", next to the direct hits (as of --as-of, else today); looked up
        # before the screen is recorded, so that the record holds them
        derived: list[dict[str, Any]] = derived_hits(
            store,
            name,
            as_of=kw.get("as_of"),
            identifiers=query.identifiers,
            profile=kw.get("profile"),
        )
        # reviewers' approved ownership verdicts that still apply, as `annotate` gives the
        # list hits theirs
        derived = annotate_derived(store, fields, derived)
        cut = lookup_cut_of(derived)
        record_screenings(
            store,
            [
                (
                    recorded_query(query_fields(fields), kw.get("profile")),
                    _with_notes(MatchDicts.of(matches, incomplete), noted),
                    derived,
                )
            ],
            actor=cli_actor(),
            db=state(ctx).db,
        )
        lists = [
            {"source": s.source, "snapshot": s.id, "published": s.published}
            for s in store.active_snapshots()
        ]
    if as_json:
        out: dict[str, Any] = {
            "query": {k: v for k, v in fields.items() if v},
            "matches": matches,
            "lists_searched": lists,
            "stale_lists": stale,
        }
        if "profile" in kw:
            out["binding_profile"] = kw["profile"].to_dict()
        if derived:
            out["derived"] = derived
        if cut is not None:
            # (present only when set: ownership records the name may be were not checked)
            out["derived_incomplete"] = cut.to_dict()
        if incomplete is not None:
            # (present only when set: listed names that could have matched were not compared)
            out["incomplete"] = incomplete.to_dict()
        if noted:
            # (present only when any: a listed company's distinctive word, not a match)
            out["listed_words"] = [w.to_dict() for w in noted]
        print_json(out)
    else:
        _print_matches(name, matches, elapsed, len(lists), incomplete is not None)
        for w in noted:
            # (a note, not a match: the answer above stands; screening/listed_words.py)
            console.print(f"[bold yellow]note:[/] {escape(w.message())}", highlight=False)
        _print_derived(derived)
        if cut is not None:
            # (never a silent "no derived hit": the owned record may be one not checked)
            console.print(
                "[bold]ownership: cannot conclude[/] — not every ownership record the name "
                "may be was checked (warning below)",
                highlight=False,
            )
    _warn_stale(stale)
    if cut is not None:
        err_console.print(
            f"[bold red]warning:[/] {escape(cut.message())}", highlight=False, soft_wrap=True
        )
    if incomplete is not None:
        # (on stderr, as a stale list is said, and in the answer's words above: never a
        # silent "No match")
        err_console.print(
            f"[bold red]warning:[/] {escape(incomplete.message())}", highlight=False, soft_wrap=True
        )


def _print_derived(derived: list[dict[str, Any]]) -> None:
    """Ownership-derived hits under the table of direct hits."""
    for d in derived:
        path = " → ".join(h["name"] or h["id"] for h in d["path"])
        match = d.get("match") or {}
        # a record found by screening its names may be another company: say so on the line
        maybe = (
            f" — potential match {match['score']:.2f} to the ownership record "
            f"{escape(repr(match['name']))}, for review"
            if match and not match.get("certain", True)
            else ""
        )
        binds = (
            ""
            if "binding" not in d
            else " — binds you"
            if d["binding"]
            else " — not binding on you (a risk)"
        )
        decided = d.get("decision")
        # (a cleared hit is still shown, with who cleared it: never dropped from the answer)
        tag = escape(f"[{decided['status']}] ") if decided else ""
        by = (
            f" — {escape(decided['verdict'].replace('_', ' '))} by "
            f"{escape(str(decided['reviewer']))}, approved by "
            f"{escape(str(decided['approver']))} ({str(decided['approved_at'])[:10]}): "
            f"{escape(str(decided['reason']))}"
            if decided
            else ""
        )
        console.print(
            f"{tag}[bold]{d['status']}[/] by ownership under {d['rule']} "
            f"({d['share']['min']}–{d['share']['max']} %): {escape(path)}{binds}{maybe}{by}",
            highlight=False,
        )


def _with_notes(matches: MatchDicts, noted: tuple[ListedWord, ...]) -> MatchDicts:
    """``matches`` with the screen's listed-word notes beside them (the ledger records them)."""
    matches.listed_words = noted
    return matches


def _warn_stale(stale: list[dict[str, Any]]) -> None:
    """Stale lists are said on stderr (stdout stays the answer); the exit code is unchanged."""
    if stale:
        err_console.print(
            f"[yellow]warning:[/] {stale_summary(stale)}", highlight=False, soft_wrap=True
        )


def _print_matches(
    name: str,
    matches: list[dict[str, Any]],
    elapsed: float,
    n_lists: int,
    incomplete: bool = False,
) -> None:
    if not matches:
        if incomplete:
            console.print(
                f"[bold red]Cannot conclude[/] for [bold]{escape(name)}[/]: no match among the "
                f"listed names compared in {n_lists} list(s), but not every listed name that "
                f"could match was compared ({elapsed * 1000:.1f} ms)."
            )
            return
        console.print(
            f"No match for [bold]{escape(name)}[/] at the threshold in {n_lists} list(s) "
            f"({elapsed * 1000:.1f} ms)."
        )
        return
    table = Table(title=escape(f"{len(matches)} match(es) for {name!r} ({elapsed * 1000:.1f} ms)"))
    table.caption = "scope: multi(lateral: UN) or uni(lateral: one state's or bloc's measures)"
    binding = any("binding" in m for m in matches)
    cols = ["score", "source", "scope", "id", "listed name", "matched name", "why"]
    if binding:
        cols.insert(3, "binds you")
    for col in cols:
        # The source code and the id whole, the rest wrapped at spaces: at 80 columns the first
        # table a new user sees (README's first command) read "us_ofac_s / dn", "unilatera / l"
        # and "identifie / r_match" (ux29).
        table.add_column(col, overflow="fold", no_wrap=col in ("score", "source", "id"))
    for m in matches:
        why = "; ".join(
            f"{k.replace('_', ' ')} {v['score']:.2f}"
            for k, v in m.get("features", {}).items()
            if v.get("score")
        )
        if m.get("decision"):
            why = f"[{m['decision']['status']}] " + why
        source = m["source"] + (f":{m['sublist']}" if m.get("sublist") else "")
        also = [f"{b['source']} {b['source_id']}" for b in m.get("legal_bases", [])[1:]]
        if also:
            source += " (+ " + ", ".join(also) + ")"
        if m.get("in_force") is False:
            source += f" [{m.get('listing_status')}]"
        scope = m.get("scope", "")
        row = [
            f"{m['score']:.3f}",
            source,
            {"multilateral": "multi", "unilateral": "uni"}.get(scope, scope),
        ]
        if binding:
            flag = "yes" if m.get("binding") else "no (risk)"
            if m.get("blocking"):
                flag += "; blocking law: " + ", ".join(b["title"] for b in m["blocking"])
            row.append(flag)
        row += [m["source_id"], m["name"], m["matched_name"], why]
        # Cells are data, not markup: "[cleared]" or a bracket in a listed name must show as is.
        table.add_row(*(escape(str(cell)) for cell in row))
    console.print(table)


def _batch(
    ctx: typer.Context,
    input_: Path,
    output: Path,
    workers: int,
    kw: dict[str, Any],
    as_json: bool,
    encoding: str | None = None,
) -> tuple[int, int]:
    """Screen a batch file locally; the number of rows with an error and of rows that cannot
    be concluded."""
    store = open_store(state(ctx).settings)
    stale = stale_lists(require_lists(store, kw.get("sources")))  # before the output file is opened
    check_output(output, (".csv", ".jsonl", ".ndjson"))  # before an hour of screening, not after
    # The file is read as it is screened (batch30: it was read whole, its rows held, about 10
    # times its size in memory before the first row). Its header is read here, before the
    # output is opened: a file that cannot be read at all writes nothing.
    reading = read_rows(input_, encoding)
    first = next(reading, None)
    rows = itertools.chain([first] if first is not None else [], reading)
    # Ownership-derived hits, as a single screen reports them: a customer owned 50 % by
    # listed parties came back clear from a batch that only compared names.
    finder = derived_finder(store, as_of=kw.get("as_of"))
    stats = {"rows": 0, "with_matches": 0, "errors": 0, "with_warnings": 0, "with_derived": 0}
    # Rows that cannot be concluded (runner.cannot_conclude: a screen or ownership lookup cut
    # or failed): counted among "with warnings" alone a reviewer did not see how many (out27).
    # The same key as rescreen's summary (where it counts the screen's cut only).
    stats["rows_incomplete"] = 0
    started = time.perf_counter()
    actor = cli_actor()
    pending: list[Screened] = []
    current: list[BatchRow] = []

    def flush() -> None:
        record_screenings(store, pending, actor=actor, db=state(ctx).db)
        pending.clear()

    def count(rec: dict[str, Any]) -> None:
        row = current[0]
        stats["rows"] += 1
        stats["errors"] += rec["error"] is not None
        stats["with_warnings"] += bool(rec["warnings"])
        stats["with_matches"] += bool(rec["matches"])
        stats["with_derived"] += bool(rec.get("derived"))
        stats["rows_incomplete"] += cannot_conclude(rec)
        if rec["error"] is None:
            # The profile the row was screened under (its own cells, else the command's).
            profile = row_kw(kw, row.fields).get("profile")
            query = recorded_query(query_fields(row.fields), profile)
            # (with the screen's incomplete, if any: ledger_matches)
            pending.append((query, ledger_matches(rec), derived_of(rec, finder is not None)))
            if len(pending) >= 1000:
                flush()
        progress.advance(task)

    def records() -> Iterator[dict[str, Any]]:
        stream = screen_stream(store, rows, workers=workers, derived=finder is not None, **kw)
        for row, rec in stream:
            current[:] = [row]
            yield rec

    with _progress() as progress:
        # (rows are counted as they are read: how many the file holds is known at its end)
        task = progress.add_task("screening", total=None)
        try:
            write_results(output, records(), count)
        except ExportCtlError as exc:
            # A row far into the file that no reader can go past (a header of other columns:
            # files joined end to end): the rows before it were screened and are recorded
            # (what was screened is in the ledger), but an output of part of the file would
            # read as the whole population screened: it is removed, and the error says so.
            flush()
            output.unlink(missing_ok=True)
            raise InputError(f"{exc} — {_before_stop(stats)}") from None
        except BaseException:
            # Any other stop part-way (an internal error, Ctrl-C, memory): the output holds
            # part of the file all the same and is removed (rev32d: a JSON array's number
            # past the digit limit stopped `screen --input` with a traceback and left the
            # rows before it as a population's output); the rows screened are recorded.
            output.unlink(missing_ok=True)
            with contextlib.suppress(Exception):
                flush()
            raise
    flush()
    elapsed = time.perf_counter() - started
    summary = {
        **stats,
        "output": str(output),
        "seconds": round(elapsed, 3),
        "stale_lists": stale,
    }
    if as_json:
        print_json(summary)
    else:
        derived = (
            f", {stats['with_derived']} with ownership-derived hits" if finder is not None else ""
        )
        err_console.print(
            f"{stats['rows']} rows screened in {elapsed:.1f} s: {stats['with_matches']} with "
            f"matches{derived}, {stats['errors']} with errors, {stats['with_warnings']} with "
            f"warnings → {escape(str(output))}"
        )
    _warn_cannot_conclude(stats["rows_incomplete"])
    _warn_stale(stale)
    return stats["errors"], stats["rows_incomplete"]


def _warn_cannot_conclude(rows: int) -> None:
    """The batch's stderr line for rows that cannot be concluded (``runner.cannot_conclude``),
    said by both engines: Spark's run printed its JSON summary alone, and a run whose rows
    were all cut read as done on the terminal (rev27a)."""
    if rows:
        err_console.print(
            f"[yellow]warning:[/] {rows} row(s) cannot be concluded "
            "(a screen or its ownership lookup cut), or their ownership lookup failed: listed "
            "names that could match, or ownership records the name may be, were left "
            "unchecked (each row's warnings and, in JSONL, its incomplete or "
            "derived_incomplete say so) — they are not cleared; review those names by hand",
            highlight=False,
            soft_wrap=True,
        )


def _row_errors_exit(counts: tuple[int, int], fail_on_errors: bool) -> None:
    """Rows that could not be screened, or screened but not concluded, are not cleared: say
    so on stderr (errors here; the rows that cannot be concluded where the summary is
    printed), and with ``--fail-on-errors`` end with :data:`ROW_ERRORS_EXIT` so that a
    scheduled job stops for either: a job that went on past a cut screen would read its
    rows as done."""
    errors, incomplete = counts
    if errors:
        err_console.print(
            f"[bold yellow]warning:[/] {errors} row(s) could not be screened: their `error` "
            "column says why; they are not cleared",
            highlight=False,
            soft_wrap=True,
        )
    if fail_on_errors and (errors or incomplete):
        raise typer.Exit(ROW_ERRORS_EXIT)


def _spark_batch(
    ctx: typer.Context,
    input_: str,
    output: str,
    master: str | None,
    partitions: int | None,
    ledger_mode: str,
    kw: dict[str, Any],
    encoding: str | None,
    remote: str | None = None,
) -> tuple[int, int]:
    """Screen a batch on Spark; the number of rows with an error and of rows that cannot be
    concluded."""

    # start-up: the Spark engine's modules (8 ms by -X importtime) stay out of other screens.
    from exportctl.spark import run_batch
    from exportctl.spark.boot import end_early, run_complete

    if ledger_mode not in ("rows", "summary"):
        raise InputError(f"--ledger must be rows or summary, not {ledger_mode!r}")
    if remote is not None and master is not None:
        raise InputError("give either --spark-master or --spark-remote, not both")
    store = open_store(state(ctx).settings)
    run = run_batch(  # refuses an empty database, as the local engine does
        store,
        input_,
        output,
        master=master,
        partitions=partitions,
        ledger="summary" if ledger_mode == "summary" else "rows",
        encoding=encoding,
        actor=cli_actor(),
        db=state(ctx).db,
        remote=remote,
        **kw,
    )
    print_json(run.to_dict())
    _warn_cannot_conclude(run.rows_incomplete)
    if remote is not None:
        run_complete()  # nothing of Spark's runs in this process: it may end at once
        return run.errors, run.rows_incomplete
    # Output, summary and ledger records are written: stop the session this command started
    # (began by exportctl.cli._early), without PySpark's wait on its accumulator server. The
    # run's result stands whatever the stop says: the JVM ends with this process in any case.
    with contextlib.suppress(Exception):
        end_early()
    return run.errors, run.rows_incomplete


def decide(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The screened party's name, as screened.")],
    source: Annotated[str, typer.Option("--source", help="List source of the hit, e.g. un_sc.")],
    source_id: Annotated[
        str, typer.Option("--source-id", help="The list's identifier of the hit.")
    ],
    verdict: Annotated[str, typer.Option("--verdict", help="false_positive | true_match")],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who decided.")],
    reason: Annotated[str, typer.Option("--reason", help="Why.")],
    type_: TypeOpt = None,
    country: CountryOpt = None,
    birth_date: BirthOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a reviewer's verdict on a hit; later screens show it until the listing changes."""
    with guard():
        from exportctl.review import four_eyes_in_force  # (only this command needs the queue)

        store = open_store(state(ctx).settings)
        if four_eyes_in_force(store):
            raise InputError(
                "this database serves the four-eyes review (an active key may approve): "
                "a verdict takes effect only when a second person approves it — propose it "
                "with POST /decisions or in the review queue (/ui/review), not with "
                "`exportctl decide`"
            )
        query = {"name": name, "type": type_, "country": country, "birth_date": birth_date}
        rec = record_decision(store, query, source, source_id, verdict, reviewer, reason)

        ledger_decision(store, rec, actor=cli_actor(), db=state(ctx).db)
    if as_json:
        print_json(rec)
    else:
        console.print(
            escape(f"Recorded {verdict} for {name!r} ↔ {source}/{source_id} by {reviewer}.")
        )


def rescreen(
    ctx: typer.Context,
    input_: Annotated[Path, typer.Option("--input", help="Population: CSV, JSONL, XLSX, Parquet.")],
    since_snapshot: Annotated[
        int, typer.Option("--since-snapshot", help="Snapshot id screened before.")
    ],
    output: Annotated[Path, typer.Option("--output", help="Per-row changes: .csv or .jsonl.")],
    to_snapshot: Annotated[
        int | None, typer.Option("--to-snapshot", help="Default: newest of the same source.")
    ] = None,
    threshold: ThresholdOpt = None,
    limit: LimitOpt = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Encoding of a legacy CSV/JSONL file.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Screen a population against only what changed between two snapshots of a source."""
    with guard():
        check_output(output, (".jsonl", ".csv"), input_)
        store = open_store(state(ctx).settings)
        # The file is read as it is re-screened (alias31: it was read whole, about ten times
        # its size in memory before the first row, as the batch's was before batch30). Its
        # first row is read here, before the output is opened: a file that cannot be read at
        # all writes nothing.
        reading = read_rows(input_, encoding)
        first = next(reading, None)
        rows = itertools.chain([first] if first is not None else [], reading)
        plan, pairs = rescreen_stream(
            store, rows, since_snapshot, to_snapshot, threshold=threshold, limit=limit
        )
        delta, why_not = _derived_delta(store, plan)
        totals = {
            "rows": 0,
            "rows_changed": 0,
            "hits_added": 0,
            "hits_removed": 0,
            "errors": 0,
            # Rows whose change is not known in full (a screen left listed names uncompared).
            "rows_incomplete": 0,
            # Rows whose listed-word notes changed (a listed company's word in the name).
            "rows_notes_changed": 0,
        }
        if delta is not None:
            totals.update(
                rows_derived_changed=0, derived_added=0, derived_removed=0,
                # (rows whose ownership lookup was cut, own27, or failed, rev27a)
                rows_derived_incomplete=0,
            )  # fmt: skip
        csv_out = output.suffix.lower() == ".csv"
        try:
            with output.open("w", encoding="utf-8", newline="") as fh:
                if csv_out:
                    w = csv.writer(fh)
                    # ``incomplete`` (and ``derived_incomplete`` beside the derived columns) as the
                    # JSONL keys, empty when complete (rev28a: a rescreen CSV said a cut row only in
                    # its warnings text, as the batch CSV did before fix28). Before the derived
                    # pair, which stays last.
                    derived_cols = (
                        ["derived_incomplete", "derived_added", "derived_removed"]
                        if delta is not None
                        else []
                    )
                    w.writerow(
                        ["id", "added", "removed", "error", "warnings", "incomplete", *derived_cols]
                    )
                for row, rec in pairs:
                    if delta is not None:
                        rec = _with_derived_delta(rec, row, delta, totals)
                    totals["rows"] += 1
                    totals["hits_added"] += len(rec["added"])
                    totals["hits_removed"] += len(rec["removed"])
                    totals["rows_changed"] += bool(rec["added"] or rec["removed"])
                    totals["errors"] += rec["error"] is not None
                    totals["rows_incomplete"] += "incomplete" in rec
                    totals["rows_notes_changed"] += bool(
                        rec.get("listed_words_added") or rec.get("listed_words_removed")
                    )
                    if csv_out:
                        cells = [
                            rec["id"],
                            json.dumps(rec["added"], ensure_ascii=False),
                            json.dumps(rec["removed"], ensure_ascii=False),
                            rec["error"] or "",
                            json_cell(rec["warnings"]),
                            json_cell(rec.get("incomplete")),
                        ]
                        if delta is not None:
                            cells += [
                                json_cell(rec.get("derived_incomplete")),
                                json.dumps(rec["derived_added"], ensure_ascii=False),
                                json.dumps(rec["derived_removed"], ensure_ascii=False),
                            ]
                        # A hostile id or an error quoting a cell is no formula in the reviewer's
                        # spreadsheet (as the batch output's cells: spreadsheet.py).
                        w.writerow([formula_safe(cell) for cell in cells])
                    else:
                        # (no raw U+2028 in a line, as the batch output's JSONL: json_line)
                        fh.write(json_line(rec) + "\n")
        except ExportCtlError as exc:
            # A row far into the file that no reader can go past (a header of other columns:
            # files joined end to end): the rows before it were re-screened and their changes
            # stored, but an output of part of the file would read as the whole population
            # re-screened: it is removed, and the error says so (as `screen --input`'s).
            output.unlink(missing_ok=True)
            raise InputError(
                f"{exc} — {totals['rows']:,} row(s) before it were re-screened (their changes "
                "stored); the output, which would hold part of the file, was removed"
            ) from None
        except BaseException:
            # (any other stop part-way, as `screen --input`'s: no output of part of the file)
            output.unlink(missing_ok=True)
            raise
    summary = {**plan.to_dict(), **totals, "output": str(output)}
    if why_not:
        summary["derived"] = f"not re-derived: {why_not}"
    if as_json:
        print_json(summary)
    else:
        derived = (
            f"; ownership-derived: +{totals['derived_added']} −{totals['derived_removed']} on "
            f"{totals['rows_derived_changed']} rows"
            + (
                f" ({totals['rows_derived_incomplete']} rows cannot conclude: ownership lookup "
                "incomplete or failed)"
                if totals["rows_derived_incomplete"]
                else ""
            )
            if delta is not None
            else ""
        )
        console.print(
            f"{plan.new.source}: snapshot {plan.old.id} → {plan.new.id} "
            f"(+{plan.added} −{plan.removed} ~{plan.changed} entities); {totals['rows']} rows, "
            f"{totals['rows_changed']} changed: +{totals['hits_added']} hits, "
            f"−{totals['hits_removed']} hits{derived} → {escape(str(output))}"
        )
    if totals["rows_notes_changed"]:
        # (a note, not a hit: each row's listed_words_added/_removed and warnings say which)
        err_console.print(
            f"note: {totals['rows_notes_changed']} row(s) gained or lost a listed company's "
            "word note (a newly listed company's coined word in the name: check ownership)"
        )
    if totals["rows_incomplete"]:
        err_console.print(
            f"[yellow]warning:[/] {totals['rows_incomplete']} row(s) could not be concluded: "
            "a screen left listed names that could match uncompared, so their change is not "
            "known (see each row's incomplete and warnings) — review those names by hand",
            highlight=False,
            soft_wrap=True,
        )
    if why_not:
        # An owner designated in the new snapshot blocks what it owns: no list hit changes on
        # those rows, so a delta of list hits alone cannot show it (docs/ownership.md, Limits).
        err_console.print(
            f"[yellow]warning:[/] ownership data is loaded, but derived hits were not "
            f"re-derived ({why_not}): rescreen reports list-hit changes only, not the derived "
            "hits a newly listed owner creates — screen the file again (screen --input) to "
            "see them",
            highlight=False,
            soft_wrap=True,
        )


def _derived_delta(store: Any, plan: Any) -> tuple[Any, str]:
    """The rows' derived-hit delta finder, or None and why not ("" when no ownership data is
    loaded: nothing to say)."""
    from exportctl.ownership.derived import derived_delta_finder
    from exportctl.ownership.store import OwnershipStore
    from exportctl.screening.rescreen import plan_rescreen

    if OwnershipStore(store).active() is None:
        return None, ""
    if not plan.new.active:
        # (owners are matched against the active lists: "now" would not be this snapshot)
        return None, f"snapshot {plan.new.id} is not the active snapshot of {plan.new.source}"
    _, old_index, _ = plan_rescreen(store, plan.old.id, plan.new.id)
    found = derived_delta_finder(store, plan.new.source, plan.old.id, plan.new.id, old_index)
    return found, "" if found is not None else "no ownership data"


def _with_derived_delta(
    rec: dict[str, Any], row: Any, delta: Any, totals: dict[str, int]
) -> dict[str, Any]:
    """A rescreen row with its ownership-derived hits' change; a lookup that fails is the
    row's warning (its derived hits unknown), never an empty change."""
    from exportctl.ownership.derived import row_names
    from exportctl.screening.batch import identifier_cells

    out = {**rec, "derived_added": [], "derived_removed": []}
    if rec["error"] is not None:
        return out
    ids = identifier_cells(dict(row.fields))
    try:
        # The row's names as its ownership is looked up in a batch (batch32: its name alone,
        # while the list delta screened its alias, shipper …): each name's change, each hit
        # once (a record's status is the same whichever name found it).
        added, removed = _names_delta(
            (column, name, delta(name, ids if own else ()))
            for column, name, own in row_names(row.fields)
        )
    except ExportCtlError as exc:
        note = f"ownership not re-derived ({exc}): derived-hit changes unknown"
        # (a change not known is not "no change": counted with the rows whose lookup was cut,
        # whose change is not known in full either; rev27a)
        totals["rows_derived_incomplete"] += 1
        return {**out, "warnings": [*rec["warnings"], note]}
    totals["derived_added"] += len(added)
    totals["derived_removed"] += len(removed)
    totals["rows_derived_changed"] += bool(added or removed)
    out = {**out, "derived_added": list(added), "derived_removed": list(removed)}
    if (cut := lookup_cut_of(added)) is not None:
        # records the name may be were not checked: a change among them is not seen (own27)
        out["warnings"] = [*rec["warnings"], cut.message()]
        out["derived_incomplete"] = cut.to_dict()
        totals["rows_derived_incomplete"] += 1
    return out


def _names_delta(found: Iterable[tuple[str, str, tuple[Any, Any]]]) -> tuple[Any, list[Any]]:
    """A row's derived-hit change over its names' (``(column, name, (added, removed))``):
    each merged as a batch row's hits are (``derived.merged_hits``)."""
    from exportctl.ownership.derived import merged_hits

    steps = list(found)
    added = merged_hits((c, n, a) for c, n, (a, _) in steps)
    removed = merged_hits((c, n, r) for c, n, (_, r) in steps)
    return added, list(removed)


def register(app: typer.Typer) -> None:
    """Add screen, decide and rescreen to the root app."""
    app.command("screen")(screen)
    app.command("decide")(decide)
    app.command("rescreen")(rescreen)


__all__ = ["fail", "register"]


def _before_stop(stats: dict[str, Any]) -> str:
    """What became of the rows read before a stop part-way: those screened (recorded in the
    ledger) and those refused as error rows (never screened, not recorded), each counted.

    Every row read was said to be screened: a workbook naming a column twice is refused at its
    end, after its rows were read as error rows ("no header"), and the message said "2 row(s)
    before it were screened (and recorded in the ledger)" though none was (rev33a)."""
    screened, refused = stats["rows"] - stats["errors"], stats["errors"]
    said = (
        f"{screened:,} row(s) before it were screened (and recorded in the ledger)"
        if screened
        else "no row before it was screened (nothing recorded in the ledger)"
    )
    if refused:
        said += f", {refused:,} refused (error rows, not screened)"
    return f"{said}; the output, which would hold part of the file, was removed"
