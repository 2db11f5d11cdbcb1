"""The audit trail of screening requests served by the API (table ``api_requests``)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from exportctl.store.auth_tables import api_requests

__all__ = ["digest", "record_request", "requests_for"]


def digest(value: Any) -> str:
    """sha256 of the canonical JSON form (sorted keys, no spaces, UTF-8)."""
    blob = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def record_request(
    engine: Engine,
    *,
    key_id: str,
    route: str,
    dataset: str | None,
    query: Any,
    result: Any,
    result_count: int,
) -> int:
    """Store who asked what and a digest of the answer; returns the audit row id."""
    with engine.begin() as conn:
        pk = conn.execute(
            api_requests.insert().values(
                at=datetime.now(UTC),
                key_id=key_id,
                route=route,
                dataset=dataset,
                query=query,
                result_count=result_count,
                result_digest=digest(result),
            )
        ).inserted_primary_key
    assert pk is not None
    return int(pk[0])


def requests_for(engine: Engine, key_id: str | None = None) -> list[dict[str, Any]]:
    """Audit rows, oldest first (optionally one key's)."""
    q = select(api_requests).order_by(api_requests.c.id)
    if key_id:
        q = q.where(api_requests.c.key_id == key_id)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]
