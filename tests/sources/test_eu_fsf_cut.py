"""Fail-open hunt (fuzz20): an EU FSF CSV cut inside its last record is refused.

Found by cutting the FSF CSV sample at byte 2,997 (inside its 8th row): it loaded one of five
entities, with a single "malformed row" issue, and would have become the active eu_fsf
snapshot on a first load. CSL and DPL already refused a last row cut short; the FSF CSV now
does too (too few fields, or a quoted field that never closes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.sources import eu_fsf

SAMPLE = Path(__file__).parent / "data" / "eu_fsf_sample.csv"
_BODY = SAMPLE.read_bytes().index(b"\n") + 1  # where the first row starts


def test_cut_inside_a_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fsf.csv"
    path.write_bytes(SAMPLE.read_bytes()[:2997])
    with pytest.raises(SourceError, match="incomplete file: the last row has fewer fields"):
        eu_fsf.parse([path])  # was: 1 entity, one "malformed row" issue


def test_cut_inside_a_quoted_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fsf.csv"
    path.write_bytes(SAMPLE.read_bytes() + b'05/08/2026;99;EU.9.9;;;;"Remark cut')
    with pytest.raises(SourceError, match="ends inside a quoted field"):
        eu_fsf.parse([path])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(_BODY, SAMPLE.stat().st_size - 1))
def test_a_cut_either_refuses_or_ends_a_whole_row(
    tmp_path_factory: pytest.TempPathFactory, cut: int
) -> None:
    """Property: cut the sample at any byte of its rows. The parse fails, or the data
    ends with a whole row (the limit: a file without an end marker cut between rows)."""
    data = SAMPLE.read_bytes()
    path = tmp_path_factory.mktemp("fsf") / "fsf.csv"
    path.write_bytes(data[:cut])
    try:
        eu_fsf.parse([path])
    except SourceError:
        return
    header_fields = data.split(b"\n", 1)[0].count(b";")
    last = data[:cut].rstrip(b"\r\n").rsplit(b"\n", 1)[-1]
    assert data[:cut].endswith(b"\n") or last.count(b";") == header_fields
