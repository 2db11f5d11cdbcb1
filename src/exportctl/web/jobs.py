"""Batch screening jobs started from the web UI: run in a thread, state kept on disk.

Each job lives in ``<data dir>/ui-jobs/<id>/``: the uploaded file, ``status.json`` (rows done
of total, hits, errors, state) rewritten as it runs, and ``results.csv``. The job page reads
``status.json``, so it survives a reload, and a restarted server still shows finished jobs.
Every hit enters the review queue (origin ``batch:<id>``) and every row is screened into the
ledger, as the CLI's batch does.
"""

from __future__ import annotations

import codecs
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exportctl.errors import ExportCtlError, InputError, NotFoundError
from exportctl.ownership.derived import derived_of
from exportctl.screening.batch import query_fields, read_rows, write_results
from exportctl.screening.batch.query import OTHER_NAME_NOT_SCREENED, other_names
from exportctl.screening.row_binding import recorded_query, row_kw
from exportctl.screening.runner import cannot_conclude, ledger_matches

if TYPE_CHECKING:
    from exportctl.recording import Screened
    from exportctl.screening.batch import BatchRow
    from exportctl.screening.binding import BindingProfile

__all__ = ["ALLOWED_SUFFIXES", "JobStatus", "Jobs", "profile_text", "run_batch"]

log = logging.getLogger("exportctl.web")

#: How many rows with their own binding profile the job page lists (all are counted).
SHOWN_PROFILES = 100

# The CLI's batch suffixes: a semicolon or tab file (.txt, .tsv), a JSON array (.json: an
# "Export as JSON") are read by the same reader.
ALLOWED_SUFFIXES = (".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json", ".xlsx", ".parquet")
_MAGIC = {".xlsx": b"PK\x03\x04", ".parquet": b"PAR1"}
# Byte-order marks of wide text (UTF-32-LE's begins with UTF-16-LE's).
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


@dataclass
class JobStatus:
    """What the job page shows."""

    id: str
    filename: str
    owner: str
    state: str  # running | done | failed
    total: int
    done: int
    hits: int
    errors: int
    queued: int
    started_at: str
    finished_at: str | None = None
    message: str | None = None
    # Rows screened under their own binding profile (bound_by / subject_to_ear cells) rather
    # than the default, and the first of them (row id, profile) for the job page.
    own_profile: int = 0
    own_profiles: list[list[str]] = field(default_factory=list)
    # Rows with warnings, and among them the rows that cannot be concluded (runner's
    # cannot_conclude: a screen or ownership lookup cut, or a lookup that failed): the page
    # says how many (out27). Defaults: a status.json written before them still loads.
    with_warnings: int = 0
    rows_incomplete: int = 0
    # Rows with a filled column of another name (alias, shipper, director …: headers.yaml
    # other_names), which is not screened, and the first of them (row id, warnings): a listed
    # alias beside a name that cleared reached no review item, and the page said only "Rows
    # with warnings: N" among NUL bytes and short identifiers (rev29c).
    # Since batch30 those names are screened (runner.screen_row); the count is of rows with a
    # name there that was not (past the names a row screens, over-long, unscreenable).
    other_names: int = 0
    other_name_rows: list[list[str]] = field(default_factory=list)
    # Rows whose name holds a listed company's distinctive word with no match (ROSNEFT
    # MARKETING: screening/listed_words.py), and the first of them (row id, the notes): a
    # possible subsidiary, which the page counts and shows rather than leave in the CSV alone.
    listed_words: int = 0
    listed_word_rows: list[list[str]] = field(default_factory=list)
    # Rows whose other names (alias, shipper …) were screened beside the name, and the rows
    # with a match found by one of them (the match's ``matched_input`` names it; batch30).
    other_names_screened: int = 0
    other_name_hits: int = 0

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.done / self.total)


