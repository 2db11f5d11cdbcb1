"""The screening index: listed entities as compact columns plus the retrieval tables.

Every listed name is normalised once at build time into tokens (all transliteration variants),
its compact form (tokens joined: ``alqaida``) and adjacent-pair joins (``abdul rahman`` →
``abdulrahman``). Each distinct token gets a posting list of name rows; the fuzzy-key and
joined-form tables are built by :mod:`.index_build`, and queries are answered by
:class:`~exportctl.screening.retrieval.Retrieval`, the index's base class. Entity and name
columns are compact (:mod:`.columns`): a million-entity index fits in memory and loads fast.
"""

from __future__ import annotations

import pickle
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from exportctl.errors import ExportCtlError
from exportctl.model import Entity, EntityType
from exportctl.screening._keys import HashFilter, name_for
from exportctl.screening.build_pool import gather
from exportctl.screening.columns import (
    joined,
    split_joined,
)
from exportctl.screening.dates import precision_key
from exportctl.screening.heap import collector_paused, release_freed_memory
from exportctl.screening.index_build import (
    BuildPart,
    FuzzyKeys,
    add_postings,
    build_cut_table,
    build_frame_table,
    build_fuzzy_keys,
    csr,
    has_latin_letter,
    joined_keys,
    joined_vocab,
    listed_names,
    narrow,
    normalize_uncached,
    skeleton_uncached,
    variant_keyed_uncached,
)
from exportctl.screening.legal import (
    basis_of,
    check_code,
    events_of,
    split_code,
    un_reference_of,
)
from exportctl.screening.listed_positions import listed_positions
from exportctl.screening.name_codec import decode_cached, encode
from exportctl.screening.names import extra_shares
from exportctl.screening.near_tokens import near_tokens
from exportctl.screening.retrieval import (
    F64,
    I32,
    INITIAL_CREDIT,
    REC_EXTRA,
    REC_INIT,
    REC_KEEP,
    REC_STRONG,
    Candidate,
    Candidates,
    Hits,
    Retrieval,
    Scratch,
)
from exportctl.screening.script_grams import build_script_grams
from exportctl.sources.registry import get_source
from exportctl.sources.registry import sources as known_sources
from exportctl.text import NormName
from exportctl.text.name_tokens import INITIAL, NAME, without_frames
from exportctl.text.places import PLACE_DROPPED

__all__ = [
    "Candidate",
    "Candidates",
    "IndexLoadError",
    "ScreeningIndex",
    "identifier_forms",
    "normalize_identifier",
]

