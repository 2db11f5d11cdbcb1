"""Ownership rules in licence determinations: the BIS Affiliates rule and MOFCOM No. 61.

:func:`ownership_lookup` gives :func:`exportctl.licensing.determine` a function that, for the
end user and the shipment date, runs every rule whose ``determine`` scope covers the
determination (its jurisdiction, or the item's origin) and turns the answer into end-user hits:

* ``blocked`` — one hit per list of the owners that count (``us_bis_entity``, ``us_bis_meu`` …),
  so the rulebook's own rule for that list fires and, with several owners, the most restrictive
  outcome wins (the engine takes the most severe rule);
* ``undetermined`` — a hit on the pseudo-list ``ownership_undetermined``, which a rulebook
  treats as unresolved (licence required until resolved), never as clear;
* a suspended rule adds nothing but a note citing the suspension, saying what the rule would
  have found;
* no ownership data loaded, or no record of the end user in it, while a rule applies on the
  date: the hits are ``None`` (the owners are unknown, so the rule cannot be checked) and a note
  says so; the engine makes the party part ``cannot_conclude``. An empty answer there would
  read as "not owned by a listed party" when the data cannot tell;
* a record found only as a potential match (:mod:`.names`: screening the records' names, e.g.
  ``OOO Alfa Trade`` for ``ООО Альфа Трейд``) adds its hits at the match's score, saying so,
  but cannot clear: without a certain record the answer stays ``None`` unless it raised a hit.
  Where the end user has a certain record (its name, an alias, its id), that record governs
  and a potential match to another record that a rule blocks or cannot clear is a note;
* a lookup that left records the end user may be unchecked (:class:`~.names.LookupCut`: more
  near-namesakes than ``matching.limit``) says so in a note, and without a certain record the
  answer is ``None`` as above (the record that listed parties own may be one left out); with
  a certain record, that record still governs and the note says what was not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from exportctl.ownership.check import OwnershipCheck, check_party
from exportctl.ownership.listing import OwnerMatcher
from exportctl.ownership.names import EntityMatch, lookup_cut_of
from exportctl.ownership.rules import OwnershipRule, load_rules, rule_state
from exportctl.ownership.store import OwnershipStore
from exportctl.store import Store

__all__ = ["OwnershipLookup", "ownership_lookup"]

#: (end user, shipment date, jurisdiction, origin) → (end-user hits, or None when a rule that
#: applies could not be checked, notes)
OwnershipLookup = Callable[[str, dt.date, str, str | None], tuple[list[object] | None, list[str]]]


def _applies(rule: OwnershipRule, jurisdiction: str, origin: str | None) -> bool:
    scope = rule.determine
    return jurisdiction in scope.jurisdictions or (origin or "") in scope.origins


def _path_text(res: OwnershipCheck) -> str:
    if not res.paths:
        return ""
    return " → ".join(h["name"] or h["id"] for h in res.paths[0])


def _subject(end_user: str, match: EntityMatch) -> str:
    if match.certain:
        return repr(end_user)
    return (
        f"{end_user!r} (if it is the ownership record {match.party.name or match.name!r}, "
        f"id {match.party.id}: a potential match at {match.score:.2f}, for review)"
    )


def _unknown_note(end_user: str, rules: list[OwnershipRule], why: str) -> str:
    titles = "; ".join(f"{r.title} ({r.citations[0].citation})" for r in rules)
    return (
        f"Cannot conclude on the ownership of {end_user!r}: {why}, so whether listed parties "
        f"own 50 % or more of it cannot be checked under the {titles}. Load ownership data "
        "that covers it (exportctl ownership load) or establish its owners; until then this is "
        "not a clearance."
    )


def ownership_lookup(store: Store, identifiers: Sequence[str] = ()) -> OwnershipLookup:
    """The ownership step of ``determine`` over ``store``'s active ownership snapshot; the end
    user's ``identifiers`` also find its record (a potential match)."""

    def lookup(
        end_user: str, on: dt.date, jurisdiction: str, origin: str | None
    ) -> tuple[list[object] | None, list[str]]:
        # start-up: exportctl.licensing + .controls (15 modules, 39 ms by -X importtime)
        # stays out of a warm `exportctl screen`, which imports this package.
        from exportctl.licensing.engine import EndUserHit

        book = load_rules()
        applying = [
            r
            for _, r in sorted(book.rules.items())
            if _applies(r, jurisdiction, origin) and rule_state(r, on)[0]
        ]
        # Rules whose unknown answer is the rulebook's cannot_conclude, and those (OFAC beside
        # the EAR) whose unknown answer is a note.
        in_force = [r for r in applying if r.determine.effect == "hits"]
        noted = [r for r in applying if r.determine.effect == "note"]
        own = OwnershipStore(store)
        snap = own.active()
        why = (
            "no ownership data is loaded"
            if snap is None
            else "the loaded ownership data holds no record of it"
        )
        found = own.lookup(snap.id, end_user, identifiers) if snap is not None else []
        certain = any(m.certain for m in found)
        cut = lookup_cut_of(found)
        if cut is not None and not found:
            why = f"the lookup found no record of it, and {cut.message()}"
        if not found:
            aside = [_unknown_note(end_user, noted, why)] if noted else []
            if in_force:
                return None, [_unknown_note(end_user, in_force, why), *aside]
            return [], aside
        assert snap is not None
        hits: list[object] = []
        notes: list[str] = []
        matcher = OwnerMatcher(store)
        for code, rule in sorted(book.rules.items()):
            if not _applies(rule, jurisdiction, origin):
                continue
            for match in found:
                party = match.party
                res = check_party(own, snap.id, party, rule, on, matcher)
                if not match.certain and res.status == "clear":
                    continue  # a record the end user may not be cannot clear it
                share = res.share.to_dict()
                if not match.certain and certain and rule_state(rule, on)[0]:
                    # The end user has its own record, which governs; another record it may
                    # be is said, not counted (no reviewer's verdict could lift its hit).
                    notes.append(
                        f"{rule.title}: the ownership data also holds "
                        f"{party.name or match.name!r} (id {party.id}), a potential match for "
                        f"{end_user!r} at {match.score:.2f}, which the rule finds {res.status} "
                        f"({share['min']}-{share['max']} %). This determination follows the "
                        "end user's own record: establish that the two are different "
                        "companies before relying on it."
                    )
                    continue
                subject = _subject(end_user, match)
                cite = rule.citations[0].citation
                applies, cites = rule_state(rule, on)
                counted = [o for o in res.owners if o["counts"]]
                if not applies:
                    reason = "; ".join(
                        c["citation"]
                        for c in cites
                        if c["kind"] != "rule" and c["kind"] != "reading"
                    )
                    if counted:
                        notes.append(
                            f"{rule.title} not applied on {on.isoformat()} ({reason}): listed "
                            f"owners hold {share['min']}-{share['max']} % of {subject} "
                            f"({_path_text(res) or 'see ownership check'})."
                        )
                    continue
                details: tuple[tuple[str, str], ...] = (
                    ("basis", f"ownership under the {rule.title} ({cite})"),
                    ("share", f"{share['min']}-{share['max']} %"),
                    ("path", _path_text(res)),
                )
                if not match.certain:
                    details += (("ownership record", match.explanation),)
                if res.status == "blocked":
                    lists = sorted(
                        {
                            m["list"]
                            for o in counted
                            for m in o["matches"]
                            if m["list"] in rule.lists
                        }
                        or set(rule.lists[:1])
                    )
                    for lst in lists:
                        owner = next(
                            (
                                o["name"]
                                for o in counted
                                if any(m["list"] == lst for m in o["matches"])
                            ),
                            "",
                        )
                        hits.append(
                            EndUserHit(
                                lst,
                                owner or party.name,
                                party.id,
                                match.score,
                                via=f"ownership:{code}",
                                details=details,
                            )
                        )
                    notes.append(
                        f"{subject} is {share['min']}-{share['max']} % owned by listed "
                        f"parties: {rule.title} applies ({cite})."
                    )
                elif res.status == "undetermined" and rule.determine.effect == "note":
                    notes.append(
                        f"{rule.title} ({cite}): whether listed parties own 50 % or more of "
                        f"{subject} cannot be established ({share['min']}-{share['max']} %); "
                        "if they do, its property is blocked: resolve the ownership before "
                        "dealing with it."
                    )
                elif res.status == "undetermined":
                    hits.append(
                        EndUserHit(
                            book.undetermined_list,
                            party.name,
                            party.id,
                            match.score,
                            via=f"ownership:{code}",
                            details=details,
                        )
                    )
                    notes.append(
                        f"{rule.title}: whether listed parties own 50 % or more of {subject} "
                        f"cannot be established ({share['min']}-{share['max']} %); resolve the "
                        "ownership before relying on a no-licence outcome."
                    )
        if not certain:
            # Only potential matches: none of them is established to be the end user, so the
            # rules that apply still cannot be checked for it (their hits above stand).
            named = "; ".join(
                f"{m.party.name or m.name!r} (id {m.party.id}, score {m.score:.2f})" for m in found
            )
            why = (
                "the loaded ownership data holds no record of it by name or alias, only "
                f"potential matches for review: {named}"
                # (records past the ones checked: the one listed parties own may be there)
                + (f"; {cut.message()}" if cut is not None else "")
            )
            aside = [_unknown_note(end_user, noted, why)] if noted else []
            if in_force:
                unknown = [_unknown_note(end_user, in_force, why), *aside]
                return (hits or None), [*unknown, *notes]
            return hits, [*aside, *notes]
        if cut is not None:
            # The end user's own record governs (checked above); records it may also be
            # that were not checked are said, as a checked potential match is.
            notes.append(
                f"{end_user!r}: {cut.message()}. This determination follows the end user's "
                "own ownership record; establish that it is none of the records not checked "
                "before relying on it."
            )
        return hits, notes

    return lookup
