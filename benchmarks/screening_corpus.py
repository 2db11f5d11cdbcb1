"""Shared loaders for the screening benchmarks: real lists and the dev query sets."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import pickle
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import exportctl
from exportctl.model import Entity, NameKind

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"
CACHE = Path(tempfile.gettempdir()) / "exportctl-bench"


def _parser_digest() -> str:
    """A digest of the parsers' and the model's code: a parse cached by older code is not
    read back (a parser fix must show in the benchmarks that use its output)."""
    root = Path(exportctl.__file__).resolve().parent
    h = hashlib.sha256()
    parts = ("sources/**/*.py", "sources/**/*.yaml", "model/*.py")
    for path in sorted(p for part in parts for p in root.glob(part)):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def load_lists(which: str = "big") -> list[Entity]:
    """UN (+ OFAC SDN 2024, UK OFSI, AU DFAT for ``big``) through the project's parsers."""
    CACHE.mkdir(exist_ok=True)
    cache = CACHE / f"entities_{which}_{_parser_digest()}.pkl"
    if cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    from exportctl.sources import dfat_xlsx, ofac_csv, ofsi_xlsx, un_xml

    ents = list(un_xml.parse([DATA / "un/un_consolidated_2026-02-27.xml"]).entities)
    if which == "big":
        ents += ofac_csv.parse([DATA / "us/ofac/sdn_2024-05-03.csv"]).entities
        ents += ofsi_xlsx.parse([DATA / "uk/ofsi_conlist_2025-04-10.xlsx"]).entities
        ents += dfat_xlsx.parse(
            [DATA / "au/dfat_regulation8_consolidated_2024-11-11.xlsx"]
        ).entities
    with cache.open("wb") as fh:
        pickle.dump(ents, fh)
    return ents


def latin_names(ents: list[Entity]) -> list[tuple[str, str]]:
    """Each entity's ASCII names of four letters or more (weak aliases aside) with its id,
    sorted: the names the disguise and typo benchmarks write otherwise."""
    return sorted(
        {
            (n.full, e.source_id)
            for e in ents
            for n in e.names
            if n.full.isascii()
            and sum(c.isalpha() for c in n.full) >= 4
            and n.kind is not NameKind.WEAK_ALIAS
        }
    )


def read_people(name: str, limit: int | None = None) -> list[dict[str, str]]:
    """Rows of a yente candgen fixture (full_name, date_of_birth, nationality …)."""
    path = DATA / "matching" / "yente_candgen" / name
    raw = gzip.decompress(path.read_bytes()).decode() if name.endswith(".gz") else path.read_text()
    rows = list(csv.DictReader(io.StringIO(raw)))
    return rows[:limit] if limit else rows


class Timer:
    def __init__(self) -> None:
        self.t = time.perf_counter()

    def __call__(self) -> float:
        now = time.perf_counter()
        dt, self.t = now - self.t, now
        return dt


def synthetic(n: int, seed: int = 1) -> list[Entity]:
    """n synthetic entities as a list (see :func:`iter_synthetic`)."""
    return list(iter_synthetic(n, seed))


def iter_synthetic(n: int, seed: int = 1) -> Iterator[Entity]:
    """n synthetic entities (70 % persons, 30 % companies) from real first/last names.

    Persons combine given and family names of the yente synthetic negatives (multi-cultural,
    several scripts); companies combine words with legal forms. 1-3 aliases each.
    """
    from exportctl.model import EntityType, FuzzyDate, Name, NameKind

    rng = random.Random(seed)
    rows = read_people("negatives_global.csv.gz") + read_people("negatives_us.csv.gz")
    firsts = sorted({r["first_name"] for r in rows if r["first_name"]})
    lasts = sorted({r["last_name"] for r in rows if r["last_name"]})
    words = sorted({w for r in rows for w in r["place_of_birth"].split() if len(w) > 3})
    forms = ["LLC", "Ltd", "GmbH", "S.A.", "JSC", "Trading Co.", "Holdings", "OOO", "Corp"]
    for i in range(n):
        if rng.random() < 0.7:
            names = [f"{rng.choice(firsts)} {rng.choice(lasts)}"]
            names += [
                f"{rng.choice(lasts)}, {rng.choice(firsts)} {rng.choice(firsts)}"
                for _ in range(rng.randint(0, 2))
            ]
            ent = Entity(
                "synthetic",
                f"P{i}",
                EntityType.PERSON,
                [Name(names[0])] + [Name(x, NameKind.ALIAS) for x in names[1:]],
                birth_dates=[FuzzyDate.year(rng.randint(1940, 2000))],
            )
        else:
            base = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
            names = [
                f"{base} {rng.choice(forms)}",
                f"{base} {rng.choice(lasts)} {rng.choice(forms)}",
            ]
            ent = Entity(
                "synthetic",
                f"O{i}",
                EntityType.ORGANIZATION,
                [Name(names[0]), Name(names[1], NameKind.ALIAS)],
            )
        yield ent
