"""Escape rate of listed names written as compliance desks receive them, per class: a title of
office before a person's name, a degree after it, a romanised patronymic the listing leaves out,
a title the listing does not write, the Arabic article spelt otherwise (and a listed split
article joined in the query, a French -EDDINE written AL-DIN), a vessel's type before its name,
an organisation's legal form glued to its last or first word; and (desk24) a word lists also
write as a title (Seyed, Mirza, Sultan), the given names as initials, a relative after the
name (s/o, d/o, w/o), a trade or former name in the cell (t/a, DBA, trading as, fka), a legal
form as South Asian desks write it ((Private) Limited, Sdn Bhd, & Co.), a place glued by a
hyphen (ROSNEFT-MOSCOW), surname first with a bracketed title, a Spanish double surname with
``y`` or one surname dropped; each drawn over the real lists (UN, OFAC SDN 2024, UK OFSI, AU
DFAT).

    nice python benchmarks/desk_names.py [--sample N] [--seed S] [--only CLASS,...] [--show N]

A query is *found* when its listed entity (or a listing joined with it) is among the matches at
the default threshold, given without a type (as most desk files give names), *refused* when
screen() raises InvalidQueryError (a reason: counted as caught), else it *escaped*. The words
used are this file's own (as desks write them), not the screening code's tables, so that the
same run measures any version of the code. Figures: BENCHMARKS.md, "Names as desks write them".
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import load_lists

from exportctl.model import Entity, EntityType
from exportctl.screening import InvalidQueryError, Query, ScreeningIndex, screen

OFFICE = ["His Excellency", "H.E.", "Honourable", "Hon.", "Engineer", "Eng.", "Senator",
          "Minister", "Deputy Minister", "Ambassador", "President", "Governor", "Judge",
          "Lieutenant General", "Brigadier General", "Major General", "Lt. Gen.", "Maj. Gen.",
          "Field Marshal", "Rear Admiral", "Comrade", "Madam", "Prince", "Archbishop",
          "Hojjat al-Islam", "Mohandes", "Dipl.-Ing."]  # fmt: skip
LISTED_TITLES = ["Sheikh", "Shaykh", "Haji", "Hajji", "Mullah", "Maulana", "Dr", "Gen.", "Col.",
                 "Ayatollah", "Sayyid", "Mufti", "Qari", "Maulvi", "Imam", "Amir"]  # fmt: skip
DEGREES = [" PhD", ", PhD", " Ph.D.", ", MD", " Esq.", " MBA", " (retd)", " Pasha", " Effendi"]
VESSEL = ["Bulk Carrier", "Oil Tanker", "Crude Oil Tanker", "LPG Tanker", "LNG Carrier",
          "Chemical Tanker", "Container Ship", "General Cargo", "Tug", "Motor Yacht", "VLCC",
          "MV", "M/V", "M.T.", "Tanker"]  # fmt: skip
PATRONYMICS = ["Aleksandrovich", "Ivanovich", "Sergeyevich", "Vladimirovich", "Petrovich",
               "Nikolayevich", "Yuryevich", "Viktorovich", "Oleksandrovych", "Ivanovna",
               "Sergeyevna", "Aleksandrovna", "Mikhailovich", "Anatolyevich"]  # fmt: skip
LISTED_WORD_TITLES = ["Seyed", "Sayed", "Syed", "Mirza", "Sardar", "Sultan", "Sahib", "Agha"]
RELATIONS = ["s/o", "S/O", "S/o", "d/o", "D/O", "w/o", "W/O", "son of", "daughter of", "wife of"]
RELATIVES = ["Abdul Rahim", "Mohammad Akbar", "Ghulam Nabi", "Ali Khan", "Karim Bux", "Noor Ahmed"]
TRADE = ["{n} t/a {o}", "{o} t/a {n}", "{n} T/A {o}", "{n} DBA {o}", "{o} d/b/a {n}",
         "{o} trading as {n}", "{n} trading as {o}", "{o} formerly known as {n}",
         "{n} formerly known as {o}", "{o} (formerly {n})", "{o} fka {n}"]  # fmt: skip
TRADE_OTHER = ["GLOBAL STAR TRADING", "Blue Ocean Services", "SUNRISE GENERAL TRADING",
               "Eastern Horizon Logistics", "PACIFIC BRIGHT SUPPLY"]  # fmt: skip
DESK_FORMS = [" (Pvt) Ltd", " (Pvt.) Ltd.", " (Private) Limited", " Sdn Bhd", " Sdn. Bhd.",
              " & Co.", " & Co", " Pte Ltd", " Pte. Ltd.", " Pty Ltd", " (Pty) Ltd"]  # fmt: skip
PLACES = ["MOSCOW", "DUBAI", "TEHRAN", "IRAN", "RUSSIA", "LONDON", "BEIJING", "HONGKONG",
          "Moscow", "Dubai", "Damascus", "SYRIA", "UAE", "HK"]  # fmt: skip
COMMA_TITLES = ["Brig. Gen.", "Col.", "Gen.", "Maj. Gen.", "Dr.", "Eng.", "Retd", "Lt. Col.",
                "Mr.", "Sheikh", "Haji"]  # fmt: skip
SPANISH = {"CO", "MX", "VE", "ES", "PE", "EC", "AR", "CU", "NI", "PA", "GT", "HN", "SV", "BO",
           "PY", "UY", "CL", "DO"}  # fmt: skip
GLUED_AFTER = ["LTD", "LLC", "OAO", "OOO", "GmbH", "JSC", "Inc", "Corp", "PLC", "PJSC"]
GLUED_BEFORE = ["OAO", "OOO", "ZAO", "PJSC", "CJSC"]  # (the post-Soviet forms lead the name)
# desk25: payment messages, trade documents, customer systems, spelling conventions
ACCOUNTS = ["/DE89370400440532013000", "/AE070331234567890123456", "/40702810500000012345",
            "/GB29NWBK60161331926819", "/123456789", "ACC 0012345678"]  # fmt: skip
ADDRESSES = ["12 SHEIKH ZAYED ROAD DUBAI", "PO BOX 1234 DUBAI UAE", "UL. LENINA 5 MOSCOW",
             "45 VALIASR ST TEHRAN", "ROOM 1203 TOWER B HONG KONG", "1 MAIN STREET"]  # fmt: skip
PAYMENT = ["{a}\n{n}\n{d}", "{a} {n} {d}", "1/{n}\n2/{d}\n3/AE/DUBAI", "{a}\n1/{n}\n2/{d}",
           "{n} {d}", "{n}\nC/O {o}", "{o} C/O {n}", "{n} C/O {o}"]  # fmt: skip
TRADE_DOCS = ["TO THE ORDER OF {n}", "TO ORDER OF {n}", "{o} AS AGENT FOR {n}",
              "{n} AS AGENT FOR {o}", "M/S {n}", "M/S. {n}", "MESSRS {n}", "MESSRS. {n}",
              "{n} ATTN: JOHN SMITH", "{n} ATTN MR ALI HASSAN", "ON BEHALF OF {n}",
              "{n} ON BEHALF OF {o}"]  # fmt: skip
ORG_ABBREV = [("INTERNATIONAL", "INTL"), ("INTERNATIONAL", "INT'L"), ("MANUFACTURING", "MFG"),
              ("BROTHERS", "BROS"), ("COMPANY", "CO"), ("CORPORATION", "CORP"),
              ("INDUSTRIES", "INDS"), ("INDUSTRIAL", "INDL"), ("TRADING", "TRDG"),
              ("ENGINEERING", "ENGG"), ("LIMITED", "LTD"), ("SERVICES", "SVCS"),
              ("TECHNOLOGY", "TECH"), ("GROUP", "GRP"), ("AND", "&"), ("&", "AND"),
              ("DEVELOPMENT", "DEVT"), ("ASSOCIATION", "ASSN"), ("DEPARTMENT", "DEPT"),
              ("SHIPPING", "SHPG"), ("INVESTMENT", "INVT")]  # fmt: skip
ORG_SUFFIX = [" CO.,LTD.", " CO., LTD", " CO.LTD", " (HK)", " (HK) LTD", " (FZE)", " FZE",
              " FZCO", " (L.L.C)", " L.L.C.", " (SMC-PRIVATE) LIMITED"]  # fmt: skip
VESSEL_PREFIX = ["M/V {n}", "MV {n}", "MT {n}", "M.V. {n}", "M/T {n}", "MV. {n}",
                 "{n} (IMO {i})", "{n} IMO {i}", "{n} IMO NO. {i}", "MV {n} IMO{i}"]  # fmt: skip
# escape26: addresses of other languages after the name, a house number after the street,
# FOR or a credit phrase between two parties, identifiers, places and notes after the name
ADDRESSES_OTHER = ["JL. SUDIRMAN KAV. 45 JAKARTA", "JALAN AMPANG 12 KUALA LUMPUR",
                   "ATATURK CAD. NO:5 ISTANBUL", "GUL SOK. NO 3 ANKARA", "CALLE MAYOR 5 MADRID",
                   "AVENIDA PAULISTA 1000 SAO PAULO", "RUE DE LA PAIX 12 PARIS",
                   "HAUPTSTRASSE 45 BERLIN", "KEIZERSGRACHT 12 AMSTERDAM", "VALIASR ST 45 TEHRAN",
                   "SHEIKH ZAYED ROAD NO. 12 DUBAI", "KHIABAN AZADI 25 TEHRAN"]  # fmt: skip
FOR_FORMS = ["{o} FOR {n}", "{n} FOR {o}", "{b} FFC {n}", "{b} FOR FURTHER CREDIT TO {n}",
             "{b} FOR ACCOUNT OF {n}", "{b} IN FAVOUR OF {n}", "{n} FFC {o}"]  # fmt: skip
BANKS = ["EMIRATES NBD BANK PJSC", "HABIB BANK AG ZURICH", "BANK OF CHINA HONG KONG",
         "MASHREQBANK PSC", "DEUTSCHE BANK AG"]  # fmt: skip
ORG_IDS = ["INN 7707083893", "TRN 100234567800003", "VAT NO. GB123456789", "CR NO. 1234567",
           "REG. NO. 12345678", "OGRN 1027700132195", "TAX ID 12-3456789", "UEN 201912345K",
           "REG NO 2019/123456/07", "INN/KPP 7707083893/770701001"]  # fmt: skip
PERSON_IDS = ["DOB 12.03.1965", "D.O.B. 1965-03-12", "PASSPORT NO. A1234567",
              "PASSPORT A12345678", "ID NO 784-1970-1234567-1", "NATIONAL ID 0012345678",
              "DOB: 12/03/1965", "BORN 1965", "NIC 35202-1234567-1"]  # fmt: skip
PLACE_FORMS = ["{n} (DUBAI)", "{n} - DUBAI", "{n} (UAE)", "{n}, UAE", "{n} - MOSCOW",
               "{n} (TEHRAN)", "{n}, HONG KONG", "{n} / DUBAI"]  # fmt: skip
STATUS_NOTES = [" (IN LIQUIDATION)", " (DISSOLVED)", " - IN ADMINISTRATION", " (DORMANT)",
                " (IN LIQ.)", " (UNDER SANCTIONS)", " (BLOCKED)", " (STRUCK OFF)"]  # fmt: skip
# escape27: SWIFT option F lines pasted, care-of and attention lines, another name between,
# cells joined in the wrong order, Muhammad as desks shorten it, titles of other languages,
# a country in brackets, a vessel's flag, a legal form in another language than the listing's
SWIFT_F = ["1/{n} 2/{d} 3/AE/DUBAI", ":59F:/{a}\n1/{n}\n2/{d}", "/ACC/{a}\n{n}",
           "50F:/{a} 1/{n}", ":59:/{a}\n{n}\n{d}", "/34/{a}\n1/{n}", "1/{n}\n3/IR/TEHRAN",
           "{n}\n/ACC/{a}"]  # fmt: skip
CARE_OF = ["{n} C/O {o}", "{n} c/o {o}", "{n} CARE OF {o}", "{n} ATTN {o}", "{n} ATTN: {o}",
           "{n} ATTENTION: {o}", "{n} FAO {o}", "C/O {n}", "{o} C/O {n}", "{n}, C/O {o}",
           "{n} (C/O {o})", "{n} ATT. {o}"]  # fmt: skip
ALIAS_BETWEEN = ["{n} AKA {o}", "{n} A.K.A. {o}", "{o} AKA {n}", "{n} ALIAS {o}", "{o} @ {n}",
                 "{n} @ {o}", "{n} A/K/A {o}", "{n} (AKA {o})", "{o} ALIAS {n}",
                 "{n} D/B/A {o}", "{o} T/A {n}", "{n} TRADING AS {o}"]  # fmt: skip
PERSON_OTHER = ["Ali HASSAN", "John SMITH", "Mohammad KARIMI", "Wei ZHANG", "Ivan PETROV"]
MUHAMMAD = re.compile(r"\b(MOHAMMAD|MOHAMMED|MUHAMMAD|MOHAMED|MUHAMMED|MOHAMAD|MUHAMAD)\b",
                      re.IGNORECASE)  # fmt: skip
MUHAMMAD_DESK = ["Mohd", "Mohd.", "Md.", "Md", "Muhd", "Muhd.", "Mhd", "Mohd"]
FOREIGN_TITLES = ["Dr.-Ing.", "Ing.", "Prof. Dr.", "Dott.", "Sr.", "Herr", "Mme", "Alhaji",
                  "Al-Hajj", "Hajj", "Tan Sri", "Datuk", "Dato' Sri", "Shri", "Smt.", "Chief",
                  "Ustadh", "Sheikh Dr.", "Eng. Dr.", "Gospodin"]  # fmt: skip
COUNTRY_BRACKETS = ["{n} (IRAN)", "{n} (I.R. IRAN)", "{n} [IRAN]", "{n} (RUSSIA)",
                    "{n} (RUSSIAN FEDERATION)", "{n} (SYRIA)", "{n} (CHINA)", "{n} (H.K.)",
                    "{n} (SINGAPORE)", "{n} (UAE BRANCH)", "{n} (IRAN BRANCH)",
                    "{n} - IRAN"]  # fmt: skip
VESSEL_FLAG = ["{n} (IMO {i}) PANAMA FLAG", "MV {n} FLAG PANAMA", "{n} IMO {i} FLAG: IRAN",
               "{n} / IMO {i} / PA", "MT {n} (PANAMA)", "{n} IMO:{i} FLAG:COMOROS",
               "MV {n} ({i})", "{n} - IMO {i} - PANAMA", "MT {n} IMO {i} (CAMEROON FLAG)",
               "{n} (FLAG: TOGO)"]  # fmt: skip
# (a legal form as the listing writes it, and as another language's desk writes the same form)
FORM_OTHER = {"LLC": ["OOO", "TOV", "SARL", "GmbH", "SRL", "MChJ", "Sp. z o.o.", "S.R.L."],
              "LIMITED LIABILITY COMPANY": ["OOO", "TOO", "SARL", "GmbH"],
              "OOO": ["LLC", "LTD", "GmbH"], "OAO": ["OJSC", "PJSC", "JSC"],
              "AO": ["JSC", "SA", "AG"], "JSC": ["AO", "OAO", "AG", "SA", "A.S."],
              "PJSC": ["PAO", "OAO", "JSC"], "PAO": ["PJSC", "OJSC"],
              "LTD": ["GmbH", "SARL", "OOO", "SRL", "Sdn Bhd", "PT"],
              "LTD.": ["GmbH", "SARL", "OOO", "SRL"], "LIMITED": ["GmbH", "SARL", "OOO", "SRL"],
              "CO., LTD.": ["GmbH", "LLC", "OOO"], "CO. LTD": ["GmbH", "LLC"],
              "INC": ["SA", "CORP", "LLC"], "INC.": ["SA", "CORP.", "LLC"],
              "CORPORATION": ["SA", "AG", "INC"], "COMPANY": ["SARL", "CO", "SA"],
              "SA": ["LTD", "AG", "INC"], "S.A.": ["LTD", "AG", "INC"],
              "GMBH": ["LLC", "LTD", "OOO"], "FZE": ["LLC", "FZCO"], "FZCO": ["FZE", "LLC"],
              "S.A.L.": ["SAL", "SA", "LTD"], "SAL": ["SA", "LTD"],
              "PLC": ["LTD", "PJSC"]}  # fmt: skip
SUN = ("th", "dh", "sh", "t", "d", "r", "z", "s", "n")
_JOINED_AL = re.compile(r"^AL(?=[BCDFGHJKLMNPQRSTVWXYZ])(\w{3,})$", re.IGNORECASE)
_JOINED_DIN = re.compile(r"^(\w{3,}?)(UDDIN|UDDEEN|EDDINE|EDDIN|ADDIN)$", re.IGNORECASE)
_SPLIT_AL = re.compile(r"\b(AL|EL)-(\w{3,})", re.IGNORECASE)


def _words(n: str) -> list[str]:
    return n.replace(",", " ").split()


def office(e: Entity, n: str, rng: random.Random) -> str | None:
    return f"{rng.choice(OFFICE)} {n}" if len(_words(n)) >= 2 else None


def listed_title(e: Entity, n: str, rng: random.Random) -> str | None:
    """A title lists write, before a name of two name words at least (a title and one name is
    a form of address, weighed as such)."""
    return f"{rng.choice(LISTED_TITLES)} {n}" if len(_words(n)) >= 2 else None


def degree(e: Entity, n: str, rng: random.Random) -> str | None:
    return f"{n}{rng.choice(DEGREES)}" if len(_words(n)) >= 2 else None


def vessel(e: Entity, n: str, rng: random.Random) -> str | None:
    return f"{rng.choice(VESSEL)} {n}"


def patronymic(e: Entity, n: str, rng: random.Random) -> str | None:
    """A patronymic between the given name and the surname of a two-word listed name of a
    person of Russia, Ukraine or Belarus (the listing leaves it out)."""
    w = _words(n)
    if len(w) != 2 or not {"RU", "UA", "BY"} & {*e.nationalities, *e.countries}:
        return None
    given, surname = (w[1], w[0]) if "," in n else (w[0], w[1])
    return f"{given} {rng.choice(PATRONYMICS)} {surname}"


def article(e: Entity, n: str, rng: random.Random) -> str | None:
    """The Arabic article of a listed name spelt another way: a joined ALSHAWA written
    ASH-SHAWA (assimilated) or EL-, a -UDDIN written AL-DIN, a split AL-X written as it sounds
    or as EL-."""
    words = n.split()
    for k, w in enumerate(words):
        bare = w.strip(",")
        tail = w[len(bare) :]
        if m := _JOINED_AL.match(bare):
            rest = m.group(1)
            sound = next((s for s in SUN if rest.lower().startswith(s)), None)
            art = f"A{sound.upper()}" if sound and rng.random() < 0.7 else "EL"
            words[k] = f"{art}-{rest}{tail}"
            return " ".join(words)
        if m := _JOINED_DIN.match(bare):
            words[k] = f"{m.group(1)} AL-DIN{tail}"
            return " ".join(words)
    if m := _SPLIT_AL.search(n):
        rest = m.group(2)
        sound = next((s for s in SUN if rest.lower().startswith(s)), None)
        art = f"U{sound.upper()}" if sound else "UL"
        return n[: m.start()] + f"{art}-{rest}" + n[m.end() :]
    return None


# (an assimilated article written apart, at a word's start: AS-SAHNI, ASH-SHAM, AT-TAYYIB)
_SPLIT_SUN = re.compile(r"(?:^|(?<=\s))A(SH|TH|DH|[SDTRZN])-(\1[AEIOUY]\w{2,})", re.IGNORECASE)
_FRENCH_DIN = re.compile(r"^(\w{3,}?)EDDINE$", re.IGNORECASE)


def article_joined(e: Entity, n: str, rng: random.Random) -> str | None:
    """The other way round from ``article``: a listed article written apart before a sun
    letter (AS-SAHNI, AL-SHAMI) joined in the query as ``AL`` (ALSAHNI), and a listed
    French-joined ``-EDDINE`` written ``AL-DIN`` apart (JAMALEDDINE: JAMAL AL-DIN)."""
    words = n.split()
    for k, w in enumerate(words):
        bare = w.strip(",")
        if m := _FRENCH_DIN.match(bare):
            words[k] = f"{m.group(1)} AL-DIN{w[len(bare) :]}"
            return " ".join(words)
    if m := _SPLIT_SUN.search(n):
        return n[: m.start()] + f"AL{m.group(2)}" + n[m.end() :]
    return None


def glued_form(e: Entity, n: str, rng: random.Random) -> str | None:
    """A legal form written glued to the organisation's last word (RosneftOAO) or before its
    first (OAOHADLERCO), the word itself four letters or more."""
    words = n.split()
    ends = [k for k in (-1, 0) if words[k].isalpha() and len(words[k]) >= 4]
    if not ends:
        return None
    if rng.choice(ends) == -1:
        words[-1] += rng.choice(GLUED_AFTER)
    else:
        words[0] = rng.choice(GLUED_BEFORE) + words[0]
    return " ".join(words)


def _surname_given(n: str) -> tuple[list[str], list[str]] | None:
    """(surname words, given words) of a listed person's name: ``SURNAME, Given`` or, without
    a comma, the last word and the ones before it."""
    if "," in n:
        sur, _, giv = n.partition(",")
        s, g = sur.split(), giv.split()
    else:
        w = n.split()
        s, g = w[-1:], w[:-1]
    if not s or not g or not all(re.fullmatch(r"[A-Za-z][A-Za-z'-]+", x) for x in s + g):
        return None
    return s, g


def listed_word_title(e: Entity, n: str, rng: random.Random) -> str | None:
    """A word lists write in names and desks write as a title (Seyed, Mirza, Sultan), before
    a name of two name words at least."""
    return f"{rng.choice(LISTED_WORD_TITLES)} {n}" if len(_words(n)) >= 2 else None


def initials(e: Entity, n: str, rng: random.Random) -> str | None:
    """The given names written as initials (``M. R. NAQDI``, ``NAQDI, M.R.``)."""
    parts = _surname_given(n)
    if not parts:
        return None
    sur, giv = parts
    inits = [f"{g[0].upper()}." for g in giv]
    if rng.random() < 0.5:
        return " ".join([*inits, *sur])
    return f"{' '.join(sur)}, {''.join(inits)}"


def relation_of(e: Entity, n: str, rng: random.Random) -> str | None:
    """A relation written after the name, as South Asian records write it (``s/o``, ``d/o``,
    ``w/o``: son, daughter, wife of) followed by the relative's name."""
    if len(_words(n)) < 2:
        return None
    return f"{n} {rng.choice(RELATIONS)} {rng.choice(RELATIVES)}"