# 11: a given-name syllable of a Korean name may be left out (its retrieval bound)
# 12: organisation names in other scripts carry English forms of their generic words
# 13: per vocabulary token, its expansion (near_*); per name row, its normalised name
# 14: listed Arabic-script person names have middle names (never read as syllable names);
#     Cyrillic organisation words carry their Latin loanword spellings
# 15: Cyrillic organisation names read two-word phrases as one token (железные дороги), place
#     adjectives with the changed consonant put back, letter-name abbreviations; Hebrew words
#     lose the gershayim of an acronym (recall6)
# 16: the Arabic article before a sun letter also spelt with u (ur-, us-: ABD UR-REHMAN)
# 17: a legal-form word that is also a function word (in, as, at) a word mid-name (AL-QAIDA IN
#     IRAQ no longer al qaida corp iraq)
# 18: the given name after an opening title or kunya particle (Sheikh *Abubakar* AHMED) counts
#     at the middle-name share in the retrieval bound (a form of address leaves it out)
# 19: Belarusian and Ukrainian Cyrillic names also read in their Russian forms (Сяргей: sergei;
#     text/slavic_forms.py); JOINT STOCK COMMERCIAL BANK is the legal form jsc (АКБ, jscb)
# 20: Cyrillic words also read with х as h (ISO 9, UNGEGN: Мухаммад muhammad) and in the Yandex
#     Maps scheme (-ый as -iy: vostochniy; text/data/cyrillic_schemes.yaml) (recall10)
# 21: a listed Arabic-script word that ends in the article also carries its assimilated frames
#     (the article written with the word before: BILADIS SUDAN) (recall11)
# 22: Cyrillic words also read in two German-style schemes (в as w, х as ch; Duden) and
#     organisation words with Greek roots as Latin writes them (гидро hydro, син- syn-) (recall12)
# 23: an Arabic-script word read letter for letter is no Latin legal form (سرال srl is not
#     S.R.L.); a final د + ج also looked up as DJ (text/data/arabic.yaml); the Korean surname
#     노 spelt no, not False (a bare YAML no)
# 24: per vocabulary token, whether a joined form's key is the token or its phonetic key
#     (vocab_joined: a query skips both lookups for the others) (speed12)
# 25: Arabic-script ڤ (veh: v, and the Maghreb's g) and ڨ (the Algerian g) read in frames
# 26: enclosed letters (🅐 🅰 🇦 ⒜) read as letters, invisible letters (Hangul fillers,
#     variation selectors) dropped, combining marks on Latin letters dropped, Arabic vowel
#     signs and tatweel and Hebrew points dropped (text/unmask.py)
# 27: an approximate listed birth date (circa 1966) keeps its precision as ~year: it never
#     contradicts a query's date (screening/dates.py); identifiers compared with Unicode
#     digits read as ASCII, a labelled number (IMO 9187629) also as its digits, an identifier
#     written among words also as its parts with digits, a number also without leading zeros
#     (fuzz19)
# 28: a name holding a Latin word beside another script's words counts Latin among its
#     scripts (no same-script comparison caps it: Alfa Trеid ООО)
# 29: a name row's bound columns (left-out weight, kept share, initials' credit) stored side by
#     side (name_rec), read by one gather per candidate (session 19: retrieval)
# 30: listed Cyrillic words also in Ukraine's official romanisation (Григорович: HRYHOROVYCH),
#     Latin đ also as dj (Đorđe: DJORDJE), Sherkat/Sharikat read as the legal form co, Han
#     words also in Wade–Giles (習近平: HSI CHINPING) (fuzz24)
# 31: Russian and Ukrainian legal forms read from their words' ISO 9, GOST 52535, Telegram …
#     spellings (obscestvo: obshchestvo; LegalForms.spellings), korporatsiya read as corp, ГК /
#     GK as group, ГосНИИ read from its spelt-out Latin words; a capital bar (І Ι Ӏ) in a Latin
#     word also read as I beside l (data/bar_capitals.yaml) (fuzz24)
# 32: words of organisation names also as their rigour organisation symbol (Intl/International,
#     Tech/Technologies, Air/Airlines: text/org_symbols.py), a form of its own
# 33: a listed Cyrillic word with ђ also spelt as Serbian Latin is typed without its marks
#     (Ђорђе: DORDE; data/latin_letters.yaml cyrillic_unmarked) (abjad)
# 34: the frames of listed Arabic- and Hebrew-script words, by phonetic key, with their rows
#     (lf_*: a Latin query token reaches a name listed only in that script)
#     — only entities that give no Latin-script name (the others are found by it) (lead)
# 35: an organisation symbol reaches its own vocabulary entry at SYMBOL_SIM, not 1 (near_sim)
# 36: a letter-by-letter word between underscores with no Latin letter reads each letter as its
#     lookalike too (І_ҽ_σ_ռ: l e o n)
# 37: trade abbreviations of organisation words read as their symbol (Ind, Aero, Res:
#     text/data/org_abbreviations.yaml; navigation a symbol of its own), and Grp and Joint Stock
#     Co read as legal forms: listed names' tokens and the symbol vocabulary change
# 38: an organisation's name without its place qualifier, a derived name of its own
#     (ISLAMIC STATE from ISLAMIC STATE IN IRAQ AND THE LEVANT: text/places.py), its rows in
#     place_rows
# 39: a word's organisation symbols from rigour in sorted order (rigour's span order changed
#     from process to process: association read ASSOC, ASSOCIATION or the reverse); a run of
#     letters spelt one by one read as their lookalike letters in a compact form of its own
# 40: the cut-field table (cut_keys, cut_rows: screening/truncation.py) built with the index
#     and stored, not built by the first cut-width query of each process (onetime)
# 41: the non-ASCII names' letter-pair table (sg_rows, sg_text, sg_len, sg_keys, sg_ptr, sg_post:
#     screening/script_grams.py): in-script retrieval counts shared pairs instead of comparing
#     the query with every non-ASCII name (scriptidx)
# 42: per vocabulary token its one-form position's rows and maxima (lp_*:
#     screening/listed_positions.py), built with the index, not by each process's first query
#     holding the token (speed23)
# 43: a name row's strong tokens' share complement (name_rec's REC_STRONG column): a query
#     whose middle names may count at the middle-name share is bounded per row by what its
#     listed side must hold for them to (speedr)
# 44: listed organisation names read with legal-form phrase words through a typo and a phrase
#     cut around the name read together (text/form_phrases.py): their tokens change (legal25)
# 45: an Arabic or Hebrew word of two letters romanised as one consonant (عز: z) is spelt with
#     its written vowels (az) and is no initial: listed tokens' forms and kinds change (escape26)
# 46: an Arabic frame's keys merge a digraph pair again where the merge makes one with the next
#     consonant (تحس: ths → s) and drop every inner j past two: the listed frame table's keys
#     change (escape27)
# 47: a spelt-out Cyrillic legal form whose tail rigour reads as one form (PUBLICHNOE
#     AKTSIONERNOE OBSCHESTVO: publichnoe + ao) is read whole (jsc): listed names lose the head word
# 48: per posting entry the token's weight in that row (post_w): retrieval's bound reads a
#     listed token's own weight, not the most it weighs in any listed name (speed29)
# 49: a combining mark of the phonetic, symbol and half-mark blocks is dropped after any letter
#     (text/unmask.py), so a listed name written with them is stored without (hostile33)
_FORMAT_VERSION = 49


