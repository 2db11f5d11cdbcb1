"""The role matrix: every route × no key, a bad key, and each role."""

from __future__ import annotations

from typing import Any

import pytest
from tests.api.conftest import LiveApi

# method, path, minimum role (None: public), request kwargs
ROUTES: list[tuple[str, str, str | None, dict[str, Any]]] = [
    ("GET", "/healthz", None, {}),
    ("GET", "/readyz", None, {}),
    ("GET", "/openapi.json", None, {}),
    ("POST", "/screen", "screener", {"json": {"queries": [{"name": "Ivan Sidorov"}]}}),
    (
        "POST",
        "/match/{dataset}",
        "screener",
        {"json": {"queries": {"a": {"schema": "Person", "properties": {"name": "Ivan"}}}}},
    ),
    ("GET", "/lists", "screener", {}),
    ("GET", "/entities/{source}/{source_id}", "screener", {}),
    ("GET", "/entities/{entity_id}", "screener", {}),
    (
        "POST",
        "/decisions",
        "reviewer",
        {
            "json": {
                "query": {"name": "Ivan Sidorov"},
                "source": "un_sc",
                "source_id": "QDi.421",
                "verdict": "true_match",
                "reason": "role matrix",
            }
        },
    ),
    (
        "POST",
        "/lists/load",
        "admin",
        {"params": {"filename": "x.xml", "format": "un_xml"}, "content": b"<x/>"},
    ),
    ("GET", "/keys", "admin", {}),
    ("POST", "/keys", "admin", {"json": {"role": "screener", "label": "matrix"}}),
    ("DELETE", "/keys/{key_id}", "admin", {}),
    ("POST", "/classify", "screener", {"json": {"query": "3A001.a.1"}}),
    (
        "POST",
        "/determine",
        "screener",
        {"json": {"items": ["5A002"], "destination": "CN", "jurisdictions": ["us"]}},
    ),
    ("GET", "/audit/rulebook/{jurisdiction}", "screener", {}),
    ("GET", "/audit/destinations", "screener", {"params": {"item": "5A002", "jurisdiction": "us"}}),
    ("GET", "/ledger/head", "screener", {}),
    ("GET", "/ledger/entries/{ref}/proof", "screener", {}),
    ("GET", "/ownership/check", "screener", {"params": {"entity": "x", "rule": "ofac"}}),
    ("GET", "/ownership/derived", "screener", {"params": {"name": "x"}}),
    ("GET", "/review/queue", "reviewer", {}),
    ("GET", "/review/{item_id}", "reviewer", {}),
    (
        "POST",
        "/review/{item_id}/decision",
        "reviewer",
        {"json": {"verdict": "escalate", "reason": "role matrix"}},
    ),
    ("POST", "/review/{item_id}/approve", "approver", {"json": {"approve": True}}),
]
PATH_VALUES = {
    "{dataset}": "default",
    "{source}": "un_sc",
    "{source_id}": "QDi.421",
    "{entity_id}": "un_sc-QDi.421",
    "{key_id}": "0000000000000000",
    "{jurisdiction}": "us",
    "{ref}": "1",
    "{item_id}": "999999",
}
RANK = {None: -1, "screener": 0, "reviewer": 1, "approver": 2, "admin": 3}
CALLERS = [None, "invalid", "screener", "reviewer", "approver", "admin"]


def _path(template: str) -> str:
    for k, v in PATH_VALUES.items():
        template = template.replace(k, v)
    return template


def test_matrix_covers_every_route(api_sqlite: LiveApi) -> None:
    from exportctl.api import create_app

    app = create_app(store=api_sqlite.store)
    # The published contract lists every API route, whichever router module it lives in
    # (FastAPI keeps included routers as one opaque entry each in ``app.routes``).
    served = {
        (m.upper(), path)
        for path, ops in app.openapi()["paths"].items()
        for m in ops
        if m.upper() not in {"HEAD", "OPTIONS"}
    }
    tested = {(m, p) for m, p, _, _ in ROUTES if p != "/openapi.json"}
    assert served == tested, "add new routes to ROUTES with their minimum role"


@pytest.mark.usefixtures("ledger_key")
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path", "needed", "kw"), ROUTES, ids=[r[1] for r in ROUTES])
def test_role_matrix(
    api: LiveApi,
    caller: str | None,
    method: str,
    path: str,
    needed: str | None,
    kw: dict[str, Any],
) -> None:
    headers = {}
    if caller == "invalid":
        headers["Authorization"] = "Bearer exk_0123456789abcdef.not-the-right-secret-at-all"
    elif caller:
        headers["Authorization"] = f"Bearer {api.keys[caller]}"
    with api.client() as c:
        r = c.request(method, _path(path), headers=headers, **kw)
    if needed is None:
        assert r.status_code == 200
    elif caller in (None, "invalid"):
        assert r.status_code == 401, r.text
    elif RANK[caller] < RANK[needed]:
        assert r.status_code == 403, r.text
        assert needed in r.json()["detail"]
    else:
        # Allowed: whatever the outcome, it is not an authorisation failure or a crash.
        assert r.status_code not in (401, 403), r.text
        assert r.status_code < 500, r.text
