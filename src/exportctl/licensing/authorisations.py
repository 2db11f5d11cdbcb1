"""General authorisations / licence exceptions offered once a licence is required."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from exportctl.licensing.evaluator import Evaluator
from exportctl.licensing.items import ItemInfo
from exportctl.licensing.rulebook import AuthorisationSpec
from exportctl.model.determination import Authorisation, Outcome, RuleHit

__all__ = ["authorisations"]

# A CCL List Based License Exceptions paragraph grants the exception only with a value limit
# ("LVS: $1,500") or a "Yes" ("GBS: Yes, except N/A for MT"); "N/A", "N/A for MT, NP; N/A for
# 3A001.z." grants nothing (an LVS paragraph without a value has no limit to ship under).
_GRANTS = re.compile(r"\$|\byes\b", re.IGNORECASE)


def authorisations(
    ev: Evaluator,
    hits: Sequence[RuleHit],
    items: Sequence[ItemInfo],
    *,
    withheld: Collection[str] = (),
) -> list[Authorisation]:
    """The authorisations whose conditions hold for ``items`` and that overcome at least one
    reason that required a licence; none when a rule that fired blocks them all. ``withheld``
    are codes ("*": all) barred by a rule that has not fired but may (an unconfirmed fact)."""
    needing = [h for h in hits if h.outcome is Outcome.LICENCE_REQUIRED]
    reasons = {h.reason or h.id for h in needing}
    blocked: set[str] = set(withheld)
    by_id = {r.id: r for r in ev.book.rules}
    for h in hits:
        rule = by_id.get(h.id) or by_id.get(h.id.rsplit(".", 1)[0])
        if rule:
            blocked.update(rule.blocks_authorisations)
    if "*" in blocked:
        return []
    item_codes = {h.item for h in needing if h.item}
    relevant = [i for i in items if i.code in item_codes] or list(items)
    out: list[Authorisation] = []
    for spec in ev.book.authorisations:
        if spec.code in blocked:
            continue
        overcome = reasons & set(spec.overcomes)
        if not overcome:
            continue
        conditions = _eligible(ev, spec, relevant)
        if conditions is None:
            continue
        rest = sorted(reasons - overcome)
        if rest:
            conditions.append(
                f"Does not overcome {', '.join(rest)}: a licence is still needed for those."
            )
        out.append(
            Authorisation(
                code=spec.code,
                conditions=(*spec.conditions, *conditions),
                citation=spec.citation,
                title=spec.title,
            )
        )
    return out


def _eligible(
    ev: Evaluator, spec: AuthorisationSpec, items: Sequence[ItemInfo]
) -> list[str] | None:
    extra: list[str] = []
    for item in items:
        if ev.check(spec.when, item) is not True:
            return None
        flag = spec.when.item_flag
        if flag:
            value = item.licence_exceptions.get(flag)
            if value is None and item.licence_exceptions:
                return None
            if value is not None and not _GRANTS.search(value):
                return None
            extra.append(
                _paragraph(item.code, flag, value)
                if value
                else f"{item.code}: check the entry's {flag} paragraph"
            )
        elif spec.code in item.licence_exceptions:
            # An exception the ECCN does not grant or refuse by a flag but limits in words
            # (9A610's STA paragraph: "(c)(1) … may not be used for any item in 9A610.a"):
            # the limit is a condition of the offer.
            extra.append(_paragraph(item.code, spec.code, item.licence_exceptions[spec.code]))
    return extra


def _paragraph(code: str, exception: str, text: str) -> str:
    """The condition that quotes an entry's paragraph on ``exception``. A paragraph that ends
    where its list of exclusions begins ("TSR: Yes, except for the following:" for 1E001,
    4D001, 4E001, 5E001, 6D001, 6E002: the eCFR extract holds no more) says so: quoted bare,
    it read as a grant with nothing excluded (rev27b)."""
    said = f"{code}: the entry's {exception} paragraph reads: {text}"
    if text.rstrip().endswith(":"):
        said += (
            f" [the exclusions that follow are not held here: read them in the CCL entry "
            f"before using {exception}]"
        )
    return said
