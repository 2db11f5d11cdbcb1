"""Loading list files into the store: parse, digest, write one snapshot per publication."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx

from exportctl.errors import InputError, SourceError
from exportctl.sources import get_source, parse_files
from exportctl.sources._io import sha256_of
from exportctl.sources.base import RecordIssue
from exportctl.store import SnapshotInfo, Store

__all__ = ["LoadReport", "download", "load_paths", "update_source"]


@dataclass(frozen=True, slots=True)
class LoadReport:
    snapshot: SnapshotInfo | None  # None when the file equals the active snapshot (unchanged)
    source: str
    files: list[str]
    issues: list[RecordIssue]
    unchanged: bool = False


def load_paths(
    store: Store,
    paths: Sequence[Path],
    fmt: str | None = None,
    source: str | None = None,
    *,
    origin: str = "file",
) -> list[LoadReport]:
    """Parse the files and store each publication as a new snapshot.

    Every file is parsed before anything is written, so one unreadable file in the batch
    leaves every source's previous snapshot in place.
    """
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise InputError(f"no such file: {', '.join(missing)}")
    if source is not None:
        get_source(source)  # unknown codes fail before parsing
    results = parse_files(paths, fmt, source)
    reports = []
    for res in results:
        files = [Path(f) for f in res.files] or list(paths)
        snap = store.load(res, sha256=sha256_of(files), origin=origin)
        reports.append(LoadReport(snap, res.source, [str(f) for f in files], res.issues))
    return reports


def download(urls: Sequence[str], dest: Path, timeout: float = 120.0) -> list[Path]:
    """Fetch each URL into ``dest``; SourceError names the URL that failed."""
    out = []
    with httpx.Client(follow_redirects=True, timeout=timeout) as client:
        for url in urls:
            name = Path(urlparse(url).path).name or "download"
            try:
                resp = client.get(url)
                resp.raise_for_status()
            except httpx.HTTPError as exc:
                raise SourceError(f"download failed: {exc}", path=url) from None
            target = dest / name
            target.write_bytes(resp.content)
            out.append(target)
    return out


def update_source(store: Store, code: str, urls: Sequence[str] | None = None) -> list[LoadReport]:
    """Download a source's official files and load them, skipping an unchanged publication."""
    src = get_source(code)
    chosen = list(urls or src.urls)
    if not chosen:
        raise InputError(f"source {code!r} has no download URL; load its file with 'lists load'")
    active = {s.source: s for s in store.active_snapshots()}
    with tempfile.TemporaryDirectory(prefix="exportctl-") as tmp:
        files = download(chosen, Path(tmp))
        digest = sha256_of(files)
        if code in active and active[code].sha256 == digest:
            return [LoadReport(None, code, chosen, [], unchanged=True)]
        return load_paths(store, files, source=code, origin="url")