class IndexLoadError(ExportCtlError):
    """A cached screening index file is unreadable or from another version."""


def normalize_identifier(value: str) -> str:
    """Identifier compare form: letters and digits, upper case (``IMO 9187629``: ``IMO9187629``).

    Compatibility forms are folded (NFKC: fullwidth ``Ｐ１２３`` is ``P123``) and every decimal
    digit is read as its ASCII digit (Arabic-Indic ``١٢٣``, Devanagari ``१२३``): a passport
    number typed on another keyboard is the same number.
    """
    text = unicodedata.normalize("NFKC", value).upper()
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text if ch.isalnum()
    )


@cache
def _labelled_number() -> re.Pattern[str]:
    """Label words (``data/identifier_labels.txt``) and then only digits: ``IMO9187629``."""
    text = resources.files("exportctl").joinpath("data/identifier_labels.txt").read_text("utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return re.compile(rf"^(?:{'|'.join(sorted(words, key=len, reverse=True))})+(\d{{4,}})$")


# What separates the parts of an identifier written with words around it: spaces, brackets,
# colons, semicolons, commas, slashes, a dash between spaces ("OGRN – 1125261000040").
_ID_PARTS = re.compile(r"[\s()\[\]:;,/]+|\s[-\u2013\u2014]\s")
# A derived form (a part, a number without its zeros) counts from this length, and only with a
# digit in it: "D00000898" in "CAR diplomatic passport no. D00000898". Shorter ones would meet
# a customer's unrelated numbers by chance, each such meeting an alert at 0.99: 10^6 six-digit
# numbers against thousands of listed ones. IMO numbers have 7 digits, MMSI 9.
_PART_MIN = 7


def identifier_forms(value: str) -> tuple[str, ...]:
    """The compare forms of an identifier: :func:`normalize_identifier`'s; the number alone when
    it is written after label words (``IMO 9187629`` is also ``9187629``: lists give IMO
    numbers bare, customer files with their label); and each part with a digit among words
    (the UN's ``CAR diplomatic passport no. D00000898`` is also ``D00000898``, OFSI's ``Russian
    TIN: 7718763393`` also ``7718763393``); a number with leading zeros also without them."""
    norm = normalize_identifier(value)
    out = [norm]
    bare = _labelled_number().match(norm)
    if bare:
        out.append(bare.group(1))
    for part in _ID_PARTS.split(value):
        form = normalize_identifier(part)
        if len(form) >= _PART_MIN and any(ch.isdigit() for ch in form):
            out.append(form)
    # A number with leading zeros is also itself without them: a spreadsheet's number cell
    # drops them (a passport 0243318 typed into Excel is 243318).
    for form in list(out):
        if form.isdigit() and form.startswith("0") and len(form.lstrip("0")) >= _PART_MIN:
            out.append(form.lstrip("0"))
    return tuple(dict.fromkeys(out))


def scan_entities(part: BuildPart, entities: Iterable[Entity]) -> None:
    """Append each entity, with its listed names as name rows, to ``part`` (entity and row
    numbers go on from the part's own): the per-entity and per-name work of a build, which
    worker processes do chunk by chunk (build_pool.py)."""
    ent_source, ent_source_id, ent_type = part.ent_source, part.ent_source_id, part.ent_type
    name_text, name_kind, name_script = part.name_text, part.name_kind, part.name_script
    name_derived, name_norm, name_ent = part.name_derived, part.name_norm, part.name_ent
    name_extra, name_keep, name_init = part.name_extra, part.name_keep, part.name_init
    name_clen, name_clen_max, name_strong = part.name_clen, part.name_clen_max, part.name_strong
    postings, tok_weight, frames = part.postings, part.tok_weight, part.frames
    post_w = part.post_w
    x_hash, x_row, x_w = part.x_hash, part.x_row, part.x_w
    for ent in entities:
        e = len(ent_source)
        ent_source.append(ent.source)
        ent_source_id.append(ent.source_id)
        ent_type.append(ent.type)
        part.ent_caption.append(ent.caption)
        part.basis.append(basis_of(ent))
        un_ref = un_reference_of(ent)
        if un_ref:
            part.ent_un_ref[e] = un_ref
        events = events_of(ent)
        if events:
            part.ent_events[e] = events
        part.ent_dobs.append(
            tuple(
                (d.earliest.toordinal(), d.latest.toordinal(), precision_key(d))
                for d in ent.birth_dates
            )
        )
        part.ent_countries.append(tuple(c.upper() for c in [*ent.nationalities, *ent.countries]))
        idents = tuple(
            dict.fromkeys(
                (i.kind, form)
                for i in ent.identifiers
                for form in identifier_forms(i.value)
                if len(form) >= 4
            )
        )
        part.ent_idents.append(idents)
        rows = 0
        seen: set[str] = set()
        # An entity that gives a Latin-script name is found by it: its Arabic- and
        # Hebrew-script names keep no consonant frames (no frame table entry, no listed
        # frame reading), as before the listed-script readings, which cost every query
        # that met such a frame (~17 % of the 10k cold pass) to find what it finds anyway.
        in_script_only = not any(map(has_latin_letter, (n.full for n in ent.names)))
        if in_script_only:
            part.ent_in_script.append(e)
        for n, text, derived in listed_names(ent):
            # Uncached: a build must not fill the query-time cache with every listed name.
            norm = normalize_uncached(text, ent.type != EntityType.PERSON)
            if not in_script_only:
                norm = without_frames(norm)
            tokens = norm.tokens
            key = " ".join([t.forms[0] for t in tokens])  # (norm.key, without its calls)
            if not tokens or key in seen:
                continue
            seen.add(key)
            row = len(name_text)
            rows += 1
            name_text.append(text)
            name_kind.append(n.kind)
            name_script.append(n.script)
            name_derived.append(derived)
            name_norm.append(encode(norm))
            name_ent.append(e)
            shares = extra_shares(norm)
            # (map: the same products added in the same order, without a generator frame)
            name_extra.append(sum(map(mul, shares, norm.weights)))
            name_keep.append(1.0 - max(shares))
            # (retrieval.Retrieval._middle_den: a name token matched moves from its share to
            # its whole weight; the middle-name share of a query needs every one matched)
            name_strong.append(
                sum(
                    [
                        (1.0 - s) * w
                        for s, w, t in zip(shares, norm.weights, tokens, strict=True)
                        if t.kind == NAME
                    ]
                )
            )
            clens = list(map(len, norm.compacts))
            name_clen.append(min(clens))
            name_clen_max.append(max(clens))
            name_init.append(
                sum(
                    INITIAL_CREDIT * wt
                    for t, wt in zip(tokens, norm.weights, strict=True)
                    if t.kind == INITIAL
                )
                if INITIAL in [t.kind for t in tokens]  # (few names have an initial)
                else 0
            )
            add_postings(postings, tok_weight, norm, row, frames, post_w)
            joined = joined_keys(norm)
            x_hash.extend(list(joined))
            x_row.extend(repeat(row, len(joined)))
            x_w.extend(joined.values())
        part.ent_names.append(rows)


# Listed names from which a build hands its freed heap back (a few MiB of temporaries below).
_RELEASE_MIN_NAMES = 5_000


class ScreeningIndex(Retrieval):
    """Listed entities prepared for screening: build once, pickle/``save`` to disk, ``load`` fast.

    >>> index = ScreeningIndex(entities)          # doctest: +SKIP
    >>> index.save("index.pkl"); ScreeningIndex.load("index.pkl")  # doctest: +SKIP
    """

    def __init__(self, entities: Iterable[Entity], *, workers: int | None = None) -> None:
        """Build the index of ``entities``. ``workers``: processes that scan the entities
        (build_pool.py; the same index however many): 1 for serial, 0 for the default — the
        machine's CPUs (at most 8) from 20,000 entities, serial below —, None for the setting
        ``EXPORTCTL_BUILD_WORKERS`` (unset: the default)."""
        with collector_paused():  # (heap.py: the build's objects all live as long as it does)
            self._build(entities, workers)
        # The build's temporaries (its locals) are freed now: hand their heap pages back
        # (heap.py), or the process keeps ~a third more than the index. A small build frees
        # little, while the full collection this takes walks every object of the process
        # (0.1-0.5 s in one holding a large index): only a large build pays for it.
        if len(self.name_text) >= _RELEASE_MIN_NAMES:
            release_freed_memory()

    def _build(self, entities: Iterable[Entity], workers: int | None) -> None:
        part = gather(entities, workers, scan_entities)
        # Entity columns (what a Match reports and what secondary features read).
        # Compact columns (columns.py): a million entities must fit in memory and load fast.
        self.ent_source = part.ent_source
        self.ent_source_id = part.ent_source_id
        self.ent_type = part.ent_type
        self.ent_caption = part.ent_caption
        self.ent_dobs = part.ent_dobs
        self.ent_countries = part.countries()
        self.ent_idents = part.ent_idents
        self.ent_names = part.ent_names
        # Legal basis (sub-list code, programmes): few distinct values, interned per entity.
        self.basis_table: list[tuple[str, tuple[str, ...]]] = part.basis.table
        self.ent_un_ref = part.ent_un_ref
        self.ent_events = part.ent_events
        # Entities that give no Latin-script name: only theirs keep consonant frames.
        self.ent_in_script = set(part.ent_in_script)
        # Name rows.
        self.name_text = part.name_text
        self.name_kind = part.name_kind
        self.name_script = part.name_script
        self.name_derived = part.name_derived
        self.name_norm = part.name_norm
        # Rows of names derived by leaving out a place qualifier (text/places.py): a guess at
        # the name, scored as a weak alias is (features.py, PLACE_FACTOR).
        self.place_rows: set[int] = {
            row for row, how in part.name_derived.items() if how.endswith(PLACE_DROPPED)
        }
        # The long names' compact forms, sorted, with their rows: where a field cut at a
        # system's width finds the names it begins (screening/truncation.py).
        self.cut_keys, self.cut_rows = build_cut_table(self.name_text)
        # The non-ASCII names' letter pairs: where a non-Latin query finds the names its
        # in-script comparison may score at the floor (screening/script_retrieval.py).
        (
            self.sg_rows,
            self.sg_text,
            self.sg_len,
            self.sg_keys,
            self.sg_ptr,
            self.sg_post,
        ) = build_script_grams(self.name_text)
        name_ent, name_extra, name_keep = part.name_ent, part.name_extra, part.name_keep
        name_clen, name_clen_max, name_init = part.name_clen, part.name_clen_max, part.name_init
        name_strong = part.name_strong
        postings, tok_weight, frames = part.postings, part.tok_weight, part.frames
        post_w = part.post_w
        x_hash, x_row, x_w = part.x_hash, part.x_row, part.x_w
        ent_basis = part.basis.codes()
        del part
        self.name_ent: I32 = np.frombuffer(name_ent, dtype=np.int32).copy()
        # The bound's columns side by side, one row per name: a candidate's bound reads them
        # with one memory access, not three.
        self.name_rec = np.empty((len(name_ent), 4), dtype=np.float64)
        self.name_rec[:, REC_EXTRA] = name_extra
        self.name_rec[:, REC_KEEP] = name_keep
        self.name_rec[:, REC_INIT] = name_init
        self.name_rec[:, REC_STRONG] = name_strong
        del name_extra, name_keep, name_init, name_strong
        self.name_clen = np.asarray(name_clen, dtype=np.int32)
        self.name_clen_max = np.asarray(name_clen_max, dtype=np.int32)
        source_codes = sorted(set(self.ent_source))
        self.source_codes: list[str] = source_codes
        code_of = {c: i for i, c in enumerate(source_codes)}
        self.ent_source_idx = np.asarray([code_of[s] for s in self.ent_source], dtype=np.int16)
        self.ent_basis = np.asarray(ent_basis, dtype=np.int32)
        xh = x_hash.array()
        order = np.argsort(xh, kind="stable")
        self.x_hash = xh[order]
        self.x_row = np.frombuffer(x_row, dtype=np.int32)[order]
        # Joined-form weights are sums of token weights: few distinct values, kept as a table
        # and a code per entry (the same floats, a quarter of the memory).
        xw = np.frombuffer(x_w, dtype=np.float64)
        if np.isnan(xw).any():  # (never: weights are lengths; unique's own inverse then)
            self.x_w_table, codes = np.unique(xw, return_inverse=True)
        else:
            # (the table's position of each weight by binary search: the inverse np.unique
            # gives, at half its CPU — its argsort of millions of floats)
            self.x_w_table = np.unique(xw)
            codes = self.x_w_table.searchsorted(xw)
        wide = np.uint16 if self.x_w_table.size <= 2**16 else np.uint32
        self.x_w_code = codes.astype(wide)[order]
        del x_hash, x_row, x_w
        # Token vocabulary and postings (CSR).
        self.vocab: list[str] = list(postings)
        self.vocab_weight = np.asarray([tok_weight[t] for t in self.vocab], dtype=np.float64)
        # Variant key per vocabulary token ("" for none) and its length: exact variant bounds.
        self.vocab_var: list[str] = [variant_keyed_uncached(t) or "" for t in self.vocab]
        self.vocab_var_len = np.asarray([len(k) for k in self.vocab_var], dtype=np.int16)
        self.post_ptr, self.post_rows = csr(list(postings.values()))
        # Per posting entry the token's weight in that row (at most vocab_weight): the
        # listed side of retrieval's bound (speed29).
        self.post_w: F64 = np.concatenate(
            [np.frombuffer(post_w[t], dtype=np.float64) for t in self.vocab] or [np.zeros(0)]
        )
        self.vocab_joined = joined_vocab(self.vocab, self.x_hash)
        del postings, post_w
        (self.lf_keys, self.lf_text, self.lf_ptr, self.lf_rows, self.lf_weight) = build_frame_table(
            frames
        )
        del frames
        # The transpose: per name row, the vocabulary tokens it is indexed under (every form),
        # so the evidence weight (evidence.py) reads a listed entity's tokens without
        # normalising its names again.
        lens = np.diff(self.post_ptr)
        owner = np.repeat(np.arange(lens.size, dtype=np.int32), lens)
        order = np.argsort(self.post_rows, kind="stable")
        self.row_tok: I32 = owner[order]
        row_ptr = np.zeros(self.name_count + 1, dtype=np.int64)
        row_ptr[1:] = np.cumsum(np.bincount(self.post_rows, minlength=self.name_count))
        self.row_ptr = narrow(row_ptr)
        fz = build_fuzzy_keys(self.vocab, self.vocab_var)
        (
            self.fz_hash,
            self.fz_ptr,
            self.fz_tok,
            self.skel_keys,
            self.skel_ptr,
            self.skel_tok,
            self.skel_short,
        ) = fz
        self._init_caches()
        self._build_near_tokens(fz)
        self._build_listed_positions()

    def _build_near_tokens(self, fz: FuzzyKeys) -> None:
        """Per vocabulary token, the tokens a query holding it reaches and their similarity
        (``form_tokens``, CSR): most query tokens are listed ones, and their expansion — a few
        tens of fuzzy keys looked up and each token reached checked by edit similarity — is
        the largest first-time cost of a query. The same tokens and floats as ``expand`` at
        query time, its key lookups done for many tokens at once (near_tokens.py)."""
        expansions = near_tokens(
            self.vocab,
            self.vocab_var,
            fz,
            skeleton_uncached,
            lambda tok: self.expand(tok, skeleton_uncached, variant_keyed_uncached),
        )
        ids = [t for t, _ in expansions]
        sims = [sim for _, sim in expansions]
        ptr = np.zeros(len(ids) + 1, dtype=np.int64)
        ptr[1:] = np.cumsum([t.size for t in ids])
        self.near_ptr = narrow(ptr)
        self.near_tok: I32 = (
            np.concatenate(ids).astype(np.int32) if ids else np.zeros(0, dtype=np.int32)
        )
        self.near_sim: F64 = np.concatenate(sims) if sims else np.zeros(0, dtype=np.float64)

    def _build_listed_positions(self) -> None:
        """Per vocabulary token, the position ``(token,)`` as ``position_rows`` gives it:
        a listed token's union of rows is the same in every process (listed_positions.py)."""
        (self.lp_ptr, self.lp_row, self.lp_code, self.lp_sim, self.lp_simw) = listed_positions(
            self.vocab,
            self.post_w,
            self.vocab_joined,
            self.near_ptr,
            self.near_tok,
            self.near_sim,
            self.post_ptr,
            self.post_rows,
            self._joined_hits,
            self.lf_keys,
            self.lf_text,
            skeleton_uncached,
            self.name_count,
        )

    def _init_caches(self) -> None:
        self._ref_lookup: dict[str, list[int]] | None = None
        self._ident_index: dict[str, list[int]] | None = None
        self._vocab_id: dict[str, int] = {t: i for i, t in enumerate(self.vocab)}
        self._form_cache: dict[str, tuple[npt.NDArray[np.int64], F64]] = {}
        self._pos_cache: dict[tuple[str, ...], Hits] = {}
        self._lf_cache: dict[tuple[str, ...], tuple[I32, F64] | None] = {}
        self._cx_cache: dict[tuple[str, ...], I32] = {}  # (retrieval.py: compact_rows)
        self._scratch_pool: list[Scratch] = []
        self._x_filter: HashFilter | None = None  # built on the first query (retrieval.py)
        self._tok_rec: F64 | None = None  # (likewise)
        self._row_person: npt.NDArray[np.bool_] | None = None  # (likewise)
        self._row_letters: npt.NDArray[np.int64] | None = None  # (likewise: letter_retrieval.py)
        self._post_len: npt.NDArray[np.integer[Any]] | None = None  # (likewise: evidence.py)
        self._key_max: tuple[int, int] | None = None  # (likewise: retrieval.py, long forms)
        self._copies: dict[tuple[int, int], int] = {}  # (evidence.py: copies of a name)
        self._multi_source: npt.NDArray[np.bool_] | None = None  # (likewise)

    # -- persistence --------------------------------------------------------------------------

    _TRANSIENT = frozenset(
        (
            "_vocab_id",
            "_form_cache",
            "_pos_cache",
            "_lf_cache",
            "_cx_cache",
            "_scratch_pool",
            "_ref_lookup",
            "_ident_index",
            "_x_filter",
            "_tok_rec",
            "_row_person",
            "_row_letters",
            "_post_len",
            "_key_max",
            "_copies",
            "_multi_source",
        )
    )
    _PACKED = ("vocab", "vocab_var")  # lists of strings, pickled as one string each

    def __getstate__(self) -> dict[str, Any]:
        state = {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}
        for k in self._PACKED:
            state[k] = joined(state[k])
        state["skel_keys"] = joined(list(self.skel_keys))  # values are 0, 1, 2, ... in order
        state["_format_version"] = _FORMAT_VERSION
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.pop("_format_version", None) != _FORMAT_VERSION:
            raise IndexLoadError("screening index: cached file is from another version; rebuild")
        for k in self._PACKED:
            state[k] = split_joined(state[k])
        keys = split_joined(state["skel_keys"])
        state["skel_keys"] = dict(zip(keys, range(len(keys)), strict=True))
        self.__dict__.update(state)
        self._init_caches()

    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` (pickle protocol 5)."""
        with Path(path).open("wb") as fh:
            pickle.dump(self, fh, protocol=5)

    @classmethod
    def load(cls, path: str | Path) -> ScreeningIndex:
        """Read an index written by :meth:`save` (only load files you wrote: it is a pickle)."""
        try:
            with Path(path).open("rb") as fh:
                obj = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
            raise IndexLoadError(f"{path}: cannot read screening index ({exc})") from None
        if not isinstance(obj, cls):
            raise IndexLoadError(f"{path}: not a screening index")
        return obj

    # -- sizes ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ent_source)

    def entity_of(self, row: int) -> int:
        return int(self.name_ent[row])

    def listed_name(self, row: int) -> NormName:
        """Name row ``row`` normalised, as ``name_for`` normalises it for its entity's type
        (stored at build time; normalised now only where the encoding did not round-trip)."""
        code = self.name_norm[row]
        if code:
            return decode_cached(code)
        e = int(self.name_ent[row])
        norm = name_for(self.name_text[row], self.ent_type[e])
        # (as the build stored it: frames only for an entity that gives no Latin-script name)
        return norm if e in self.ent_in_script else without_frames(norm)

    def vocab_id(self, token: str) -> int | None:
        """Position of a listed token form in the vocabulary (its posting list), or None."""
        return self._vocab_id.get(token)

    def copies_memo(self) -> dict[tuple[int, int], int]:
        """The evidence's per-process memo of copies of a name, by (entity, token)."""
        return self._copies

    def multi_source_tokens(self) -> npt.NDArray[np.bool_]:
        """Per vocabulary token: whether names of more than one list hold it (built on first
        use, one pass over the postings: only such a token can have another list's copy)."""
        if self._multi_source is None:
            ptr = self.post_ptr
            src = self.ent_source_idx[self.name_ent[self.post_rows]].astype(np.int32)
            starts = ptr[:-1].astype(np.int64)
            filled = starts < ptr[1:]
            out = np.zeros(len(starts), dtype=bool)
            if src.size:
                at = starts[filled]
                lo = np.minimum.reduceat(src, at)
                hi = np.maximum.reduceat(src, at)
                out[filled] = lo != hi
            self._multi_source = out
        return self._multi_source

    def entity_tokens(self, ent: int) -> dict[int, int]:
        """Vocabulary tokens of an entity's names (every form), each with how many of its
        names hold it."""
        out: dict[int, int] = {}
        ptr, tok = self.row_ptr, self.row_tok
        for row in self.ent_names[ent]:
            for t in tok[ptr[row] : ptr[row + 1]].tolist():
                out[t] = out.get(t, 0) + 1
        return out

    def token_df(self, t: int) -> int:
        """Listed names holding vocabulary token ``t``."""
        return int(self.post_ptr[t + 1] - self.post_ptr[t])

    def source_mask(self, codes: Iterable[str]) -> npt.NDArray[np.bool_]:
        """Per-entity mask of the given source codes, each ``source`` or ``source:SUBLIST``
        (``us_csl:EL``); unknown codes raise UnknownCodeError."""
        whole: set[str] = set()
        parts: dict[str, set[str]] = {}
        registry = known_sources()
        for code in codes:
            check_code(code)
            c, sub = split_code(code)
            if c not in registry and c not in self.source_codes:
                get_source(c)  # raises with the list of known codes
            if sub is None:
                whole.add(c)
            else:
                parts.setdefault(c, set()).add(sub)
        idx = [i for i, c in enumerate(self.source_codes) if c in whole]
        mask = np.isin(self.ent_source_idx, np.asarray(idx, dtype=np.int16))
        for c, subs in parts.items():
            if c in whole or c not in self.source_codes:
                continue
            ids = [i for i, (sub, _) in enumerate(self.basis_table) if sub in subs]
            mask |= (self.ent_source_idx == self.source_codes.index(c)) & np.isin(
                self.ent_basis, np.asarray(ids, dtype=np.int32)
            )
        return mask

    def basis(self, e: int) -> tuple[str, tuple[str, ...]]:
        """Entity ``e``'s sub-list code ("" for none) and programmes."""
        return self.basis_table[int(self.ent_basis[e])]

    @property
    def ident_index(self) -> dict[str, list[int]]:
        """Entities by normalised identifier value (built on first use: most screens carry no
        identifier, and a load should not pay for it)."""
        if self._ident_index is None:
            lookup: dict[str, list[int]] = {}
            for e, idents in self.ent_idents.items():
                for _, v in idents:
                    bucket = lookup.setdefault(v, [])
                    if not bucket or bucket[-1] != e:
                        bucket.append(e)
            self._ident_index = lookup
        return self._ident_index

    def listings_of(self, reference: str) -> list[int]:
        """Every entity that is, or implements, the UN listing with this reference number."""
        if self._ref_lookup is None:
            lookup: dict[str, list[int]] = {}
            for e, ref in self.ent_un_ref.items():
                lookup.setdefault(ref, []).append(e)
            self._ref_lookup = lookup
        return self._ref_lookup.get(reference, [])

    # -- retrieval ------------------------------------------------------------------------------
