"""Ownership tables (CSV and XLSX, one row per interest): the same answers as the same data in
BODS, and every row that cannot be read as written is reported and never makes an entity look
less owned than the row says."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from exportctl.cli import app
from exportctl.errors import SourceError
from exportctl.ownership.model import HUNDRED, Share
from exportctl.ownership.parse import parse_paths
from exportctl.ownership.table import parse_share, parse_table

runner = CliRunner()

EL_OWNER = "54th Research Institute of China"  # Entity List row of the CSL sample
SDN_OWNER = "200G PSA HOLDINGS LLC"  # SDN row of the CSL sample

# test_check_cli.py's BODS package as a register: owners by name, two entities by id too.
REGISTER = [
    ["owner_id", "owner_name", "owned_id", "owned_name", "share", "start_date"],
    ["", EL_OWNER, "a", "Alpha Holding Test GmbH", "50", "2020-01-01"],
    ["", EL_OWNER, "b", "Beta Trading Test Ltd", "10 %", "2020-01-01"],
    ["a", "Alpha Holding Test GmbH", "b", "Beta Trading Test Ltd", "40", "2020-01-01"],
    ["", SDN_OWNER, "", "Gamma Range Test SA", "25-50", "2020-01-01"],
    ["", SDN_OWNER, "a", "", "50%", "2020-01-01"],
]


def _run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _check(db: str, name: str, rule: str, as_of: str = "2026-12-05") -> dict[str, Any]:
    code, out, err = _run(
        "--db", db, "ownership", "check", name, "--rule", rule, "--as-of", as_of, "--json"
    )
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.mark.parametrize("writer", [_csv, _xlsx], ids=["csv", "xlsx"])
def test_a_register_gives_the_answers_of_the_same_data_in_bods(
    tmp_path: Path, shared_data: Path, writer: Any
) -> None:
    db = str(tmp_path / "own.sqlite")
    code, _, err = _run(
        "--db", db, "lists", "load", str(shared_data / "lists/us/csl/csl_sample_2019.csv")
    )
    assert code == 0, err
    suffix = ".csv" if writer is _csv else ".xlsx"
    f = writer(tmp_path / f"register{suffix}", REGISTER)
    code, out, err = _run("--db", db, "ownership", "load", str(f), "--json")
    assert code == 0, err
    snap = json.loads(out)["snapshot"]
    assert (snap["party_count"], snap["link_count"], snap["format"]) == (5, 5, "table")
    # as test_check_cli.py finds for the BODS package
    a = _check(db, "Alpha Holding Test GmbH", "ofac")
    assert a["status"] == "blocked"
    b = _check(db, "b", "ofac")
    assert b["status"] == "clear" and b["share"] == {"min": 40, "max": 40}
    c = _check(db, "Gamma Range Test SA", "ofac")
    assert c["status"] == "undetermined" and c["share"] == {"min": 25, "max": 50}
    assert _check(db, "Beta Trading Test Ltd", "bis", "2025-10-15")["status"] == "blocked"
    assert _check(db, "Beta Trading Test Ltd", "bis", "2026-01-15")["status"] == "clear"


def test_an_unnamed_or_unreadable_owner_is_possibly_listed(
    tmp_path: Path, shared_data: Path
) -> None:
    """A 60 % owner the row does not name, or names in bytes that are not text, is an
    unnamed owner: the answer is undetermined, never clear."""
    db = str(tmp_path / "own.sqlite")
    code, _, err = _run(
        "--db", db, "lists", "load", str(shared_data / "lists/us/csl/csl_sample_2019.csv")
    )
    assert code == 0, err
    f = tmp_path / "register.csv"
    f.write_bytes(
        b"owner_name,owned_name,share\n"
        b",Delta Unnamed Test Ltd,60\n"
        b"\xff\xfe Holding,Epsilon Bytes Test Ltd,60\n"
        b"12345,Zeta Shifted Test Ltd,60\n"
    )
    code, _, err = _run("--db", db, "ownership", "load", str(f), "--json")
    assert code == 0, err
    for name in ("Delta Unnamed Test Ltd", "Epsilon Bytes Test Ltd", "Zeta Shifted Test Ltd"):
        assert _check(db, name, "ofac")["status"] == "undetermined", name


def test_each_problem_row_is_reported_with_its_reading(tmp_path: Path) -> None:
    f = tmp_path / "reg.csv"
    f.write_text(
        "owner_name,owner_type,owned_name,share,start_date,kind,notes\n"
        "Bank Rossiya,company,Alfa Holding Ltd,30,2020-01-01,,x\n"
        "Gennady Timchenko,person,Alfa Holding Ltd,25%,2019,,\n"
        "Some Fund,,Alfa Holding Ltd,>40,,shareholding,\n"
        ",,Beta Ltd,60,,,\n"
        "X Ltd,,Gamma LLC,,31/12/2020,voting,\n"
        "Y Ltd,,Gamma LLC,abc,,usufruct,\n"
        "Z Ltd,,,10,,,\n"
        "W Ltd,,Beta Ltd,,,,\n"
        '"broken,Delta,5\n',
        encoding="utf-8",
    )
    d = parse_paths([f])
    assert d.format == "table" and d.records_seen == 9
    links = {(link.owner, link.asset): link for link in d.links}
    assert len(links) == 7
    assert links["name:w ltd", "name:beta ltd"].share == Share.unknown()
    fund = links["name:some fund", "name:alfa holding ltd"]
    assert fund.share == Share(Fraction(40), HUNDRED, True, False)
    assert links["name:gennady timchenko", "name:alfa holding ltd"].start == "2019"
    assert d.parties["name:gennady timchenko"].type == "person"
    unnamed = links["reg.csv#row-4-unnamed-owner", "name:beta ltd"]
    assert d.parties[unnamed.owner].name == "" and unnamed.share == Share.exact(60)
    control = links["name:x ltd", "name:gamma llc"]
    assert control.kind == "control" and control.share is None and control.start is None
    odd = links["name:y ltd", "name:gamma llc"]
    assert odd.kind == "ownership" and odd.share == Share.unknown()
    reasons = {(i.location, i.reason, i.severity) for i in d.issues}
    assert reasons >= {
        (
            "header",
            "column(s) not read: notes (read: owner_id, owner_name, owner_type, "
            "owner_country, owner_aliases, owned_id, owned_name, owned_type, owned_country, "
            "owned_aliases, share, share_min, share_max, kind, start_date, end_date)",
            "warning",
        ),
        ("row 4", "no owner_id or owner_name; kept as an unnamed owner", "warning"),
        (
            "row 5",
            "start_date '31/12/2020' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD); "
            "read as open, so the interest counts on that side",
            "warning",
        ),
        ("row 6", "unknown kind 'usufruct'; read as a possible share", "warning"),
        ("row 6", "unreadable share 'abc'; read as unknown (0-100)", "warning"),
        ("row 7", "no owned_id or owned_name: no entity to apply a rule to", "skipped"),
        ("row 9", "line 10: unreadable CSV row: unexpected end of data", "skipped"),
        ("1 row(s)", "no share given; counted as unknown (0-100)", "info"),
    }


def test_a_party_named_otherwise_on_another_row_keeps_both_names(tmp_path: Path) -> None:
    f = _csv(
        tmp_path / "reg.csv",
        [
            ["owner_id", "owner_name", "owner_aliases", "owned_name", "share"],
            ["p1", "ООО Альфа Трейд", "Alfa Treid; ALFA TRADE LLC", "Omega Test Ltd", "30"],
            ["p1", "OOO Alfa Trade", "", "Sigma Test Ltd", "30"],
        ],
    )
    d = parse_table(f)
    p = d.parties["p1"]
    assert p.name == "ООО Альфа Трейд"
    assert p.aliases == ("Alfa Treid", "ALFA TRADE LLC", "OOO Alfa Trade")


@pytest.mark.parametrize(
    "header",
    ["owner_name,share", "owned_name,share", "name,owned_name", "owner_name,owned_name,Owner_Name"],
)
def test_a_table_without_its_parties_is_refused(tmp_path: Path, header: str) -> None:
    f = tmp_path / "reg.csv"
    f.write_text(header + "\nA,B,C\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"reg\.csv: "):
        parse_table(f)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("50", Share.exact(50)),
        ("49,5 %", Share.exact(Fraction(99, 2))),
        ("25-50", Share(Fraction(25), Fraction(50))),
        ("25 % – 50 %", Share(Fraction(25), Fraction(50))),
        ("25 to 50", Share(Fraction(25), Fraction(50))),
        (">50", Share(Fraction(50), HUNDRED, True, False)),
        ("≥ 50", Share(Fraction(50), HUNDRED)),
        ("50+", Share(Fraction(50), HUNDRED)),
        ("at least 50%", Share(Fraction(50), HUNDRED)),
        ("less than 25", Share(Fraction(0), Fraction(25), False, True)),
        ("<= 25", Share(Fraction(0), Fraction(25))),
        ("50-25", None),
        (">100", None),
        ("<0", None),
        ("1/2", None),
        ("half", None),
        ("", None),
    ],
)
def test_share_cells(text: str, want: Share | None) -> None:
    assert parse_share(text) == want


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_any_share_cell_is_a_share_in_range_or_none(text: str) -> None:
    got = parse_share(text)
    assert got is None or 0 <= got.lo <= got.hi <= 100


_NAME = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufffd"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() and any(c.isalpha() for c in s))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_NAME, _NAME, st.integers(0, 100)), min_size=1, max_size=8))
def test_every_row_written_is_a_link_read(tmp_path_factory: Any, rows: list[Any]) -> None:
    """Any names (commas, quotes, other scripts) and shares round-trip through a CSV file:
    one link per row, its share exact, its parties named as written."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["owner_name", "owned_name", "share"])
    w.writerows([[a, b, str(s)] for a, b, s in rows])
    f = tmp_path_factory.mktemp("t") / "reg.csv"
    f.write_text(buf.getvalue(), encoding="utf-8")
    d = parse_table(f)
    assert len(d.links) == len(rows)
    for link, (a, b, s) in zip(d.links, rows, strict=True):
        assert d.parties[link.owner].name == a.strip() or a.strip() in d.parties[link.owner].aliases
        assert d.parties[link.asset].name == b.strip() or b.strip() in d.parties[link.asset].aliases
        assert link.share == Share.exact(s)
