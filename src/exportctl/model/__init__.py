"""Typed records shared by every layer: entities, names, dates, identifiers; control-list entries;
licence determinations.

The submodules import nothing from the rest of the package (``determination`` only uses
``entity.Scope``), so importing ``exportctl.model`` never pulls in a parser, the store or a front
end.
"""

from exportctl.model.controls import (
    LIST_CODES,
    REGIMES,
    Chemical,
    ControlEntry,
    EntryKind,
    ListCode,
    Regime,
)
from exportctl.model.determination import (
    Authorisation,
    Determination,
    FactNeed,
    Outcome,
    ParamNeed,
    PartyCheck,
    RuleHit,
)
from exportctl.model.entity import (
    Address,
    Entity,
    EntityType,
    FuzzyDate,
    Identifier,
    Name,
    NameKind,
    Scope,
)
from exportctl.model.parsing import ParseResult, RecordIssue

__all__ = [
    "LIST_CODES",
    "REGIMES",
    "Address",
    "Authorisation",
    "Chemical",
    "ControlEntry",
    "Determination",
    "Entity",
    "EntityType",
    "EntryKind",
    "FactNeed",
    "FuzzyDate",
    "Identifier",
    "ListCode",
    "Name",
    "NameKind",
    "Outcome",
    "ParamNeed",
    "ParseResult",
    "PartyCheck",
    "RecordIssue",
    "Regime",
    "RuleHit",
    "Scope",
]
