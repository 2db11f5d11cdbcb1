"""Errors under ``/ui`` as pages: log-in redirects, one-line messages, never a stack trace."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
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
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/ui"):
            return error_page(request, exc.status_code, str(exc.detail))
        return await http_exception_handler(request, exc)
