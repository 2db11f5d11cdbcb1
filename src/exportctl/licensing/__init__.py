"""Licence determination: rulebooks as data (UN, US EAR, EU 2021/821), one generic engine, and the
non-discrimination audit.

    >>> from exportctl.licensing import determine
    >>> determine(["5A002"], "CN", jurisdiction="us").outcome   # doctest: +SKIP
    <Outcome.LICENCE_REQUIRED: 'licence_required'>
"""

from exportctl.licensing.engine import (
    EndUserHit,
    EndUserLookup,
    determinations_json,
    determine,
    determine_all,
    parse_jurisdictions,
    validate_country,
)
from exportctl.licensing.items import ItemInfo, ItemResolver, StaticItemResolver, controls_resolver
from exportctl.licensing.parties import end_user_hit, hits_from_matches, store_lookup
from exportctl.licensing.rulebook import Rulebook, available_jurisdictions, load_rulebook

__all__ = [
    "EndUserHit",
    "EndUserLookup",
    "ItemInfo",
    "ItemResolver",
    "Rulebook",
    "StaticItemResolver",
    "available_jurisdictions",
    "controls_resolver",
    "determinations_json",
    "determine",
    "determine_all",
    "end_user_hit",
    "hits_from_matches",
    "load_rulebook",
    "parse_jurisdictions",
    "store_lookup",
    "validate_country",
]
