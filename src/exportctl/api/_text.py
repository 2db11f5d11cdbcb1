"""Reject request bodies that are not text with 400 before any route sees them.

JSON must be UTF-8 (RFC 8259 §8.1), and a ``\\uD800``-style escape without its pair decodes to a
lone surrogate: a Python ``str`` that cannot be encoded again, so the database insert of the
audit record or the response would fail with a 500 deep inside the request. This middleware
answers both with one-line 400s instead. Only JSON bodies are checked (a list upload is
binary); a body that is not even JSON is left to FastAPI's own 422.

A NUL character (``\\u0000`` in JSON, ``%00`` in the address) is refused the same way, in
bodies, paths and query strings alike: PostgreSQL cannot hold it in a text value, so the
first query binding it failed with a 500 (SQLite took it), and no name, reason or filter a
person types holds one (the UI's batch uploads refuse NUL bytes too).
"""

from __future__ import annotations

import json
import math
import re
import types
from collections.abc import Collection
from typing import Any, Union, get_args, get_origin

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from exportctl.api._limits import _reply

__all__ = ["MalformedText", "malformed_text", "nul_in_address", "repeated_parameter"]

# A JSON escape of a UTF-16 surrogate; without one, valid UTF-8 cannot decode to a surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# JSON can carry NUL only escaped (a raw control character is not valid JSON).
_NUL_ESCAPE = re.compile(r"\\u0000")
_NUL = re.compile("\x00")
_CHECKED_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _first_lone_surrogate(
    value: Any, path: str = "$", pattern: re.Pattern[str] = _SURROGATE
) -> str | None:
    """The JSON path of the first string (key or value) holding a lone surrogate (or another
    ``pattern``)."""
    if isinstance(value, str):
        return path if pattern.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if pattern.search(key):
                return f"{path} (a key)"
            found = _first_lone_surrogate(item, f"{path}.{key}", pattern)
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _first_lone_surrogate(item, f"{path}[{i}]", pattern)
            if found:
                return found
    return None


def nul_in_address(scope: Scope) -> str | None:
    """Why a request's path or query string is not text (it holds NUL), or None."""
    query = bytes(scope.get("query_string", b"")).lower()
    if "\x00" in str(scope.get("path", "")) or b"%00" in query or b"\x00" in query:
        return "request address holds a NUL character (%00): that is not text"
    return None


def malformed_text(body: bytes, *, declared_json: bool = True) -> str | None:
    """Why a JSON request body is not text (or holds a number that is not finite, or an
    object that gives a key twice), or None when it is (or is no JSON at all).

    A body sent without a content type is only checked for lone surrogates once it decodes
    as UTF-8: it may be a binary upload, and FastAPI refuses non-UTF-8 JSON itself.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not declared_json:
            return None
        return (
            f"request body is not UTF-8 text (byte 0x{body[exc.start]:02X} at offset {exc.start})"
        )
    surrogate, nul = _SURROGATE_ESCAPE.search(text), _NUL_ESCAPE.search(text)
    if "NaN" in text or "Infinity" in text or _BIG_EXPONENT.search(text):
        problem = _not_finite(text)
        if problem is not None:
            return problem
    problem = _repeated_key(text)
    if problem is not None:
        return problem
    if not surrogate and not nul:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None  # not JSON: FastAPI answers 422 with the parser's message
    where = _first_lone_surrogate(data) if surrogate else None
    if where is not None:
        return f"request body holds a lone UTF-16 surrogate escape at {where}: that is not text"
    where = _first_lone_surrogate(data, pattern=_NUL) if nul else None
    if where is not None:
        return f"request body holds a NUL character (\\u0000) at {where}: that is not text"
    return None


# Python's parser takes NaN, Infinity and -Infinity (no JSON has them) and reads 1e999 as inf:
# a route's 422 then echoed the value in its answer, whose encoder refuses non-finite numbers,
# and the request ended in a 500 (red29). A float field without bounds would have taken them.
# (JSON puts a digit before an exponent; one of 3 digits can leave a double's range. Searched
# apart from the two words: the alternation of all three scanned a body ~2.5x slower.)
_BIG_EXPONENT = re.compile(r"[0-9][eE][-+]?[0-9]{3}")


class _NotFinite(Exception):
    """A number of the body that is not finite (not a ValueError: the parser must not
    take it for a syntax error)."""


def _constant(name: str) -> float:
    raise _NotFinite(name)


def _finite(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _NotFinite(token)
    return value


def _not_finite(text: str) -> str | None:
    """Why a JSON body's numbers are not numbers (NaN, Infinity, beyond a float's range)."""
    try:
        json.loads(text, parse_constant=_constant, parse_float=_finite)
    except _NotFinite as exc:
        shown = str(exc)[:40]
        return (
            f"request body holds the number {shown}, which is not a finite number (NaN, "
            "Infinity, or beyond a double's range): that is no JSON value a field takes"
        )
    except (ValueError, RecursionError):
        return None  # not JSON: FastAPI answers 422 with the parser's message
    return None


class _RepeatedKey(Exception):
    """A key given twice in one JSON object (not a ValueError: the parser must not take it
    for a syntax error)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> None:
    """``object_pairs_hook``: raises on a key given twice; builds nothing (only checked)."""
    if len(pairs) > 1 and len({key for key, _ in pairs}) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKey(key)
            seen.add(key)


