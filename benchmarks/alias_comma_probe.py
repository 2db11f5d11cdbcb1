"""False alerts of the comma readings of a batch row's other-name cells (rev31b): ordinary
names, made with Faker (``BENCH_SITE``), screened against every bundled list.

    nice python benchmarks/alias_comma_probe.py [--persons 2000] [--untyped 6000] [--seed 31]
    nice python benchmarks/alias_comma_probe.py --persons 0 --untyped 0 --person-rows 3000 \
        --dump F; ... --compare BASE_F NEW_F

* ``--persons``: person rows' alias lists (``Full, Full, Given``, ``Full, Given``, ``Surname,
  Given Given, Jr``, ``Given, Full, Full``): each full name the person rule screens alone
  that alias31's (split only where every part holds two words) did not, screened as a person.
* ``--untyped``: untyped rows whose alias cell (and, every other row, shipper cell) is one
  word then a comma (Faker companies cut after their first word, ``Surname, Given``,
  ``Company-word, City``): each row screened with a listed word's promotion
  (``runner._listed_parts``; ``_listed_part`` before rev32d) and with it off; every row
  whose matches differ is printed.
* ``--person-rows``: person rows with 1-3 ordinary aliases (batch32), dumped to compare two
  trees' answers (run once with each tree's ``src`` on PYTHONPATH).

Faker's names are no parties: a match is noise, except where Faker writes a real company's
name (its ru_RU companies include listed ones: ROSNEFT, TRANSNEFT), which is printed so.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from typing import Any

if os.environ.get("BENCH_SITE"):
    sys.path.insert(0, os.environ["BENCH_SITE"])

from faker import Faker

from exportctl.model import Entity, EntityType
from exportctl.screening import Query, ScreeningIndex, runner, screen
from exportctl.screening.batch import text_rows
from exportctl.screening.batch.query import other_names
from exportctl.screening.decisions import DecisionBook


def bundled_index() -> ScreeningIndex:
    from exportctl.store.bundle import bundled_files, read_bundle

    entities: list[Entity] = []
    for bf in bundled_files():
        entities.extend(read_bundle(bf.resource.read_bytes(), bf.source)[0].entities)
    return ScreeningIndex(entities)


def fakers(locales: list[str], seed: int) -> list[Any]:
    out = []
    for k, loc in enumerate(locales):
        f = Faker(loc)
        f.seed_instance(seed + k)
        out.append(f)
    return out


def persons(index: ScreeningIndex, n: int, seed: int) -> None:
    rng = random.Random(seed)
    locs = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "ru_RU", "tr_TR"]
    fs = fakers([*locs, "ar_AA"], seed)

    def full(f: Any) -> str:
        return f"{f.first_name()} {f.last_name()}"

    cells = []
    for i in range(n):
        f = rng.choice(fs)
        cells.append(
            [
                f"{full(f)}, {full(f)}, {f.first_name()}",
                f"{full(f)}, {f.first_name()}",
                f"{f.last_name()}, {f.first_name()} {f.first_name()}, Jr",
                f"{f.first_name()}, {full(f)}, {full(f)}",
            ][i % 4]
        )

    def alias31(cell: str) -> list[str]:
        parts = [p.strip() for p in cell.split(",") if p.strip()]
        return parts if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) else []

    extra, alerts, t = 0, [], time.process_time()
    for cell in cells:
        names = other_names({"name": "Q", "type": "person", "alias": cell})[0]
        new = [o.name for o in names[1:] if o.name not in alias31(cell)]
        extra += len(new)
        for name in new:
            found = screen(Query(name=name, type=EntityType.PERSON), index)
            if len(found):
                alerts.append((cell, name, found[0].matched_name, found[0].score))
    print(
        f"persons: {n:,} cells, {extra:,} names newly screened alone, {len(alerts)} with a "
        f"match ({len(alerts) / max(extra, 1):.4f} a name); {time.process_time() - t:.1f} s CPU"
    )
    for a in alerts:
        print("  ", a)


def untyped(index: ScreeningIndex, n: int, seed: int) -> None:
    rng = random.Random(seed)
    locs = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "ru_RU", "tr_TR"]
    fs = fakers([*locs, "nl_NL", "ja_JP", "zh_CN"], seed * 10)
    cells: list[str] = []
    while len(cells) < n:
        f = rng.choice(fs)
        k = len(cells) % 3
        if k == 0:
            c = f.company()
            if "," not in c:
                w = c.split()
                c = f"{w[0]}, {' '.join(w[1:]) or f.company()}"
        elif k == 1:
            c = f"{f.last_name()}, {f.first_name()}"
        else:
            c = f"{f.company().split()[0]}, {f.city()}"
        cells.append(c)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "name", "alias", "shipper"])
    for i, c in enumerate(cells):
        w.writerow([i, "Quiet Customer", c, c if i % 2 else ""])
    rows = list(text_rows(buf.getvalue().encode(), ".csv"))
    book = DecisionBook({}, {})
    real = runner._listed_parts
    answers: dict[str, list[dict[str, Any]]] = {}
    for side in ("without", "with", "without", "with"):  # (alternated: the first is cold)
        runner._listed_parts = real if side == "with" else (lambda *a: {})  # type: ignore[assignment]
        t = time.process_time()
        answers[side] = [runner.screen_row(r, index, {}, book) for r in rows]
        print(f"untyped: {side} the promotion, {time.process_time() - t:.2f} s CPU")
    runner._listed_parts = real

    def key(rec: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((m["source"], m["source_id"]) for m in rec["matches"])

    diff = [
        (cells[i], [m["matched_name"] for m in a["matches"]][:3])
        for i, (a, b) in enumerate(zip(answers["with"], answers["without"], strict=True))
        if key(a) != key(b)
    ]
    for side in ("with", "without"):
        recs = answers[side]
        print(
            f"untyped: {side}: {sum(bool(r['matches']) for r in recs)} rows with a match, "
            f"{sum('listed_words' in r for r in recs)} with a note"
        )
    print(f"untyped: {n:,} rows, {len(diff)} with other matches")
    for d in diff:
        print("  ", d)


#: batch33: every separator a spreadsheet cell meets (``--separators``).
SEPARATORS = [", ", "，", "、", "، ", "; ", "；", " | ", "/", " / ", "\n", "\t"]
#: batch33: listed companies' words hidden beside ordinary names (``--hidden``).
HIDDEN = ["ROSNEFT", "KOMID", "TRANSNEFT", "GOZNAK", "AVTOVAZ", "SOVCOMFLOT", "ROSTELECOM"]


def person_rows(
    index: ScreeningIndex,
    n: int,
    seed: int,
    dump: str | None,
    extra: list[str] | None = None,
    separators: bool = False,
    hidden: bool = False,
    name_cells: bool = False,
) -> None:
    """Person rows (batch32) whose alias cell holds 1-3 ordinary aliases, each a full name,
    ``SURNAME, Given``, ``Surname, Given Given`` or (ru_RU) ``Surname, Given Patronymic``,
    joined by ``; `` or ``, ``: every row screened by ``runner.screen_row``. ``--dump``
    writes each row's cell and its matches (source, source_id, score) as JSON lines, to be
    compared between two trees (``--compare``).

    ``name_cells`` (rev33c): the row's *name* cell holds one such name (batch33 reads it as an
    alias cell is read), every other row typed ``person``, the others untyped; no alias cell."""
    import json

    rng = random.Random(seed)
    locs = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "ru_RU", "tr_TR"]
    fs = fakers([*locs, *(extra or [])], seed * 100)

    def alias(f: Any) -> str:
        k = rng.randrange(5)
        if k == 0:
            return f"{f.first_name()} {f.last_name()}"
        if k == 1:
            return f"{f.last_name().upper()}, {f.first_name()}"
        if k == 2:
            return f"{f.last_name()}, {f.first_name()} {f.first_name()}"
        if k == 3 and hasattr(f, "middle_name_male"):
            return f"{f.last_name_male()}, {f.first_name_male()} {f.middle_name_male()}"
        return f"{f.last_name().upper()}, {f.first_name()} {f.first_name()}"

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "name", "type", "alias"])
    cells = []
    for i in range(n):
        f = rng.choice(fs)
        seps = SEPARATORS if separators else ["; ", ", "]
        names = [alias(f) for _ in range(rng.randint(1, 3))]
        if hidden:
            names.insert(rng.randrange(len(names) + 1), rng.choice(HIDDEN))
        if name_cells:
            cell = alias(f)
            cells.append(cell)
            w.writerow([i, cell, "person" if i % 2 else "", ""])
            continue
        cell = rng.choice(seps).join(names)
        cells.append(cell)
        w.writerow([i, f"{f.first_name()} {f.last_name()}", "person", cell])
    rows = list(text_rows(buf.getvalue().encode(), ".csv"))
    book = DecisionBook({}, {})
    t = time.process_time()
    recs = [runner.screen_row(r, index, {}, book) for r in rows]
    cpu = time.process_time() - t
    hit = sum(bool(r["matches"]) for r in recs)
    print(f"person rows: {n:,} rows, {hit} with a match; {cpu:.2f} s CPU")
    if hidden:
        found = sum(
            any(w.casefold() in m["matched_name"].casefold() for m in r["matches"] for w in HIDDEN)
            for r in recs
        )
        print(f"person rows: a listed word hidden in each cell: {found} of {n:,} found")
    if dump:
        with open(dump, "w", encoding="utf-8") as fh:
            for cell, rec in zip(cells, recs, strict=True):
                ms = [[m["source"], m["source_id"], m["score"]] for m in rec["matches"]]
                fh.write(json.dumps({"cell": cell, "matches": ms}, ensure_ascii=False) + "\n")


def compare(a: str, b: str) -> None:
    """The rows whose matches differ between two ``--dump`` files."""
    import json

    with open(a, encoding="utf-8") as fa, open(b, encoding="utf-8") as fb:
        pairs = [(json.loads(x), json.loads(y)) for x, y in zip(fa, fb, strict=True)]
    diff = [(x, y) for x, y in pairs if x != y]
    print(f"{len(pairs):,} rows, {len(diff)} with other matches")
    for x, y in diff:
        print("  ", x["cell"], "|", x["matches"][:3], "->", y["matches"][:3])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, default=2000)
    ap.add_argument("--untyped", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--person-rows", type=int, default=0)
    ap.add_argument("--dump", help="person rows' answers to this file (JSON lines)")
    ap.add_argument("--compare", nargs=2, metavar=("BASE", "NEW"))
    # (rev32d: more locales for the person rows, after the nine: `--locales pt_BR,nl_NL`)
    ap.add_argument("--locales", default="", help="person rows: Faker locales beside the nine")
    # (batch33: every separator a cell meets; a listed company's word hidden in each cell)
    ap.add_argument("--separators", action="store_true", help="person rows: any separator")
    ap.add_argument("--hidden", action="store_true", help="person rows: a listed word in each")
    # (rev33c: the name cell holds the inverted name, typed person or untyped)
    ap.add_argument("--name-cells", action="store_true", help="person rows: in the name cell")
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    index = bundled_index()
    if args.person_rows:
        extra = [x for x in args.locales.split(",") if x]
        person_rows(
            index,
            args.person_rows,
            args.seed,
            args.dump,
            extra,
            args.separators,
            args.hidden,
            args.name_cells,
        )
    if args.persons:
        persons(index, args.persons, args.seed)
    if args.untyped:
        untyped(index, args.untyped, args.seed)


if __name__ == "__main__":
    main()
