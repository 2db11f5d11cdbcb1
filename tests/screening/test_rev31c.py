"""rev31c: word31's cut-word rule (typos.py: NOVATEK is not read as ``Novate`` cut short) had
cleared a query that is a listed name with its cut word's last letter lost beside the name's
other words (``OAO NOVATE`` for OAO NOVATEK, ``LLC SONATE`` for LLC SONATEK), which alerted
before word31: the rule now holds only where no other word of the query is the listed name's."""

from __future__ import annotations

import pytest

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.typos import typo
from exportctl.text.language_words import cut_words


def _org(i: int, name: str) -> Entity:
    return Entity("t", f"O{i}", EntityType.ORGANIZATION, [Name(name)])


@pytest.fixture(scope="module")
def small() -> ScreeningIndex:
    names = ["NOVATEK GAS & POWER", "OAO NOVATEK", "ROSNEFT OIL COMPANY", "SONATEK"]
    return ScreeningIndex([_org(i, n) for i, n in enumerate(names)])


def test_the_cut_word_rule_yields_to_a_corroborating_word() -> None:
    assert {"novatek", "sonatek"} <= cut_words()
    assert typo("novate", "novatek", substitution=True, ending=True) == ""
    slip = typo("novate", "novatek", substitution=True, ending=True, corroborated=True)
    assert slip == "a letter left out at the end (k)"


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("NOVATE GAS & POWER", "NOVATEK GAS & POWER"),  # (the brief's case)
        ("Novate Gas and Power", "NOVATEK GAS & POWER"),
        ("OAO NOVATE", "OAO NOVATEK"),
        ("JSC Novate", "OAO NOVATEK"),  # (OAO and JSC are one legal form to the index)
    ],
)
def test_a_listed_name_with_its_cut_word_cut_short_alerts(
    small: ScreeningIndex, name: str, listed: str
) -> None:
    found = screen(Query(name), small)
    assert found and found[0].name == listed, [(m.name, m.score) for m in found]


@pytest.mark.parametrize("name", ["Novate", "NOVATE", "Novate SRL", "Novate Milanese SRL"])
def test_the_town_alone_still_clears(bundled_index: ScreeningIndex, name: str) -> None:
    """No other word of the query is a listed name's (SRL is no listed name's legal form).
    (On the bundled lists: in a corpus of four names NOVATEK's evidence alone carries
    ``Novate`` over the threshold, typo or not.)"""
    found = screen(Query(name), bundled_index)
    assert not found, [(m.name, m.score) for m in found]


@pytest.mark.parametrize(
    ("name", "listed", "score"),
    [
        ("OAO NOVATE", "OAO NOVATEK", 0.875),  # (word31: no alert)
        ("OAO Novate", "OAO Novatek", 0.875),
        ("LLC SONATE", "LLC SONATEK", 0.875),  # (word31: no alert)
        ("SONATE LIMITED LIABILITY COMPANY", "LLC SONATEK", 0.875),
        ("MACHANG LTD", "MACHANGA LTD", 0.909),  # (word31: 0.802)
        ("Otkriti Bank", "Otkritie Bank", 0.935),  # (word31: 0.814)
        ("SABALA COMPANY", "SABALAN COMPANY", 0.869),  # (word31: 0.824)
        ("VALIAS CORPS", "VALIASR CORPS", 0.919),  # (word31: 0.854)
    ],
)
def test_bundled_names_with_a_cut_word_cut_short_score_as_before_word31(
    bundled_index: ScreeningIndex, name: str, listed: str, score: float
) -> None:
    """Every bundled organisation name holding a cut word, with that word's last letter left
    out, was screened before word31, after it and now: these are the ones word31 lost or
    lowered; the names of one word (``Novate``, ``Alumina``) clear, as word31 decided."""
    found = screen(Query(name), bundled_index)
    top = {m.name: m.score for m in found}
    assert top.get(listed, 0.0) == pytest.approx(score, abs=0.001), top


def test_rosnefti_marketing_says_its_slip_to_the_api_and_rescreen(
    bundled_index: ScreeningIndex,
) -> None:
    """The API's model (``ListedWordOut``) and a rescreen's added / removed notes carry the
    near note's ``slip`` and message (the CLI's answers, ledger and CSV: tests/cli)."""
    from exportctl.api.models import ListedWordOut
    from exportctl.screening.rescreen import _note_changes

    (note,) = screen(Query("ROSNEFTI MARKETING"), bundled_index).listed_words
    slip = "a letter added at the end (i)"
    out = ListedWordOut.model_validate(note.to_dict())
    assert out.slip == slip and out.message == note.message()
    assert out.message.startswith(f"contains ROSNEFTI, one letter off ROSNEFT ({slip}), the")
    added, removed = _note_changes([], [note])
    assert [a["slip"] for a in added] == [slip] and removed == []
    assert _note_changes([note], [])[1][0]["message"] == note.message()


def test_a_listed_word_the_tables_do_not_know_keeps_the_typo_reading() -> None:
    """A list update or a customer's corpus brings words the wordfreq tables (built from the
    bundled lists) do not hold: the cut-word rule, the only one of word31's that clears an
    alert, then does not apply — the word is read cut short as before word31 (fail closed).
    NOVELLAX is no bundled word; NOVELLA is an Italian and English word."""
    assert "novellax" not in cut_words()
    assert typo("novella", "novellax", substitution=True, ending=True) == (
        "a letter left out at the end (x)"
    )
