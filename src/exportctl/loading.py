"""Loading list files into the store: parse, digest, write one snapshot per publication."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

import httpx

from exportctl.errors import InputError, SourceError
from exportctl.ledger import record
from exportctl.model.parsing import RecordIssue
from exportctl.recording import list_versions
from exportctl.sources import get_source, parse_files
from exportctl.sources._bounds import DEFAULT_MAX_BYTES, Limits, current_limits, limits_scope
from exportctl.sources._io import sha256_of
from exportctl.store import SnapshotInfo, Store

__all__ = [
    "MAX_ARCHIVE_MEMBERS",
    "MAX_UNPACKED_BYTES",
    "Activation",
    "LoadReport",
    "activate_snapshot",
    "download",
    "load_paths",
    "unpack_archives",
    "update_source",
]

#: Most bytes the ZIP archives of one load may unpack to (the CLI's cap; the API derives its
#: own from its upload limit). The largest official list file is ~100 MB; a GiB leaves room
#: while stopping a zip bomb long before it fills a disk.
MAX_UNPACKED_BYTES = DEFAULT_MAX_BYTES
#: Most files in one archive: a publication is at most a handful (OFAC's classic set is four).
MAX_ARCHIVE_MEMBERS = 32

_MEMBER_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
_CHUNK = 1 << 20
# What a damaged or unsupported archive raises while its directory or a member is read
# (RuntimeError: encrypted member; NotImplementedError: compression method zipfile lacks).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


@dataclass(frozen=True, slots=True)
class LoadReport:
    """One publication's load: the snapshot stored (or, ``unchanged``, the one it repeats)."""

    snapshot: SnapshotInfo | None  # None only when a download repeated the active snapshot
    source: str
    files: list[str]
    issues: list[RecordIssue]
    unchanged: bool = False  # same bytes (sha256) as an existing snapshot: nothing stored

    @property
    def active(self) -> bool:
        """Whether screening now uses this load's snapshot."""
        return self.snapshot is not None and self.snapshot.active

    @property
    def note(self) -> str | None:
        """Why the snapshot is (in)active, or why nothing was stored; one line."""
        s = self.snapshot
        if self.unchanged:
            if s is None:
                return "same bytes as the active snapshot; nothing stored"
            state = "active" if s.active else "inactive"
            return f"same bytes (sha256) as snapshot {s.id} ({state}); nothing stored"
        return s.note if s is not None else None


def load_paths(
    store: Store,
    paths: Sequence[Path],
    fmt: str | None = None,
    source: str | None = None,
    *,
    origin: str = "file",
    max_unpacked_bytes: int | None = None,
    workdir: Path | None = None,
    accept_shrink: bool = False,
    shown_as: Mapping[Path, str] | None = None,
) -> list[LoadReport]:
    """Parse the files and store each publication as a new snapshot.

    A publication whose bytes (sha256) equal an existing snapshot of its source is not stored
    again: its report is ``unchanged`` and names that snapshot. Whether a new snapshot becomes
    the active one follows :mod:`exportctl.store.activation` (an older edition, or more than 5 %
    fewer entities than the active snapshot unless ``accept_shrink``, is stored inactive).

    Every file is parsed before anything is written, so one unreadable file in the batch
    leaves every source's previous snapshot in place. ``.zip`` archives of list files are
    unpacked first (see :func:`unpack_archives`, ``max_unpacked_bytes`` caps them, as it caps
    what a gzip file or XLSX workbook decompresses to; default ``EXPORTCTL_MAX_UNPACKED_BYTES``
    or 1 GiB) into
    ``workdir`` (default: a temporary directory removed afterwards); their members are named
    ``ARCHIVE:MEMBER`` in reports, snapshots and issues. ``shown_as`` names inputs the same
    way (the API's uploads live in a temporary directory whose path must not be shown).
    """
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise InputError(f"no such file: {', '.join(missing)}")
    if source is not None:
        get_source(source)  # unknown codes fail before parsing
    env = current_limits()
    cap = env.max_bytes if max_unpacked_bytes is None else max_unpacked_bytes
    opts = _Options(fmt, source, origin, cap, accept_shrink, dict(shown_as or {}))
    # One byte cap for archives, gzip and XLSX alike (the ratio cap from the environment).
    limits = Limits(cap, env.max_ratio)
    with limits_scope(limits):
        if workdir is not None:
            return _load(store, paths, opts, workdir)
        with tempfile.TemporaryDirectory(prefix="exportctl-unzip-") as tmp:
            return _load(store, paths, opts, Path(tmp))


