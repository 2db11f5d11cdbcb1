"""Typed records shared by every layer: entities, names, dates, identifiers."""

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

__all__ = [
    "Address",
    "Entity",
    "EntityType",
    "FuzzyDate",
    "Identifier",
    "Name",
    "NameKind",
    "Scope",
]
