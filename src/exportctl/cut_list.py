"""A list of answers with, beside it, what cut it short.

A screen (:class:`~exportctl.screening.Matches`), its match dicts
(:class:`~exportctl.screening.service.MatchDicts`), an owner's listings
(:class:`~exportctl.ownership.listing.OwnerHits`), an ownership name lookup
(:class:`~exportctl.ownership.names.EntityMatches`), ownership-derived hits
(:class:`~exportctl.ownership.derived.DerivedHits`) and a licence determination's end-user hits
(:class:`~exportctl.licensing.engine.EndUserHits`) are each a plain list that callers iterate,
and each may be incomplete. The cut travels as an attribute of the list rather than as an entry
in it, so that no consumer has to know to skip a marker, and an empty list whose ``incomplete``
is set never reads as "nothing found".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Self, TypeVar

__all__ = ["CutList"]

_T = TypeVar("_T")
_C = TypeVar("_C")


class CutList(list[_T], Generic[_T, _C]):
    """Answers (a list) and ``incomplete``: what left some unchecked; None when nothing did."""

    incomplete: _C | None

    def __init__(self, items: Iterable[_T] = (), incomplete: _C | None = None) -> None:
        super().__init__(items)
        self.incomplete = incomplete

    @classmethod
    def of(cls, items: Iterable[_T], incomplete: _C | None) -> Self:
        """``items`` with ``incomplete`` beside them."""
        return cls(items, incomplete)
