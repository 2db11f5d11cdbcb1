"""One typo in one word: what counts as a single slip of the keyboard, and what it is called.

A query word and a listed word are *one typo apart* (:func:`typo`) when one of these turns the
listed word into the query's (Damerau's four single errors, a substitution excepted):

* *a doubled letter* (``Rosneftt``, ``Kimm``) or *an undoubled one* (``Hidayatulah`` for
  HIDAYATULLAH): a letter written twice where the listing writes it once, or the reverse —
  how transliterations differ anyway (Hasan / Hassan) and the evader's commonest trick;
* *a letter left out* (``Kashlf`` for KASHLAF) or *a letter added* (``Kashlaif``), not as
  the word's last letter in a person's name: a word's ending is its grammar as often as a slip
  (``Ludovic`` / ``Ludovica``, ``Daniel`` / ``Daniela``; found by the scale benchmark's
  negatives at 100k, BENCHMARKS.md, "typo25"). In an organisation's word the last letter
  *left out* counts too when asked (``ending=True``), where the query's word keeps
  ``SUBST_MIN_LEN`` letters or more: ``ROSNEF`` for ROSNEFT cleared (escape30), a coined word
  cut short is no other word — unless it is (``text/language_words.py``'s cut words, from
  wordfreq: a listed word of no Latin-script language whose form without the last letter is a
  word of one; ``Novate``, an Italian town's name, for NOVATEK alerted, word31; a listed word
  of the languages cut short, TALIBA, CONSTANT, keeps the reading), where no other word of
  the query is the listed name's (``OAO NOVATE``, ``LLC SONATE`` still alert: rev31c). A last
  letter *added* never counts, in no name: it is the grammar of the languages customers'
  names come in (``Carbone``, ``Progresso``, ``Algoritmo``, ``Optimal`` for the listed
  CARBON, PROGRESS, ALGORITM, OPTIMA alerted alone when escape30 counted it, rev30a;
  ``ROSNEFTI`` is left to the scorer, and carries the listed word's note,
  screening/listed_words.py), and a five-letter word with the last letter left out is
  another word as often (``Corte`` / CORTEZ, ``Linke`` / LINKER). Nor in a vessel's name
  (the lists' one-word vessel names are given names and common words: DANIEL, AGNES). (The
  first letter left out or added, ``OSNEFT``, was always counted);
* *two adjacent letters swapped* (``ROLAN`` for ORLAN).

A substitution (``Mario`` for MARIA) is not counted in a person's name: one letter for
another makes another name more often than it makes a typo of the same one (the scorer still
scores it, as a near match the evidence weight weighs). In an organisation's or a vessel's
word of ``SUBST_MIN_LEN`` letters or more (``ROZNEFT`` for ROSNEFT, ``SBERBAMK``) it is
counted when asked (``substitution=True``), the first and last letters aside (an ending is
grammar; a first letter changed makes another word: ``Clement`` / ELEMENT, ``Rahman`` /
BAHMAN): a long coined word one letter off is the listed word mistyped, and those words are
listed by several authorities and name subsidiaries, so that the evidence weight took them for
common ones and cleared the query (``ROZNEFT`` 0.0, lead session 29).
Letters only: a number is never one typo of another.

How long the listed word must be: a doubled or undoubled letter at ``DOUBLE_MIN_LEN`` letters
(the doubled letter makes no new name: ``Adel`` / ``Addel``), any other slip at
``TYPO_MIN_LEN`` (shorter words one slip apart are other words too often: ``Said`` / ``Sad``,
``Lian`` / ``Lain``; a one-word name of four letters one slip off scores 0.75 by name, below
the threshold anyway). Chosen on benchmarks/typo_recall.py and the scale benchmark
(BENCHMARKS.md, "typo25").
"""

from __future__ import annotations

from exportctl.text.language_words import cut_words

__all__ = ["DOUBLE_MIN_LEN", "SUBST_MIN_LEN", "TYPO_MIN_LEN", "typo"]

DOUBLE_MIN_LEN = 2
TYPO_MIN_LEN = 5
SUBST_MIN_LEN = 6


def typo(
    query: str,
    listed: str,
    substitution: bool = False,
    ending: bool = False,
    corroborated: bool = False,
) -> str:
    """What single slip turns ``listed`` into ``query`` (see the module docstring), as the
    explanation names it, or ``""`` when they are equal, further apart or too short.
    ``substitution``: a letter changed counts too (an organisation's or vessel's word);
    ``ending``: a last letter left out of a query word of ``SUBST_MIN_LEN`` letters or more
    counts too (an organisation's word); an added one never does. ``corroborated``: another
    word of the query is one of the listed name's (``OAO NOVATE`` for OAO NOVATEK, ``LLC
    SONATE`` for LLC SONATEK): then a listed cut word (NOVATEK) read cut short counts too —
    the query is the listed name with its last letter lost, as a cut-off field writes it, not
    the word of the languages alone (``Novate``, the town; rev31c)."""
    lq, ll = len(query), len(listed)
    if query == listed or not (query.isalpha() and listed.isalpha()):
        return ""
    if lq == ll + 1 or ll == lq + 1:
        added = lq > ll
        hit = _inserted(query, listed) if added else _inserted(listed, query)
        if hit is None:
            return ""
        letter, at, repeated = hit
        if repeated and ll >= DOUBLE_MIN_LEN:
            return f"{'a doubled' if added else 'an undoubled'} letter ({letter})"
        last = at == max(lq, ll) - 1
        # (an added last letter is grammar, Carbone / CARBON, Optimal / OPTIMA, and a short
        # word cut short another word, Corte / CORTEZ: rev30a)
        at_end = (
            ending
            and not added
            and lq >= SUBST_MIN_LEN
            and (corroborated or listed not in cut_words())
        )
        if ll >= TYPO_MIN_LEN and (not last or at_end):
            where = " at the end" if last else ""
            return f"a letter {'added' if added else 'left out'}{where} ({letter})"
        return ""
    if lq != ll or ll < TYPO_MIN_LEN:
        return ""
    i = next(k for k in range(lq) if query[k] != listed[k])
    if (
        i + 1 < lq
        and query[i] == listed[i + 1]
        and query[i + 1] == listed[i]
        and query[i + 2 :] == listed[i + 2 :]
    ):
        return f"two letters swapped ({listed[i : i + 2]} written {query[i : i + 2]})"
    if (
        substitution
        and ll >= SUBST_MIN_LEN
        and 0 < i < ll - 1
        and query[i + 1 :] == listed[i + 1 :]
    ):
        return f"a letter changed ({listed[i]} written {query[i]})"
    return ""


def _inserted(longer: str, shorter: str) -> tuple[str, int, bool] | None:
    """The letter ``longer`` holds more than ``shorter``, its place in ``longer`` and whether
    it repeats a neighbour (a doubled letter), or None when the two are not one insertion
    apart."""
    n = len(shorter)
    i = next((k for k in range(n) if longer[k] != shorter[k]), n)
    if longer[i + 1 :] != shorter[i:]:
        return None
    c = longer[i]
    # (in a run of the letter the first mismatch is past the run: the letter before repeats)
    return c, i, (i > 0 and longer[i - 1] == c) or (i + 1 < len(longer) and longer[i + 1] == c)