@dataclass(frozen=True, slots=True)
class _Options:
    fmt: str | None
    source: str | None
    origin: str
    max_unpacked_bytes: int
    accept_shrink: bool
    shown_as: dict[Path, str]


def _load(store: Store, paths: Sequence[Path], opts: _Options, workdir: Path) -> list[LoadReport]:
    fmt, source, max_unpacked_bytes = opts.fmt, opts.source, opts.max_unpacked_bytes
    unpacked = _unpack(paths, workdir, max_unpacked_bytes, MAX_ARCHIVE_MEMBERS, opts.shown_as)
    inputs = [p for p, _ in unpacked]
    # Extracted members live in a scratch directory that is gone after the load: record and
    # report them by the archive they came from instead.
    shown = {str(p): label for p, label in unpacked if label is not None}
    try:
        results = parse_files(inputs, fmt, source)
    except SourceError as exc:
        raise _relabelled(exc, shown) from None
    reports = []
    for res in results:
        files = [Path(f) for f in res.files] or list(inputs)
        digest = sha256_of(files)  # of the members' bytes: a zipped set digests as the files do
        if shown:
            res.files = [shown.get(f, f) for f in res.files]
            res.issues = [
                replace(i, file=shown.get(i.file, i.file)) if i.file else i for i in res.issues
            ]
        names = [shown.get(str(f), str(f)) for f in files]
        same = store.find(res.source, digest)
        if same is not None:
            reports.append(LoadReport(same, res.source, names, [], unchanged=True))
            continue
        snap = store.load(res, sha256=digest, origin=opts.origin, accept_shrink=opts.accept_shrink)
        reports.append(LoadReport(snap, res.source, names, res.issues))
    return reports


def _relabelled(exc: SourceError, shown: dict[str, str]) -> SourceError:
    """``exc`` with scratch paths of archive members replaced by ``ARCHIVE:MEMBER``."""
    text = str(exc)
    for tmp, label in shown.items():
        text = text.replace(tmp, label)
    if text == str(exc):
        return exc
    new = type(exc)(text)  # the message already says where; path/location are kept below
    new.path = shown.get(exc.path, exc.path) if exc.path else None
    new.location = exc.location
    return new


def unpack_archives(
    paths: Sequence[Path],
    dest: Path,
    *,
    max_bytes: int = MAX_UNPACKED_BYTES,
    max_members: int = MAX_ARCHIVE_MEMBERS,
) -> list[Path]:
    """``paths`` with each ``.zip`` archive of list files replaced by its members in ``dest``.

    An XLSX workbook (a ZIP too) stays as it is. Members must be plain files with names of
    letters, digits, ``.``, ``_`` and ``-`` (folders inside the archive are ignored, only the
    base name is kept; absolute names and ``..`` are refused), at most ``max_members`` per
    archive, no two alike, and ``max_bytes`` in all: the bytes actually decompressed are
    counted, so a header that understates a member's size does not help a zip bomb. Each
    archive unpacks into its own new subdirectory of ``dest`` (a scratch directory the caller
    removes), so the members of one archive are grouped as one publication. Any violation, or
    an unreadable archive, raises :class:`InputError` naming the archive, and the archive's
    subdirectory is removed.
    """
    return [p for p, _ in _unpack(paths, dest, max_bytes, max_members)]


def _unpack(
    paths: Sequence[Path],
    dest: Path,
    max_bytes: int,
    max_members: int,
    shown_as: Mapping[Path, str] | None = None,
) -> list[tuple[Path, str | None]]:
    """Each input file with the label to show for it: ``ARCHIVE:MEMBER`` for a member."""
    out: list[tuple[Path, str | None]] = []
    shown_as = shown_as or {}
    budget = max_bytes  # one cap for the whole load, however many archives it holds
    for i, path in enumerate(paths):
        if path.suffix.lower() != ".zip":
            out.append((path, shown_as.get(path)))
            continue
        # A fresh directory per archive: never an existing path in dest (the API's upload
        # shares it), and one archive's members group as one publication.
        target = Path(tempfile.mkdtemp(prefix=f"archive-{i}-", dir=dest))
        try:
            members, used = _extract(path, target, budget, max_members)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)  # leave no half-written member behind
            raise
        if members is None:
            target.rmdir()
            out.append((path, shown_as.get(path)))  # an XLSX workbook: parsed as it is
            continue
        budget -= used
        out.extend((m, f"{shown_as.get(path, path)}:{m.name}") for m in members)
    return out


