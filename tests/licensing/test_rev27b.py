"""rev27b: review finds in lic27's authorisations (docs/reliability.md, "rev27b")."""

from __future__ import annotations

import pytest

from exportctl.licensing import determine


@pytest.mark.parametrize("eccn", ["1E001", "4D001", "4E001", "6D001", "6E002"])
def test_a_paragraph_whose_exclusions_are_not_held_says_so(eccn: str) -> None:
    # The generated table holds "TSR: Yes, except for the following:" (4D001: "… for
    # “software” for the following:") and nothing after it:
    # TSR was offered for these to India with that sentence as its only entry condition, a
    # grant that read as excluding nothing.
    det = determine([eccn], "IN", jurisdiction="us", date="2026-06-01")
    tsr = next(a for a in det.authorisations if a.code == "TSR")
    quoted = [c for c in tsr.conditions if "TSR paragraph reads" in c]
    assert quoted
    assert all("exclusions that follow are not held here" in c for c in quoted), quoted


def test_a_whole_paragraph_is_quoted_as_it_is() -> None:
    det = determine(["1E002"], "IN", jurisdiction="us", date="2026-06-01")
    tsr = next(a for a in det.authorisations if a.code == "TSR")
    assert "1E002: the entry's TSR paragraph reads: Yes, except for 1E002.e and .f." in (
        tsr.conditions
    )
