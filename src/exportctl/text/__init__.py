"""Text layer: Unicode clean-up, homoglyphs, transliteration, legal forms, phonetic keys.

``normalize_name`` turns any spelling of a name into comparable ASCII tokens; see
:mod:`exportctl.text.names` for the pipeline. Tables live in ``text/data`` as data files.
"""

from __future__ import annotations

from exportctl.text.name_tokens import NameToken, NormName
from exportctl.text.names import normalize_name
from exportctl.text.phonetic import skeleton
from exportctl.text.tokenize import clean_text
from exportctl.text.variants import variant_key

__all__ = ["NameToken", "NormName", "clean_text", "normalize_name", "skeleton", "variant_key"]
