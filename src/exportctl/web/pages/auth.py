"""Log-in with an API key (a session cookie from then on), log-out, and ``/`` → ``/ui/``."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from exportctl.auth import authenticate
from exportctl.errors import AuthError
from exportctl.web._base import FORM_BYTES, csrf_form, ctx, render, require, session_of, signer
from exportctl.web.forms import read_form
from exportctl.web.session import COOKIE, PRE_COOKIE, SESSION_SECONDS

__all__ = ["router"]

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site under /ui/ (no open redirect)."""
    if not target:
        return "/ui/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/ui/") or "\\" in target:
        return "/ui/"
    return target


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui")
def ui_root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui/")
def home(request: Request) -> Response:
    require(request)
    return RedirectResponse("/ui/screen", status_code=303)


@router.get("/ui/login")
def login_form(request: Request, next: str | None = None) -> Response:
    if session_of(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    nonce = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(16)
    response = render(
        request, "login.html", None, csrf_nonce=nonce, next=_safe_next(next), error=None
    )
    _set_cookie(request, response, PRE_COOKIE, nonce, 3600)
    return response


@router.post("/ui/login")
async def login(request: Request) -> Response:
    form = await read_form(request, FORM_BYTES)
    nonce = request.cookies.get(PRE_COOKIE)
    target = _safe_next(form.get("next"))
    if not signer(request).check_csrf(nonce, form.get("csrf")):
        return render(
            request,
            "login.html",
            None,
            status=403,
            next=target,
            error="The form expired; please try again.",
        )
    token = form.get("api_key")
    try:
        if not token:
            raise AuthError("enter your API key")
        key = await run_in_threadpool(authenticate, ctx(request).store.engine, token)
    except AuthError as exc:
        msg = str(exc) if "enter" in str(exc) else "That key is not valid (or was revoked)."
        return render(request, "login.html", None, status=401, next=target, error=msg)
    response = RedirectResponse(target, status_code=303)
    _set_cookie(request, response, COOKIE, signer(request).cookie(key), SESSION_SECONDS)
    response.delete_cookie(PRE_COOKIE, path="/ui")
    return response


@router.post("/ui/logout")
async def logout(request: Request) -> Response:
    session = require(request)
    await csrf_form(request, session)
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=age,
        path="/" if name == COOKIE else "/ui",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
