"""A name field written in Latin letters and in another script side by side (text/compound.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exportctl.text.compound import split_compound

HOW = "written in two scripts, one part"


def test_real_list_fields() -> None:
    # UN TAi.148 and AU DFAT 3205 write the name twice in one field
    assert split_compound("Agha Jan Alizai اغا جان عالیزی") == (
        ("Agha Jan Alizai", HOW),
        ("اغا جان عالیزی", HOW),
    )
    assert split_compound("Jin Tiesan (金铁三)") == (("Jin Tiesan", HOW), ("金铁三", HOW))
    # a one-word Latin note beside a name is no name of its own
    assert split_compound("ኤርሚኣስ ግርማይ (Tigrinya)") == ()
    # accents are Latin letters; a word mixing scripts is a disguise, not two names
    assert split_compound("José María Núñez") == ()
    assert split_compound("Rоsneft Oil Company") == ()


_LATIN = st.lists(st.sampled_from(["Ivan", "Petrov", "Karina", "Haji", "Omar"]), min_size=2)
_CYRILLIC = st.lists(st.sampled_from(["Иван", "Петров", "Карина"]), min_size=1)


@given(_LATIN, _CYRILLIC, st.booleans())
def test_two_runs_give_both_parts(latin: list[str], cyrillic: list[str], first: bool) -> None:
    a, b = " ".join(latin), " ".join(cyrillic)
    text = f"{a} {b}" if first else f"{b} {a}"
    parts = dict(split_compound(text))
    assert parts.get(a) == HOW
    assert parts.get(b) == HOW


@given(_LATIN, _CYRILLIC)
def test_three_runs_give_nothing(latin: list[str], cyrillic: list[str]) -> None:
    text = f"{' '.join(cyrillic)} {' '.join(latin)} {' '.join(cyrillic)}"
    assert all(how != HOW for _, how in split_compound(text))