def _is_workbook(names: list[str]) -> bool:
    """An Office Open XML spreadsheet, which the XLSX parsers read whole."""
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _member_name(archive: str, raw: str) -> str:
    """The base name to extract ``raw`` under; InputError for anything that is not plain."""
    parts = re.split(r"[/\\]", raw)
    if raw.startswith(("/", "\\")) or parts[0].endswith(":") or ".." in parts:
        raise InputError(
            f"{archive}: member {raw!r} has an absolute or '..' path; "
            "an archive must hold plain list files"
        )
    base = parts[-1]
    if not _MEMBER_NAME.fullmatch(base) or not base.strip("."):
        raise InputError(
            f"{archive}: member name {raw!r} is not allowed "
            "(letters, digits, '.', '_' and '-' only)"
        )
    return base


def _extract(
    path: Path, target: Path, budget: int, max_members: int
) -> tuple[list[Path] | None, int]:
    """Unpack one archive into ``target``: (members, bytes written); (None, 0) for an XLSX."""
    name = path.name  # not the full path: the API's copy lives in a temporary directory
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if _is_workbook([i.filename for i in infos]):
                return None, 0
            files = [i for i in infos if not i.is_dir()]
            if not files:
                raise InputError(f"{name}: the archive holds no files")
            if len(files) > max_members:
                raise InputError(f"{name}: {len(files)} files in the archive (limit {max_members})")
            bases: dict[str, str] = {}
            for info in files:
                base = _member_name(name, info.filename)
                # Case-insensitively: SDN.CSV and sdn.csv would overwrite each other on some
                # file systems, and which one the parser saw would be a matter of chance.
                if base.lower() in bases:
                    raise InputError(
                        f"{name}: {info.filename!r} and {bases[base.lower()]!r} "
                        "have the same file name"
                    )
                bases[base.lower()] = info.filename
            too_big = f"{name}: unpacks to more than the {budget:,} bytes allowed"
            if sum(i.file_size for i in files) > budget:
                raise InputError(too_big)  # the headers admit it: refuse before writing
            ratio = current_limits()
            for info in files:
                why = ratio.check(f"member {info.filename}", info.file_size, info.compress_size)
                if why is not None:
                    raise InputError(f"{name}: {why}")
            members: list[Path] = []
            used = 0
            for info in files:
                out = target / _member_name(name, info.filename)
                mine = 0
                with zf.open(info) as src, out.open("xb") as dst:
                    # Count what decompression really yields; the header's size is a claim.
                    while chunk := src.read(_CHUNK):
                        used += len(chunk)
                        mine += len(chunk)
                        if used > budget:
                            raise InputError(too_big)
                        why = ratio.check(f"member {info.filename}", mine, info.compress_size)
                        if why is not None:
                            raise InputError(f"{name}: {why}")
                        dst.write(chunk)
                members.append(out)
            return members, used
    except _ZIP_ERRORS as exc:
        raise InputError(f"{name}: not a readable ZIP archive ({exc})") from None


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


@dataclass(frozen=True, slots=True)
class Activation:
    """An explicit activation: the snapshot, the one it replaced, its ledger entry's number."""

    snapshot: SnapshotInfo
    previous: SnapshotInfo | None
    ledger_seq: int | None  # None with the ledger off


def activate_snapshot(
    store: Store, snapshot_id: int, *, actor: str, db: str | None = None
) -> Activation:
    """Make a snapshot the active one of its source by explicit choice, recorded in the ledger.

    The ledger record (a ``decision`` with outcome ``list_activated``) names both snapshots
    and the actor; with the ledger off (``EXPORTCTL_LEDGER=0``) only the store changes.
    """
    snap, previous = store.activate(snapshot_id, note=f"activated explicitly by {actor}")
    entry = record(
        "decision",
        inputs={"action": "lists activate", "snapshot": snap.id, "sha256": snap.sha256},
        result={
            "outcome": "list_activated",
            "source": snap.source,
            "snapshot": snap.id,
            "published": snap.published,
            "previous": previous.id if previous else None,
        },
        actor=actor,
        versions=list_versions(store),
        db=db,
    )
    return Activation(snap, previous, entry.seq if entry is not None else None)


def update_source(
    store: Store, code: str, urls: Sequence[str] | None = None, *, accept_shrink: bool = False
) -> list[LoadReport]:
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
            return [LoadReport(active[code], code, chosen, [], unchanged=True)]
        return load_paths(store, files, source=code, origin="url", accept_shrink=accept_shrink)
