"""A list file that holds no entity never becomes the list screening uses (found by fuzzing
the loaders: a well-formed UN file emptied of its records was the only snapshot of un_sc, and
every party cleared against it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.errors import NoListsError
from exportctl.freshness import require_lists
from exportctl.loading import load_paths
from exportctl.store import open_store

EMPTY_UN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00">'
    b"<INDIVIDUALS></INDIVIDUALS><ENTITIES></ENTITIES></CONSOLIDATED_LIST>\n"
)
# Every record unreadable (no name): the parser skips it, leaving none.
NAMELESS_UN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00"><INDIVIDUALS><INDIVIDUAL>'
    b"<DATAID>1</DATAID><REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER></INDIVIDUAL>"
    b"</INDIVIDUALS><ENTITIES></ENTITIES></CONSOLIDATED_LIST>\n"
)


@pytest.mark.parametrize("content", [EMPTY_UN, NAMELESS_UN], ids=["empty", "nameless"])
def test_an_empty_first_load_is_stored_inactive(tmp_path: Path, content: bytes) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    path = tmp_path / "consolidated.xml"
    path.write_bytes(content)
    (report,) = load_paths(store, [path])
    assert report.snapshot is not None and not report.snapshot.active
    assert report.snapshot.note is not None and "empty" in report.snapshot.note
    with pytest.raises(NoListsError):
        require_lists(store)  # screening refuses instead of clearing everyone


def test_an_accepted_empty_load_is_active(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    path = tmp_path / "consolidated.xml"
    path.write_bytes(EMPTY_UN)
    (report,) = load_paths(store, [path], accept_shrink=True)
    assert report.snapshot is not None and report.snapshot.active
