"""What every page shares: the logged-in session, CSRF checks, rendering, error pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from exportctl.auth import Role
from exportctl.errors import ExportCtlError, PermissionDenied
from exportctl.review.display import isolated, shown_controls
from exportctl.settings import get_settings
from exportctl.web import TEMPLATE_DIR
from exportctl.web.forms import Form, read_form
from exportctl.web.session import COOKIE, PRE_COOKIE, Session, SessionSigner, load_secret

if TYPE_CHECKING:
    # Only a type here: at run time the UI reaches the API's services through request.app,
    # and exportctl.api imports this package (an import of it here would be a cycle).
    from exportctl.api._context import Services

__all__ = [
    "FORM_BYTES",
    "UI_BODY_BYTES",
    "UPLOAD_BYTES",
    "LoginRequired",
    "csrf_form",
    "ctx",
    "error_page",
    "login_redirect",
    "render",
    "require",
    "session_of",
    "signer",
]

FORM_BYTES = 64 * 1024  # a plain form
UPLOAD_BYTES = 20 * 1_048_576  # a batch file or an attachment (the attachment limit is lower)
UI_BODY_BYTES = UPLOAD_BYTES + 1_048_576  # the server's hard cap: an upload plus form overhead

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
# A name or other text a party or a user wrote, isolated and its direction controls shown (rev29c).
templates.env.filters["bidi"] = isolated
templates.env.filters["bidi_text"] = shown_controls  # where no markup can go: <title>

NAV = (
    ("screen", "Screen", Role.SCREENER),
    ("batch", "Batch", Role.SCREENER),
    ("review", "Review queue", Role.REVIEWER),
    ("determine", "Determinations", Role.SCREENER),
    ("lists", "Lists", Role.SCREENER),
    ("ledger", "Ledger", Role.SCREENER),
    ("audit", "Audit pack", Role.REVIEWER),
)


class LoginRequired(Exception):
    """No valid session: the page redirects to the log-in form."""


def ctx(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def signer(request: Request) -> SessionSigner:
    state = request.app.state
    found: SessionSigner | None = getattr(state, "ui_signer", None)
    if found is None:
        found = SessionSigner(load_secret(get_settings().data_dir))
        state.ui_signer = found
    return found


def session_of(request: Request) -> Session | None:
    return signer(request).read(ctx(request).store.engine, request.cookies.get(COOKIE))


def require(request: Request, role: Role = Role.SCREENER) -> Session:
    """The session, which must allow ``role`` (LoginRequired / PermissionDenied)."""
    found = session_of(request)
    if found is None:
        raise LoginRequired()
    if not found.can(role):
        raise PermissionDenied(
            f"your key ({found.key.role.value}) cannot do this: it needs {role.value}"
        )
    return found


async def csrf_form(request: Request, session: Session, max_bytes: int = FORM_BYTES) -> Form:
    """The posted form, once its CSRF token matches the session's."""
    form = await read_form(request, max_bytes)
    if not signer(request).check_csrf(session.nonce, form.get("csrf")):
        raise PermissionDenied("the form has expired or did not come from this site; reload it")
    return form


def render(
    request: Request,
    template: str,
    session: Session | None,
    status: int = 200,
    csrf_nonce: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page; forms in it get the session's (or the pre-session's) CSRF token."""
    nonce = csrf_nonce or (session.nonce if session else request.cookies.get(PRE_COOKIE, ""))
    page = context.pop("page", template.removesuffix(".html"))
    nav = [(slug, label) for slug, label, role in NAV if session is not None and session.can(role)]
    response = templates.TemplateResponse(
        request,
        template,
        {
            "session": session,
            "csrf": signer(request).csrf(nonce) if nonce else "",
            "nav": nav,
            "page": page,
            "Role": Role,
            **context,
        },
        status_code=status,
    )
    _no_store(response)
    return response


def _no_store(response: Response) -> None:
    # Screening results are personal data: no shared or browser cache keeps them.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/ui/login?next={quote(target, safe='')}", status_code=303)


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as a page: the one-line message, never a stack trace."""
    if status == 401:
        return login_redirect(request)
    try:
        session = session_of(request)
    except ExportCtlError:
        session = None
    return render(
        request, "error.html", session, status=status, status_code=status, message=message
    )
