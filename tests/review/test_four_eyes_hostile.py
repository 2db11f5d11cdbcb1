"""Four eyes under hostile use: one person's second key, stale pages, races, revoked keys.

Each find of the fail-open hunt (docs/reliability.md, "Reviewer's workplace") has its exact
input here, and a property test where the input varies.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.api.conftest import seed
from tests.review.test_queue import _changed_un, _hits, _one_item

from exportctl import review
from exportctl.auth import ApiKey, Role, create_key, person_key, revoke_key, same_person
from exportctl.errors import AuthError, PermissionDenied
from exportctl.screening.decisions import annotate
from exportctl.store import Store, open_store
from exportctl.text.tables import homoglyphs


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seed(open_store(str(tmp_path / "review.sqlite")))


def _key(store: Store, role: Role, label: str) -> ApiKey:
    return create_key(store.engine, role, label).info


# -- one person, two keys ------------------------------------------------------------------------

# The exact spellings that approved their own decision before (key ids differed, so four eyes
# passed): case and spaces, NFD against NFC, a Cyrillic і, fullwidth letters, a zero-width space.
SAME_PERSON = [
    ("Rita", " rita "),
    ("Rita Reviewer", "RITA  REVIEWER"),
    ("Ríta", "Ri\u0301ta"),
    ("Rita", "R\u0456ta"),
    ("Rita", "\uff32\uff49\uff54\uff41"),
    ("Rita", "Ri\u200bta"),
    ("Rita Reviewer", "rita-reviewer"),
]


@pytest.mark.parametrize(("decider", "approver"), SAME_PERSON)
def test_second_key_of_the_same_person_cannot_approve(
    store: Store, decider: str, approver: str
) -> None:
    item_id = _one_item(store)
    mine = _key(store, Role.APPROVER, decider)
    again = _key(store, Role.APPROVER, approver)
    assert mine.id != again.id
    review.decide(store, item_id, "false_positive", "not him", mine)
    with pytest.raises(PermissionDenied, match="four eyes"):
        review.approve(store, item_id, again)
    item = review.get_item(store, item_id)
    assert item.status == "pending" and item.pending is not None
    hits = annotate(store, {"name": "Ivan Sidorov"}, _hits(store, "Ivan Sidorov"))
    assert "decision" not in hits[0]  # not cleared
    # Another person approves.
    other = _key(store, Role.APPROVER, "Bob")
    assert review.approve(store, item_id, other).state == "approved"


def test_keys_without_labels_are_told_apart_by_id_only(store: Store) -> None:
    item_id = _one_item(store)
    a, b = _key(store, Role.APPROVER, ""), _key(store, Role.APPROVER, "  ")
    review.decide(store, item_id, "false_positive", "not him", a)
    with pytest.raises(PermissionDenied):
        review.approve(store, item_id, a)
    assert review.approve(store, item_id, b).state == "approved"


_GLYPHS = sorted(homoglyphs().items())


def _spell_alike(draw: st.DrawFn, word: str) -> str:
    """``word`` as another key's label of the same person might spell it."""
    out = []
    for ch in word:
        form = draw(st.sampled_from(["same", "upper", "lookalike", "accent", "wide"]))
        if form == "upper":
            ch = ch.upper()
        elif form == "lookalike":
            alike = [g for g, ascii_ in _GLYPHS if ascii_ == ch and len(g) == 1]
            ch = draw(st.sampled_from(alike)) if alike else ch
        elif form == "accent":
            ch = ch + draw(st.sampled_from(["\u0301", "\u0308", "\u0300"]))
        elif form == "wide" and "a" <= ch <= "z":
            ch = chr(ord(ch) - ord("a") + 0xFF41)
        out.append(ch)
        out.append(draw(st.sampled_from(["", "", " ", "\u200b", "\u00ad", "-", "."])))
    text = "".join(out)
    # (not NFKC: it reads a few lookalikes as other lookalikes — ϲ as ς — see reliability.md)
    norm = draw(st.sampled_from(["NFC", "NFD"]))
    pad = draw(st.sampled_from(["", " ", "\t", "\u00a0"]))
    return pad + unicodedata.normalize(norm, text) + pad


@st.composite
def _two_spellings(draw: st.DrawFn) -> tuple[str, str]:
    words = draw(st.lists(st.text("abcdefghijkmnopqrstuvwxyz", min_size=2, max_size=8),
                          min_size=1, max_size=3))  # fmt: skip
    return " ".join(words), " ".join(_spell_alike(draw, w) for w in words)


@given(_two_spellings())
def test_every_spelling_of_a_label_names_the_same_person(pair: tuple[str, str]) -> None:
    plain, alike = pair
    assert person_key(plain) == person_key(alike), pair
    now = review.records._now()
    a = ApiKey("a" * 16, Role.APPROVER, plain, now)
    b = ApiKey("b" * 16, Role.APPROVER, alike, now)
    assert same_person(a, b) and same_person(b, a)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pair=_two_spellings())