def trade_name(e: Entity, n: str, rng: random.Random) -> str | None:
    """Another name of the business in the same cell: ``t/a``, ``DBA``, ``trading as``,
    ``formerly known as``."""
    return rng.choice(TRADE).format(n=n, o=rng.choice(TRADE_OTHER))


def desk_form(e: Entity, n: str, rng: random.Random) -> str | None:
    """A legal form as a desk in South or South-East Asia writes it after the name."""
    return f"{n}{rng.choice(DESK_FORMS)}"


def place_glued(e: Entity, n: str, rng: random.Random) -> str | None:
    """A city or country glued to the name by a hyphen (``ROSNEFT-MOSCOW``)."""
    if not n.split()[-1].isalpha():
        return None
    return f"{n}-{rng.choice(PLACES)}"


def comma_title(e: Entity, n: str, rng: random.Random) -> str | None:
    """Surname first with a comma, a title in brackets after (``NAQDI, Mohammad Reza (Brig.
    Gen.)``)."""
    parts = _surname_given(n)
    if not parts:
        return None
    sur, giv = parts
    return f"{' '.join(sur)}, {' '.join(giv)} ({rng.choice(COMMA_TITLES)})"


def spanish(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Spanish-speaking person listed with two surnames (``RODRIGUEZ OREJUELA, Gilberto``),
    written with ``y`` between them or with the second left out."""
    if not SPANISH & {*e.nationalities, *e.countries} or "," not in n:
        return None
    sur, _, giv = n.partition(",")
    s = sur.split()
    if len(s) != 2 or not giv.strip():
        return None
    if rng.random() < 0.5:
        return f"{giv.strip()} {s[0]} y {s[1]}"
    return f"{giv.strip()} {s[0]}"


def payment_field(e: Entity, n: str, rng: random.Random) -> str | None:
    """A payment message's party field (MT103 50K/59, pacs.008): an account line before the
    name, address lines after it (glued to it or on the next line), the structured ``1/``
    ``2/`` ``3/`` lines of option F, ``C/O`` another party."""
    return rng.choice(PAYMENT).format(
        n=n, a=rng.choice(ACCOUNTS), d=rng.choice(ADDRESSES), o=rng.choice(TRADE_OTHER)
    )


def wrapped_35(e: Entity, n: str, rng: random.Random) -> str | None:
    """A name longer than a SWIFT line (35 characters) wrapped where the line ends, mid-word:
    the line break or a space where the line ended."""
    if len(n) <= 35 or n[34] == " " or n[35] == " ":
        return None
    sep = rng.choice(["\n", " "])
    return f"{n[:35]}{sep}{n[35:]}"


def trade_doc(e: Entity, n: str, rng: random.Random) -> str | None:
    """A consignee or notify cell of a trade document: ``TO THE ORDER OF``, ``AS AGENT FOR``,
    ``M/S``, ``MESSRS``, ``ATTN``."""
    return rng.choice(TRADE_DOCS).format(n=n, o=rng.choice(TRADE_OTHER))


def last_first(e: Entity, n: str, rng: random.Random) -> str | None:
    """A customer system's ``LAST/FIRST MIDDLE`` (airline and card records)."""
    parts = _surname_given(n)
    if not parts:
        return None
    sur, giv = parts
    return f"{' '.join(sur)}/{' '.join(giv)}".upper()


def org_abbrev(e: Entity, n: str, rng: random.Random) -> str | None:
    """A word of an organisation's name abbreviated as customer systems do (INTL, MFG, BROS,
    CO, &/AND), upper-cased."""
    words = n.upper().split()
    hits = [
        (k, ab) for k, w in enumerate(words) for full, ab in ORG_ABBREV if w.strip(",.") == full
    ]
    if not hits:
        return None
    k, ab = rng.choice(hits)
    words[k] = ab + words[k][len(words[k].rstrip(",.")) :]
    return " ".join(words)


def org_suffix(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Chinese, Hong Kong or Gulf company's suffix as desks write it (``CO.,LTD.``,
    ``(HK)``, ``(FZE)``), after the name; a leading ``THE`` dropped."""
    if n.upper().startswith("THE "):
        return n[4:]
    return f"{n}{rng.choice(ORG_SUFFIX)}"


def vessel_prefix(e: Entity, n: str, rng: random.Random) -> str | None:
    """A vessel's name with its prefix (M/V, MT, M.V.) or its IMO number in the cell."""
    imo = next((i.value for i in e.identifiers if "imo" in str(i.kind).lower() and
                re.fullmatch(r"\d{7}", i.value.strip())), None)  # fmt: skip
    forms = VESSEL_PREFIX if imo else [f for f in VESSEL_PREFIX if "{i}" not in f]
    return rng.choice(forms).format(n=n, i=imo)


def strip_marks(e: Entity, n: str, rng: random.Random) -> str | None:
    """A name of Latin letters with diacritics, written as an ASCII system keeps it: marks
    dropped, ``ß`` as ``ss``, the Turkish dotless ``ı`` as ``i`` (or ``I``)."""
    if n.isascii() or not re.search("[A-Za-z]", n):
        return None
    t = n.replace("ß", "ss").replace("ı", "i").replace("İ", "I")
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    if not t.isascii() or t == n:
        return None
    return t.upper() if rng.random() < 0.5 else t


_BIN = re.compile(r"\b(bin|ibn|ben|bint)\b", re.IGNORECASE)
# (ABD AL-X, ABD-AL-X, ABDUL X, ABDEL X, ABD EL X: the article apart from the next word)
_ABD = re.compile(
    r"\bABD(?:[ -]AL-|[ -]AL |[ -]EL[ -]|UL |EL |UL-|EL-)([A-Z]{3,})\b", re.IGNORECASE
)


def arabic_forms(e: Entity, n: str, rng: random.Random) -> str | None:
    """Arabic name parts as desks write them: ``bin`` as ``ibn``, ``b.``, ``ben`` or left
    out; ``Abd al-Rahman`` as ``Abdul Rahman``, ``Abdel Rahman``, ``Abdulrahman``."""
    if m := _BIN.search(n):
        rep = rng.choice(["ibn", "b.", "ben", "bin", ""])
        if rep.lower() == m.group(1).lower():
            rep = "b."
        out = n[: m.start()] + rep + n[m.end() :]
        return " ".join(out.split())
    if m := _ABD.search(n):
        rest = m.group(1)
        forms = ["Abdul {r}", "Abdel {r}", "Abd al-{r}", "Abd-al-{r}", "Abd el-{r}"]
        written = " ".join(m.group(0).replace("-", " ").lower().split())
        forms = [f for f in forms if " ".join(f.replace("-", " ").lower().split()) !=
                 written.replace(rest.lower(), "{r}")]  # fmt: skip
        return n[: m.start()] + rng.choice(forms).format(r=rest.capitalize()) + n[m.end() :]
    return None


def korean_given(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Korean given name of two syllables hyphenated, joined or split otherwise than the
    listing (``KIM Jong Un``: ``Kim Jong-un``, ``KIM JONGUN``)."""
    if not {"KP", "KR"} & {*e.nationalities, *e.countries}:
        return None
    w = n.replace(",", " ").split()
    if len(w) == 3 and all(x.isalpha() for x in w):
        g = [w[1], w[2]]
        form = rng.choice(["{a}-{b}", "{a}{b}"])
        return f"{w[0]} " + form.format(a=g[0].capitalize(), b=g[1].lower())
    if len(w) == 2 and "-" in w[1]:
        a, _, b = w[1].partition("-")
        return f"{w[0]} {a} {b}" if rng.random() < 0.5 else f"{w[0]} {a}{b.lower()}"
    if len(w) == 2 and "-" in w[0]:
        a, _, b = w[0].partition("-")
        return f"{a} {b} {w[1]}" if rng.random() < 0.5 else f"{a}{b.lower()} {w[1]}"
    return None


def feminine(e: Entity, n: str, rng: random.Random) -> str | None:
    """A listed Russian, Ukrainian or Belarusian woman's surname written in the masculine form
    (``IVANOVA`` listed, ``IVANOV`` in the file) or the other way round for a man listed with
    the masculine form and written with the feminine (a desk copying a relative's record)."""
    if not {"RU", "UA", "BY"} & {*e.nationalities, *e.countries}:
        return None
    w = n.split()
    for k, x in enumerate(w):
        bare = x.strip(",")
        tail = x[len(bare) :]
        if re.search(r"(OV|EV|IN|YN|SKY|SKIY|SKII)A$", bare, re.IGNORECASE) and e.gender != "male":
            w[k] = bare[:-1] + tail
            return " ".join(w)
    return None


def address_other(e: Entity, n: str, rng: random.Random) -> str | None:
    """An address after the name without a comma, in another language's street words (``Jl.``,
    ``Jalan``, ``Cad.``, ``Sok.``, ``Calle``, ``Rue``, a German or Dutch compound street) or
    with the house number after the street (``VALIASR ST 45``)."""
    return f"{n} {rng.choice(ADDRESSES_OTHER)}"


def for_joined(e: Entity, n: str, rng: random.Random) -> str | None:
    """Two parties in one field joined by ``FOR`` alone, or a bank and the party it is paid
    for (``FFC``, ``FOR FURTHER CREDIT TO``, ``FOR ACCOUNT OF``, ``IN FAVOUR OF``)."""
    return rng.choice(FOR_FORMS).format(n=n, o=rng.choice(TRADE_OTHER), b=rng.choice(BANKS))


def id_after(e: Entity, n: str, rng: random.Random) -> str | None:
    """A registration, tax or identity number after the name with its marker (``INN``,
    ``TRN``, ``VAT NO.``, ``DOB``, ``PASSPORT NO.``)."""
    ids = PERSON_IDS if e.type is EntityType.PERSON else ORG_IDS
    return f"{n} {rng.choice(ids)}"


def place_after(e: Entity, n: str, rng: random.Random) -> str | None:
    """A city or country after the name, bracketed, after a spaced dash, a comma or a slash."""
    return rng.choice(PLACE_FORMS).format(n=n)


def status_note(e: Entity, n: str, rng: random.Random) -> str | None:
    """A company's status noted after its name by a customer system (``(IN LIQUIDATION)``)."""
    return f"{n}{rng.choice(STATUS_NOTES)}"


def swift_f(e: Entity, n: str, rng: random.Random) -> str | None:
    """A party field of an MT103 50F/59F (or 50K/59) as pasted: the ``1/`` ``2/`` ``3/`` lines
    run together on one line, the field tag or an account's ``/ACC/`` or ``/34/`` kept."""
    acct = rng.choice(ACCOUNTS).lstrip("/").replace("ACC ", "")
    return rng.choice(SWIFT_F).format(n=n, a=acct, d=rng.choice(ADDRESSES))


def swift_f_wrapped(e: Entity, n: str, rng: random.Random) -> str | None:
    """A name longer than option F's line (33 characters after ``1/``) continued on a second
    ``1/`` line, at a space or mid-word."""
    if len(n) <= 33:
        return None
    cut = 33 if rng.random() < 0.5 else n.rfind(" ", 0, 33)
    if cut <= 0:
        return None
    sep = rng.choice(["\n", " "])
    return f"1/{n[:cut].rstrip()}{sep}1/{n[cut:].lstrip()}\n2/{rng.choice(ADDRESSES)}"


def care_of(e: Entity, n: str, rng: random.Random) -> str | None:
    """``C/O``, ``CARE OF``, ``ATTN``, ``FAO`` with another party, either side."""
    other = PERSON_OTHER if rng.random() < 0.5 else TRADE_OTHER
    return rng.choice(CARE_OF).format(n=n, o=rng.choice(other))


def alias_between(e: Entity, n: str, rng: random.Random) -> str | None:
    """Another name of the party in the same cell: ``AKA``, ``ALIAS``, ``@`` (South Asian
    records), ``A/K/A``, ``D/B/A``."""
    other = PERSON_OTHER if e.type is EntityType.PERSON else TRADE_OTHER
    return rng.choice(ALIAS_BETWEEN).format(n=n, o=rng.choice(other))


def cells_swapped(e: Entity, n: str, rng: random.Random) -> str | None:
    """A name kept in two cells (given, surname) joined the wrong way: ``Given, SURNAME`` or
    ``SURNAME Given`` with no comma, or ``SURNAME,Given`` with no space."""
    parts = _surname_given(n)
    if not parts:
        return None
    sur, giv = (" ".join(p) for p in parts)
    return rng.choice([f"{giv}, {sur}", f"{sur} {giv}", f"{sur},{giv}", f"{giv},{sur}"])


def muhammad(e: Entity, n: str, rng: random.Random) -> str | None:
    """Muhammad as desks shorten it (``Mohd``, ``Md.``, ``Muhd``: Malaysian, South Asian)."""
    if not MUHAMMAD.search(n):
        return None
    return MUHAMMAD.sub(rng.choice(MUHAMMAD_DESK), n, count=1)


# escape28: Muhammad written with another of its common English spellings (no abbreviation)
MUHAMMAD_SPELT = ["Muhammad", "Mohammad", "Mohammed", "Mohamed", "Muhammed", "Mohamad"]


def muhammad_spelt(e: Entity, n: str, rng: random.Random) -> str | None:
    """Muhammad spelt otherwise than the listing (``Mohamed`` for ``Mohammad``): the commonest
    transliteration variant a desk meets (escape28: measured, not fixed)."""
    if not (m := MUHAMMAD.search(n)):
        return None
    spelt = [s for s in MUHAMMAD_SPELT if s.casefold() != m.group(1).casefold()]
    return n[: m.start()] + rng.choice(spelt) + n[m.end() :]


def abd_joined(e: Entity, n: str, rng: random.Random) -> str | None:
    """``Abd``/``Abdul``/``Abdel`` joined to the next word or split from it otherwise than the
    listing (``Abdul Rahman`` → ``Abdulrahman``, ``Abdulrahman`` → ``Abdul Rahman``, ``Abd
    al-Rahman`` → ``Abdalrahman``)."""
    if m := re.search(r"\b(ABDUL|ABDEL|ABDOL|ABDUR|ABD)[ -](?:(AL|EL|UL)[ -])?([A-Z]{3,})\b",
                      n, re.IGNORECASE):  # fmt: skip
        art = (m.group(2) or "").lower()
        form = rng.choice([f"{m.group(1)}{art}{m.group(3).lower()}",
                           f"Abd-{art or 'al'}-{m.group(3).capitalize()}",
                           f"Abd{art or 'ul'}{m.group(3).lower()}"])  # fmt: skip
        return n[: m.start()] + form.capitalize() + n[m.end() :]
    if m := re.search(r"\b(ABDUL|ABDEL|ABDOL)([A-Z]{3,})\b", n, re.IGNORECASE):
        form = rng.choice([f"{m.group(1)} {m.group(2)}", f"Abd al-{m.group(2)}",
                           f"{m.group(1)}-{m.group(2)}"])  # fmt: skip
        return n[: m.start()] + form + n[m.end() :]
    return None


def foreign_title(e: Entity, n: str, rng: random.Random) -> str | None:
    """A title or honorific of another language before a name of two name words at least."""
    return f"{rng.choice(FOREIGN_TITLES)} {n}" if len(_words(n)) >= 2 else None


def country_brackets(e: Entity, n: str, rng: random.Random) -> str | None:
    """A company's country (or branch) in brackets after its name."""
    return rng.choice(COUNTRY_BRACKETS).format(n=n)


def vessel_flag(e: Entity, n: str, rng: random.Random) -> str | None:
    """A vessel's name with its IMO number and its flag in the cell."""
    imo = next((i.value for i in e.identifiers if "imo" in str(i.kind).lower() and
                re.fullmatch(r"\d{7}", i.value.strip())), None)  # fmt: skip
    forms = VESSEL_FLAG if imo else [f for f in VESSEL_FLAG if "{i}" not in f]
    return rng.choice(forms).format(n=n, i=imo)


def form_other_language(e: Entity, n: str, rng: random.Random) -> str | None:
    """The listed legal form written as another language's desk writes the same form (``LLC``
    listed, ``OOO`` / ``SARL`` / ``GmbH`` in the file), at the name's end or start."""
    up = n.upper().rstrip()
    for form in sorted(FORM_OTHER, key=len, reverse=True):
        if up.endswith(" " + form) or up.endswith("," + form):
            return n[: len(n) - len(form)].rstrip(" ,") + " " + rng.choice(FORM_OTHER[form])
        if up.startswith(form + " "):
            return rng.choice(FORM_OTHER[form]) + n[len(form) :]
    return None


# escape29: spelling families of transliterated names (Persian/Arabic, Russian/Ukrainian,
# Korean surnames), Chinese given names joined or spaced otherwise (and with tone marks),
# punctuation a desk's system puts in, letters folded by old systems (ä → ae, ø → oe, å → aa),
# a field cut at 35 characters, and escape28's leftovers (honours shortened, Md. glued by a dot)
SPELLING_FAMILIES = [
    ["qasem", "ghasem", "kassem", "qassem", "qasim", "kasim", "ghassem"],
    ["hossein", "hussein", "husayn", "hosein", "husain", "hussain", "hosseyn"],
    ["hosseini", "husseini", "husayni", "hoseini", "husaini", "hussaini"],
    ["reza", "rida", "reda", "riza"],
    ["abdol", "abdul", "abdel"],
    ["ahmad", "ahmed"],
    ["mahmoud", "mahmud", "mahmood"],
    ["mostafa", "mustafa", "moustafa", "mustapha"],
    ["javad", "jawad"],
    ["mehdi", "mahdi"],
    ["yousef", "yusuf", "youssef", "yusef", "yousuf"],
    ["hassan", "hasan"],
    ["saeed", "said", "saied", "sayeed"],
    ["jafar", "jaafar", "ja'far", "jafer"],
    ["karim", "kareem"],
    ["rahim", "raheem"],
    ["hamid", "hameed"],
    ["majid", "majeed"],
    ["rashid", "rasheed"],
    ["khalid", "khaled"],
    ["walid", "waleed"],
    ["omar", "umar"],
    ["osman", "othman", "uthman", "usman"],
    ["soleimani", "sulaimani", "suleimani", "solaimani"],
    ["naser", "nasser", "nasir", "nassir"],
    ["mohsen", "muhsin"],
    ["gholam", "ghulam"],
    ["abu", "abou"],
    ["yevgeny", "yevgeniy", "evgeny", "evgeniy", "evgenii", "jewgeni"],
    ["sergei", "sergey", "serguei", "sergej"],
    ["dmitry", "dmitri", "dmitriy", "dmitrii"],
    ["yuri", "yury", "yuriy", "iurii", "jurij"],
    ["aleksandr", "alexander", "aleksander", "alexandr"],
    ["aleksei", "alexei", "aleksey", "alexey"],
    ["andrei", "andrey"],
    ["nikolai", "nikolay"],
    ["mikhail", "michail"],
    ["viktor", "victor"],
    ["arkady", "arkadiy", "arkadi"],
    ["vyacheslav", "viacheslav"],
    ["vasily", "vasiliy", "vasili", "vassily"],
    ["grigory", "grigoriy", "grigori"],
    ["gennady", "gennadiy", "gennadi"],
    ["anatoly", "anatoliy", "anatoli"],
    ["valery", "valeriy", "valeri"],
    ["yakov", "iakov"],
    ["fyodor", "fedor", "feodor"],
    ["pyotr", "petr", "piotr"],
    ["semyon", "semen"],
    ["artyom", "artem"],
    ["yelena", "elena"],
    ["tatyana", "tatiana"],
    ["natalya", "natalia", "nataliya"],
    ["yulia", "yuliya", "iuliia"],
    ["ilya", "ilia"],
    ["igor", "ihor"],
    ["oleg", "oleh"],
]  # fmt: skip
# (a Russian surname's ending as German, French and old English records spell it)
RU_ENDINGS = [("OV", ["OFF", "OW"]), ("EV", ["EFF", "EW"]), ("SKIY", ["SKY", "SKII", "SKI"]),
              ("SKY", ["SKIY", "SKII", "SKI"]), ("SKII", ["SKY", "SKIY"])]  # fmt: skip
KOREAN_SURNAMES = [["ri", "rhee", "lee", "yi", "rhie"], ["pak", "park", "bak"], ["kim", "gim"],
                   ["choe", "choi", "chwe"], ["jong", "chong", "jung", "chung"],
                   ["kang", "gang"], ["o", "oh"], ["jo", "cho"], ["yun", "yoon"],
                   ["son", "sohn"], ["sin", "shin"], ["kwon", "gwon"], ["ryu", "yu", "yoo"],
                   ["rim", "im", "lim"], ["ro", "no", "roh"], ["ju", "chu"]]  # fmt: skip
_FAMILY = {w: fam for fam in SPELLING_FAMILIES for w in fam}
_KOREAN = {w: fam for fam in KOREAN_SURNAMES for w in fam}


def _swap_word(n: str, pick: Callable[[str], list[str] | None], rng: random.Random) -> str | None:
    """One word of the name (drawn among those ``pick`` knows) replaced by another of its
    family, in the case the listing writes it."""
    spans = [(m, alts) for m in re.finditer(r"[A-Za-z']+", n) if (alts := pick(m.group()))]
    if not spans:
        return None
    m, alts = rng.choice(spans)
    new = rng.choice(alts)
    w = m.group()
    new = new.upper() if w.isupper() else new.capitalize() if w[:1].isupper() else new
    return n[: m.start()] + new + n[m.end() :]


def translit_spelt(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Persian, Arabic, Russian or Ukrainian name word spelt as another transliteration
    writes it (``Qasem`` / ``Ghasem`` / ``Kassem``, ``Hossein`` / ``Hussein``, ``Yevgeny`` /
    ``Evgeniy``), or a Russian surname's ending as German or French records spell it
    (``-ov`` → ``-off`` / ``-ow``, ``-skiy`` → ``-sky``)."""

    def pick(w: str) -> list[str] | None:
        fam = _FAMILY.get(w.lower())
        if fam:
            return [x for x in fam if x != w.lower()]
        if {"RU", "UA", "BY"} & {*e.nationalities, *e.countries} and len(w) > 4:
            for end, alts in RU_ENDINGS:
                if w.upper().endswith(end):
                    return [w[: -len(end)].lower() + a.lower() for a in alts]
        return None

    return _swap_word(n, pick, rng)


def russian_kh(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Russian or Ukrainian name's ``Kh`` as German and older records write it (``H``,
    ``Ch``): ``KHODORKOVSKY`` → ``HODORKOVSKY`` / ``CHODORKOVSKY``; ``Ye`` at a word's start
    as ``E`` (``YEVTUSHENKOV`` → ``EVTUSHENKOV``)."""
    if not {"RU", "UA", "BY", "KZ"} & {*e.nationalities, *e.countries}:
        return None
    spots = list(re.finditer(r"\b(KH|Kh|kh|YE|Ye)(?=[a-zA-Z]{2})", n))
    if not spots:
        return None
    m = rng.choice(spots)
    g = m.group(1)
    if g.lower() == "kh":
        new = rng.choice(["H", "Ch"]) if g[1] == "h" else rng.choice(["H", "CH"])
    else:
        new = "E"
    return n[: m.start()] + new + n[m.end() :]


def korean_surname(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Korean surname as the other Korea or an older system spells it (``RI`` / ``RHEE`` /
    ``LEE`` / ``YI``, ``PAK`` / ``PARK``, ``CHOE`` / ``CHOI``, ``JONG`` / ``CHONG``)."""
    if not {"KP", "KR"} & {*e.nationalities, *e.countries}:
        return None
    w = n.replace(",", " ").split()
    if len(w) < 2:
        return None
    first = w[0]
    fam = _KOREAN.get(first.lower())
    if not fam:
        return None
    new = rng.choice([x for x in fam if x != first.lower()])
    new = new.upper() if first.isupper() else new.capitalize()
    return new + n[len(first) :]


_PINYIN_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_PINYIN_FINAL = ("(?:iang|iong|uang|ueng|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|"
                 "un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)")  # fmt: skip
_SYLLABLES = re.compile(f"^(?:{_PINYIN_INITIAL}{_PINYIN_FINAL})+$")
_SYLLABLE = re.compile(f"{_PINYIN_INITIAL}{_PINYIN_FINAL}")
TONES = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù"}


def _syllables(w: str) -> list[str] | None:
    """A pinyin word's syllables, the split found by trying shorter syllables where the
    greedy one leaves a rest that is no syllable (``jinping`` → ``jin``, ``ping``)."""
    w = w.lower()

    def go(s: str) -> list[str] | None:
        if not s:
            return []
        for end in range(min(6, len(s)), 0, -1):
            head = s[:end]
            if _SYLLABLE.fullmatch(head) and (rest := go(s[end:])) is not None:
                return [head, *rest]
        return None

    return go(w)


def chinese_given(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Chinese person's two-syllable given name joined, spaced or hyphenated otherwise
    than the listing (``XI Jinping`` → ``Xi Jin Ping``, ``Xi Jin-ping``), or written with
    pinyin tone marks (``Xí Jìnpíng``)."""
    if not {"CN", "HK", "TW"} & {*e.nationalities, *e.countries}:
        return None
    w = n.replace(",", " ").split()
    if not 2 <= len(w) <= 3 or not all(_SYLLABLES.match(x.lower()) for x in w):
        return None
    if rng.random() < 0.3:  # tone marks on each syllable's first vowel
        out = []
        for x in w:
            syl = _syllables(x) or [x]
            marked = []
            for s in syl:
                v = next((k for k, c in enumerate(s) if c.lower() in TONES), None)
                if v is not None:
                    t = rng.choice(TONES[s[v].lower()])
                    s = s[:v] + (t.upper() if s[v].isupper() else t) + s[v + 1 :]
                marked.append(s)
            out.append("".join(marked))
        return " ".join(out)
    if len(w) == 3:  # given name written apart: join it
        return (
            f"{w[0]} {w[1]}{w[2].lower()}"
            if rng.random() < 0.5
            else f"{w[0]} {w[1]}-{w[2].lower()}"
        )
    syl = _syllables(w[1])
    if syl and len(syl) == 2:
        a, b = syl
        cap = str.upper if w[1].isupper() else str.capitalize
        return rng.choice([f"{w[0]} {cap(a)} {cap(b)}", f"{w[0]} {cap(a)}-{b}"])
    return None


APOSTROPHES = ["'", "’", "ʿ", "ʼ", "`", ""]


def punctuation(e: Entity, n: str, rng: random.Random) -> str | None:
    """Punctuation a desk's system puts in or takes out: an apostrophe or ayn mark spelt
    otherwise or dropped (``MU'AMMAR`` → ``Muʿammar``, ``MUAMMAR``), a hyphen inside a name
    written as a space or dropped and a space as a hyphen (``Mohammad-Reza`` ↔ ``Mohammad
    Reza``), the name in quotes."""
    if m := re.search(r"(?<=[A-Za-z])['’ʿʼ`](?=[A-Za-z])", n):
        rep = rng.choice([a for a in APOSTROPHES if a != m.group()])
        return n[: m.start()] + rep + n[m.end() :]
    if m := re.search(r"(?<=[A-Za-z]{2})-(?=[A-Za-z]{2})", n):
        return n[: m.start()] + rng.choice([" ", ""]) + n[m.end() :]
    if e.type is EntityType.PERSON and (m := re.search(r"(?<=[a-z]{2}) (?=[A-Z][a-z])", n)):
        return n[: m.start()] + "-" + n[m.end() :]
    return rng.choice(['"{n}"', "'{n}'", "“{n}”", "«{n}»"]).format(n=n)


def initials_glued(e: Entity, n: str, rng: random.Random) -> str | None:
    """Given names as initials with their dots and spaces as desks' systems keep them:
    ``A.Q.KHAN``, ``A Q KHAN``, ``AQ KHAN``, ``KHAN A.Q.``, ``A.Q. Khan``."""
    parts = _surname_given(n)
    if not parts:
        return None
    sur, giv = parts
    if not 1 <= len(giv) <= 3 or not all(g[:1].isalpha() for g in giv):
        return None
    ini = [g[0].upper() for g in giv]
    s = " ".join(sur)
    form = rng.choice(["{d}{s}", "{sp} {s}", "{j} {s}", "{s} {d}", "{d} {s}", "{s}, {j}"])
    return form.format(d="".join(f"{i}." for i in ini), sp=" ".join(ini), j="".join(ini),
                       s=s.upper())  # fmt: skip


FOLD = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "oe", "å": "aa", "æ": "ae",
        "Ä": "AE", "Ö": "OE", "Ü": "UE", "Ø": "OE", "Å": "AA", "Æ": "AE", "ł": "l", "Ł": "L",
        "ı": "i", "İ": "I", "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE"}  # fmt: skip


def folded(e: Entity, n: str, rng: random.Random) -> str | None:
    """Letters an old system folds as its language's convention writes them, not by dropping
    the mark: ``ä`` → ``ae``, ``ø`` → ``oe``, ``å`` → ``aa``, ``ß`` → ``ss``, ``ł`` → ``l``
    (the other marks dropped), often upper-case only."""
    if not any(c in FOLD for c in n):
        return None
    t = "".join(FOLD.get(c, c) for c in n)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    if not t.isascii():
        return None
    return t.upper() if rng.random() < 0.5 else t


def truncated_35(e: Entity, n: str, rng: random.Random) -> str | None:
    """A name longer than a SWIFT line cut at 35 characters with no continuation (a field
    truncated by the system that filled it), upper-case."""
    if len(n) <= 35 or len(n[:35].split()) < 2:
        return None
    return n[:35].upper()


HONOURS_SHORT = ["Alh.", "Al-Haji", "Alh", "Al-Hadj", "El-Hadj", "Hj."]


def honour_short(e: Entity, n: str, rng: random.Random) -> str | None:
    """A pilgrim's honour shortened or spelt otherwise before a name of two name words
    (``Alh.``, ``Al-Haji``, ``El-Hadj``: West African and Malaysian records)."""
    return f"{rng.choice(HONOURS_SHORT)} {n}" if len(_words(n)) >= 2 else None


def md_glued(e: Entity, n: str, rng: random.Random) -> str | None:
    """Muhammad shortened and glued to the next name word by a dot or a dash (``Md.Ali``,
    ``Mohd.Reza``, ``Md–Ali``)."""
    if not (m := re.search(MUHAMMAD.pattern + r"\s+([A-Za-z]{3,})", n, re.IGNORECASE)):
        return None
    ab = rng.choice(["Md.", "Mohd.", "Md–", "Mohd–", "Md.-"])
    return n[: m.start()] + ab + m.group(2).capitalize() + n[m.end() :]


# escape30 (round 7): a person's job after the name, a reference number after it, the listing's
# own id in the cell, Pvt Ltd glued, a Cyrillic legal form before a Latin name, bin/ibn added,
# a one-word alias quoted as a nickname, the name glued (lower or upper case), a place glued
JOBS = [", Director", ", CEO", ", Managing Director", " (Managing Director)", " - General Manager",
        ", Chairman", ", Owner", " (Director)", ", Proprietor", ", Authorised Signatory",
        " - Sales Manager", ", Partner"]  # fmt: skip
REFS = [" REF: 2024/118", " REF 00231", " INV-00231", " #4471", " PO 45-1123", " / 0012345",
        " (REF NO. 7781)", " - 2024-0117", " OUR REF AB/12/77", " INV NO 9921"]  # fmt: skip
ID_FORMS = ["{n} ({i})", "{n} [{i}]", "{i} {n}", "{n} - {i}", "{n} ID {i}", "{n} /{i}"]
PVT_GLUED = ["{n}PvtLtd", "{n} PvtLtd", "{n} Pvt.Ltd.", "{n}(Pvt)Ltd", "{n} (Pvt)Ltd.",
             "{n}PVTLTD", "{n} PVT.LTD", "{n} Pvt.Ltd", "{n}PrivateLimited"]  # fmt: skip
CYR_FORMS = ["ООО {n}", "ПАО {n}", "АО {n}", "ОАО {n}", "ЗАО {n}", "{n} ООО", "ТОО {n}",
             "ООО «{n}»", "АО \"{n}\"", "ПАО {n} (Россия)"]  # fmt: skip
BIN_WORDS = ["bin", "ibn", "Bin", "BIN", "binti", "bint", "ben"]
ARABIC_GIVEN = re.compile(r"\b(MOHAMMAD|MOHAMMED|MUHAMMAD|MOHAMED|AHMAD|AHMED|ALI|HASSAN|HASAN|"
                          r"HUSSEIN|HUSAYN|ABDUL\w*|ABD\w*|KHALID|OMAR|UMAR|IBRAHIM|YUSUF|"
                          r"SAID|SAEED|SALEH|SALIH|ABU|NASSER|NASIR|MAHMOUD|MAHMUD)\b",
                          re.IGNORECASE)  # fmt: skip
_BIN_ANY = re.compile(r"\b(bin|ibn|bint|binti|ben|b\.)\b", re.IGNORECASE)


def job_after(e: Entity, n: str, rng: random.Random) -> str | None:
    """A person's job after the name, after a comma, a spaced dash or in brackets (``NAME,
    Director``): a signatory's or contact's cell."""
    return f"{n}{rng.choice(JOBS)}" if len(_words(n)) >= 2 else None


def ref_after(e: Entity, n: str, rng: random.Random) -> str | None:
    """A trailing reference: an invoice, order or file number after the name."""
    return f"{n}{rng.choice(REFS)}"


def listing_id(e: Entity, n: str, rng: random.Random) -> str | None:
    """The name with the listing's own id (``QDi.123``, an OFAC uid) in the same cell, as a
    desk copies it from the list."""
    return rng.choice(ID_FORMS).format(n=n, i=e.source_id)


def pvt_glued(e: Entity, n: str, rng: random.Random) -> str | None:
    """``Pvt Ltd`` glued or dotted as South Asian desks write it (``NAMEPvtLtd``,
    ``NAME Pvt.Ltd.``)."""
    return rng.choice(PVT_GLUED).format(n=n)


def cyrillic_form(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Russian legal form in Cyrillic before or after a Latin name (``ООО ROSNEFT``,
    ``ООО «ROSNEFT»``): a record kept in Russian with the name romanised."""
    return rng.choice(CYR_FORMS).format(n=n)


def bin_added(e: Entity, n: str, rng: random.Random) -> str | None:
    """``bin``/``ibn``/``binti`` added between the first two words of an Arabic or Malay name
    of three words or more that the listing writes without it."""
    w = n.replace(",", " , ").split()
    if len(w) < 3 or _BIN_ANY.search(n) or not ARABIC_GIVEN.search(n) or "," in w[:2]:
        return None
    return " ".join([w[0], rng.choice(BIN_WORDS), *w[1:]]).replace(" , ", ", ")


def nickname_quoted(e: Entity, n: str, rng: random.Random) -> str | None:
    """A one-word name the listing gives among the entity's others, quoted as a nickname
    between the given name and the surname (``Joaquin "El Chapo" GUZMAN``)."""
    parts = _surname_given(n)
    nicks = [x.full for x in e.names[1:] if len(x.full.split()) == 1 and x.full.isascii()]
    if not parts or not nicks:
        return None
    sur, giv = parts
    q = rng.choice(['"{}"', "'{}'", "({})", "“{}”"]).format(rng.choice(nicks))
    return " ".join([*giv, q, *sur])


def glued_all(e: Entity, n: str, rng: random.Random) -> str | None:
    """The whole name with its spaces and punctuation dropped, in lower or upper case
    (``ministryofinterior``): an e-mail's or a system's user name."""
    w = re.sub(r"[^A-Za-z]", "", n)
    if len(_words(n)) < 2 or len(w) < 6:
        return None
    return w.lower() if rng.random() < 0.5 else w.upper()


def glued_all_place(e: Entity, n: str, rng: random.Random) -> str | None:
    """:func:`glued_all` with a city or country glued at the end (``ministryofinteriorsanaa``)."""
    w = glued_all(e, n, rng)
    if not w:
        return None
    place = rng.choice(["sanaa", "moscow", "dubai", "tehran", "damascus", "russia", "iran",
                        "syria", "beijing", "hongkong"])  # fmt: skip
    return w + (place if w.islower() else place.upper())


# escape31 (round 8): Persian name suffixes joined or split, Turkish and Azeri letters written
# by their sound, Russian transliteration systems mixed, East Asian names in Western order,
# particles run together, numbers written otherwise in vessels' and companies' names, a web
# domain or e-mail address for a company, OCR's letter confusions, a word or the name typed
# twice, a hyphenated name written otherwise, Arabic script with the Persian letters, & as a
# message or a system writes it
PERSIAN_SUFFIX = re.compile(r"^([A-Za-z]{4,}?)[- ]?(ZADEH|ZADE|POUR|PUR|NEJAD|NEZHAD|NIA|FAR|RAD|"
                            r"DOOST|DOUST|VAND|ABADI)$", re.IGNORECASE)  # fmt: skip
PERSIAN_SPELT = {"zadeh": ["zade", "zada", "zadah"], "zade": ["zadeh"], "pour": ["pur", "poor"],
                 "pur": ["pour"], "nejad": ["nezhad", "nejhad", "najad"],
                 "nezhad": ["nejad"], "doost": ["dust", "doust"], "doust": ["doost"]}  # fmt: skip


def persian_suffix(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Persian surname's suffix (-zadeh, -pour, -nejad, -nia, -far, -rad, -doost, -vand)
    joined, hyphenated or spaced otherwise than the listing (``HOSSEINZADEH`` → ``HOSSEIN
    ZADEH``, ``Hossein-Zadeh``), sometimes spelt otherwise too (``-zade``, ``-pur``,
    ``-nezhad``)."""
    if not {"IR", "AF", "IQ", "AZ", "TJ"} & {*e.nationalities, *e.countries}:
        return None
    words = n.split()
    spots: list[tuple[int, int]] = []
    for k, w in enumerate(words):
        bare = w.strip(",")
        if PERSIAN_SUFFIX.match(bare):
            spots.append((k, 1))
        elif k + 1 < len(words) and re.fullmatch(r"[A-Za-z]{4,}", bare) and \
                PERSIAN_SUFFIX.match(bare + words[k + 1].strip(",")) and \
                words[k + 1].strip(",").upper() in {"ZADEH", "ZADE", "POUR", "PUR", "NEJAD",
                                                    "NEZHAD", "DOOST", "DOUST"}:  # fmt: skip
            spots.append((k, 2))
    if not spots:
        return None
    k, span = rng.choice(spots)
    joined = "".join(x.strip(",") for x in words[k : k + span])
    tail = words[k + span - 1][len(words[k + span - 1].rstrip(",")) :]
    m = PERSIAN_SUFFIX.match(joined)
    assert m
    stem, suf = m.group(1), m.group(2)
    if rng.random() < 0.35 and (alts := PERSIAN_SPELT.get(suf.lower())):
        alt = rng.choice(alts)
        suf = alt.upper() if suf.isupper() else alt.capitalize() if suf[:1].isupper() else alt
    if span == 2:
        new = f"{stem}{suf.lower() if stem[-1:].islower() else suf.upper()}"
    else:
        cap = suf.upper() if stem.isupper() else suf.capitalize()
        new = f"{stem}{rng.choice([' ', '-'])}{cap}"
    return " ".join([*words[:k], new + tail, *words[k + span :]])


TURKIC_SOUND = {"ş": "sh", "Ş": "SH", "ç": "ch", "Ç": "CH", "ğ": "gh", "Ğ": "GH", "ı": "i",
                "İ": "I", "ə": "a", "Ə": "A", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U",
                "x": "kh", "X": "KH"}  # fmt: skip


def turkic_sound(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Turkish or Azerbaijani name written in English letters by its sound, not with the
    marks dropped: ``ş`` → ``sh``, ``ç`` → ``ch``, ``ğ`` → ``gh`` (or left out), ``ə`` →
    ``a`` / ``e``, Azerbaijani ``x`` → ``kh`` (``Əliyev`` → ``ALIYEV``, ``Şahin`` →
    ``SHAHIN``)."""
    turkic = {"TR", "AZ", "CY"} & {*e.nationalities, *e.countries}
    if not re.search("[şŞğĞəƏı]", n) and not (turkic and re.search("[çÇİ]", n)):
        return None
    az = "AZ" in {*e.nationalities, *e.countries} or re.search("[əƏ]", n)
    soft = rng.choice(["gh", ""])
    schwa = rng.choice(["a", "e"])
    out = []
    for c in n:
        if c in "xX" and not az:
            out.append(c)
        elif c in "ğĞ":
            out.append(soft.upper() if c.isupper() else soft)
        elif c in "əƏ":
            out.append(schwa.upper() if c.isupper() else schwa)
        else:
            out.append(TURKIC_SOUND.get(c, c))
    t = "".join(out)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    if not t.isascii():
        return None
    return t.upper() if rng.random() < 0.5 else t


# (one convention of another system for a Russian or Ukrainian letter as English records write
# it: French J for Zh, German/Polish J for Y, Library-of-Congress Iu/Ia, -ii/-y for -iy,
# Ё as E or Io, Ts as Tz/C, Shch as Sch)
RU_SYSTEMS = [(r"ZH", ["J", "J", "G"]), (r"(?<=[AEIOU])Y(?=[AEIOU])", ["I", "J"]),
              (r"\bYU", ["IU", "JU", "U"]), (r"(?<=\w)YU", ["IU", "JU"]),
              (r"\bYA", ["IA", "JA"]), (r"(?<=\w)YA", ["IA", "JA"]),
              (r"IY\b", ["II", "I", "Y", "IJ"]), (r"YY\b", ["Y", "II", "IJ"]),
              (r"SHCH", ["SCH", "SHTCH", "STCH"]), (r"TS", ["TZ", "C"]),
              (r"YO", ["E", "IO", "JO"]), (r"(?<=\w)EV\b", ["YEV", "IEV", "JEW"]),
              (r"(?<=[BCDFGHKLMNPRSTVZ])YE", ["IE", "E"])]  # fmt: skip


def russian_system(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Russian, Ukrainian, Belarusian or Kazakh name written in another transliteration
    system than the listing's, one convention at a time: ``Zh`` as French ``J``
    (``ZHUKOV`` → ``JUKOV``), ``Yu``/``Ya`` as ``Iu``/``Ia`` or ``Ju``/``Ja``, ``-iy`` as
    ``-ii``/``-y``, ``Yo`` (ё) as ``E``, ``Ts`` as ``Tz``/``C``, ``Shch`` as ``Sch``."""
    if not {"RU", "UA", "BY", "KZ"} & {*e.nationalities, *e.countries}:
        return None
    spots = [(m, alts) for pat, alts in RU_SYSTEMS for m in re.finditer(pat, n, re.IGNORECASE)]
    if not spots:
        return None
    m, alts = rng.choice(spots)
    new = rng.choice(alts)
    g = m.group()
    new = new if g.isupper() else new.lower() if g.islower() else new.capitalize()
    return n[: m.start()] + new + n[m.end() :]


def asian_order(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Chinese, Korean or Vietnamese person listed surname first (``KIM Jong Un``,
    ``NGUYEN Van An``, ``XI, Jinping``) written in the Western order, the surname last
    (``Jong Un KIM``, ``Van An NGUYEN``)."""
    if not {"CN", "HK", "TW", "KP", "KR", "VN"} & {*e.nationalities, *e.countries}:
        return None
    if "," in n:
        sur, _, giv = n.partition(",")
        s, g = sur.split(), giv.split()
    else:
        w = n.split()
        s, g = w[:1], w[1:]
    if len(s) != 1 or not 1 <= len(g) <= 3 or not all(x.isalpha() for x in s + g):
        return None
    return " ".join([*g, *s])


PARTICLES = {"van", "von", "der", "den", "de", "la", "le", "del", "della", "di", "da", "dos",
             "das", "du", "des", "mc", "mac", "ter", "ten", "y"}  # fmt: skip


def particle_joined(e: Entity, n: str, rng: random.Random) -> str | None:
    """A surname's particles run together with it, as a system without spaces in a surname
    keeps it: ``VAN DER BERG`` → ``VANDERBERG``, ``DE LA ROSA`` → ``DELAROSA``, ``DOS
    SANTOS`` → ``DosSantos``, ``Mc Donald`` → ``McDonald``."""
    if {"VN", "KP", "KR", "CN"} & {*e.nationalities, *e.countries}:
        return None  # (VAN, DA, DU are syllables of given names there)
    words = n.split()
    for k, w in enumerate(words[:-1]):
        if w.lower() in PARTICLES and w.lower() != "y" and k + 1 < len(words):
            j = k
            while j + 1 < len(words) and words[j + 1].lower() in PARTICLES - {"y"}:
                j += 1
            if j + 1 >= len(words) or not re.fullmatch(r"[A-Za-z]{3,},?", words[j + 1]):
                return None
            run = "".join(words[k : j + 2])
            if rng.random() < 0.5:
                run = run.upper()
            return " ".join([*words[:k], run, *words[j + 2 :]])
    return None


NUM_WORDS = {1: "ONE", 2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE", 6: "SIX", 7: "SEVEN",
             8: "EIGHT", 9: "NINE", 10: "TEN", 11: "ELEVEN", 12: "TWELVE"}  # fmt: skip
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX",
         10: "X", 11: "XI", 12: "XII"}  # fmt: skip
_ROMAN_VAL = {v: k for k, v in ROMAN.items()}
_NUMBERED = re.compile(r"(?<=[\s-])(?:NO\.?\s?)?(\d{1,2}|[IVX]{1,4})(?=$|[\s,])", re.IGNORECASE)


def numbered(e: Entity, n: str, rng: random.Random) -> str | None:
    """A number in a vessel's or a company's name written otherwise: digits as a Roman
    numeral or a word, a Roman numeral as digits, ``NO.`` added or left out, the number
    glued by a hyphen (``ADRIAN DARYA 1`` → ``ADRIAN DARYA I`` / ``ADRIAN DARYA NO. 1`` /
    ``ADRIAN DARYA-1``, ``SEA STAR II`` → ``SEA STAR 2``)."""
    spots = []
    for m in _NUMBERED.finditer(n):
        tok = m.group(1)
        if m.start() == 0:
            continue
        if tok.isdigit():
            v = int(tok)
        elif tok.upper() in _ROMAN_VAL and tok.isupper() and m.end() == len(n):  # (not initials)
            v = _ROMAN_VAL[tok.upper()]
        else:
            continue
        if 1 <= v <= 12:
            spots.append((m, v))
    if not spots:
        return None
    m, v = rng.choice(spots)
    had_no = m.group(0).upper().startswith("NO")
    forms = [str(v), ROMAN[v], NUM_WORDS[v], f"NO. {v}", f"NO {v}", f"NO.{v}"]
    forms = [f for f in forms if f.upper() != m.group(0).upper()]
    if had_no:
        forms = [f for f in forms if not f.startswith("NO")] + [str(v)]
    new = rng.choice(forms)
    head = n[: m.start()].rstrip(" -")
    if rng.random() < 0.25 and not new.startswith("NO"):
        return f"{head}-{new}{n[m.end() :]}"
    return f"{head} {new}{n[m.end() :]}"


DOMAIN_DROP = {"LLC", "LTD", "LTD.", "LIMITED", "CO", "CO.", "CO.,", "INC", "INC.", "JSC",
               "PJSC", "OJSC", "CJSC", "OAO", "OOO", "ZAO", "AO", "PAO", "GMBH", "SA", "S.A.",
               "PLC", "CORP", "CORP.", "CORPORATION", "COMPANY", "THE", "FZE", "FZCO", "LLP",
               "AG", "BV", "B.V.", "PTE", "PTE.", "SDN", "BHD", "SAL", "S.A.L.", "LIABILITY",
               "JOINT", "STOCK", "OPEN", "CLOSED", "PUBLIC", "PRIVATE", "JOINT-STOCK"}  # fmt: skip
TLD = {"IR": ".ir", "RU": ".ru", "SY": ".sy", "CN": ".cn", "HK": ".com.hk", "AE": ".ae",
       "KP": ".kp", "BY": ".by", "TR": ".com.tr", "LB": ".com.lb"}  # fmt: skip
DOMAIN_FORMS = ["{d}", "www.{d}", "info@{d}", "sales@{d}", "https://www.{d}/", "WWW.{D}",
                "INFO@{D}", "{D}"]  # fmt: skip


def web_domain(e: Entity, n: str, rng: random.Random) -> str | None:
    """A company given by its web domain or an e-mail address (``rosneft.ru``,
    ``info@bankmellat.ir``, ``www.gazprom-neft.ru``): the name's words without the legal
    form, run together or hyphenated, with the country's domain or ``.com``."""
    words = [w.strip(",") for w in n.split() if w.strip(",").upper() not in DOMAIN_DROP]
    words = [re.sub(r"[^A-Za-z0-9-]", "", w) for w in words]
    words = [w for w in words if w]
    if not 1 <= len(words) <= 3 or len("".join(words)) < 5:
        return None
    tlds = [TLD[c] for c in (*e.countries, *e.nationalities) if c in TLD] + [".com"]
    sep = rng.choice(["", "", "-"]) if len(words) > 1 else ""
    d = (sep.join(words) + rng.choice(tlds)).lower()
    return rng.choice(DOMAIN_FORMS).format(d=d, D=d.upper())


OCR_UPPER = [("O", "0"), ("0", "O"), ("I", "1"), ("1", "I"), ("S", "5"), ("B", "8"),
             ("L", "1"), ("G", "6"), ("Z", "2")]  # fmt: skip
OCR_LOWER = [("m", "rn"), ("rn", "m"), ("d", "cl"), ("w", "vv"), ("l", "1"), ("i", "l"),
             ("h", "b"), ("e", "c"), ("u", "ii"), ("nn", "m")]  # fmt: skip


def ocr_letters(e: Entity, n: str, rng: random.Random) -> str | None:
    """One OCR confusion in a word of five letters or more: ``rn`` for ``m`` and back,
    ``cl`` for ``d``, ``vv`` for ``w``, ``1`` for ``l`` in lower case; ``0`` for ``O``,
    ``1`` for ``I``, ``5`` for ``S``, ``8`` for ``B`` in capitals (a scanned document's
    text layer)."""
    spots = []
    for m in re.finditer(r"[A-Za-z]{5,}", n):
        w = m.group()
        rules = OCR_UPPER if w.isupper() else OCR_LOWER
        for a, b in rules:
            for k in (i.start() for i in re.finditer(re.escape(a), w)):
                if 0 < k < len(w) - len(a) or a in ("m", "rn", "d", "w", "O", "B", "S"):
                    spots.append((m.start() + k, a, b))
    if not spots:
        return None
    at, a, b = rng.choice(spots)
    return n[:at] + b + n[at + len(a) :]


def typed_twice(e: Entity, n: str, rng: random.Random) -> str | None:
    """A word typed twice (``ROSNEFT ROSNEFT OIL``), or the whole name twice, two cells
    joined (``X X``, ``X / X``, ``X; X``)."""
    words = n.split()
    if rng.random() < 0.5 and len(words) >= 2:
        k = rng.randrange(len(words))
        if not re.fullmatch(r"[A-Za-z]{3,}", words[k]):
            return None
        return " ".join([*words[: k + 1], words[k], *words[k + 1 :]])
    return rng.choice(["{n} {n}", "{n} / {n}", "{n}; {n}", "{n}\n{n}"]).format(n=n)


def double_barrelled(e: Entity, n: str, rng: random.Random) -> str | None:
    """A hyphenated name (``SALLY-ANNE``, ``MIR-HEJAZI``; not an article's or ``Abd``'s
    hyphen, other classes' forms) written with a space or run together."""
    if {"KP", "KR"} & {*e.nationalities, *e.countries}:
        return None
    hy = [m for m in re.finditer(r"\b([A-Za-z]{3,})-([A-Za-z]{3,})\b", n)
          if m.group(1).lower() not in {"abd", "abu", "bin", "ibn", "bint", "abou", "abdel",
                                        "abdul", "abdol", "abdur", "abdal"}
          and not PERSIAN_SUFFIX.match(m.group(1) + m.group(2))]  # fmt: skip
    if hy:
        m = rng.choice(hy)
        a, b = m.group(1), m.group(2)
        new = rng.choice([f"{a} {b}", f"{a}{b.lower() if a[-1:].islower() else b}"])
        return n[: m.start()] + new + n[m.end() :]
    return None


PERSIAN_LETTERS = [("ي", "ی"), ("ی", "ي"), ("ك", "ک"), ("ک", "ك"), ("ة", "ه"),
                   ("ى", "ی"), ("أ", "ا"), ("إ", "ا")]  # fmt: skip


def arabic_persian(e: Entity, n: str, rng: random.Random) -> str | None:
    """A name in Arabic script with the Persian (or Urdu) keyboard's letters for the Arabic
    ones and back: ``ی`` for ``ي``, ``ک`` for ``ك``, ``ه`` for a final ``ة``, the hamza's
    alif plain: every such letter of the name, as one keyboard types them all."""
    if not re.search("[\u0600-\u06ff]", n):
        return None
    rules = [(a, b) for a, b in PERSIAN_LETTERS if a in n]
    if not rules:
        return None
    a, b = rng.choice(rules)
    if a == "ة":  # (a word's last letter: the Persian keyboard's ه)
        return re.sub(f"{a}(?=\\s|$)", b, n) if re.search(f"{a}(?=\\s|$)", n) else None
    return n.replace(a, b)


AMP_FORMS = ["&amp;", "+", "&", " and ", " AND ", " & ", "&AMP;"]


def ampersand(e: Entity, n: str, rng: random.Random) -> str | None:
    """``&`` as a message or a system writes it: HTML-escaped (``&amp;``, an ISO 20022 or
    web form's text), ``+``, glued (``A&B``), or the word ``and``; and ``and`` as ``&``."""
    m = re.search(r"\s*&\s*|\s+(?:AND|and|And)\s+", n)
    if not m:
        return None
    forms = [f for f in AMP_FORMS if f.strip().lower() != m.group().strip().lower()]
    new = rng.choice(forms)
    if new in ("+", "&amp;", "&AMP;", "&") and rng.random() < 0.5:
        new = f" {new} "
    return n[: m.start()] + new + n[m.end() :]


# escape32 (round 9): a bank's branch or BIC after its name, the name quoted inside a payment's
# free text, full-width and other compatibility letters, a compound word split, a generation
# suffix or a birth name after a person's name, a person's e-mail address, a telephone number
# after the name, THE before a company, underscores or dots for spaces, the kind word moved
BRANCHES = ["{n} TEHRAN BRANCH", "{n}, DUBAI BRANCH", "{n} - HEAD OFFICE", "{n} (HEAD OFFICE)",
            "{n} MOSCOW BRANCH", "{n}, LONDON BRANCH", "{n} BR. DUBAI", "{n} {b}",
            "{n} (SWIFT: {b})", "{n} BIC {b}", "{n} SWIFT {b}XXX", "{n} - KISH BRANCH"]  # fmt: skip
SENTENCES = ["PAYMENT TO '{n}' FOR INVOICE 2231", "Payment to \"{n}\" for invoice 4471",
             "INV 1022 {n} GOODS", "IFO {n} REF 77812", "PMT FOR CONTRACT 12/2024 WITH {n}",
             "/BNF/{n} INV 3321", "ORDER OF \u201c{n}\u201d", "RE: {n} - FREIGHT",
             "FOR THE ACCOUNT OF «{n}»", "SETTLEMENT {n} INV. 55"]  # fmt: skip
GENERATIONS = [" Jr.", " JR", ", Jr.", " Sr.", " II", " III", " Junior", " Snr"]
NEE = ["{n} (nee {o})", "{n} née {o}", "{n} (NEE {o})", "{n} geb. {o}", "{n} (born {o})",
       "{n} urozhdennaya {o}"]  # fmt: skip
NEE_OTHER = ["PETROVA", "SMIRNOVA", "KARIMI", "HASSAN", "MÜLLER", "IVANOVA"]
PHONES = ["{n} TEL +98 21 8877 6655", "{n} TEL: +971 4 123 4567", "{n} PH. 0098-21-1234567",
          "{n} +7 (495) 123-45-67", "{n} FAX +86 21 6123 4567", "{n} T:+90 212 555 1234",
          "{n} MOB 0091 98765 43210"]  # fmt: skip
COMPOUND_HEADS = ["PETRO", "INTER", "TRANS", "AERO", "AGRO", "ELECTRO", "NEFTE", "NEFT",
                  "ENERGO", "TECHNO", "TEKHNO", "HYDRO", "MASH", "PROM", "STROY", "SPETS",
                  "ROS", "GAZ", "MULTI", "TELE", "BIO", "EURO", "RADIO", "AVTO", "AUTO",
                  "SUDO", "METAL", "CHEM", "POLY", "MICRO", "GEO", "SINO"]  # fmt: skip


def bank_branch(e: Entity, n: str, rng: random.Random) -> str | None:
    """A bank's branch, head office or SWIFT/BIC code after its name (``BANK SEPAH TEHRAN
    BRANCH``, ``BANK MELLAT (SWIFT: BKMTIRTH)``), as a payment's bank field holds it."""
    if not re.search(r"\bBANK|BANQUE|BANCO", n, re.IGNORECASE):
        return None
    head = re.sub(r"[^A-Z]", "", n.upper())[:4].ljust(4, "X")
    cc = next((c for c in (*e.countries, *e.nationalities) if len(c) == 2), "IR")
    bic = head + cc + rng.choice(["TH", "DX", "MM", "2X", "22"])
    return rng.choice(BRANCHES).format(n=n, b=bic)


def in_sentence(e: Entity, n: str, rng: random.Random) -> str | None:
    """The name quoted or named inside a payment's free text (remittance information, a
    reference line): ``PAYMENT TO 'ROSNEFT' FOR INVOICE 2231``, ``IFO X REF 77812``."""
    return rng.choice(SENTENCES).format(n=n)


def fullwidth(e: Entity, n: str, rng: random.Random) -> str | None:
    """The name in full-width Latin letters (an East Asian input method's ``ＲＯＳＮＥＦＴ``),
    or with a compatibility ligature (``ﬁ``, ``ﬂ``) or a no-break space for its spaces."""
    how = rng.choice(["full", "full", "nbsp", "lig"])
    if how == "full":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " "
                       else c for c in n)  # fmt: skip
    if how == "nbsp":
        return n.replace(" ", "\u00a0") if " " in n else None
    if re.search("fi|fl|ff", n):
        return n.replace("ffi", "\ufb03").replace("fi", "\ufb01").replace("fl", "\ufb02")
    return None


def compound_split(e: Entity, n: str, rng: random.Random) -> str | None:
    """A compound word of an organisation's name split where it was joined, by a space or a
    hyphen (``PETROCHEMICAL`` → ``PETRO CHEMICAL``, ``ROSNEFTEGAZ`` → ``ROS NEFTEGAZ``)."""
    spots = []
    for m in re.finditer(r"[A-Za-z]{7,}", n):
        w = m.group()
        for h in COMPOUND_HEADS:
            if w.upper().startswith(h) and len(w) - len(h) >= 4:
                spots.append((m, len(h)))
    if not spots:
        return None
    m, k = rng.choice(spots)
    w = m.group()
    return n[: m.start()] + w[:k] + rng.choice([" ", "-"]) + w[k:] + n[m.end() :]


def generation(e: Entity, n: str, rng: random.Random) -> str | None:
    """A generation suffix after a person's name (``JR``, ``Sr.``, ``III``) the listing
    does not write."""
    if re.search(r"\b(JR|SR|II|III|IV|JUNIOR|SENIOR)\b", n, re.IGNORECASE):
        return None
    return n + rng.choice(GENERATIONS)


def nee_name(e: Entity, n: str, rng: random.Random) -> str | None:
    """A birth name after a person's name (``(nee PETROVA)``, ``née``, ``geb.``), as customer
    records keep a married person's former surname."""
    return rng.choice(NEE).format(n=n, o=rng.choice(NEE_OTHER))


def person_email(e: Entity, n: str, rng: random.Random) -> str | None:
    """A person given by a personal e-mail address (``vladimir.yezhikov@mail.ru``,
    ``v_yezhikov@gmail.com``): the name's words lower-cased, joined by a dot, an underscore or
    nothing, at a free mail provider."""
    words = [re.sub(r"[^A-Za-z]", "", w) for w in n.replace(",", " ").split()]
    words = [w.lower() for w in words if len(w) >= 2]
    if not 2 <= len(words) <= 3:
        return None
    sep = rng.choice([".", "_", "", "."])
    host = rng.choice(["gmail.com", "mail.ru", "yahoo.com", "hotmail.com", "yandex.ru"])
    return sep.join(words) + "@" + host


def phone_after(e: Entity, n: str, rng: random.Random) -> str | None:
    """A telephone or fax number after the name, with or without its label (``TEL +98 21 …``,
    ``+7 (495) 123-45-67``): a contact cell pasted with the name."""
    return rng.choice(PHONES).format(n=n)


def the_added(e: Entity, n: str, rng: random.Random) -> str | None:
    """``THE`` before a company's name, or ``, THE`` after it (a library-style inversion),
    where the listing has none; the listing's ``THE`` left out where it has one."""
    m = re.match(r"(?i)the\s+", n)
    if m:
        return n[m.end() :]
    return rng.choice(["THE {n}", "The {n}", "{n}, THE"]).format(n=n)


def underscored(e: Entity, n: str, rng: random.Random) -> str | None:
    """The name's spaces as underscores, dots or hyphens, as a system's key or file name
    writes it (``BANK_MELLAT``, ``BANK.MELLAT``)."""
    if " " not in n:
        return None
    sep = rng.choice(["_", "_", ".", "-"])
    return re.sub(r"\s*,?\s+", sep, n.strip())


def kind_moved(e: Entity, n: str, rng: random.Random) -> str | None:
    """An organisation's kind word (``BANK``, ``COMPANY``, ``GROUP``) moved to the other end
    of its name (``BANK SEPAH`` → ``SEPAH BANK``; ``ROSNEFT OIL COMPANY`` → ``COMPANY
    ROSNEFT OIL``), as desks translate the name's word order."""
    words = n.split()
    if len(words) < 2:
        return None
    kinds = {"BANK", "COMPANY", "GROUP", "CORPORATION", "INSTITUTE", "FOUNDATION",
             "ORGANIZATION", "ORGANISATION", "UNIVERSITY", "FACTORY", "PLANT"}  # fmt: skip
    if words[0].upper() in kinds:
        return " ".join([*words[1:], words[0]])
    if words[-1].upper() in kinds and words[-2].upper() not in FORM_HEADS:
        return " ".join([words[-1], *words[:-1]])
    return None


# round 10a (escape34): the payment-text, mailbox and domain escapes session 32 left — a typo
# in a name inside a payment's text, a narrative padded past its first pieces, one marker and
# no number, two names in one piece; a mailbox of an initial and a surname; a number glued to
# a domain's name; a domain that leaves out the name's AND
NARRATIVE_PLAIN = ["RE: {n} - FREIGHT", "INV 1022 {n} GOODS", "PMT FOR CONTRACT 12/2024 WITH {n}",
                   "/BNF/{n} INV 3321", "SETTLEMENT {n} INV. 55", "IFO {n} REF 77812"]  # fmt: skip
NARRATIVE_PAD = ["GOODS DELIVERED", "SPARE PARTS", "CONSULTING SERVICES", "PORT CHARGES",
                 "AS PER AGREEMENT", "BALANCE PAYMENT", "ADVANCE", "CUSTOMS DUTIES",
                 "LOGISTICS FEE", "DD 03.05.2024", "PER INVOICE 7781", "CONTRACT 12/2024",
                 "ORDER NO 5531", "LC 0045/24", "PARTIAL SHIPMENT", "BL 778120"]  # fmt: skip
ONE_MARKER = ["PAYMENT TO {n}", "TRANSFER TO {n}", "/BNF/{n}", "PAYMENT FOR {n}",
              "REMITTANCE TO {n}", "INVOICE FROM {n}", "BEING PAYMENT OF {n}",
              "Payment to {n}", "SETTLEMENT WITH {n}", "PMT TO {n}"]  # fmt: skip
TWO_NAMES = ["/BNF/{a} AND {b}", "PMT TO {a} AND {b} INV 3321", "INV 1022 {a} & {b} GOODS",
             "RE: {a} AND {b} - FREIGHT", "SETTLEMENT {a} AND {b} INV. 55"]  # fmt: skip
KEYS = "qwertyuiopasdfghjklzxcvbnm"


def _typo(word: str, rng: random.Random) -> str:
    """One slip of a typist in ``word``: a letter left out, doubled, two swapped, or one
    struck for its neighbour on the keyboard (never the first letter)."""
    k = rng.randrange(1, len(word) - 1)
    how = rng.choice(["drop", "double", "swap", "near"])
    if how == "drop":
        return word[:k] + word[k + 1 :]
    if how == "double":
        return word[: k + 1] + word[k] + word[k + 1 :]
    if how == "swap":
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    i = KEYS.find(word[k].lower())
    if i < 0:
        return word[:k] + word[k + 1 :]
    near = KEYS[i + 1] if i + 1 < len(KEYS) and rng.random() < 0.5 else KEYS[i - 1]
    return word[:k] + (near.upper() if word[k].isupper() else near) + word[k + 1 :]


def narrative_typo(e: Entity, n: str, rng: random.Random) -> str | None:
    """The name unquoted in a payment's text with one typist's slip in one of its words of
    five letters or more (``RE: AL KAWTAR - FREIGHT`` for AL KAWTHAR), in a name of two words
    or more (a one-word name a letter off is another word)."""
    words = n.split()
    spots = [k for k, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if len(words) < 2 or not spots:
        return None
    k = rng.choice(spots)
    words[k] = _typo(words[k], rng)
    return rng.choice(NARRATIVE_PLAIN).format(n=" ".join(words))


def narrative_padded(e: Entity, n: str, rng: random.Random) -> str | None:
    """The name in a payment's text after three to five other entries (references, dates,
    goods), sometimes one after it (``PMT FOR CONTRACT 12/2024 DD 03.05.2024 PER INVOICE 7781
    GOODS DELIVERED WITH X``)."""
    pad = rng.sample(NARRATIVE_PAD, rng.randint(3, 5))
    after = f" {rng.choice(NARRATIVE_PAD)}" if rng.random() < 0.3 else ""
    lead = rng.choice(["PMT FOR ", "INV 1 ", "/ROC/99812/", "RE: "])
    return f"{lead}{' '.join(pad)} {rng.choice(['WITH', 'TO', 'BNF', 'FOR'])} {n}{after}"


def narrative_one_marker(e: Entity, n: str, rng: random.Random) -> str | None:
    """The name after one payment word and no number (``PAYMENT TO X``, ``/BNF/X``)."""
    return rng.choice(ONE_MARKER).format(n=n)


def narrative_two_names(e: Entity, n: str, rng: random.Random) -> str | None:
    """The name beside another listed party's in one piece of a payment's text, joined by
    AND or ``&`` (``/BNF/SAID ARIF AND MEAMAR SARL``), first or second; the other drawn from
    the same class's names (the class's own listed name is the one checked)."""
    other = rng.choice(_TWO_OTHERS.get(e.type, ["GLOBAL STAR TRADING"]))
    if other.casefold() == n.casefold():
        return None
    a, b = (n, other) if rng.random() < 0.5 else (other, n)
    return rng.choice(TWO_NAMES).format(a=a, b=b)


# (the other party of narrative_two_names: listed names of the checked one's type, set in main)
_TWO_OTHERS: dict[EntityType, list[str]] = {}


def mailbox_initial(e: Entity, n: str, rng: random.Random) -> str | None:
    """A person's mailbox of a given name's initial and the surname (``p.kachkaev@mail.ru``,
    ``kachkaev_p@``): the surname the word written in capitals in a mixed-case name, the
    part before a comma, else the last word; the given name the first word left."""
    if "," in n:
        sur, given = n.split(",", 1)[0].split(), n.split(",", 1)[1].split()
        sur = sur[-1:]
    else:
        ws = n.split()
        caps = [w for w in ws if w.isupper()]
        sur = caps[-1:] if caps and len(caps) < len(ws) else ws[-1:]
        given = [w for w in ws if w not in sur]
    sur_w = re.sub(r"[^A-Za-z]", "", sur[0]).lower() if sur else ""
    first = re.sub(r"[^A-Za-z]", "", given[0]).lower() if given else ""
    if len(sur_w) < 5 or not first:
        return None
    sep = rng.choice([".", ".", "_"])
    local = f"{first[0]}{sep}{sur_w}" if rng.random() < 0.75 else f"{sur_w}{sep}{first[0]}"
    return f"{local}@{rng.choice(['gmail.com', 'mail.ru', 'yahoo.com', 'hotmail.com'])}"


def domain_number(e: Entity, n: str, rng: random.Random) -> str | None:
    """A company's domain with a year or a number glued after its name
    (``omniaservicescyprus2020.com``, ``info@aviagroupnord24.ru``)."""
    d = web_domain(e, n, rng)
    if d is None:
        return None
    m = re.search(r"([a-z0-9-]+)(\.[a-z.]+)(/?)$", d, re.IGNORECASE)
    if m is None:
        return None
    num = rng.choice(["2020", "2019", "24", "1", "77", "2008", "365"])
    num = num.upper() if m.group(1).isupper() else num
    return d[: m.end(1)] + num + d[m.end(1) :]


def domain_and_dropped(e: Entity, n: str, rng: random.Random) -> str | None:
    """A company named ``X AND Y`` (or ``X & Y``) given by its domain without the AND
    (``glassgas.com`` for GLASS AND GAS CO.)."""
    if not re.search(r"\s(?:AND|&)\s", n, re.IGNORECASE):
        return None
    return web_domain(e, re.sub(r"\s(?:AND|&)\s", " ", n, flags=re.IGNORECASE), rng)


ROUND_10A: dict[str, tuple[EntityType, Callable[[Entity, str, random.Random], str | None]]] = {
    "narrative_typo": (EntityType.ORGANIZATION, narrative_typo),
    "narrative_typo_person": (EntityType.PERSON, narrative_typo),
    "narrative_padded": (EntityType.ORGANIZATION, narrative_padded),
    "narrative_padded_person": (EntityType.PERSON, narrative_padded),
    "narrative_one_marker": (EntityType.ORGANIZATION, narrative_one_marker),
    "narrative_one_marker_person": (EntityType.PERSON, narrative_one_marker),
    "narrative_two_names": (EntityType.ORGANIZATION, narrative_two_names),
    "narrative_two_names_person": (EntityType.PERSON, narrative_two_names),
    "mailbox_initial": (EntityType.PERSON, mailbox_initial),
    "domain_number": (EntityType.ORGANIZATION, domain_number),
    "domain_and_dropped": (EntityType.ORGANIZATION, domain_and_dropped),
}
# (domain_and_dropped draws from every listed name: few first names hold AND)
ROUND_10A_EVERY_NAME = {"domain_and_dropped"}


# (a kind word that ends a legal form's phrase is no kind word of the name: `… JOINT STOCK
# COMPANY`, `… LIMITED LIABILITY COMPANY` are not written `COMPANY … JOINT STOCK`)
FORM_HEADS = {"STOCK", "JOINT-STOCK", "LIABILITY", "TRADING", "HOLDING", "INVESTMENT"}

# round 10b (escape35): names as OCR, ERP systems and keyboards write them — several OCR
# confusions in one name, a word broken across lines by a hyphen, a field truncated with a
# mark of the cut, vowels dropped, an acronym dotted or letter-spaced, an organisation's words
# reversed, a Cyrillic name typed on a Latin keyboard layout and back, a former name after
# `ex-`, UTF-8 read as a one-byte code page (mojibake), letters a code page lacks as `?`,
# a space put inside a word, a birth name the listing holds after a married one
OCR_MANY = [("O", "0"), ("I", "1"), ("l", "1"), ("l", "I"), ("I", "l"), ("S", "5"), ("B", "8"),
            ("m", "rn"), ("d", "cl"), ("rn", "m"), ("E", "F"), ("o", "0"), ("h", "li"),
            ("G", "C"), ("U", "V")]  # fmt: skip
CUT_MARKS = ["…", "...", ">", "~", "+", " >>", "..", "-"]
EX_FORMS = ["{o} (EX-{n})", "{o} (ex {n})", "{o} EX {n}", "{o} ex. {n}", "{o} (EX. {n})",
            "{o} / EX-{n}", "{o} (former {n})", "{o}, former name {n}"]  # fmt: skip
VESSEL_OTHER = ["OCEAN PEARL", "SEA BREEZE", "GOLDEN STAR", "ORIENT GLORY", "BLUE WAVE"]
# ЙЦУКЕН against QWERTY: the key each Cyrillic letter of a Russian keyboard sits on
RU_KEYS = dict(zip("йцукенгшщзхъфывапролджэячсмитьбюё", "qwertyuiop[]asdfghjkl;'zxcvbnm,.`",
                   strict=True))  # fmt: skip
LAT_KEYS = {v: k for k, v in RU_KEYS.items()}
BIRTH_MARKS = ["{g} {o} (b. {s})", "{g} {o} (born {s})", "{g} {o} (nee {s})", "{o}, {g} (b. {s})",
               "{g} {o} geb. {s}", "{g} {o} née {s}", "{g} {o} (née {s})"]  # fmt: skip
BIRTH_OTHER = ["TOURAY", "SMITH", "IVANOVA", "KARIMI", "HASSAN", "MÜLLER", "DIALLO"]


def ocr_many(e: Entity, n: str, rng: random.Random) -> str | None:
    """Two or three OCR confusions in one name, in any case (``R0SNEFT 0lL``, ``KORY0 8ANK``,
    ``Drnitriy SHUCAEV``): a poor scan's text layer, not one letter as ``ocr_letters``."""
    spots = [(m.start() + k, a, b) for m in re.finditer(r"[A-Za-z]{4,}", n) for a, b in OCR_MANY
             for k in (i.start() for i in re.finditer(re.escape(a), m.group()))]  # fmt: skip
    if len(spots) < 2:
        return None
    picked = sorted(rng.sample(spots, rng.choice([2, 2, 3]) if len(spots) > 2 else 2))
    out, at = [], 0
    for pos, a, b in picked:
        if pos < at:
            continue
        out += [n[at:pos], b]
        at = pos + len(a)
    return "".join([*out, n[at:]])


def hyphen_broken(e: Entity, n: str, rng: random.Random) -> str | None:
    """A word broken across two lines by a hyphen, as a document's text layer keeps it
    (``KORYO BA-⏎NK``, ``ROSN- EFT``: the line break read as a space)."""
    words = list(re.finditer(r"[A-Za-z]{6,}", n))
    if not words:
        return None
    m = rng.choice(words)
    k = m.start() + rng.randrange(3, len(m.group()) - 2)
    return n[:k] + rng.choice(["-\n", "- ", "-\r\n", "-\n "]) + n[k:]


def truncated_marked(e: Entity, n: str, rng: random.Random) -> str | None:
    """A name longer than an ERP's field cut mid-word at its width (30, 35 or 40) with a mark
    that says so (``…``, ``...``, ``>``, ``~``): ``truncated_35`` without the mark."""
    width = rng.choice([30, 35, 35, 40])
    if len(n) <= width + 2 or n[width - 1] == " " or n[width] == " ":
        return None
    if len(n[:width].split()) < 2:
        return None
    return n[:width] + rng.choice(CUT_MARKS)


def vowels_dropped(e: Entity, n: str, rng: random.Random) -> str | None:
    """Every vowel dropped from the name's longest word but its first letter (``RSNFT OIL``,
    ``KRY BANK``), as a ticker, an SMS or a terse desk note writes it."""
    words = n.split()
    k = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[k]
    if len(w) < 5 or not w.isalpha():
        return None
    short = w[0] + re.sub(r"[AEIOUaeiou]", "", w[1:])
    if len(short) < 3 or short == w:
        return None
    return " ".join([*words[:k], short, *words[k + 1 :]])


def dotted_abbrev(e: Entity, n: str, rng: random.Random) -> str | None:
    """A listed acronym written with a dot after each letter or letter-spaced (``K.O.M.I.D.``,
    ``K. O. M. I. D.``, ``I R I S L``), alone or with the rest of the name."""
    acr = [m for m in re.finditer(r"\b[A-Z]{3,7}\b", n) if not re.search(r"[AEIOU]{2}", m.group())]
    if not acr:
        return None
    m = rng.choice(acr)
    sep = rng.choice([".", ". ", " ", ".", "-"])
    w = sep.join(m.group()) + ("." if sep.startswith(".") else "")
    return n[: m.start()] + w + n[m.end() :]


def words_reversed(e: Entity, n: str, rng: random.Random) -> str | None:
    """An organisation's words in reverse order (``BANK KORYO``, ``COMPANY OIL ROSNEFT``), as
    a desk translating the name's word order or a system sorting the words writes it."""
    words = n.replace(",", " ").split()
    if not 2 <= len(words) <= 5:
        return None
    return " ".join(reversed(words))


def cyrillic_on_latin(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Cyrillic name typed on a Latin keyboard layout (``hjcytanm`` for Роснефть): the
    keys a Russian typist struck with the layout switched to English."""
    if not re.search("[а-яё]", n, re.IGNORECASE) or re.search("[A-Za-z]", n):
        return None
    out = "".join(RU_KEYS.get(ch.lower(), ch) for ch in n)
    if any(
        ch not in RU_KEYS.values() and not ch.isspace() and not ch.isdigit() and ch not in '-"'
        for ch in out
    ):
        return None
    return out.upper() if rng.random() < 0.3 else out


def latin_on_cyrillic(e: Entity, n: str, rng: random.Random) -> str | None:
    """A Latin name typed on a Russian keyboard layout (``кщытуае`` for ROSNEFT): the keys
    struck with the layout left on Russian."""
    if not n.isascii() or not re.fullmatch(r"[A-Za-z ]{4,}", n):
        return None
    out = "".join(LAT_KEYS.get(ch.lower(), ch) for ch in n)
    return out.upper() if rng.random() < 0.5 else out


def ex_name(e: Entity, n: str, rng: random.Random) -> str | None:
    """The listed name after ``ex-`` or ``former`` behind a new name (``OCEAN PEARL (EX-X)``,
    ``Y ex. X``): a renamed vessel or company as registers and bills of lading write it."""
    others = VESSEL_OTHER if e.type is EntityType.VESSEL else TRADE_OTHER
    return rng.choice(EX_FORMS).format(n=n, o=rng.choice(others))


def mojibake(e: Entity, n: str, rng: random.Random) -> str | None:
    """A name holding letters outside ASCII written in UTF-8 and read as Windows-1252 or
    Latin-1 (``MÃœLLER``, ``Ð Ð¾Ñ Ð½ÐµÑ„Ñ‚ÑŒ``): an ERP import with the wrong code page."""
    if n.isascii():
        return None
    code = rng.choice(["cp1252", "latin-1"])
    try:
        return n.encode("utf-8").decode(code)
    except UnicodeDecodeError:
        return n.encode("utf-8").decode("latin-1")


def question_marks(e: Entity, n: str, rng: random.Random) -> str | None:
    """Each letter outside ASCII as ``?`` (``M?LLER``, ``????????``): a system whose code page
    lacks the letter writes so."""
    if n.isascii():
        return None
    return "".join(ch if ch.isascii() else "?" for ch in n)


def space_inserted(e: Entity, n: str, rng: random.Random) -> str | None:
    """A space put inside one word of seven letters or more (``ROS NEFT``, ``KORY O BANK``):
    an OCR layer's or a typist's space."""
    words = list(re.finditer(r"[A-Za-z]{7,}", n))
    if not words:
        return None
    m = rng.choice(words)
    k = m.start() + rng.randrange(2, len(m.group()) - 1)
    return n[:k] + " " + n[k:]


def birth_listed(e: Entity, n: str, rng: random.Random) -> str | None:
    """A woman listed under her birth name written with a married name before it and the birth
    name marked after (``Anna IVANOVA (b. PETROVA)`` for a listed ``Anna PETROVA``): the
    customer record's name is not the listing's."""
    parts = _surname_given(n)
    if parts is None or e.gender not in ("female", "f", "F"):
        return None
    sur, giv = parts
    if len(sur) != 1:
        return None
    other = rng.choice([o for o in BIRTH_OTHER if o.lower() != sur[0].lower()])
    return rng.choice(BIRTH_MARKS).format(g=" ".join(giv), o=other, s=sur[0])


CLASSES: dict[str, tuple[EntityType, Callable[[Entity, str, random.Random], str | None]]] = {
    "office_title": (EntityType.PERSON, office),
    "listed_title": (EntityType.PERSON, listed_title),
    "degree_after": (EntityType.PERSON, degree),
    "patronymic_added": (EntityType.PERSON, patronymic),
    "article_spelt": (EntityType.PERSON, article),
    "article_joined": (EntityType.PERSON, article_joined),
    "vessel_type": (EntityType.VESSEL, vessel),
    "glued_form": (EntityType.ORGANIZATION, glued_form),
    "listed_word_title": (EntityType.PERSON, listed_word_title),
    "initials": (EntityType.PERSON, initials),
    "relation_of": (EntityType.PERSON, relation_of),
    "trade_name": (EntityType.ORGANIZATION, trade_name),
    "desk_form": (EntityType.ORGANIZATION, desk_form),
    "place_glued": (EntityType.ORGANIZATION, place_glued),
    "comma_title": (EntityType.PERSON, comma_title),
    "spanish_surnames": (EntityType.PERSON, spanish),
    "payment_field": (EntityType.ORGANIZATION, payment_field),
    "payment_person": (EntityType.PERSON, payment_field),
    "wrapped_35": (EntityType.ORGANIZATION, wrapped_35),
    "trade_doc": (EntityType.ORGANIZATION, trade_doc),
    "last_first": (EntityType.PERSON, last_first),
    "org_abbrev": (EntityType.ORGANIZATION, org_abbrev),
    "org_suffix": (EntityType.ORGANIZATION, org_suffix),
    "vessel_prefix": (EntityType.VESSEL, vessel_prefix),
    "strip_marks": (EntityType.PERSON, strip_marks),
    "strip_marks_org": (EntityType.ORGANIZATION, strip_marks),
    "arabic_forms": (EntityType.PERSON, arabic_forms),
    "korean_given": (EntityType.PERSON, korean_given),
    "feminine_form": (EntityType.PERSON, feminine),
    "address_other": (EntityType.ORGANIZATION, address_other),
    "address_other_person": (EntityType.PERSON, address_other),
    "for_joined": (EntityType.ORGANIZATION, for_joined),
    "id_after": (EntityType.ORGANIZATION, id_after),
    "id_after_person": (EntityType.PERSON, id_after),
    "place_after": (EntityType.ORGANIZATION, place_after),
    "status_note": (EntityType.ORGANIZATION, status_note),
    "swift_f": (EntityType.ORGANIZATION, swift_f),
    "swift_f_person": (EntityType.PERSON, swift_f),
    "swift_f_wrapped": (EntityType.ORGANIZATION, swift_f_wrapped),
    "care_of": (EntityType.ORGANIZATION, care_of),
    "care_of_person": (EntityType.PERSON, care_of),
    "alias_between": (EntityType.ORGANIZATION, alias_between),
    "alias_between_person": (EntityType.PERSON, alias_between),
    "cells_swapped": (EntityType.PERSON, cells_swapped),
    "muhammad_desk": (EntityType.PERSON, muhammad),
    "muhammad_spelt": (EntityType.PERSON, muhammad_spelt),
    "abd_joined": (EntityType.PERSON, abd_joined),
    "foreign_title": (EntityType.PERSON, foreign_title),
    "country_brackets": (EntityType.ORGANIZATION, country_brackets),
    "vessel_flag": (EntityType.VESSEL, vessel_flag),
    "form_other_language": (EntityType.ORGANIZATION, form_other_language),
    "translit_spelt": (EntityType.PERSON, translit_spelt),
    "russian_kh": (EntityType.PERSON, russian_kh),
    "korean_surname": (EntityType.PERSON, korean_surname),
    "chinese_given": (EntityType.PERSON, chinese_given),
    "punctuation": (EntityType.PERSON, punctuation),
    "punctuation_org": (EntityType.ORGANIZATION, punctuation),
    "initials_glued": (EntityType.PERSON, initials_glued),
    "folded": (EntityType.PERSON, folded),
    "folded_org": (EntityType.ORGANIZATION, folded),
    "truncated_35": (EntityType.ORGANIZATION, truncated_35),
    "honour_short": (EntityType.PERSON, honour_short),
    "md_glued": (EntityType.PERSON, md_glued),
    "job_after": (EntityType.PERSON, job_after),
    "ref_after": (EntityType.ORGANIZATION, ref_after),
    "ref_after_person": (EntityType.PERSON, ref_after),
    "listing_id": (EntityType.ORGANIZATION, listing_id),
    "listing_id_person": (EntityType.PERSON, listing_id),
    "pvt_glued": (EntityType.ORGANIZATION, pvt_glued),
    "cyrillic_form": (EntityType.ORGANIZATION, cyrillic_form),
    "bin_added": (EntityType.PERSON, bin_added),
    "nickname_quoted": (EntityType.PERSON, nickname_quoted),
    "glued_all": (EntityType.ORGANIZATION, glued_all),
    "glued_all_person": (EntityType.PERSON, glued_all),
    "glued_all_place": (EntityType.ORGANIZATION, glued_all_place),
    "persian_suffix": (EntityType.PERSON, persian_suffix),
    "turkic_sound": (EntityType.PERSON, turkic_sound),
    "turkic_sound_org": (EntityType.ORGANIZATION, turkic_sound),
    "russian_system": (EntityType.PERSON, russian_system),
    "asian_order": (EntityType.PERSON, asian_order),
    "particle_joined": (EntityType.PERSON, particle_joined),
    "numbered_vessel": (EntityType.VESSEL, numbered),
    "numbered_org": (EntityType.ORGANIZATION, numbered),
    "web_domain": (EntityType.ORGANIZATION, web_domain),
    "ocr_letters": (EntityType.PERSON, ocr_letters),
    "ocr_letters_org": (EntityType.ORGANIZATION, ocr_letters),
    "typed_twice": (EntityType.ORGANIZATION, typed_twice),
    "typed_twice_person": (EntityType.PERSON, typed_twice),
    "double_barrelled": (EntityType.PERSON, double_barrelled),
    "arabic_persian": (EntityType.PERSON, arabic_persian),
    "arabic_persian_org": (EntityType.ORGANIZATION, arabic_persian),
    "ampersand": (EntityType.ORGANIZATION, ampersand),
    "bank_branch": (EntityType.ORGANIZATION, bank_branch),
    "in_sentence": (EntityType.ORGANIZATION, in_sentence),
    "in_sentence_person": (EntityType.PERSON, in_sentence),
    "fullwidth": (EntityType.ORGANIZATION, fullwidth),
    "fullwidth_person": (EntityType.PERSON, fullwidth),
    "compound_split": (EntityType.ORGANIZATION, compound_split),
    "generation": (EntityType.PERSON, generation),
    "nee_name": (EntityType.PERSON, nee_name),
    "person_email": (EntityType.PERSON, person_email),
    "phone_after": (EntityType.ORGANIZATION, phone_after),
    "phone_after_person": (EntityType.PERSON, phone_after),
    "the_added": (EntityType.ORGANIZATION, the_added),
    "underscored": (EntityType.ORGANIZATION, underscored),
    "underscored_person": (EntityType.PERSON, underscored),
    "kind_moved": (EntityType.ORGANIZATION, kind_moved),
}
CLASSES.update(ROUND_10A)  # (round 10a, escape34: a group of its own)

# round 10b (escape35), a group of its own
CLASSES_10B: dict[str, tuple[EntityType, Callable[[Entity, str, random.Random], str | None]]] = {
    "ocr_many": (EntityType.PERSON, ocr_many),
    "ocr_many_org": (EntityType.ORGANIZATION, ocr_many),
    "hyphen_broken": (EntityType.ORGANIZATION, hyphen_broken),
    "truncated_marked": (EntityType.ORGANIZATION, truncated_marked),
    "vowels_dropped": (EntityType.ORGANIZATION, vowels_dropped),
    "dotted_abbrev": (EntityType.ORGANIZATION, dotted_abbrev),
    "words_reversed": (EntityType.ORGANIZATION, words_reversed),
    "cyrillic_on_latin": (EntityType.PERSON, cyrillic_on_latin),
    "cyrillic_on_latin_org": (EntityType.ORGANIZATION, cyrillic_on_latin),
    "latin_on_cyrillic": (EntityType.ORGANIZATION, latin_on_cyrillic),
    "ex_name": (EntityType.ORGANIZATION, ex_name),
    "ex_name_vessel": (EntityType.VESSEL, ex_name),
    "mojibake": (EntityType.PERSON, mojibake),
    "mojibake_org": (EntityType.ORGANIZATION, mojibake),
    "question_marks": (EntityType.PERSON, question_marks),
    "space_inserted": (EntityType.ORGANIZATION, space_inserted),
    "birth_listed": (EntityType.PERSON, birth_listed),
}
CLASSES.update(CLASSES_10B)


# Classes drawn from every listed name, not the first only (few first names hold the form)
EVERY_NAME = {"article_joined", "org_abbrev", "arabic_forms", "korean_given", "wrapped_35",
              "feminine_form", "muhammad_desk", "muhammad_spelt", "abd_joined",
              "form_other_language", "swift_f_wrapped", "translit_spelt", "russian_kh",
              "korean_surname", "chinese_given", "punctuation", "punctuation_org",
              "folded", "folded_org", "md_glued", "bin_added", "persian_suffix",
              "turkic_sound", "turkic_sound_org", "russian_system", "particle_joined",
              "numbered_vessel", "numbered_org", "double_barrelled", "arabic_persian",
              "arabic_persian_org", "ampersand", "bank_branch", "compound_split",
              "kind_moved", "dotted_abbrev", "cyrillic_on_latin", "cyrillic_on_latin_org",
              "mojibake", "mojibake_org", "question_marks"}  # fmt: skip
EVERY_NAME |= ROUND_10A_EVERY_NAME

# Classes drawn from names with letters outside ASCII
NON_ASCII = {
    "strip_marks",
    "strip_marks_org",
    "folded",
    "folded_org",
    "turkic_sound",
    "turkic_sound_org",
    "mojibake",
    "mojibake_org",
    "question_marks",
}
# Classes drawn from names in any script (Arabic letters), not only names with Latin ones
ANY_SCRIPT = {"arabic_persian", "arabic_persian_org", "cyrillic_on_latin", "cyrillic_on_latin_org"}


def found(query: str, e: Entity, index: ScreeningIndex) -> str:
    try:
        matches = screen(Query(query), index, limit=100)
    except InvalidQueryError:
        return "refused"
    key = (e.source, e.source_id)
    for m in matches:
        if (m.source, m.source_id) == key or any(
            (b["source"], b["source_id"]) == key for b in m.legal_bases
        ):
            return "found"
    return "escaped"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=300, help="queries per class")
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument("--only", default="")
    ap.add_argument("--show", type=int, default=5, help="escapes shown per class")
    args = ap.parse_args()
    ents = load_lists("big")
    t0 = time.perf_counter()
    index = ScreeningIndex(ents)
    print(f"index of {len(ents)} entities built in {time.perf_counter() - t0:.0f} s")
    only = set(filter(None, args.only.split(",")))
    for t in (EntityType.ORGANIZATION, EntityType.PERSON):
        # (narrative_two_names' other party: listed names of the type, drawn by the seed)
        names = sorted({e.names[0].full for e in ents if e.type is t and e.names[0].full.isascii()})
        _TWO_OTHERS[t] = random.Random(f"{args.seed}:others").sample(names, 200)
    total_esc = total = 0
    for name, (etype, disguise) in CLASSES.items():
        if only and name not in only:
            continue
        rng = random.Random(f"{args.seed}:{name}")
        pool = [
            (e, n.full)
            for e in ents
            if e.type is etype
            for n in (e.names if name in EVERY_NAME else e.names[:1])
            if name in ANY_SCRIPT
            or ((n.full.isascii() or name in NON_ASCII) and re.search("[A-Za-z]{2}", n.full))
        ]
        rng.shuffle(pool)
        counts = {"found": 0, "refused": 0, "escaped": 0}
        shown: list[str] = []
        for e, n in pool:
            if sum(counts.values()) >= args.sample:
                break
            q = disguise(e, n, rng)
            if not q:
                continue
            outcome = found(q, e, index)
            counts[outcome] += 1
            if outcome == "escaped" and len(shown) < args.show:
                shown.append(f"{q!r} ({e.source} {e.source_id}: {n!r})")
        n_q = sum(counts.values())
        total += n_q
        total_esc += counts["escaped"]
        rate = counts["escaped"] / n_q if n_q else 0.0
        print(
            f"{name:18} {n_q:4} queries  escaped {counts['escaped']:4} ({rate:6.1%})  "
            f"refused {counts['refused']}"
        )
        for s in shown:
            print(f"    {s}")
    if total:
        print(f"{'all':18} {total:4} queries  escaped {total_esc:4} ({total_esc / total:6.1%})")


if __name__ == "__main__":
    main()
