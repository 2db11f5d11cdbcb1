"""red29: the HTTP API's error contract at its edges, on the real uvicorn server
(docs/reliability.md, "red29")."""

from __future__ import annotations

import pytest
from tests.api.conftest import LiveApi

from exportctl.api._text import malformed_text


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/screen", b'{"queries":[{"name":"Eric Badege"}],"threshold":NaN}'),
        ("/screen", b'{"queries":[{"name":"Eric Badege"}],"threshold":Infinity}'),
        ("/screen", b'{"queries":[{"name":"Eric Badege"}],"limit":-Infinity}'),
        ("/screen", b'{"queries":[{"name":"Eric Badege"}],"threshold":1e999}'),
        ("/determine", b'{"items":["EAR99"],"destination":"CN","jurisdictions":["un"],'
                       b'"end_user":"Eric Badege","params":{"x":1E+400}}'),
        ("/decisions", b'{"name": 1e999}'),
        ("/classify", b'{"text": NaN}'),
    ],
)  # fmt: skip
def test_a_number_that_is_not_finite_is_a_400_not_a_500(
    api_sqlite: LiveApi, path: str, body: bytes
) -> None:
    """Before: 500 ``internal server error``. Python's JSON parser takes ``NaN`` and
    ``Infinity`` (no JSON has them) and reads ``1e999`` as inf; the route's 422 echoed the
    value, and its encoder refuses a number that is not finite."""
    with api_sqlite.client("admin") as c:
        r = c.post(path, content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (path, r.status_code, r.text)
        assert "not a finite number" in r.json()["detail"]


def test_finite_numbers_and_words_that_look_like_constants_still_pass() -> None:
    assert malformed_text(b'{"queries":[{"name":"NaN Infinity e999"}],"threshold":1e-999}') is None
    assert malformed_text(b'{"threshold": 0.85, "n": 1e300}') is None
    assert malformed_text(b'{"threshold": 1e309}') is not None


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/screen", "text/plain"), ("/determine", None), ("/keys", "application/xml")],
)
def test_a_body_that_is_not_utf8_under_another_type_is_a_422_not_a_500(
    api_sqlite: LiveApi, path: str, content_type: str | None
) -> None:
    """Before: 500. A JSON request saved as UTF-16 and posted as ``text/plain`` (or with no
    type): FastAPI's 422 quoted the body, and its encoder could not read the bytes."""
    body = '{"queries":[{"name":"Dokka Umarov"}]}'.encode("utf-16")
    headers = {"Content-Type": content_type} if content_type else {}
    with api_sqlite.client("admin") as c:
        r = c.post(path, content=body, headers=headers)
        assert r.status_code == 422, (path, r.status_code, r.text)
        assert r.json()["detail"][0]["loc"] == ["body"]
        assert c.get("/healthz").status_code == 200
