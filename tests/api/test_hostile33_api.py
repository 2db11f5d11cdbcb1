"""hostile33: the HTTP API on the real uvicorn server under hostile JSON (docs/reliability.md,
"hostile33").

Two finds, each an exact input that was answered clear on the base (f6906871):

* a JSON object that gives a key twice: Python's parser keeps the last value, so
  ``{"name": "KOMID", "name": "Jane Roe"}`` was screened as Jane Roe — a 400 now;
* ``POST /match``'s example read only ``name``: a listed name under ``alias``, ``weakAlias``
  or ``previousName``, in name parts beside a ``name``, or nested one list deeper, was passed
  over and the example answered with no result.

And a property at new seeds: random bodies of hostile values on every JSON route are a 4xx
with a reason or a 200, never a 5xx; a listed name written with hostile characters in any
name property of an example is found.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.api.conftest import LiveApi

_JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/screen", '{"queries":[{"name":"KOMID","name":"Jane Roe"}]}'),
        ("/screen", '{"queries":[{"name":"KOMID"}],"queries":[{"name":"Jane Roe"}]}'),
        ("/screen", '{"queries":[{"name":"Jane Roe","id":"a","id":"b"}]}'),
        (
            "/determine",
            '{"items":["EAR99"],"destination":"CN","jurisdictions":["un"],'
            '"end_user":"KOMID","end_user":"Jane Roe"}',
        ),
        (
            "/match/default",
            '{"queries":{"q":{"schema":"Organization","properties":'
            '{"name":["KOMID"],"name":["Jane Roe"]}}}}',
        ),
        ("/classify", '{"query":"pump","query":"3A001"}'),
    ],
)
def test_a_key_given_twice_is_a_400_not_its_last_value_screened(
    api_sqlite: LiveApi, path: str, body: str
) -> None:
    """Before: 200, the last value read (``Jane Roe``: no match), while a proxy, a log or
    another JSON reader may take the first (KOMID, listed)."""
    with api_sqlite.client("admin") as c:
        r = c.post(path, content=body.encode(), headers=_JSON)
    assert r.status_code == 400, (path, r.status_code, r.text)
    assert "twice in one object" in r.json()["detail"]


def test_the_same_key_in_two_objects_is_no_repeat(api_sqlite: LiveApi) -> None:
    body = {"queries": [{"name": "KOMID", "id": "a"}, {"name": "Jane Roe", "id": "b"}]}
    with api_sqlite.client("admin") as c:
        r = c.post("/screen", json=body)
    assert r.status_code == 200, r.text
    assert [m["source_id"] for m in r.json()["results"][0]["matches"]][:1] == ["KPe.001"]


def _match(api: LiveApi, props: dict[str, Any], schema: str = "LegalEntity") -> Any:
    with api.client("screener") as c:
        return c.post(
            "/match/default", json={"queries": {"q": {"schema": schema, "properties": props}}}
        )


def _ids(r: Any) -> set[str]:
    assert r.status_code == 200, r.text
    return {res["id"] for res in r.json()["responses"]["q"]["results"] if res["match"]}


@pytest.mark.parametrize(
    "props",
    [
        {"name": ["Jane Roe"], "alias": ["KOMID"]},
        {"name": ["Jane Roe"], "weakAlias": ["KOMID"]},
        {"name": ["Jane Roe"], "previousName": ["KOMID"]},
        {"name": "Jane Roe", "alias": "KOMID"},
        {"alias": ["KOMID"]},
    ],
)
def test_a_listed_name_in_any_name_property_of_an_example_is_found(
    api_sqlite: LiveApi, props: dict[str, Any]
) -> None:
    """Before: 200 with no result (only ``name`` was read); ``{"alias": ["KOMID"]}`` alone
    was a 400 "no name"."""
    assert "un_sc-KPe.001" in _ids(_match(api_sqlite, props))


def test_name_parts_beside_a_name_are_a_name_too(api_sqlite: LiveApi) -> None:
    """Before: the parts were read only without a ``name``: Ivan Sidorov's parts beside a
    decoy name were passed over."""
    props = {"name": ["Jane Roe"], "firstName": ["Ivan"], "lastName": ["Sidorov"]}
    assert "un_sc-QDi.421" in _ids(_match(api_sqlite, props, "Person"))


@pytest.mark.parametrize(
    ("props", "kind"),
    [
        ({"name": ["Jane Roe", ["KOMID"]]}, "a list"),
        ({"name": ["Jane Roe", {"value": "KOMID"}]}, "an object"),
        ({"name": ["Jane Roe", True]}, "a boolean"),
        ({"alias": [["KOMID"]], "name": "Jane Roe"}, "a list"),
        ({"firstName": ["Ivan", ["X"]], "lastName": "Sidorov"}, "a list"),
    ],
)
def test_a_name_value_that_is_no_text_is_refused_not_passed_over(
    api_sqlite: LiveApi, props: dict[str, Any], kind: str
) -> None:
    """Before: 200 with no result — the nested value was left out and the decoy screened."""
    r = _match(api_sqlite, props)
    assert r.status_code == 400, r.text
    assert f"holds a value that is no name ({kind})" in r.json()["detail"]


# -- properties ---------------------------------------------------------------------------------

_LIVE = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_HOSTILE_TEXT = st.sampled_from(
    [
        "KOMID", "\u2066KOMID\u2069", "K\u200bO\u200cM\u200dI\u2060D", "𝐊𝐎𝐌𝐈𝐃", "ⓀⓄⓂⒾⒹ",
        "K\U000e0041OMID\U000e007f", "K\ufe0fO\ufe0fMID", "KO\u3164MID", "\u041a\u041eMID",
        "x" * 600, "", " ", "\ufeff", "\u202e", '=HYPERLINK("x","KOMID")',
    ]
)  # fmt: skip


def _raw(value: Any) -> str:
    """A JSON text of ``value``, with the hostile tokens no encoder writes spliced in."""
    if isinstance(value, tuple):  # (a raw token)
        return str(value[0])
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_raw(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_raw(v) for v in value) + "]"
    return json.dumps(value)


_RAW_TOKENS = st.sampled_from(
    [
        ("1" * 5000,), ("1e400",), ("-1e999",), ("NaN",), ("Infinity",), ('"\\ud800"',),
        ('"\\udfff\\ud800"',), ('"\\u0000"',), ('"a\\u0000b"',), ("[" * 3000 + "]" * 3000,),
        ("0.1e-99999",), ("-0",), ('"\\u202eKOMID"',),
    ]
)  # fmt: skip
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), _HOSTILE_TEXT, _RAW_TOKENS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["name", "x", "id"]), inner)
    ),
    max_leaves=6,
)
_ROUTES = {
    "/screen": ["queries", "threshold", "limit", "sources"],
    "/determine": ["items", "destination", "jurisdictions", "end_user", "params"],
    "/classify": ["query", "list", "limit", "params"],
    "/match/default": ["queries", "threshold", "weights"],
    "/decisions": ["name", "item_id", "verdict"],
    "/keys": ["role", "name"],
}


@_LIVE
@given(
    path=st.sampled_from(sorted(_ROUTES)),
    fields=st.data(),
    duplicate=st.booleans(),
)
def test_hostile_bodies_are_a_4xx_with_a_reason_never_a_5xx(
    api_sqlite: LiveApi, path: str, fields: st.DataObject, duplicate: bool
) -> None:
    keys = fields.draw(st.lists(st.sampled_from(_ROUTES[path]), max_size=4))
    body = "{" + ",".join(f"{json.dumps(k)}:{_raw(fields.draw(_VALUES))}" for k in keys)
    if duplicate and keys:
        body += f",{json.dumps(keys[0])}:{_raw(fields.draw(_VALUES))}"
    body += "}"
    with api_sqlite.client("admin") as c:
        r = c.post(path, content=body.encode("utf-8", "surrogatepass"), headers=_JSON)
        assert r.status_code < 500, (path, body[:300], r.status_code, r.text[:300])
        if r.status_code >= 400:
            assert r.json()["detail"], (path, body[:300])
        assert c.get("/healthz").status_code == 200


_NAME_PROPS = ["name", "alias", "weakAlias", "previousName"]
_HOSTILE_KOMID = [
    "KOMID", "\u2066KOMID\u2069", "\u2067K\u2069\u2066OMID\u2069", "K\u200bO\u200cM\u200dI\u2060D",
    "\U0001d40a\U0001d40e\U0001d40c\U0001d408\U0001d403", "\u24c0\u24c4\u24c2\u24be\u24b9",
    "K\U000e0041O\U000e0020MID", "K\ufe0fO\U000e0100MID", "K\u3164OMID", "\u041a\u041eMID",
    "".join(c + "\u0301" for c in "KOMID"), "".join(c + "\u20dd" for c in "KOMID"),
]  # fmt: skip


@_LIVE
@given(
    written=st.sampled_from(_HOSTILE_KOMID),
    prop=st.sampled_from(_NAME_PROPS),
    decoys=st.lists(st.sampled_from(["Jane Roe", "Blue Harbour Ltd", "Acme"]), max_size=2),
    as_list=st.booleans(),
)
def test_a_hostile_listed_name_in_any_name_property_is_found(
    api_sqlite: LiveApi, written: str, prop: str, decoys: list[str], as_list: bool
) -> None:
    props: dict[str, Any] = {"name": decoys} if decoys and prop != "name" else {}
    values = [*decoys, written] if prop == "name" else [written]
    props[prop] = values if as_list or len(values) > 1 else values[0]
    assert "un_sc-KPe.001" in _ids(_match(api_sqlite, props)), props