def test_no_spelling_of_the_reviewer_approves(tmp_path: Path, pair: tuple[str, str]) -> None:
    store = _fresh(tmp_path)
    item_id = _one_item(store)
    review.decide(store, item_id, "false_positive", "x", _key(store, Role.APPROVER, pair[0]))
    with pytest.raises(PermissionDenied, match="four eyes"):
        review.approve(store, item_id, _key(store, Role.APPROVER, pair[1]))
    assert review.get_item(store, item_id).status == "pending"


_STORES: dict[Path, int] = {}


def _fresh(tmp_path: Path) -> Store:
    n = _STORES[tmp_path] = _STORES.get(tmp_path, 0) + 1
    return seed(open_store(str(tmp_path / f"r{n}.sqlite")))


# -- a decision binds what was read ---------------------------------------------------------------


def test_a_decision_on_a_listing_changed_since_it_was_read_is_refused(store: Store) -> None:
    rita, bob = _key(store, Role.REVIEWER, "Rita"), _key(store, Role.APPROVER, "Bob")
    item_id = _one_item(store)
    seen = review.get_item(store, item_id).content_hash  # the page the reviewer reads
    store.load(_changed_un("Vanya Sidorov"), sha256="9" * 64)  # the list is updated meanwhile
    with pytest.raises(review.ReviewConflict, match="changed since it was read"):
        review.decide(store, item_id, "false_positive", "other person", rita, content_hash=seen)
    item = review.get_item(store, item_id)
    assert item.status == "open" and item.decisions == []
    # Read again: the decision binds the new listing.
    made = review.decide(store, item_id, "false_positive", "other person", rita,
                         content_hash=item.content_hash)  # fmt: skip
    assert made.content_hash == item.content_hash != seen
    review.approve(store, item_id, bob, decision_id=made.id)


def test_approval_of_a_decision_not_read_is_refused(store: Store) -> None:
    rita = _key(store, Role.REVIEWER, "Rita")
    bob, carol = _key(store, Role.APPROVER, "Bob"), _key(store, Role.APPROVER, "Carol")
    item_id = _one_item(store)
    first = review.decide(store, item_id, "true_match", "same passport", rita)
    # Carol opens the page showing decision `first`; meanwhile Bob rejects it and Rita
    # decides the opposite. Carol's click must not approve the decision she never saw.
    review.approve(store, item_id, bob, accept=False, note="check again")
    second = review.decide(store, item_id, "false_positive", "other passport", rita)
    with pytest.raises(review.ReviewConflict, match="no longer awaits"):
        review.approve(store, item_id, carol, decision_id=first.id)
    assert review.get_item(store, item_id).pending == second
    assert review.approve(store, item_id, carol, decision_id=second.id).state == "approved"


def test_the_verdict_binds_the_listing_the_reviewer_saw(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list update landing between the approval's claim and the verdict's write: the
    verdict used to take the new content's digest, so later screens showed the changed
    listing cleared although no one had read it."""
    rita, bob = _key(store, Role.REVIEWER, "Rita"), _key(store, Role.APPROVER, "Bob")
    item_id = _one_item(store)
    made = review.decide(store, item_id, "false_positive", "other person", rita)
    module = sys.modules["exportctl.review.verdicts"]
    real = module.record_decision

    def update_lands_first(*args: Any, **kwargs: Any) -> dict[str, Any]:
        store.load(_changed_un("Vanya Sidorov"), sha256="9" * 64)
        found: dict[str, Any] = real(*args, **kwargs)
        return found

    monkeypatch.setattr(module, "record_decision", update_lands_first)
    review.approve(store, item_id, bob)
    hits = annotate(store, {"name": "Ivan Sidorov"}, _hits(store, "Ivan Sidorov"))
    assert hits[0]["decision"]["status"] == "reopened"  # never "cleared"
    item = review.get_item(store, item_id)
    assert item.status == "open" and item.decisions[-1].id == made.id
    assert item.decisions[-1].state == "lapsed"


# -- revoked keys --------------------------------------------------------------------------------


def test_a_key_revoked_meanwhile_decides_and_approves_nothing(store: Store) -> None:
    """The HTTP API keeps authenticated keys for a few seconds; a key revoked from another
    process is still in that cache: the library re-reads the key before each decision."""
    rita, bob = _key(store, Role.REVIEWER, "Rita"), _key(store, Role.APPROVER, "Bob")
    item_id = _one_item(store)
    review.decide(store, item_id, "false_positive", "other person", rita)
    revoke_key(store.engine, bob.id)
    with pytest.raises(AuthError):
        review.approve(store, item_id, bob)  # the ApiKey as cached: still looks active
    revoke_key(store.engine, rita.id)
    other = _one_item(store, "Global Precision Optics")
    with pytest.raises(AuthError):
        review.decide(store, other, "escalate", "x", rita)
    with pytest.raises(AuthError):
        review.assign(store, other, "me", rita)
    assert review.get_item(store, item_id).status == "pending"
