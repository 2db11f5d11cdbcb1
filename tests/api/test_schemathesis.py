"""Property-based API testing from the published OpenAPI document: no request yields a 5xx.

schemathesis generates requests (valid and invalid) for every operation of /openapi.json and
sends them to the live uvicorn server (SQLite) with an admin key; each response must not be a
server error and must match the documented schema. Examples are bounded so the whole run takes
seconds. Three slow or parser-bound operations are left out (see ``SKIP``).

The operations are driven with plain hypothesis ``@given`` over each operation's strategy
(schemathesis' pytest plugin needs the schema at collection time, before the server runs).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from tests.api.conftest import LiveApi

# /lists/load feeds the list parsers (property-tested on their own); /classify's text path
# builds a sentence-embedding index on first use (minutes on 2 cores) and is tested by the
# controls suite; /audit/destinations runs one determination per country (slow per example).
SKIP = {("POST", "/lists/load"), ("POST", "/classify"), ("GET", "/audit/destinations")}


@pytest.mark.usefixtures("ledger_key")
def test_no_server_errors(api_sqlite: LiveApi) -> None:
    schema = schemathesis.openapi.from_url(f"{api_sqlite.base_url}/openapi.json")
    headers = {"Authorization": f"Bearer {api_sqlite.keys['admin']}"}
    tested = []
    for result in schema.get_all_operations():
        op = result.ok()
        if (op.method.upper(), op.path) in SKIP:
            continue
        tested.append(f"{op.method.upper()} {op.path}")

        @given(case=op.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(
                base_url=api_sqlite.base_url,
                headers=headers,
                checks=[not_a_server_error, response_schema_conformance],
            )

        run()
    assert "POST /match/{dataset}" in tested
    assert "POST /screen" in tested
