"""The source registry: sources.yaml loaded into typed, validated records."""

from __future__ import annotations

from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

from exportctl._yaml import safe_load
from exportctl.errors import UnknownCodeError
from exportctl.model import Scope

__all__ = ["ListSource", "get_source", "sources"]


class ListSource(BaseModel):
    """A list publisher's file: who issues it, its legal scope and where it binds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    title: str
    authority: str
    scope: Scope
    binds: list[str]
    legal_basis: str
    formats: list[str]
    urls: list[str]
    licence: str
    # The credit line a licence requires of a copy (OGL, CC BY: what SOURCES.md of the bundle says).
    attribution: str | None = None
    cadence_days: int | None = None  # the publisher's usual update interval (staleness)

    @property
    def jurisdiction(self) -> str:
        """Where the list binds, as one string (``UN`` for all member states)."""
        return ",".join(self.binds) if self.binds else "-"


@cache
def sources() -> dict[str, ListSource]:
    """Every known source by code, in the registry's order."""
    text = resources.files("exportctl.sources").joinpath("sources.yaml").read_text("utf-8")
    raw = safe_load(text)["sources"]
    return {code: ListSource(code=code, **spec) for code, spec in raw.items()}


def get_source(code: str) -> ListSource:
    try:
        return sources()[code]
    except KeyError:
        known = ", ".join(sources())
        raise UnknownCodeError(f"unknown source {code!r} (known: {known})") from None
