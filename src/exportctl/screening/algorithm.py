"""The scoring algorithm: named, with weighted feature functions and a typed config.

``score = clip(N + E + Σ weight × adjustment features, 0, 1)``, ``N = max(name features)``
and the evidence term ``E = EVIDENCE_WEIGHT × weakness × (1 − N)`` (:mod:`.evidence`: matched
tokens common in this corpus weigh less; an exact name, ``N = 1``, is never lowered); an
identifier match lifts the score to at least ``IDENTIFIER_FLOOR`` by itself. Weights are data
on the class so that a new algorithm version is a new class, and results name the algorithm
that produced them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exportctl.screening import features as f
from exportctl.screening.evidence import name_evidence, name_evidence_lazy
from exportctl.screening.index import ScreeningIndex

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_THRESHOLD",
    "EVIDENCE_WEIGHT",
    "MAX_QUERY_NAME",
    "Feature",
    "LogicV1",
    "ScreeningConfig",
]

DEFAULT_THRESHOLD = 0.80
DEFAULT_LIMIT = 10  # most matches reported per query
# The longest name a batch row, /screen or /match takes, in characters: longer is refused with
# a reason, never cut. A screen's time grows faster than its name's length (every candidate is
# scored against every query word: 1,000 Arabic words took 17 s, hang28). The library's
# screen() takes any length: the ownership lookups screen names from ownership data, and a
# refused name there would go unscreened (they skip a name that cannot be screened).
MAX_QUERY_NAME = 500
# How far weak evidence pulls a name score N down: to 1 - (1 + w)(1 - N) with no evidence at
# all, so such a name must score (threshold + w) / (1 + w) to alert, 0.971 at the default
# threshold; every name scoring that much alerts whatever the corpus (evidence.py).
EVIDENCE_WEIGHT = 6.0

FeatureFn = Callable[[f.QueryContext, ScreeningIndex, int], tuple[float, str]]
# A feature function's twin that returns its detail text as a function building it (a screen
# explains only the entities it reports: most it scores it does not).
LazyFeatureFn = Callable[[f.QueryContext, ScreeningIndex, int], tuple[float, Callable[[], str]]]
# A feature's (value, detail) as LogicV1.score's memo keeps it: the detail text, or the function
# that builds it until it is asked.
Kept = tuple[float, str | Callable[[], str]]


def _always(ctx: f.QueryContext) -> bool:
    return True


# Adjustment features that score 0 when the query does not give the fact they compare (each
# function's first test): the query's fact, truthy when given.
_QUERY_FACT: dict[FeatureFn, Callable[[f.QueryContext], object]] = {
    f.birth_date_match: lambda ctx: ctx.dob is not None,
    f.birth_date_mismatch: lambda ctx: ctx.dob is not None,
    f.country_match: lambda ctx: ctx.country,
    f.country_mismatch: lambda ctx: ctx.country,
    f.type_mismatch: lambda ctx: ctx.type is not None,
    f.identifier_match: lambda ctx: ctx.identifiers,
}


# max_boost per algorithm and per which of a birth date and a country the query lacks
_BOOSTS: dict[tuple[type, bool, bool], float] = {}


@dataclass(frozen=True, slots=True)
class Feature:
    """A feature function and its weight; ``role`` is ``name`` (max is taken), ``adjust``
    (weight × value is added) or ``evidence`` (weight × value × (1 − name score) is added).
    ``lazy``: the function's twin returning its detail as a function that builds it (the same
    value, the same text once built), when it has one."""

    func: FeatureFn
    weight: float
    role: str = "adjust"
    lazy: LazyFeatureFn | None = None

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def explanation(self) -> str:
        return (self.func.__doc__ or self.name).strip().splitlines()[0]


@dataclass(frozen=True, slots=True)
class ScreeningConfig:
    """Tunable knobs of a screen (defaults are the documented behaviour)."""

    threshold: float = DEFAULT_THRESHOLD
    limit: int = DEFAULT_LIMIT
    retrieval_margin: float = (
        1.0  # retrieve names whose bound reaches (threshold - boosts) × margin
    )
    # Name rows handed to the scorer per reading of the query at most, best bound first (it
    # stops earlier once no row left can enter the result). Rows past it are never dropped
    # silently: the screen's result is then ``incomplete`` where one could have entered
    # (screening.Incomplete; docs/reliability.md, "The candidate cap"). 256 until session 25.
    max_candidates: int = 4096


class LogicV1:
    """exportctl's screening algorithm, version 1."""

    NAME = "exportctl-v1"
    IDENTIFIER_FLOOR = 0.99
    FEATURES: tuple[Feature, ...] = (
        Feature(f.name_match, 1.0, "name"),
        Feature(f.name_original_script, 0.95, "name"),
        Feature(name_evidence, -EVIDENCE_WEIGHT, "evidence", name_evidence_lazy),
        Feature(f.birth_date_match, 0.05),
        Feature(f.birth_date_mismatch, -0.15),
        Feature(f.country_match, 0.02),
        Feature(f.country_mismatch, -0.05),
        # A customer file's type field is often wrong (a company filed as a person): a type
        # mismatch lowers the score but never hides an exact (1.0 → 0.9) or near-exact
        # (0.9 → 0.8, the default threshold) name.
        Feature(f.type_mismatch, -0.1),
        Feature(f.identifier_match, 0.0),  # handled as a floor, see IDENTIFIER_FLOOR
    )

    @classmethod
    def max_boost(cls, ctx: f.QueryContext) -> float:
        """The most the adjustment features can add for this query (0 for a bare name)."""
        key = (cls, ctx.dob is None, ctx.country is None)
        boost = _BOOSTS.get(key)
        if boost is None:
            # (It depends only on which facts the query gives: computed once per kind.)
            boost = 0.0
            for feat in cls.FEATURES:
                if feat.role != "adjust" or feat.weight <= 0:
                    continue
                if feat.func is f.birth_date_match and ctx.dob is None:
                    continue
                if feat.func is f.country_match and ctx.country is None:
                    continue
                boost += feat.weight
            _BOOSTS[key] = boost
        return boost

    @classmethod
    def score(
        cls,
        ctx: f.QueryContext,
        index: ScreeningIndex,
        ent: int,
        memo: dict[tuple[int, int], Kept] | None = None,
        explain: bool = True,
    ) -> tuple[float, dict[str, dict[str, float | str]]]:
        """Score one listed entity; returns the score and every feature's {score, detail}.

        ``memo`` (one dict per query) keeps the results of the features other than
        ``name_match``: they depend only on the query's fixed facts and the entity, while
        ``name_match`` reads the best name found so far (``ctx.name_scores``). A query that
        scores an entity twice (to decide early, then to report it) computes them once.
        ``explain=False`` returns the score only (the features' dict empty): a screen decides
        on many entities and explains those it reports; the score is the same.
        """
        out: dict[str, dict[str, float | str]] = {}
        name_part = 0.0
        adjust = 0.0
        ident = False
        exact = False
        name_match = f.name_match
        for k, feat in cls._features(ctx):
            if feat.role == "evidence":
                # Name features come first: name_part is final here. An exact name (also an
                # exact weak alias or reading, or in its own script) keeps its score: nothing
                # to weigh. Exactness is recorded by name_match, never read off the score.
                if exact or name_part <= 0.0:
                    continue
                value, detail = cls._feature(k, feat, ctx, index, ent, memo)
                effect = value * feat.weight * (1.0 - name_part)
                adjust += effect
                if explain:
                    text = cls._text(k, ent, value, detail, memo)
                    out[feat.name] = {"score": round(value, 4), "detail": f"{text}; {effect:+.3f}"}
                continue
            func = feat.func
            if func is name_match or memo is None:
                value, detail = func(ctx, index, ent)
            else:  # (cls._feature written out: every feature of every entity scored)
                hit = memo.get((k, ent))
                if hit is None:
                    hit = memo[k, ent] = (feat.lazy or func)(ctx, index, ent)
                value, detail = hit
            if func is f.identifier_match:
                ident = value >= 1.0
            elif feat.role == "name":
                name_part = max(name_part, value * feat.weight)
                exact = exact or value >= 1.0
                exact = exact or (func is name_match and ent in ctx.exact_guesses)
            else:
                adjust += value * feat.weight
            if explain and (value or feat.role == "name"):
                text = cls._text(k, ent, value, detail, memo)
                out[feat.name] = {"score": round(value, 4), "detail": text}
        total = min(1.0, max(0.0, name_part + adjust))
        if ident:
            total = max(total, cls.IDENTIFIER_FLOOR)
        return total, out

    @classmethod
    def _features(cls, ctx: f.QueryContext) -> list[tuple[int, Feature]]:
        """The features (with their position) that can score anything for this query: an
        adjustment feature about a fact the query does not give (a birth date, a country, a
        type, identifiers) scores 0 for every entity, adds nothing and is not shown, so it is
        not asked (every candidate of every query is scored). Kept on the query context, per
        algorithm."""
        hit = ctx.features.get(cls.NAME)
        if hit is None:
            hit = ctx.features[cls.NAME] = [
                (k, feat)
                for k, feat in enumerate(cls.FEATURES)
                if feat.role != "adjust" or _QUERY_FACT.get(feat.func, _always)(ctx)
            ]
        return hit

    @staticmethod
    def _feature(
        k: int,
        feat: Feature,
        ctx: f.QueryContext,
        index: ScreeningIndex,
        ent: int,
        memo: dict[tuple[int, int], Kept] | None,
    ) -> Kept:
        """Feature ``k``'s (value, detail), from ``memo`` when it holds them (never name_match);
        a detail kept in the memo may be the function that builds it (``Feature.lazy``)."""
        if memo is None or feat.func is f.name_match:
            return feat.func(ctx, index, ent)
        hit = memo.get((k, ent))
        if hit is None:
            hit = memo[k, ent] = (feat.lazy or feat.func)(ctx, index, ent)
        return hit

    @staticmethod
    def _text(
        k: int,
        ent: int,
        value: float,
        detail: str | Callable[[], str],
        memo: dict[tuple[int, int], Kept] | None,
    ) -> str:
        """A feature's detail text, built now if it was kept as the function that builds it
        (and kept built)."""
        if isinstance(detail, str):
            return detail
        text = detail()
        if memo is not None:
            memo[k, ent] = (value, text)
        return text
