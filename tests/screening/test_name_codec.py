"""Listed names stored normalised in the index (name_codec.py): what is decoded is what the
name normalises to, so a stored name scores exactly as its text."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import ScreeningIndex
from exportctl.screening._keys import name_for
from exportctl.screening.name_codec import decode, encode
from exportctl.store.bundle import bundled_files, read_bundle
from exportctl.text import NormName, normalize_name
from exportctl.text.name_tokens import without_frames

# The fields encode() writes or derives. A new NormName field must be carried by the codec:
# otherwise stored names would decode with its default.
KNOWN_FIELDS = [
    "tokens", "compacts", "original", "scripts", "weights", "total", "middle", "person",
    "notes", "syllable",
]  # fmt: skip


def test_codec_knows_every_field_of_a_normalised_name() -> None:
    assert [f.name for f in dataclasses.fields(NormName)] == KNOWN_FIELDS


def test_every_bundled_listed_name_round_trips() -> None:
    names: list[tuple[str, EntityType]] = []
    for bf in bundled_files():
        result, _ = read_bundle(bf.resource.read_bytes(), bf.source)
        names += [(n.full, e.type) for e in result.entities for n in e.names]
    assert len(names) > 50_000
    stored = 0
    for text, etype in names:
        norm = name_for(text, etype)
        if not norm.tokens:
            continue
        code = encode(norm)
        if code:
            stored += 1
            assert decode(code) == norm, text
    # Nearly every name is carried (the others are normalised at query time, as before).
    assert stored > 0.99 * len(names)


@given(st.text(max_size=40), st.sampled_from([None, True, False]))
def test_any_name_decodes_equal_or_is_not_stored(text: str, org: bool | None) -> None:
    norm = normalize_name(text, org)
    code = encode(norm)
    if code:
        assert decode(code) == norm


def test_index_rows_read_back_as_their_normalised_text(un_index: ScreeningIndex) -> None:
    """As normalised, but without consonant frames for an entity that gives a Latin-script
    name (found by it: index.py keeps the frames of script-only entities alone)."""
    stripped = 0
    for row in range(un_index.name_count):
        e = un_index.entity_of(row)
        norm = name_for(un_index.name_text[row], un_index.ent_type[e])
        want = norm if e in un_index.ent_in_script else without_frames(norm)
        stripped += want != norm
        assert un_index.listed_name(row) == want
    assert stripped  # (the UN list gives Arabic-script names beside Latin ones)


def test_a_name_the_codec_cannot_carry_is_normalised_at_query_time() -> None:
    index = ScreeningIndex([Entity("test", "1", EntityType.PERSON, [Name("Ivan Petrov")])])
    assert index.name_norm[0]
    index.name_norm = type(index.name_norm)([""])  # as stored for an uncarried name
    assert index.listed_name(0) == name_for("Ivan Petrov", EntityType.PERSON)
