"""Names as compliance desks receive them: listed names inside the clutter of a name field.

    nice .venv/bin/python benchmarks/screening_fields.py [--lists big] [--per 120] [--seed 22]

Customer files, payment messages and shipping documents rarely hold a bare name: ``Attn:``,
``c/o``, ``M/S``, a bracketed alias, a trailing account number or reference, an ``IMO`` number
after a vessel, ``SURNAME/GIVEN`` (SWIFT), ``Kim_Jong_Un``, camel case, a name cut into 35-
character lines or truncated by a payment system, a branch after a bank, a second party joined
with ``AND``, legal forms in another language. Each transformation below is applied to a seeded
sample of real listed names (the primary or a strong alias, Latin script, whose entity is found
by that name as written), then screened name only at the default threshold against the full
index of the chosen lists; a *miss* is a query whose entity is not among the matches. Reported
per transformation with a few missed examples, and the total.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import CACHE, load_lists, read_people
from screening_recall import _found  # (a listed entity among a query's matches)

from exportctl.model import Entity, EntityType, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.index import IndexLoadError

Transform = Callable[[str, Entity, random.Random], str | None]

_PERSON = {EntityType.PERSON}
_ORG = {EntityType.ORGANIZATION}
_VESSEL = {EntityType.VESSEL}
_ANY = {EntityType.PERSON, EntityType.ORGANIZATION, EntityType.VESSEL, EntityType.AIRCRAFT}
_OTHER_PARTIES = ["BP PLC", "GLENCORE AG", "Vitol SA", "MAERSK LINE", "Trafigura Pte Ltd"]
_LEGAL = ["LLC", "OOO", "ООО", "ZAO", "PAO", "ПАО", "Co., Ltd.", "GmbH", "S.A.", "Sdn Bhd", "JSC"]
_TITLES = ["Sheikh", "Haji", "Dr.", "General", "Mr", "Mrs", "Mr.", "Col."]
_QUOTES = [("«", "»"), ("„", "“"), ("『", "』"), ("“", "”"), ('"', '"'), ("'", "'"), ("‹", "›")]


def _words(name: str) -> list[str]:
    return name.split()


def _aka(name: str, e: Entity, rng: random.Random) -> str | None:
    others = [n.full for n in e.names if n.full != name and n.full.isascii()]
    if not others:
        return None
    return f"{name} (A.K.A. {rng.choice(others)})"


def _prefix(*forms: str) -> Transform:
    def t(name: str, e: Entity, rng: random.Random) -> str | None:
        return f"{rng.choice(forms)} {name}"

    return t


def _care_of(name: str, e: Entity, rng: random.Random) -> str | None:
    return f"{name} c/o {rng.choice(_OTHER_PARTIES)}"


def _care_of_first(name: str, e: Entity, rng: random.Random) -> str | None:
    return f"{rng.choice(_OTHER_PARTIES)} c/o {name}"


def _and_or(name: str, e: Entity, rng: random.Random) -> str | None:
    return f"{name} and/or {rng.choice(_OTHER_PARTIES)}"


def _joined(name: str, e: Entity, rng: random.Random) -> str | None:
    sep = rng.choice([" AND ", " & ", " and "])
    other = rng.choice(_OTHER_PARTIES)
    return f"{name}{sep}{other}" if rng.random() < 0.5 else f"{other}{sep}{name}"


def _quoted(name: str, e: Entity, rng: random.Random) -> str | None:
    o, c = rng.choice(_QUOTES)
    return f"{rng.choice(['JSC', 'OOO', 'АО', 'PAO', 'LLC'])} {o}{name}{c}"


def _account(name: str, e: Entity, rng: random.Random) -> str | None:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([10, 16, 20])))
    form = rng.choice(
        [
            f"{name} ACC {digits}",
            f"{name} A/C NO. {digits}",
            f"{name} IBAN GB{digits[:2]}BARC{digits}",
            f"/{digits}\n{name}",
            f"{name} REF: INV-{digits[:4]}/{digits[4:8]}",
            f"{name} #{digits[:6]}",
        ]
    )
    return form


def _address(name: str, e: Entity, rng: random.Random) -> str | None:
    if e.addresses and rng.random() < 0.5:
        return f"{name}, {e.addresses[0].full}"
    n = rng.randrange(1, 400)
    street = rng.choice(["Main Street", "Sheikh Zayed Road", "ul. Lenina", "Rue de Rhone"])
    city = rng.choice(["Dubai, UAE", "Moscow", "Geneva", "Tehran, Iran"])
    return f"{name}, {n} {street}, {city}"


def _contact(name: str, e: Entity, rng: random.Random) -> str | None:
    return rng.choice(
        [
            f"{name} info@example-trade.com",
            f"{name} <accounts@mail.example.ru>",
            f"{name} www.example-holding.com",
            f"{name} https://example.ae/contact",
            f"{name} Tel: +971 4 {rng.randrange(1000000, 9999999)}",
        ]
    )


def _vessel(name: str, e: Entity, rng: random.Random) -> str | None:
    imo = next((i.value for i in e.identifiers if i.kind == "imo"), None)
    imo = imo or str(rng.randrange(9000000, 9999999))
    return rng.choice(
        [
            f"MV {name}",
            f"M/V {name}",
            f"MT {name}",
            f"M/T {name}",
            f"{name} (IMO {imo})",
            f"{name} IMO {imo}",
            f"MV {name} IMO{imo}",
        ]
    )


def _title(name: str, e: Entity, rng: random.Random) -> str | None:
    return f"{rng.choice(_TITLES)} {name}"


def _surname_comma(name: str, e: Entity, rng: random.Random) -> str | None:
    w = _words(name)
    if len(w) < 2 or "," in name:
        return None
    return f"{w[-1].upper()}, {' '.join(w[:-1])}"


def _swift_slash(name: str, e: Entity, rng: random.Random) -> str | None:
    w = _words(name.replace(",", ""))
    if len(w) < 2:
        return None
    if "," in name:  # (SURNAME, Given → SURNAME/GIVEN)
        sur, _, given = name.partition(",")
        return f"{sur.strip()}/{given.strip()}".upper()
    return f"{w[-1]}/{' '.join(w[:-1])}".upper()


def _swift_50f(name: str, e: Entity, rng: random.Random) -> str | None:
    return f"1/{name.upper()}\n2/{rng.randrange(1, 99)} SOME STREET\n3/AE/DUBAI"


def _sep(ch: str) -> Transform:
    def t(name: str, e: Entity, rng: random.Random) -> str | None:
        w = _words(name.replace(",", ""))
        return ch.join(w) if len(w) >= 2 else None

    return t


def _camel(name: str, e: Entity, rng: random.Random) -> str | None:
    w = _words(name.replace(",", ""))
    if len(w) < 2:
        return None
    return "".join(x[:1].upper() + x[1:].lower() for x in w)


def _runtogether(name: str, e: Entity, rng: random.Random) -> str | None:
    w = _words(name.replace(",", ""))
    if len(w) < 2:
        return None
    return "".join(w).upper()


def _linebreak(name: str, e: Entity, rng: random.Random) -> str | None:
    w = _words(name)
    if len(w) < 2:
        return None
    i = rng.randrange(1, len(w))
    return " ".join(w[:i]) + rng.choice(["\n", "\r\n", " \n"]) + " ".join(w[i:])


def _swift_lines(name: str, e: Entity, rng: random.Random) -> str | None:
    if len(name) <= 35:
        return None
    return "\n".join(name[i : i + 35] for i in range(0, len(name), 35))


def _truncate(n: int) -> Transform:
    def t(name: str, e: Entity, rng: random.Random) -> str | None:
        return name[:n] if len(name) > n else None

    return t


def _branch(name: str, e: Entity, rng: random.Random) -> str | None:
    city = rng.choice(["Tehran", "London", "Dubai", "Hamburg", "Moscow"])
    return rng.choice(
        [
            f"{name}, {city} Branch",
            f"{name} - {city} Branch",
            f"{name} ({city} Branch)",
            f"{name} {city.upper()} BRANCH",
        ]
    )


def _legal_form(name: str, e: Entity, rng: random.Random) -> str | None:
    form = rng.choice(_LEGAL)
    return f"{name} {form}" if rng.random() < 0.5 else f"{form} {name}"


def _number_word(name: str, e: Entity, rng: random.Random) -> str | None:
    words = {"1": "ONE", "2": "TWO", "3": "THREE", "4": "FOUR", "5": "FIVE"}
    back = {v: k for k, v in words.items()}
    w = _words(name)
    for i, x in enumerate(w):
        if x in words:
            return " ".join([*w[:i], words[x], *w[i + 1 :]])
        if x.upper() in back:
            return " ".join([*w[:i], back[x.upper()], *w[i + 1 :]])
    return None


def _ampersand(name: str, e: Entity, rng: random.Random) -> str | None:
    if " & " in name:
        return name.replace(" & ", rng.choice([" AND ", " und ", " et ", " y "]))
    if re.search(r"\bAND\b", name, re.IGNORECASE):
        return re.sub(r"\bAND\b", "&", name, flags=re.IGNORECASE)
    return None


# (name, transform, entity types it applies to)
TRANSFORMS: list[tuple[str, Transform, set[EntityType]]] = [
    ("aka in brackets", _aka, _ANY),
    ("Attn:", _prefix("Attn:", "ATTN", "Attention:", "Att."), _ANY),
    ("c/o after", _care_of, _ANY),
    ("c/o before", _care_of_first, _ANY),
    ("For account of", _prefix("For account of", "F/A/O", "FAO", "For the account of"), _ANY),
    ("M/S, Messrs.", _prefix("M/S", "M/s.", "Messrs.", "MESSRS", "M/S."), _ORG),
    ("per pro", _prefix("per pro", "p.p.", "PP"), _ANY),
    ("and/or", _and_or, _ANY),
    ("joined with a second party", _joined, _ORG),
    ("legal form in quotes", _quoted, _ORG),
    ("account / reference after", _account, _ANY),
    ("address after", _address, _ANY),
    ("email / URL / phone after", _contact, _ANY),
    ("vessel prefix / IMO", _vessel, _VESSEL),
    ("title", _title, _PERSON),
    ("SURNAME, Given", _surname_comma, _PERSON),
    ("SURNAME/GIVEN", _swift_slash, _PERSON),
    ("SWIFT 50F 1/ 2/ 3/", _swift_50f, _ANY),
    ("underscores", _sep("_"), _ANY),
    ("dots", _sep("."), _ANY),
    ("hyphens", _sep("-"), _ANY),
    ("camel case", _camel, _ANY),
    ("run together (caps)", _runtogether, _ANY),
    ("line break", _linebreak, _ANY),
    ("35-char lines", _swift_lines, _ANY),
    ("truncated at 35", _truncate(35), _ANY),
    ("truncated at 70", _truncate(70), _ANY),
    ("branch after", _branch, _ORG),
    ("legal form added", _legal_form, _ORG),
    ("number as word", _number_word, _ANY),
    ("& / and / und / et", _ampersand, _ANY),
]


def _index(ents: list[Entity], which: str) -> ScreeningIndex:
    path = CACHE / f"fields_index_{which}.pkl"
    try:
        return ScreeningIndex.load(path)
    except (IndexLoadError, OSError):
        index = ScreeningIndex(ents)
        index.save(path)
        return index


def probes(ents: list[Entity], per: int, seed: int) -> list[tuple[str, str, Entity, str]]:
    """(transformation, query, entity, name as listed) for a seeded sample per
    transformation."""
    rng = random.Random(seed)
    pool = [
        (n.full, e)
        for e in ents
        for n in e.names
        if n.kind is not NameKind.WEAK_ALIAS and n.full.isascii() and len(n.full.split()) >= 1
    ]
    out: list[tuple[str, str, Entity, str]] = []
    for label, fn, types in TRANSFORMS:
        cands = [(t, e) for t, e in pool if e.type in types]
        rng.shuffle(cands)
        got = 0
        for text, e in cands:
            if got >= per:
                break
            q = fn(text, e, rng)
            if q is None or q == text:
                continue
            out.append((label, q, e, text))
            got += 1
    return out


def negatives(index: ScreeningIndex, n: int, seed: int, show: int) -> None:
    """False alerts: unlisted names (yente candgen's global negatives) put through the same
    transformations; a query alerting on any listed party is counted."""
    rng = random.Random(seed)
    rows = read_people("negatives_global.csv.gz", n)
    names = [r["full_name"] for r in rows if r.get("full_name")]
    fake = Entity("neg", "0", EntityType.ORGANIZATION, [])
    print("\n| transformation (negatives) | queries | alerting | rate |\n|---|---:|---:|---:|")
    total = alerts = 0
    shown: list[str] = []
    for label, fn, _ in TRANSFORMS:
        qs = [q for name in names if (q := fn(name, fake, rng)) is not None and q != name]
        hit = [q for q in qs if screen(Query(q), index, limit=1)]
        total += len(qs)
        alerts += len(hit)
        if qs:
            print(f"| {label} | {len(qs)} | {len(hit)} | {len(hit) / len(qs):.2%} |")
        shown += [f"  [{label}] {q!r}" for q in hit[:show]]
    print(f"| **all** | {total} | {alerts} | {alerts / max(total, 1):.2%} |")
    print("\n".join(shown))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", default="big", choices=["un", "big"])
    ap.add_argument("--per", type=int, default=120, help="queries per transformation")
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--show", type=int, default=4)
    ap.add_argument("--only", default=None, help="transformations whose label holds this")
    ap.add_argument(
        "--negatives", type=int, default=0, help="also: N unlisted names through each transform"
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    ents = load_lists(args.lists)
    index = _index(ents, args.lists)
    print(f"{len(ents)} entities ({args.lists}); index {time.perf_counter() - t0:.0f} s")
    rows = probes(ents, args.per, args.seed)
    if args.only:
        rows = [r for r in rows if args.only.lower() in r[0].lower()]
    total = missed_total = 0
    by: dict[str, list[tuple[str, Entity, bool]]] = {}
    for label, q, e, base in rows:
        if not _found(index, base, e):
            continue  # (not found as written either: not this probe's question)
        by.setdefault(label, []).append((q, e, _found(index, q, e)))
    print("\n| transformation | queries | missed | miss rate |\n|---|---:|---:|---:|")
    examples: list[str] = []
    for label, _, _ in TRANSFORMS:
        res = by.get(label, [])
        if not res:
            continue
        miss = [(q, e) for q, e, ok in res if not ok]
        total += len(res)
        missed_total += len(miss)
        print(f"| {label} | {len(res)} | {len(miss)} | {len(miss) / len(res):.1%} |")
        for q, e in miss[: args.show]:
            examples.append(f"  [{label}] {q!r} ({e.source} {e.source_id} {e.caption})")
    print(f"| **all** | {total} | {missed_total} | {missed_total / max(total, 1):.1%} |")
    print("\nMissed, first of each:")
    print("\n".join(examples))
    if args.negatives:
        negatives(index, args.negatives, args.seed, args.show)
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
