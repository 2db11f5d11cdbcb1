"""Cached tables (the screening index, the ownership name index) are keyed by the code and data
that build them: in a development checkout, an edit to a text/ reader or its data file must
not leave a cached index of listed names read the old way beside queries read the new way."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import exportctl
from exportctl.cache_files import code_digest

_PKG = Path(exportctl.__file__).parent


@pytest.fixture
def fresh_digest() -> Iterator[None]:
    code_digest.cache_clear()
    yield
    code_digest.cache_clear()


@pytest.mark.parametrize(
    "path", ["text/data/legal_forms.yaml", "text/legal_forms.py", "screening/names.py"]
)
def test_an_edit_to_a_name_reader_changes_the_screening_index_key(
    path: str, fresh_digest: None
) -> None:
    folders = ("screening", "text", "text/data", "data")
    before = code_digest(*folders)
    f = _PKG / path
    st = f.stat()
    try:
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000))
        code_digest.cache_clear()
        assert code_digest(*folders) != before
    finally:
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    code_digest.cache_clear()
    assert code_digest(*folders) == before


def test_the_screening_index_key_changes_with_a_text_data_file(
    tmp_path: Path, fresh_digest: None
) -> None:
    from exportctl.screening.engine_cache import cache_key
    from exportctl.store import open_store

    store = open_store(str(tmp_path / "s.sqlite"), init_bundle=False)
    before = cache_key(store, [])
    f = _PKG / "text" / "data" / "arabic.yaml"
    st = f.stat()
    try:
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000))
        code_digest.cache_clear()
        assert cache_key(store, []) != before
    finally:
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
        code_digest.cache_clear()
