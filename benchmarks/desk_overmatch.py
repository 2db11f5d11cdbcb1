"""Over-matches of the name-field readings: ordinary business names written with the marks the
readings read (an honour, ``@``, ``FAO``, ``FLAG``, ``MHD``), screened against the real lists
(UN, OFAC SDN 2024, UK OFSI, AU DFAT). An alert on such a name is noise a reviewer closes by hand;
a reading that makes one is too wide (escape28: docs/reliability.md, "escape28").

    nice python benchmarks/desk_overmatch.py [--n 200] [--seed 28]

Names are made with Faker (``BENCH_SITE``) from shop words, cities, surnames, countries and
company names; the rev27b candidates are screened as written first. Each alert is printed with
the readings the field reader made, so that the one that alerted can be told.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
if os.environ.get("BENCH_SITE"):
    sys.path.insert(0, os.environ["BENCH_SITE"])

from screening_corpus import load_lists

from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.fields import field_readings

CANDIDATES = ["TAN Sri Lanka Holdings", "Datuk Lim", "Tea @ Five Ltd", "United Nations FAO Kabul",
              "WHITE FLAG CHINA", "MHD Group"]  # fmt: skip
SHOP = ["Tea", "Coffee", "Kopi", "Cafe", "Dine", "Bistro", "Residences", "Suites", "Spa", "Salon",
        "Books", "Bakes", "Grill", "Studio", "Fitness", "Dental", "Clinic", "Laundry", "Florist",
        "Noodles"]  # fmt: skip
FREE_MAIL = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "mail.ru", "yandex.ru",
             "gmx.de", "web.de", "icloud.com", "aol.com", "protonmail.com", "qq.com", "163.com",
             "rediffmail.com"]  # fmt: skip
COLOURS = ["WHITE", "RED", "BLUE", "GREEN", "BLACK", "GOLD", "YELLOW", "SILVER", "ORANGE", "PINK"]


def _classes(rng: random.Random) -> dict[str, Callable[[], str]]:
    from faker import Faker

    fk = Faker(["en_US", "en_GB", "en_IN"])
    fk.seed_instance(rng.randrange(1 << 30))

    def at() -> str:
        r = rng.random()
        if r < 0.4:
            return f"{rng.choice(SHOP)} @ {fk.city()}"
        if r < 0.7:
            return f"{rng.choice(SHOP)} @ {fk.last_name()} Pte Ltd"
        return f"{fk.last_name()} {rng.choice(SHOP)} @ {fk.street_name()} Sdn Bhd"

    def fao() -> str:
        if rng.random() < 0.5:
            return f"United Nations FAO {fk.city()}"
        return f"{fk.company()} FAO {fk.name()}"

    def flag() -> str:
        if rng.random() < 0.5:
            return f"{rng.choice(COLOURS)} FLAG {fk.country().upper()}"
        return f"{fk.last_name()} Flag {fk.country()} Ltd"

    def honour() -> str:
        word = rng.choice(["Tan Sri", "Datuk", "Dato'", "Shri", "Alhaji"])
        if rng.random() < 0.5:
            return f"{word} {fk.city()} Holdings"
        return f"{word} {fk.last_name()}"

    def mhd() -> str:
        return f"MHD {rng.choice(['Group', 'Technologies LLC', 'Trading', 'Holdings Ltd'])}"

    # escape29: the readings of escape29's section — initials kept without dots, a Korean
    # surname's other spellings, an abbreviation or initials glued by a dot (drawn after the
    # older classes, whose names stay the same for a seed)
    def letters() -> str:
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTVW") for _ in range(rng.choice((2, 2, 3))))

    def initials() -> str:
        r = rng.random()
        if r < 0.35:
            return f"{letters()} {fk.last_name().upper()}"
        if r < 0.6:
            return f"{fk.last_name().upper()}, {letters()}"
        if r < 0.8:
            return f"{letters()} {fk.last_name().upper()} {rng.choice(SHOP).upper()}"
        return fk.name().upper()

    def korean() -> str:
        first = rng.choice(["Lee", "Jon", "Kim", "Jo", "Song", "Ho", "Moon", "Chung", "Yu",
                            "Son", "Ko", "Go", "An", "Shin"])  # fmt: skip
        name = f"{first} {fk.first_name() if rng.random() < 0.3 else fk.last_name()}"
        return name.upper() if rng.random() < 0.3 else name

    def glued() -> str:
        if rng.random() < 0.5:
            ab = rng.choice(["MD", "Md", "Mohd"])
            return f"{ab}.{fk.last_name()} {rng.choice(SHOP)}"
        dots = "".join(f"{c}." for c in letters())
        return f"{dots}{fk.last_name().upper()}"

    # escape31: the readings of escape31's section — a company's web or e-mail domain, a name
    # or a word typed twice, a number's sign, hyphen or Roman form, a Persian suffix apart,
    # a character reference
    def domain() -> str:
        r = rng.random()
        if r < 0.3:
            return fk.email()
        if r < 0.5:
            return fk.url()
        if r < 0.75:
            return f"info@{fk.domain_name()}"
        return (
            f"{fk.last_name().lower()}{rng.choice(SHOP).lower()}.{rng.choice(['com', 'ru', 'ae'])}"
        )

    def twice() -> str:
        r = rng.random()
        if r < 0.35:
            n = fk.company()
            return f"{n}{rng.choice([' ', ' / ', '; ', chr(10)])}{n}"
        if r < 0.7:
            n = fk.name()
            return f"{n}{rng.choice([' ', ' / ', chr(10)])}{n}"
        w = (fk.company() if rng.random() < 0.5 else fk.name()).split()
        k = rng.randrange(len(w))
        return " ".join([*w[: k + 1], w[k], *w[k + 1 :]])

    def numbered() -> str:
        n = rng.randint(1, 12)
        num = rng.choice([str(n), f"NO. {n}", f"NO.{n}", f"No {n}", "ONE", "TWO", "III"])
        head = rng.choice([fk.last_name().upper(), fk.name(), fk.city().upper(),
                           f"{rng.choice(COLOURS)} {fk.last_name().upper()}"])  # fmt: skip
        return f"{head}{rng.choice([' ', '-'])}{num}"

    def persian() -> str:
        stem = rng.choice(["Hassan", "Karim", "Rahim", "Taghi", "Naghi", "Abbas", "Mousa",
                           "Yousef", "Sadegh", "Amin", "Bagher", "Kazem", "Jalal", "Nasser",
                           "Akbar", "Ghasem", "Ebrahim", "Esmail", "Ahmad", "Mehdi"])  # fmt: skip
        suf = rng.choice(["Zadeh", "Zade", "Zada", "Pour", "Pur", "Poor", "Nejad", "Nezhad"])
        name = f"{fk.first_name()} {stem}{rng.choice([' ', '-'])}{suf}"
        return name.upper() if rng.random() < 0.4 else name

    def amp() -> str:
        a, b = fk.last_name(), fk.last_name()
        return rng.choice([f"{a} &amp; {b}", f"{a}&amp;{b} Ltd", f"{a.upper()}&{b.upper()} LLC",
                           f"{a} &AMP; {b} Co"])  # fmt: skip

    # domain32: a company's domain that glues its name's words (the legal form kept or left
    # out), read by the cut into the lists' words (screening/domain_words.py); a person's
    # address at a free mail provider (never read as a company)
    def company_domain() -> str:
        words = ["".join(c for c in w.lower() if c.isalnum()) for w in fk.company().split()]
        words = [w for w in words if w]
        if len(words) > 1 and rng.random() < 0.5:
            words = words[:-1]
        d = rng.choice(["", "", "-"]).join(words) + rng.choice([".com", ".co.uk", ".in", ".net"])
        return rng.choice(["info@{}", "www.{}", "https://www.{}/", "{}", "sales@{}"]).format(d)

    def free_mail() -> str:
        local = rng.choice([f"{fk.first_name()}.{fk.last_name()}", fk.user_name()]).lower()
        return f"{local}@{rng.choice(FREE_MAIL)}"

    # escape32: the readings of escape32's section — a Slavic word's c, j, -ow read the
    # English way (Polish and Czech names write c for ts), a short word typed twice, two
    # letters joined by `and`, a Roman one, a bank's BIC, a birth name, a quoted name, a
    # personal mailbox, THE before a company
    import unicodedata

    fk2 = Faker(["pl_PL", "cs_CZ", "de_DE", "hr_HR"])
    fk2.seed_instance(rng.randrange(1 << 30))

    def ascii_(t: str) -> str:
        return unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode()

    def slavic() -> str:
        name = ascii_(fk2.name())
        return name.upper() if rng.random() < 0.3 else name

    def short_twice() -> str:
        w = [x for x in fk.name().split() if x.isalpha()]
        short = [k for k, x in enumerate(w) if 3 <= len(x) <= 5]
        if not short:
            return " ".join(w)
        k = rng.choice(short)
        return " ".join([*w[: k + 1], w[k], *w[k + 1 :]])

    def letters_and() -> str:
        a, b = rng.choice("ABCDEFGHJKLMNPRSTW"), rng.choice("ABCDEFGHJKLMNPRSTW")
        return f"{a} {rng.choice(['and', 'AND', '+', '&'])} {b} {rng.choice(SHOP)} Ltd"

    def roman_one() -> str:
        return rng.choice([f"{fk.last_name().upper()} I", f"{fk.company().upper()} I",
                           f"{rng.choice(COLOURS)} {fk.last_name().upper()} I"])  # fmt: skip

    def bic() -> str:
        code = "".join(rng.choice("ABCDEFGHKLMNPRSTUVWXYZ") for _ in range(4))
        cc = rng.choice(["GB", "US", "DE", "IN", "AE", "FR"])
        loc = rng.choice(["2L", "22", "33", "MM", "3X", "XX"])
        bank = rng.choice([f"{fk.last_name()} Bank", f"Bank of {fk.city()}",
                           f"{fk.city().upper()} COMMERCIAL BANK"])  # fmt: skip
        return rng.choice([f"{bank} (SWIFT: {code}{cc}{loc})", f"{bank} BIC {code}{cc}{loc}",
                           f"{bank} {code}{cc}{loc}XXX"])  # fmt: skip

    def birth() -> str:
        name = fk.name_female() if rng.random() < 0.7 else ascii_(fk2.name_female())
        return rng.choice([f"{name} (nee {fk.last_name()})", f"{name} née {fk.last_name()}",
                           f"{name} geb. {ascii_(fk2.last_name())}"])  # fmt: skip

    def quoted() -> str:
        r = rng.random()
        if r < 0.4:
            return f"PAYMENT TO '{fk.company().upper()}' FOR INVOICE {rng.randint(10, 9999)}"
        if r < 0.7:
            return f'Invoice {rng.randint(10, 9999)} "{fk.last_name()}" order'
        return f'{fk.first_name()} "{fk.first_name()}" {fk.last_name()}'

    def mailbox() -> str:
        return fk.free_email() if rng.random() < 0.7 else ascii_(fk2.free_email())

    def the() -> str:
        return rng.choice([f"The {fk.company()}", f"{fk.company().upper()}, THE",
                           f"THE {fk.last_name().upper()} {rng.choice(SHOP).upper()}",
                           f"The {fk.last_name()}"])  # fmt: skip

    # escape33: an ordinary payment's free text (companies, persons, cities, invoice numbers),
    # a personal mailbox run together, a generation after a person's name
    def narrative() -> str:
        num, year = rng.randint(10, 99999), rng.randint(2019, 2026)
        co, who, city = fk.company().upper(), fk.name(), fk.city()
        return rng.choice([
            f"PMT FOR CONTRACT {rng.randint(1, 99)}/{year} WITH {co}",
            f"RE: {co} - FREIGHT", f"RE: {who} - {rng.choice(['RENT', 'CONSULTING', 'FEE'])}",
            f"INV {num} {co} GOODS", f"INVOICE {num} {who}", f"/BNF/{co} INV {num}",
            f"SETTLEMENT {who} INV. {num}", f"IFO {who} REF {num}",
            f"PAYMENT FOR INVOICE {num} DATED {fk.date()}", f"TRANSFER TO {who} {city.upper()}",
            f"Payment for {fk.bs()} invoice {num}", f"FREIGHT {city} - {fk.city()} CNTR {num}",
            f"REF {num} {co} {city.upper()} SHIPMENT", f"{co} INV {num} {fk.date()}",
            f"PMT {who} {fk.month_name().upper()} {year} SALARY",
        ])  # fmt: skip

    def mailbox_glued() -> str:
        f, last = ascii_(fk2.first_name()).lower(), ascii_(fk2.last_name()).lower()
        if rng.random() < 0.5:
            f, last = fk.first_name().lower(), fk.last_name().lower()
        local = rng.choice([f + last, last + f, f + last + str(rng.randint(1, 99)), last + f])
        local = "".join(c for c in local if c.isalnum())
        host = rng.choice(FREE_MAIL) if rng.random() < 0.6 else fk.domain_name()
        return f"{local}@{host}"

    def generation() -> str:
        name = fk.name_male() if rng.random() < 0.7 else ascii_(fk2.name_male())
        gen = rng.choice([" Jr.", " JR", ", Jr.", " Sr.", " II", " III", " Junior", " Snr"])
        if rng.random() < 0.3:
            last, *first = name.split()[::-1]
            name = f"{last.upper()}, {' '.join(first[::-1])}"
        return name + gen

    # escape35 (round 10b): ordinary names written as the round's readings read them — a
    # scan's digits and l/I, a field cut with a mark, words reversed, a former name after
    # `ex`, a Russian or English name typed on the other keyboard layout, UTF-8 read as
    # Windows-1252, a birth name in `(b. …)`, a name bracketed in a sentence, a bank's code
    # in a reference, `THE` after a name (drawn after the older classes: their names stay)
    fk3 = Faker(["ru_RU", "de_DE", "fr_FR", "pl_PL", "es_ES", "tr_TR"])
    fk3.seed_instance(rng.randrange(1 << 30))
    ocr_slips = {"O": "0", "I": "1", "S": "5", "B": "8", "l": "I", "i": "l"}
    ru_keys = dict(zip("йцукенгшщзхъфывапролджэячсмитьбюё", "qwertyuiop[]asdfghjkl;'zxcvbnm,.`",
                       strict=True))  # fmt: skip
    lat_keys = {v: k for k, v in ru_keys.items()}
    ru = Faker("ru_RU")
    ru.seed_instance(rng.randrange(1 << 30))

    def ocr10() -> str:
        name = fk.company().upper() if rng.random() < 0.5 else fk.name()
        spots = [i for i, ch in enumerate(name) if ch in ocr_slips and 0 < i < len(name) - 1
                 and name[i - 1].isalpha() and name[i + 1].isalpha()]  # fmt: skip
        for i in rng.sample(spots, min(len(spots), rng.choice([1, 2, 3]))):
            name = name[:i] + ocr_slips[name[i]] + name[i + 1 :]
        return name

    def cut_marked() -> str:
        name = f"{fk.company()} {fk.bs()}".upper() if rng.random() < 0.6 else fk.catch_phrase()
        width = rng.choice([30, 35, 40])
        return name[:width].rstrip() + rng.choice(["…", "...", ">", " >>", "~", "-"])

    def reversed_() -> str:
        return " ".join(reversed(fk.company().replace(",", "").split()))

    def ex10() -> str:
        a, b = fk.company(), fk.company()
        if rng.random() < 0.4:
            a, b = f"{rng.choice(COLOURS)} {fk.last_name().upper()}", fk.city().upper()
        return rng.choice([f"{a} (EX-{b})", f"{a} ex. {b}", f"{a} (ex {b})",
                           f"{a}, former name {b}", f"{a} EX {b}"])  # fmt: skip

    def layout() -> str:
        if rng.random() < 0.5:
            name = ru.name() if rng.random() < 0.7 else ru.company()
            return "".join(ru_keys.get(ch.lower(), ch) for ch in name)
        name = fk.name() if rng.random() < 0.6 else fk.company()
        return "".join(lat_keys.get(ch.lower(), ch) for ch in name)

    def mojibake10() -> str:
        name = fk3.name() if rng.random() < 0.7 else fk3.company()
        return name.encode("utf-8").decode("cp1252", errors="replace")

    def birth_b() -> str:
        name = fk.name_female() if rng.random() < 0.6 else fk3.name_female()
        other = fk.last_name() if rng.random() < 0.6 else fk3.last_name()
        return rng.choice([f"{name} (b. {other})", f"{name} (born {other})",
                           f"{name} (ur. {other})", f"{name} (b. {fk.city()})"])  # fmt: skip

    def bracketed() -> str:
        co = fk.company() if rng.random() < 0.6 else fk.name()
        return rng.choice([f"shipment for [{co}] as agreed", f"payment to {{{co}}} inv 22",
                           f"ORDER OF <<{co.upper()}>> REF 4471",
                           f"for <{co}> as per PO"])  # fmt: skip

    def bic_ref() -> str:
        code = "".join(rng.choice("abcdefghklmnprstuvwxyz") for _ in range(4))
        cc = rng.choice(["gb", "us", "de", "in", "ae", "fr", "ru", "cn"])
        loc = rng.choice(["2l", "22", "33", "mm", "xx", "pp"])
        return rng.choice([f"{code}{cc}{loc}", f"ref {code}{cc}{loc} xxx",
                           f"{fk.company()} {code.upper()}{cc.upper()}{loc.upper()}"])  # fmt: skip

    def the_end() -> str:
        return f"{fk.company().replace(',', '')} {rng.choice(['THE', 'The'])}"

    # escape34: the same payment texts with one opening word and no number, two parties in
    # one entry, padded with other entries; a mailbox of an initial and a surname; a company's
    # domain with a number after its name, or of two names whose AND it leaves out
    # (a generator of their own, from the seed's state without drawing from it: the classes
    # above draw what they drew before these were added)
    r34 = random.Random(hash(rng.getstate()))
    fk3 = Faker(["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "tr_TR", "ru_RU"])
    fk3.seed_instance(r34.randrange(1 << 30))

    def latin(t: str) -> str:
        return ascii_(t) if ascii_(t).strip() else t

    def narrative_one() -> str:
        co, who = fk.company().upper(), fk.name()
        return r34.choice([
            f"PAYMENT TO {co}", f"TRANSFER TO {who}", f"/BNF/{co}", f"/BNF/{who.upper()}",
            f"BEING PAYMENT OF {fk.bs().upper()}", f"PAYMENT FOR {fk.bs()}",
            f"REMITTANCE TO {who}", f"INVOICE FROM {co}", f"Payment to {who}",
            f"PMT TO {latin(fk3.company())}", f"SETTLEMENT WITH {latin(fk3.name())}",
        ])  # fmt: skip

    def narrative_two() -> str:
        co, co2, num = fk.company().upper(), latin(fk3.company()).upper(), r34.randint(10, 9999)
        who, who2 = fk.name(), latin(fk3.name())
        return r34.choice([
            f"/BNF/{co} AND {co2}", f"PMT TO {who} AND {who2} INV {num}",
            f"INV {num} {co} & {co2} GOODS", f"RE: {who} AND {co2} - FREIGHT",
            f"SETTLEMENT {fk.last_name().upper()} AND {fk.last_name().upper()} INV. {num}",
        ])  # fmt: skip

    def narrative_padded() -> str:
        pads = [fk.bs().upper(), f"INV {r34.randint(10, 99999)}", f"DD {fk.date()}",
                f"CONTRACT {r34.randint(1, 99)}/{r34.randint(2019, 2026)}", fk.catch_phrase(),
                f"ORDER {r34.randint(100, 9999)}", fk.city().upper(), "GOODS DELIVERED",
                f"{r34.choice(['USD', 'EUR'])} {r34.randint(100, 99999)}.00"]  # fmt: skip
        party = r34.choice([fk.company().upper(), fk.name(), latin(fk3.company())])
        lead = r34.choice(["PMT FOR ", "RE: ", "/ROC/", "INV 1 "])
        return f"{lead}{' '.join(r34.sample(pads, r34.randint(3, 5)))} WITH {party}"[:300]

    def mailbox_initial() -> str:
        first, last = latin(fk3.first_name()), latin(fk3.last_name())
        if r34.random() < 0.5:
            first, last = fk.first_name(), fk.last_name()
        first, last = first.lower(), "".join(c for c in last.lower() if c.isalnum())
        local = r34.choice([f"{first[0]}.{last}", f"{first[0]}_{last}", f"{last}.{first[0]}"])
        host = r34.choice(FREE_MAIL) if r34.random() < 0.6 else fk.domain_name()
        return f"{local}@{host}"

    def domain_number() -> str:
        words = ["".join(c for c in w.lower() if c.isalnum()) for w in fk.company().split()]
        words = [w for w in words if w]
        if len(words) > 1 and r34.random() < 0.5:
            words = words[:-1]
        num = r34.choice(["2020", "24", "1", "365", "2008", "77"])
        d = "".join(words) + num + r34.choice([".com", ".co.uk", ".de", ".ru", ".net"])
        return r34.choice(["info@{}", "www.{}", "{}", "sales@{}"]).format(d)

    def domain_and() -> str:
        a, b = fk.last_name().lower(), r34.choice([fk.last_name(), fk.word()]).lower()
        a, b = ("".join(c for c in x if c.isalnum()) for x in (a, b))
        d = r34.choice(["", "", "-"]).join([a, b]) + r34.choice([".com", ".co.uk", ".net"])
        return r34.choice(["info@{}", "www.{}", "{}"]).format(d)

    # rev33b (review of escape35): a birthplace after `b.`/`born` (cities of Faker's locales
    # that write real ones), a tag in brackets after a company's whole name, and ordinary
    # Cyrillic and Latin names as typed (the keyboard reading reads none of their words back)
    fk4 = Faker(["de_DE", "fr_FR", "it_IT", "ru_RU", "pl_PL", "es_ES", "tr_TR"])
    fk4.seed_instance(rng.randrange(1 << 30))
    fk5 = Faker(["ru_RU", "uk_UA", "bg_BG", "en_US"])
    fk5.seed_instance(rng.randrange(1 << 30))

    def birth_place() -> str:
        name = fk.name() if rng.random() < 0.5 else fk4.name()
        return rng.choice([f"{name} (b. {fk4.city()})", f"{name} (born {fk4.city()})"])

    def bracket_tag() -> str:
        co = fk.company() if rng.random() < 0.6 else fk4.company()
        tag = rng.choice([fk.word(), fk.catch_phrase().split()[-1], fk.city(), fk.last_name()])
        return rng.choice([f"{co} [{tag}]", f"{co} <{tag}>", f"{co} {{{tag}}}",
                           f"{co} <<{tag.upper()}>>"])  # fmt: skip

    def layout_asis() -> str:
        return fk5.name() if rng.random() < 0.7 else fk5.last_name()

    return {"at": at, "fao": fao, "flag": flag, "honour": honour, "mhd": mhd,
            "initials": initials, "korean": korean, "glued": glued, "domain": domain,
            "twice": twice, "numbered": numbered, "persian": persian, "amp": amp,
            "company_domain": company_domain, "free_mail": free_mail,
            "slavic": slavic, "short_twice": short_twice, "letters_and": letters_and,
            "roman_one": roman_one, "bic": bic, "birth": birth, "quoted": quoted,
            "mailbox": mailbox, "the": the, "narrative": narrative,
            "mailbox_glued": mailbox_glued, "generation": generation,
            "ocr10": ocr10, "cut_marked": cut_marked, "reversed": reversed_, "ex10": ex10,
            "layout": layout, "mojibake10": mojibake10, "birth_b": birth_b,
            "bracketed": bracketed, "bic_ref": bic_ref, "the_end": the_end,
            "narrative_one": narrative_one, "narrative_two": narrative_two,
            "narrative_padded": narrative_padded, "mailbox_initial": mailbox_initial,
            "domain_number": domain_number, "domain_and": domain_and,
            "birth_place": birth_place, "bracket_tag": bracket_tag,
            "layout_asis": layout_asis}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="names per class")
    ap.add_argument("--seed", type=int, default=28)
    ap.add_argument("--only", default="", help="classes to run (comma-separated)")
    args = ap.parse_args()
    index = ScreeningIndex(load_lists())
    rng = random.Random(args.seed)
    classes = {"candidates": iter(CANDIDATES).__next__, **_classes(rng)}
    only = set(filter(None, args.only.split(",")))
    for name, make in classes.items():
        if only and name not in only:
            continue
        n = len(CANDIDATES) if name == "candidates" else args.n
        queries = list(dict.fromkeys(make() for _ in range(n * 3 if name != "candidates" else n)))
        queries = queries[:n]
        alerts = 0
        for q in queries:
            hits = screen(Query(q), index)
            if hits:
                alerts += 1
                reads = [r for r, _ in field_readings(q)]
                print(f"    {q!r} -> {hits[0].matched_name!r} {hits[0].score:.3f} readings={reads}")
        print(f"{name:<11} {len(queries):4d} names  alerted {alerts:4d}", flush=True)


if __name__ == "__main__":
    main()
