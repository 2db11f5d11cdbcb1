"""Errors under ``/ui`` as pages: log-in redirects, one-line messages, never a stack trace."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from exportctl.web._base import LoginRequired, login_redirect
from exportctl.web._base import error_page as render_error

__all__ = ["error_page", "install"]


def error_page(request: Request, status: int, message: str) -> Response:
    """The error page (or the log-in redirect for 401)."""
    return render_error(request, status, message)


def install(app: FastAPI) -> None:
    """Page-style answers for a missing session, bad parameters and unknown pages."""

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: LoginRequired) -> Response:
        return login_redirect(request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/ui"):
            return error_page(request, 422, "the address or form has an invalid value")
        try:
            return await request_validation_exception_handler(request, exc)
        except ValueError:  # UnicodeDecodeError included
            # FastAPI's 422 quotes the value refused, and some cannot be quoted in JSON: a
            # body of bytes that are not UTF-8 sent as text/plain or with no JSON type (a
            # UTF-16 file posted as it is), a number that is not finite. That ended in a 500
            # (red29); the same 422, with the value left out, says what was wrong.
            errors = [{k: e[k] for k in ("type", "loc", "msg") if k in e} for e in exc.errors()]
            return JSONResponse(status_code=422, content={"detail": jsonable_encoder(errors)})

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/ui"):
            return error_page(request, exc.status_code, str(exc.detail))
        return await http_exception_handler(request, exc)
