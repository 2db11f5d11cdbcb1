"""The exception tree of exportctl.

Every failure a user can cause is an :class:`ExportCtlError`; front ends print ``str(error)``
(one line naming the file, record and reason) and exit non-zero, or answer with ``http_status``.

    ExportCtlError
    ├── ConfigError            bad setting or environment (EXPORTCTL_*)
    ├── InputError             bad user input (query, CLI argument, request body)
    │   ├── UnknownCodeError   unknown country, item code, source or list code
    │   └── InvalidCASError    CAS registry number with a wrong shape or check digit
    ├── SourceError            a list file that cannot be read or parsed as a whole
    │   └── FormatDetectionError  no parser recognises the file's content
    ├── StoreError             database problems (unreachable, schema, missing snapshot)
    │   ├── NotFoundError      a record asked for by key does not exist
    │   └── NoListsError       no list is loaded: nothing can be screened (HTTP 409)
    ├── AuthError              missing or invalid credentials (HTTP 401)
    │   └── PermissionDenied   valid credentials without the needed role (HTTP 403)
    └── LedgerError            ledger key, signature or proof problems
        └── TamperError        the stored log does not verify; carries the locations
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "ConfigError",
    "ExportCtlError",
    "FormatDetectionError",
    "InputError",
    "InvalidCASError",
    "LedgerError",
    "NoListsError",
    "NotFoundError",
    "PermissionDenied",
    "SourceError",
    "StoreError",
    "TamperError",
    "UnknownCodeError",
]


class ExportCtlError(Exception):
    """Root of every exportctl error; ``str()`` is a one-line message fit for a user."""

    http_status: int = 500

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return self.message


class ConfigError(ExportCtlError):
    http_status = 500


class InputError(ExportCtlError):
    http_status = 422


class UnknownCodeError(InputError):
    http_status = 422


class InvalidCASError(InputError):
    http_status = 422


class SourceError(ExportCtlError):
    """A list file that cannot be used; ``path`` and ``location`` say where."""

    http_status = 422

    def __init__(
        self, message: str, *, path: str | None = None, location: str | None = None
    ) -> None:
        where = ": ".join(p for p in (path, location) if p)
        super().__init__(f"{where}: {message}" if where else message, path=path, location=location)
        self.path = path
        self.location = location


class FormatDetectionError(SourceError):
    pass


class StoreError(ExportCtlError):
    http_status = 503


class NotFoundError(StoreError):
    http_status = 404


class NoListsError(StoreError):
    """The database holds no active list: a screen would clear everyone, so it is refused."""

    http_status = 409


class AuthError(ExportCtlError):
    http_status = 401


class PermissionDenied(AuthError):
    http_status = 403


class LedgerError(ExportCtlError):
    # A missing or unreadable key is a service that is not set up yet, not a crash.
    http_status = 503


class TamperError(LedgerError):
    """The log does not verify; ``problems`` lists each located defect."""

    http_status = 500

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
