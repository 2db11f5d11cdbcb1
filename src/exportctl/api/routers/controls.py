"""Item classification against the control lists (reads only: screener role)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, RootModel

from exportctl.api._auth import Screener
from exportctl.api._errors import ERRORS
from exportctl.licensing.ranking import classify_with_params

__all__ = ["ClassifyIn", "ClassifyOut", "router"]

router = APIRouter(tags=["controls"])


class ClassifyIn(BaseModel):
    """An item to classify: a CAS number, a list code, or a free-text description."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        min_length=1,
        max_length=2000,
        description="`64-19-7` (CAS), `3A001.a.1` (code) or `CNC milling machine` (text).",
    )
    list: str | None = Field(
        None, max_length=32, description="Only this control list: `eu`, `us` or `cwc`."
    )
    limit: int = Field(10, ge=1, le=100, description="Most candidates for a text query.")
    params: dict[Annotated[str, Field(min_length=3, max_length=40)], float] = Field(
        default_factory=dict,
        max_length=32,
        description='Item parameters, unit in the key (`{"endurance_h": 2}`; yes/no as 1/0), as '
        "`exportctl classify --param`: candidates whose parameter conditions they meet come "
        "first, those they exclude last (marked `excluded`), missing ones are named.",
    )


class ClassifyOut(RootModel[dict[str, Any]]):
    """exportctl's classification contract (the same object as `exportctl classify --json`):
    the matched entries or ranked candidates, each with its reasons and legal source."""


@router.post("/classify", summary="Classify an item", responses=ERRORS)
def classify(body: ClassifyIn, _key: Screener) -> ClassifyOut:
    """Which control-list entries an item may fall under, and why."""
    return ClassifyOut(classify_with_params(body.query, body.list, body.limit, body.params))
