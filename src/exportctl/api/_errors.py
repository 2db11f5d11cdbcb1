"""Error answers: the documented error responses and the handlers that produce them."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from exportctl.api.models import ErrorOut
from exportctl.errors import ExportCtlError, InputError
from exportctl.web.errors import error_page

__all__ = ["ERRORS", "NOT_FOUND", "BadRequest", "install_error_handlers"]

log = logging.getLogger("exportctl.api")

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing, invalid or revoked API key."},
    400: {"model": ErrorOut, "description": "The request body is not UTF-8 text."},
    403: {"model": ErrorOut, "description": "The key's role does not allow this."},
    409: {"model": ErrorOut, "description": "No list is loaded: nothing to screen against."},
    413: {"model": ErrorOut, "description": "Request body too large."},
    422: {"description": "Invalid request."},
    503: {"model": ErrorOut, "description": "Database or screening index unavailable."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorOut, "description": "Not found."},
}


class BadRequest(InputError):
    """yente answers an unusable ``/match`` request with 400; so does exportctl there."""

    http_status = 400


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _page(request: Request) -> bool:
    """A web UI page: errors answer as HTML pages (see exportctl.web)."""
    return request.url.path.startswith("/ui")


def install_error_handlers(app: FastAPI) -> None:
    """Domain errors answer with their status and message; anything else with a bare 500.

    Under ``/ui`` the same answers come as HTML pages (never a stack trace).
    """

    @app.exception_handler(ExportCtlError)
    async def _domain(request: Request, exc: ExportCtlError) -> Response:
        status = exc.http_status
        message = str(exc)
        if status >= 500:
            # Server-side messages can name paths or database URLs: log them, answer briefly.
            log.error("%s: %s", exc.__class__.__name__, exc)
            message = "service unavailable" if status == 503 else "internal server error"
        if _page(request):
            return error_page(request, status, message)
        if status == 401:
            return _error(401, message, {"WWW-Authenticate": "Bearer"})
        return _error(status, message)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error", exc_info=exc)
        if _page(request):
            return error_page(request, 500, "internal server error")
        return _error(500, "internal server error")
