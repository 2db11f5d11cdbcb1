"""Transparency report: aggregate counts of one period, from the ledger's public summaries.

Modelled on the annual report of EU Regulation 2021/821 Art. 26(2) (licence applications by
item, destination and decision, without trade secrets or personal data). Every number comes from
the summaries committed in the ledger (:mod:`exportctl.ledger.summaries`), never from the
record store, so the report holds no personal data and can be re-derived by anyone who holds the
ledger; it names the signed tree head it covers.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from exportctl.countries import region_of
from exportctl.errors import InputError, LedgerError
from exportctl.ledger.core import Ledger, SignedHead, format_time
from exportctl.ledger.keys import load_signing_key
from exportctl.ledger.summaries import KINDS

__all__ = [
    "Period",
    "TransparencyReport",
    "build_report",
    "find_chromium",
    "parse_period",
    "render_html",
    "render_pdf",
]


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: date  # inclusive
    end: date  # exclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def _month_add(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def parse_period(text: str) -> Period:
    """``2026``, ``2026-H1``, ``2026-Q3``, ``2026-07`` or ``2026-01-01..2026-03-31`` (inclusive)."""
    value = text.strip().upper()
    try:
        if m := re.fullmatch(r"(\d{4})", value):
            start = date(int(m[1]), 1, 1)
            return Period(value, start, _month_add(start, 12))
        if m := re.fullmatch(r"(\d{4})-H([12])", value):
            start = date(int(m[1]), 6 * int(m[2]) - 5, 1)
            return Period(value, start, _month_add(start, 6))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            start = date(int(m[1]), 3 * int(m[2]) - 2, 1)
            return Period(value, start, _month_add(start, 3))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            start = date(int(m[1]), int(m[2]), 1)
            return Period(value, start, _month_add(start, 1))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", value):
            start, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if last >= start:
                return Period(f"{start}..{last}", start, last + timedelta(days=1))
    except ValueError:
        pass
    raise InputError(
        f"period {text!r}: expected 2026, 2026-H1, 2026-Q3, 2026-07 or 2026-01-01..2026-03-31"
    )


@dataclass(slots=True)
class TransparencyReport:
    """The aggregates of one period; ``to_dict`` is the ``--json`` contract."""

    period: Period
    generated_at: str
    entries: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    by_kind: Counter[str] = field(default_factory=Counter)
    screenings_with_hits: int = 0
    hits: int = 0
    hits_by_scope: Counter[str] = field(default_factory=Counter)
    hits_by_source: Counter[str] = field(default_factory=Counter)
    screenings_with_derived: int = 0
    derived_by_rule: Counter[str] = field(default_factory=Counter)
    derived_by_status: Counter[str] = field(default_factory=Counter)
    ownership_not_checked: int = 0
    # looked up, but records the name may be were left unchecked (own27): not a clear lookup
    ownership_incomplete: int = 0
    decisions_by_outcome: Counter[str] = field(default_factory=Counter)
    classifications_controlled: int = 0
    classifications_by_regime: Counter[str] = field(default_factory=Counter)
    determinations_by_jurisdiction: Counter[str] = field(default_factory=Counter)
    determinations_by_outcome: Counter[str] = field(default_factory=Counter)
    determinations_by_region: Counter[str] = field(default_factory=Counter)
    determinations_by_destination: Counter[str] = field(default_factory=Counter)
    determinations_by_regime: Counter[str] = field(default_factory=Counter)
    authorisations_used: Counter[str] = field(default_factory=Counter)
    series_unit: str = "week"
    series: dict[str, Counter[str]] = field(default_factory=dict)  # bucket -> kind -> count
    head: SignedHead | None = None

    def add(self, seq: int, kind: str, time: str, summary: dict[str, Any]) -> None:
        self.entries += 1
        self.first_seq = seq if self.first_seq is None else min(self.first_seq, seq)
        self.last_seq = seq if self.last_seq is None else max(self.last_seq, seq)
        self.by_kind[kind] += 1
        self.series.setdefault(self._bucket(time), Counter())[kind] += 1
        if kind == "screening":
            hits = summary.get("hits") or []
            derived = summary.get("derived") or []
            self.hits += len(hits)
            # A screen whose only finding is ownership by listed parties is not a clear one.
            self.screenings_with_hits += bool(hits or derived)
            self.screenings_with_derived += bool(derived)
            self.ownership_not_checked += summary.get("ownership") == "not_checked"
            self.ownership_incomplete += summary.get("ownership") == "incomplete"
            for hit in hits:
                self.hits_by_scope[str(hit.get("scope", "unknown"))] += 1
                self.hits_by_source[str(hit.get("source", "unknown"))] += 1
            for d in derived:
                self.derived_by_rule[str(d.get("rule", "unknown"))] += 1
                self.derived_by_status[str(d.get("status", "unknown"))] += 1
        elif kind == "decision":
            self.decisions_by_outcome[str(summary.get("outcome", "unknown"))] += 1
        elif kind == "classification":
            self.classifications_controlled += bool(summary.get("controlled"))
            self.classifications_by_regime.update(summary.get("regimes") or [])
        elif kind == "determination":
            dest = summary.get("destination")
            self.determinations_by_jurisdiction[str(summary.get("jurisdiction", "unknown"))] += 1
            self.determinations_by_outcome[str(summary.get("outcome", "unknown"))] += 1
            self.determinations_by_region[region_of(dest)] += 1
            self.determinations_by_destination[str(dest or "unknown")] += 1
            self.determinations_by_regime.update(summary.get("regimes") or [])
            self.authorisations_used.update(summary.get("authorisations") or [])

    def _bucket(self, time: str) -> str:
        day = date.fromisoformat(time[:10])
        if self.series_unit == "month":
            return day.strftime("%Y-%m")
        monday = day - timedelta(days=day.weekday())
        return monday.isoformat()

    def buckets(self) -> list[str]:
        """Every bucket of the period, empty ones included, in order."""
        out: list[str] = []
        if self.series_unit == "month":
            d = self.period.start
            while d < self.period.end:
                out.append(d.strftime("%Y-%m"))
                d = _month_add(d, 1)
            return out
        d = self.period.start - timedelta(days=self.period.start.weekday())
        while d < self.period.end:
            out.append(d.isoformat())
            d += timedelta(days=7)
        return out

    def to_dict(self) -> dict[str, Any]:
        def top(c: Counter[str]) -> dict[str, int]:
            return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

        return {
            "period": {
                "label": self.period.label,
                "start": self.period.start.isoformat(),
                "end": (self.period.end - timedelta(days=1)).isoformat(),
            },
            "generated_at": self.generated_at,
            "entries": self.entries,
            "ledger_range": [self.first_seq, self.last_seq],
            "by_kind": {k: self.by_kind.get(k, 0) for k in KINDS},
            "screening": {
                "total": self.by_kind.get("screening", 0),
                "with_hits": self.screenings_with_hits,
                "hits": self.hits,
                "hits_by_scope": top(self.hits_by_scope),
                "hits_by_source": top(self.hits_by_source),
                "with_derived": self.screenings_with_derived,
                "derived": sum(self.derived_by_rule.values()),
                "derived_by_rule": top(self.derived_by_rule),
                "derived_by_status": top(self.derived_by_status),
                "ownership_not_checked": self.ownership_not_checked,
                "ownership_incomplete": self.ownership_incomplete,
            },
            "decisions_by_outcome": top(self.decisions_by_outcome),
            "classification": {
                "total": self.by_kind.get("classification", 0),
                "controlled": self.classifications_controlled,
                "by_regime": top(self.classifications_by_regime),
            },
            "determination": {
                "total": self.by_kind.get("determination", 0),
                "by_jurisdiction": top(self.determinations_by_jurisdiction),
                "by_outcome": top(self.determinations_by_outcome),
                "by_region": top(self.determinations_by_region),
                "by_destination": top(self.determinations_by_destination),
                "by_regime": top(self.determinations_by_regime),
                "authorisations_used": top(self.authorisations_used),
            },
            "series": {
                "unit": self.series_unit,
                "buckets": [
                    {"start": b, **{k: self.series.get(b, Counter()).get(k, 0) for k in KINDS}}
                    for b in self.buckets()
                ],
            },
            "signed_head": self.head.to_dict() if self.head else None,
        }


def build_report(ledger: Ledger, period: Period, *, sign: bool = True) -> TransparencyReport:
    """Count the period's entries; name (and if needed sign) a head that covers them all."""
    report = TransparencyReport(
        period=period,
        generated_at=format_time(datetime.now(UTC)),
        series_unit="month" if period.days > 100 else "week",
    )
    start = format_time(datetime.combine(period.start, datetime.min.time(), UTC))
    end = format_time(datetime.combine(period.end, datetime.min.time(), UTC))
    for seq, kind, time, summary in ledger.iter_summaries(start, end):
        report.add(seq, kind, time, summary)
    head = ledger.latest_head()
    needed = (report.last_seq + 1) if report.last_seq is not None else 0
    if (
        sign
        and (head is None or head.tree_size < needed)
        and load_signing_key(ledger.data_dir, required=False)
    ):
        head = ledger.sign_head()
    report.head = head if head is not None and head.tree_size >= needed else None
    return report


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("exportctl.ledger", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["label"] = lambda s: str(s).replace("_", " ")
    return env


def render_html(report: TransparencyReport) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG charts, no scripts)."""
    data = report.to_dict()
    return _env().get_template("report.html").render(r=data, kinds=KINDS)


def find_chromium() -> str | None:
    """A Chromium/Chrome executable on PATH (``/usr/bin/chromium`` on Debian), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(html: str, output: Path, *, chromium: str | None = None) -> Path:
    """Print the HTML to PDF with headless Chromium (``apt-get install chromium``)."""
    exe = chromium or find_chromium()
    if exe is None:
        raise LedgerError("--pdf needs Chromium: install it (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="exportctl-report-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={output.resolve()}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise LedgerError(f"{exe}: PDF printing failed: {exc}") from None
    if done.returncode != 0 or not output.exists() or output.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise LedgerError(f"{exe}: PDF printing failed: {tail[0]}")
    return output
