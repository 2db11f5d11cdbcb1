"""Evidence weight: words that go together are counted together (scale1m).

At a million names the scale benchmark's unrelated company queries (``Akar Clicks-And-Mortar
Ltd``) alerted on listed ``Clicks-And-Mortar Ltd``: each word rare enough on its own that their
bits, added up as independent tokens', said the match was no chance one — though hundreds of
names hold the words together. The words are now also counted together (the other parties'
names holding every matched word), and the lesser evidence counts; fewer than ``JOINT_MIN``
parties holding them (a party's namesakes, relatives, its listing under another list) leave the
words' bits as they were.
"""

from __future__ import annotations

import pytest

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen
from exportctl.screening.evidence import JOINT_MIN

FILLER = [f"{a}{b}{c}" for a in "bdfgklmnprstvz" for b in "aeiou" for c in "bdfgklmnprstvz"]


def _filler(n: int) -> list[Entity]:
    """``n`` persons whose every token is their own (a large corpus of unrelated names)."""
    return [
        Entity(
            "pad",
            f"F{i}",
            EntityType.PERSON,
            [Name(f"{FILLER[i % 980]}{i} {FILLER[(7 * i) % 980]}{i}x")],
        )
        for i in range(n)
    ]


def _score(name: str, index: ScreeningIndex, source_id: str) -> tuple[float, str]:
    for m in screen(Query(name), index, threshold=0.0, limit=2000):
        if m.source_id == source_id:
            return m.score, str(m.features.get("name_evidence", {}).get("detail", ""))
    return 0.0, ""


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    phrase = [
        Entity("t", "TGT", EntityType.ORGANIZATION, [Name("Bricks-And-Clicks Corp")]),
        *(
            Entity(
                "t",
                f"B{i}",
                EntityType.ORGANIZATION,
                [Name(f"{FILLER[i]}q Bricks-And-Clicks Corp")],
            )
            for i in range(60)
        ),
    ]
    family = [
        Entity("t", "SON0", EntityType.PERSON, [Name("Ayman Sabawi Ibrahim AL-TIKRITI")]),
        *(
            Entity("t", f"SON{i}", EntityType.PERSON, [Name(f"{g} Sabawi Ibrahim AL-TIKRITI")])
            for i, g in enumerate(
                ["Yasir", "Umar", "Bashar", "Muhammad", "Ahmad"][: JOINT_MIN - 2], 1
            )
        ),
    ]
    return ScreeningIndex([*phrase, *family, *_filler(4000)])


def test_words_held_together_by_many_parties_count_once(index: ScreeningIndex) -> None:
    # Bricks, Clicks and Corp: 61 names each, and the same 61 names hold all three.
    score, detail = _score("Akar Bricks-And-Clicks Corp", index, "TGT")
    assert score < DEFAULT_THRESHOLD
    assert "60 other names hold them all together" in detail
    assert not screen(Query("Akar Bricks-And-Clicks Corp"), index)


def test_exact_name_of_common_words_still_alerts(index: ScreeningIndex) -> None:
    assert _score("Bricks-And-Clicks Corp", index, "TGT")[0] == 1.0
    assert _score("Bricks-And-Clicks Corporation", index, "TGT")[0] >= DEFAULT_THRESHOLD


def test_a_few_namesakes_do_not_weaken_a_match(index: ScreeningIndex) -> None:
    # Six relatives hold Sabawi Ibrahim AL-TIKRITI: fewer than JOINT_MIN parties, the words'
    # bits add up as before and the misspelt name alerts.
    score, detail = _score("Aymen Sabawi Ibrahim AL-TIKRITI", index, "SON0")
    assert score >= DEFAULT_THRESHOLD
    assert "together" not in detail
