"""Batch files: every row accounted for, whatever the file holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.errors import InputError
from exportctl.screening.batch import read_rows, row_query


def test_csv_broken_rows_become_error_rows(tmp_path: Path) -> None:
    p = tmp_path / "in.csv"
    p.write_text(
        "id,name,type,country,birth_date\n"
        "1,ALPHA TRADING,organization,IR,\n"
        '2,"unterminated quote,person,,\n'
        "\n"
        "3,Bravo,person,XX-NOPE,1970\n"
        "4,a,b,c,d,e,f\n"
        "5,Charlie\u2028Delta,person,,\n",
        encoding="utf-8",
    )
    rows = list(read_rows(p))
    assert [r.number for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0].error is None
    assert rows[1].error is not None and rows[1].id == "2"
    assert rows[2].error == "empty row"
    assert rows[3].error is None
    with pytest.raises(InputError, match="unknown country"):
        row_query(rows[3].fields)
    assert rows[4].error is not None
    # U+2028 inside a name must not split the row
    assert rows[5].fields["name"] == "Charlie\u2028Delta"


def test_jsonl_rows(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "name": "X"}\nnot json\n[1,2]\n{"ID": 7, "Name": "Y"}\n')
    rows = list(read_rows(p))
    assert [r.error is None for r in rows] == [True, False, False, True]
    assert rows[3].fields == {"id": "7", "name": "Y"}


def test_missing_name_column(tmp_path: Path) -> None:
    p = tmp_path / "in.csv"
    p.write_text("id,account\n1,X\n")  # no header headers.yaml reads as the name
    with pytest.raises(InputError, match="no 'name' column"):
        list(read_rows(p))


def test_xlsx_and_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "name", "country"])
    ws.append([1, "Alpha", "DE"])
    ws.append([None, None, None])
    wb.save(tmp_path / "in.xlsx")
    rows = list(read_rows(tmp_path / "in.xlsx"))
    assert rows[0].fields["id"] == "1" and rows[1].error == "empty row"

    pq.write_table(pa.table({"id": ["a"], "name": ["Beta"]}), tmp_path / "in.parquet")
    assert next(iter(read_rows(tmp_path / "in.parquet"))).fields["name"] == "Beta"


def test_row_query_validation() -> None:
    with pytest.raises(InputError, match="missing name"):
        row_query({"name": "  "})
    with pytest.raises(InputError, match="unknown type"):
        row_query({"name": "x", "type": "spaceship"})
    with pytest.raises(InputError, match="bad birth_date"):
        row_query({"name": "x", "birth_date": "31/12/1970"})
    q = row_query({"name": "x", "type": "Individual", "country": "Iran", "birth_date": "1970-05"})
    assert q.country == "IR"


# Without quotes: two lines holding one `"` each are one quoted cell spanning both, a single
# record by RFC 4180 (test_batch_decoding.py reads back every quoted cell a CSV writer makes).
@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(st.characters(exclude_characters='"', exclude_categories=("Cs",)), max_size=40),
        min_size=1,
        max_size=30,
    )
)
def test_any_csv_lines_yield_one_row_each(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    p = tmp_path_factory.mktemp("h") / "in.csv"
    body = [ln.replace("\n", " ").replace("\r", " ") for ln in lines]
    p.write_text("id,name\n" + "\n".join(body) + "\n", encoding="utf-8")
    rows = list(read_rows(p))
    assert len(rows) == len(body)
    assert json.dumps([r.fields for r in rows])  # all serialisable


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "in.parquet"
    p.write_bytes(b"PAR1")
    # None in sys.modules makes `import pyarrow.parquet` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(InputError, match=r"exportctl\[parquet\]"):
        list(read_rows(p))
