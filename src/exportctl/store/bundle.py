"""Bundled list snapshots: compact JSON-lines files shipped in the package for offline first use.

Each ``exportctl/data/lists/<source>.jsonl.gz`` holds one header line (source, format, the list's
publication date, the official file's sha256, record counts, parse issues) followed by one
entity per line in :meth:`Entity.to_dict` form. ``scripts/build_bundle.py`` writes them from
the official files; only public-domain or openly licensed lists are bundled.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from exportctl.errors import SourceError
from exportctl.model import Entity
from exportctl.model.parsing import ParseResult, RecordIssue

__all__ = ["BundleFile", "bundled_files", "load_bundle", "read_bundle", "write_bundle"]


@dataclass(frozen=True, slots=True)
class BundleFile:
    source: str
    resource: Traversable


def bundled_files() -> list[BundleFile]:
    """The bundled snapshots shipped with this installation, by source code."""
    root = resources.files("exportctl.data").joinpath("lists")
    if not root.is_dir():
        return []
    found = [
        BundleFile(p.name.removesuffix(".jsonl.gz"), p)
        for p in root.iterdir()
        if p.name.endswith(".jsonl.gz")
    ]
    return sorted(found, key=lambda b: b.source)


def write_bundle(result: ParseResult, sha256: str, path: Path) -> None:
    header = {
        "source": result.source,
        "format": result.format,
        "published": result.published.isoformat() if result.published else None,
        "sha256": sha256,
        "files": [Path(f).name for f in result.files],
        "records_seen": result.records_seen,
        # File names only: a bundle must not depend on where it was built (nor leak the path).
        "issues": [
            {
                "location": i.location,
                "reason": i.reason,
                "file": Path(i.file).name if i.file else None,
                "severity": i.severity,
            }
            for i in result.issues
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the bytes reproducible, so CI can compare a rebuild with the committed file.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write((json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n").encode())
        for ent in result.entities:
            gz.write(
                (json.dumps(ent.to_dict(), ensure_ascii=False, sort_keys=True) + "\n").encode()
            )


def read_bundle(data: bytes, name: str) -> tuple[ParseResult, str]:
    """A bundle's content as a ParseResult and the official file's sha256."""
    try:
        lines = gzip.decompress(data).decode("utf-8").splitlines()
        header: dict[str, Any] = json.loads(lines[0])
    except (OSError, EOFError, UnicodeDecodeError, ValueError, IndexError) as exc:
        raise SourceError(f"broken bundle ({exc})", path=name) from None
    ents: list[Entity] = []
    for no, line in enumerate(lines[1:], start=2):
        try:
            ents.append(Entity.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise SourceError(f"broken entity ({exc})", path=name, location=f"line {no}") from None
    issues = [RecordIssue(**i) for i in header.get("issues", [])]
    seen = int(header.get("records_seen") or 0)
    skipped = sum(1 for i in issues if i.severity == "skipped")
    if seen and len(ents) + skipped != seen:
        # Every record the parser saw became an entity or a skipped issue; a bundle with lines
        # missing (re-packed, edited) would otherwise seed a short list without a word.
        raise SourceError(
            f"broken bundle: {len(ents):,} entities and {skipped:,} skipped records, but its "
            f"header accounts for {seen:,} records",
            path=name,
        )
    pub = header.get("published")
    published: date | datetime | None = None
    if pub:
        published = datetime.fromisoformat(pub) if "T" in pub else date.fromisoformat(pub)
    result = ParseResult(
        source=header["source"],
        format=header["format"],
        entities=ents,
        published=published,
        issues=issues,
        files=list(header.get("files", [])),
        records_seen=seen,
    )
    return result, str(header["sha256"])


def load_bundle(store: Any, only: Iterable[str] | None = None) -> list[Any]:
    """Load every bundled snapshot (or those named) into the store; returns SnapshotInfo list."""
    wanted = set(only) if only else None
    loaded = []
    for bf in bundled_files():
        if wanted is not None and bf.source not in wanted:
            continue
        result, sha = read_bundle(bf.resource.read_bytes(), bf.resource.name)
        loaded.append(store.load(result, sha256=sha, origin="bundle"))
    return loaded
