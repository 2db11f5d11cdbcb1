"""red29: ownership files with text that is not text, or nested past the parser's stack
(docs/reliability.md, "red29")."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.errors import SourceError
from exportctl.ownership import OwnershipStore, load_ownership
from exportctl.ownership.parse import detect, parse_paths
from exportctl.store import open_store


@pytest.mark.parametrize("lines", [False, True])
def test_a_lone_surrogate_in_an_ownership_file_is_a_warning_not_a_failed_load(
    tmp_path: Path, shared_data: Path, lines: bool
) -> None:
    """Before: ``ownership load`` of the BODS example with ``"name": "Profitech \\ud800Ltd"``
    ended in a UnicodeEncodeError traceback at the insert, nothing stored."""
    text = (shared_data / "ownership/bods/bods-package.json").read_text("utf-8")
    text = text.replace('"name": "Profitech Ltd"', r'"name": "Profitech \ud800Ltd"')
    src = tmp_path / "surr.json"
    if lines:  # the same statements as JSON lines
        import json

        src = tmp_path / "surr.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in json.loads(text)), "utf-8")
    else:
        src.write_text(text, "utf-8")
    data = parse_paths([src])
    assert any("lone surrogate" in i.reason and i.severity == "warning" for i in data.issues)
    assert "Profitech \ufffdLtd" in {p.name for p in data.parties.values()}
    store = open_store(str(tmp_path / "o.sqlite"))
    load_ownership(store, [src])
    active = OwnershipStore(store).active()
    assert active is not None
    assert OwnershipStore(store).find(active.id, "Profitech \ufffdLtd")


def test_an_ownership_file_nested_past_the_parsers_stack_is_refused(tmp_path: Path) -> None:
    """Before: a RecursionError traceback (detection read the first line unguarded)."""
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"a":' * 3000 + "1" + "}" * 3000 + "\n", "utf-8")
    with pytest.raises(SourceError):
        detect(deep)
    arr = tmp_path / "deep.json"
    arr.write_text("[" * 3000 + "]" * 3000, "utf-8")
    with pytest.raises(SourceError, match="nested too deeply"):
        parse_paths([arr])