def _repeated_key(text: str) -> str | None:
    """Why a JSON body cannot be read one way: an object that gives a key twice.

    Python's parser keeps the last value: ``{"name": "KOMID", "name": "Jane Roe"}`` was
    screened as Jane Roe, 200 and no match (hostile33), while a proxy, a WAF, the client's
    own log or another JSON library may read the first (RFC 8259 §4: such an object's
    meaning is not defined). The body is refused instead of one of its readings screened.
    Always checked: one more parse, 0.7 ms for a body of 1,000 queries (96 kB).
    """
    try:
        json.loads(text, object_pairs_hook=_unique_keys)
    except _RepeatedKey as exc:
        shown = str(exc)[:40]
        return (
            f"request body gives the key {shown!r} twice in one object: which value is meant "
            "is not known (JSON readers differ), so nothing was read"
        )
    except (ValueError, RecursionError):
        return None  # not JSON: FastAPI answers 422 with the parser's message
    return None


def _content_type(scope: Scope) -> bytes | None:
    """The media type of the request body, lower-cased; None when the request names none."""
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return bytes(value).split(b";", 1)[0].strip().lower()
    return None


class MalformedText:
    """ASGI middleware: a JSON body that is not UTF-8 or holds a lone surrogate or a NUL, and
    an address holding a NUL → 400.

    ``skip``: paths whose bodies are binary uploads (``/lists/load``), never checked.
    """

    def __init__(self, app: ASGIApp, skip: Collection[str] = ()) -> None:
        self.app = app
        self.skip = frozenset(skip)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        bad_address = nul_in_address(scope) if scope["type"] == "http" else None
        if bad_address is not None:
            await _reply(send, 400, bad_address)
            return
        media = _content_type(scope) if scope["type"] == "http" else None
        declared = media is not None and (media == b"application/json" or media.endswith(b"+json"))
        if (
            scope["type"] != "http"
            or scope.get("method") not in _CHECKED_METHODS
            or scope.get("path") in self.skip
            or not (declared or media is None)  # FastAPI reads an untyped body as JSON
        ):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = malformed_text(body, declared_json=declared) if body else None
        if problem is not None:
            await _reply(send, 400, problem)
            return
        whole: Message = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([whole], receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that hands out ``messages`` first, then the real one (for disconnects)."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def _takes_many(annotation: Any) -> bool:
    """Whether a query parameter's type takes several values (a list, tuple or set)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return any(_takes_many(a) for a in get_args(annotation))
    return origin in (list, tuple, set, frozenset) or annotation in (list, tuple, set, frozenset)


def _one_value_parameters(dependant: Any) -> set[str]:
    """The query parameters of a route (its dependencies' too) that take one value."""
    out = {f.alias for f in dependant.query_params if not _takes_many(f.field_info.annotation)}
    for sub in dependant.dependencies:
        out |= _one_value_parameters(sub)
    return out


_ONE_VALUE: dict[int, set[str]] = {}  # id(route) → its one-value parameters (routes live on)


def repeated_parameter(request: Request) -> None:
    """App dependency: a query parameter that takes one value given twice is a 400.

    FastAPI reads such a parameter by its last value: ``GET /ownership/derived?name=KOMID&
    name=Jane+Roe`` looked up Jane Roe, while a proxy, a WAF or the client's own log may read
    the first, as with a JSON key given twice (:func:`_repeated_key`; rev33a). A parameter
    that takes a list (``sources``, ``identifier``) is given as often as wanted. The web UI's
    pages (``/ui``) are left as they are: an HTML form may send a hidden field and a checkbox
    of one name on purpose.
    """
    pairs = request.query_params.multi_items()
    keys = [k for k, _ in pairs]
    if len(set(keys)) == len(keys) or request.url.path.startswith("/ui"):
        return
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    one = _ONE_VALUE.get(id(route))
    if one is None:
        one = _ONE_VALUE[id(route)] = _one_value_parameters(dependant)
    for key in dict.fromkeys(keys):
        if key in one and keys.count(key) > 1:
            raise HTTPException(
                400,
                f"the address gives the parameter {key[:40]!r} {keys.count(key)} times; it "
                "takes one value: which one is meant is not known, so nothing was read",
            )