def check_upload(filename: str, data: bytes) -> str:
    """The upload's suffix, once its name and content agree with an accepted type."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise InputError(
            f"{filename or 'the file'}: use a .csv, .tsv, .txt, .json, .jsonl, .xlsx or "
            ".parquet file"
        )
    if not data:
        raise InputError("the file is empty")
    magic = _MAGIC.get(suffix)
    if magic is not None and not data.startswith(magic):
        raise InputError(f"{filename}: the content is not a {suffix} file")
    if magic is None and b"\x00" in data[:4096] and not data.startswith(_WIDE_BOMS):
        # A UTF-16 or UTF-32 file is half NUL bytes and says so by its byte-order mark (Excel's
        # "Unicode Text" is UTF-16 with one): the batch reader decodes it as the command line
        # does. Refused here as binary content, the web and the CLI read one file two ways.
        raise InputError(f"{filename}: binary content in a text file")
    return suffix


class Jobs:
    """The jobs of one server, under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def _dir(self, job_id: str) -> Path:
        if not job_id.isalnum():
            raise InputError("no such job")
        return self.root / job_id

    def status(self, job_id: str) -> JobStatus:
        path = self._dir(job_id) / "status.json"
        try:
            return JobStatus(**json.loads(path.read_text("utf-8")))
        except FileNotFoundError:
            raise NotFoundError(f"no batch job {job_id}") from None

    def results(self, job_id: str) -> Path:
        status = self.status(job_id)
        if status.state != "done":
            raise InputError("the job has not finished")
        return self._dir(job_id) / "results.csv"

    def recent(self, owner: str | None = None, limit: int = 20) -> list[JobStatus]:
        if not self.root.is_dir():
            return []
        found = []
        for d in self.root.iterdir():
            try:
                s = self.status(d.name)
            except ExportCtlError:
                continue
            if owner is None or s.owner == owner:
                found.append(s)
        return sorted(found, key=lambda s: s.started_at, reverse=True)[:limit]

    def _save(self, status: JobStatus) -> None:
        d = self._dir(status.id)
        tmp = d / "status.json.tmp"
        tmp.write_text(json.dumps(asdict(status)), "utf-8")
        tmp.replace(d / "status.json")

    def start(
        self,
        filename: str,
        data: bytes,
        owner: str,
        run: Callable[[Path, Path, Callable[[JobStatus], None], JobStatus], None],
    ) -> JobStatus:
        """Store the upload and run ``run(input, output, save, status)`` in a thread."""
        suffix = check_upload(filename, data)
        job_id = secrets.token_hex(8)
        d = self._dir(job_id)
        d.mkdir(parents=True)
        src = d / f"input{suffix}"
        src.write_bytes(data)
        safe = "".join(c for c in Path(filename).name if c.isalnum() or c in "._- ")[:100]
        status = JobStatus(
            id=job_id,
            filename=safe or f"upload{suffix}",
            owner=owner,
            state="running",
            total=0,
            done=0,
            hits=0,
            errors=0,
            queued=0,
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self._save(status)

        def work() -> None:
            try:
                run(src, d / "results.csv", self._save, status)
                status.state = "done"
            except ExportCtlError as exc:
                status.state, status.message = "failed", str(exc)
            except Exception:  # the page says it failed; the log has the trace
                log.exception("batch job %s failed", job_id)
                status.state, status.message = "failed", "internal error (see the server log)"
            status.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
            self._save(status)

        threading.Thread(target=work, name=f"exportctl-job-{job_id}", daemon=True).start()
        return status


def profile_text(profile: BindingProfile | None) -> str:
    """A binding profile in a few words: ``bound by DE, EU; subject to the EAR``."""
    if profile is None:
        return "none (binding not assessed)"
    where = ", ".join(sorted(profile.bound_by)) or "no state"
    return f"bound by {where}; " + ("subject to the EAR" if profile.subject_to_ear else "not EAR")


def run_batch(
    screen_row: Callable[[BatchRow], dict[str, Any]],
    enqueue: Callable[
        [list[tuple[dict[str, str], list[dict[str, Any]], list[dict[str, Any]]]], str], int
    ],
    to_ledger: Callable[[list[Screened]], None],
    kw: dict[str, Any],
    *,
    looked_up: bool = False,
) -> Callable[[Path, Path, Callable[[JobStatus], None], JobStatus], None]:
    """A job body: read rows, screen each, write results.csv, queue hits, ledger rows.

    ``screen_row`` is the CLI batch's row function (``runner.screen_row``, also Spark's),
    bound to an index, ``kw`` and the reviewers' verdicts, so a row's ``bound_by`` and
    ``subject_to_ear`` cells override ``kw``'s profile here exactly as there, and a bad cell is
    that row's error. Each ledger record keeps the profile the row was screened under, and
    (``looked_up``: ``screen_row`` looks rows up in ownership data) the row's derived hits.
    """
    default = kw.get("profile")

    def run(src: Path, out: Path, save: Callable[[JobStatus], None], status: JobStatus) -> None:
        # The file is read twice, row by row, never held (alias31; it was read whole, its
        # rows held, about ten times its size in memory): once to count the rows, so that the
        # page's progress has its total and a file no reader can go through (a header of
        # other columns far into it) fails the job before any row is screened, as before;
        # then as it is screened. Reading is a small part of a row's screening time
        # (BENCHMARKS.md alias31).
        status.total = sum(1 for _ in read_rows(src))
        save(status)
        rows = read_rows(src)
        last = time.monotonic()
        pending: list[Screened] = []
        # for the review queue: (party, list hits, derived hits)
        hits: list[tuple[dict[str, str], list[dict[str, Any]], list[dict[str, Any]]]] = []

        def records() -> Any:
            nonlocal last
            for row in rows:
                rec = screen_row(row)
                matches: list[dict[str, Any]] = rec["matches"]
                if rec["error"] is None:
                    fields = {k: v for k, v in query_fields(row.fields).items() if k != "id"}
                    # Screened, so its binding cells (if any) were readable.
                    profile = row_kw(kw, row.fields).get("profile")
                    if profile != default:
                        status.own_profile += 1
                        if len(status.own_profiles) < SHOWN_PROFILES:
                            status.own_profiles.append([row.id, profile_text(profile)])
                    query = recorded_query(fields, profile)
                    # (with the screen's incomplete, if any: ledger_matches)
                    pending.append((query, ledger_matches(rec), derived_of(rec, looked_up)))
                    derived: list[dict[str, Any]] = rec.get("derived") or []
                    status.hits += len(matches)
                    if matches or derived:
                        hits.append((fields, matches, derived))
                else:
                    status.errors += 1
                status.with_warnings += bool(rec["warnings"])
                if rec["error"] is None and other_names(row.fields)[0]:
                    status.other_names_screened += 1
                    status.other_name_hits += any(
                        m.get("matched_input", {}).get("column", "name") != "name" for m in matches
                    )
                unscreened = [w for w in rec["warnings"] if w.endswith(OTHER_NAME_NOT_SCREENED)]
                if unscreened:
                    status.other_names += 1
                    if len(status.other_name_rows) < SHOWN_PROFILES:
                        status.other_name_rows.append([row.id, "; ".join(unscreened)])
                status.rows_incomplete += cannot_conclude(rec)
                if notes := rec.get("listed_words"):
                    status.listed_words += 1
                    if len(status.listed_word_rows) < SHOWN_PROFILES:
                        said = "; ".join(str(n["message"]) for n in notes)
                        status.listed_word_rows.append([row.id, said])
                status.done += 1
                if time.monotonic() - last > 0.25:
                    save(status)
                    last = time.monotonic()
                if len(hits) >= 200:  # one transaction per 200 rows with hits
                    status.queued += enqueue(hits[:], f"batch:{status.id}")
                    hits.clear()
                if len(pending) >= 200:
                    to_ledger(pending[:])
                    pending.clear()
                yield rec

        write_results(out, records())
        if hits:
            status.queued += enqueue(hits, f"batch:{status.id}")
        if pending:
            to_ledger(pending)
        if status.done != status.total:
            # The two passes read different files (rev31b: the upload was rewritten while the
            # job ran): the results are of a file the page's count was not, and rows may have
            # been left out. Failed, its hits queued and its rows recorded first (they were
            # screened), so that results.csv is never offered as the upload's.
            raise InputError(
                f"the upload read {status.total:,} row(s) when counted and {status.done:,} "
                "when screened: it changed while the job ran; screen it again"
            )

    return run
