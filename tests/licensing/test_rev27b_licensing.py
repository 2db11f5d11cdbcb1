"""rev27b: review finds in lic27's authorisations (docs/reliability.md, "rev27b")."""

from __future__ import annotations

import pytest

from exportctl.licensing import determine
from exportctl.licensing.rulebook import load_rulebook
from exportctl.model.determination import Outcome


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


_TARGETED = sorted(load_rulebook("un").group("arms_embargo_targeted"))


@pytest.mark.parametrize("end_user", [None, "Ministry of Defence", "Acme Security Ltd"])
@pytest.mark.parametrize("dest", _TARGETED)
def test_leaving_the_government_fact_out_never_lowers_the_answer(
    dest: str, end_user: str | None
) -> None:
    """end_user:government can only take a shipment out of a targeted embargo: the answer
    without it is never below the answer with it. Arms to AF for a named end user read
    no_licence_required without the fact and cannot_conclude with it (rev27b)."""

    def run(facts: list[str]) -> Outcome:
        return determine(
            ["0A501"],
            dest,
            jurisdiction="un",
            date="2026-06-01",
            facts=facts,
            end_user=end_user,
            end_user_hits=(lambda _name: []) if end_user else None,
        ).outcome

    stated, left_out = run(["end_user:government"]), run([])
    assert left_out.severity >= stated.severity, (left_out, stated)
