"""Log-in sessions of the web UI: a signed cookie naming an API key, and CSRF tokens.

The cookie (``exportctl_session``: HttpOnly, SameSite=Strict, Secure on HTTPS) holds the key
id, a random nonce and an expiry, signed with HMAC-SHA256 under a server secret kept in the
data directory (created once, mode 0600, shared by all worker processes). The secret key
itself is never stored in the cookie. Every request re-reads the key's row, so revoking the
key ends its sessions at once. Each form carries a CSRF token derived from the session's
nonce; the log-in form, before any session, from a separate pre-session cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from exportctl.auth import ApiKey, Role
from exportctl.store.auth_tables import api_keys

__all__ = [
    "COOKIE",
    "PRE_COOKIE",
    "SESSION_SECONDS",
    "Session",
    "SessionSigner",
    "load_secret",
]

COOKIE = "exportctl_session"
PRE_COOKIE = "exportctl_pre"
SESSION_SECONDS = 8 * 3600  # a working day


def load_secret(data_dir: Path) -> bytes:
    """The server's signing secret, created on first use (readable by its owner only)."""
    path = data_dir / "ui-session.secret"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_bytes(32)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(fresh)
    try:  # another worker may have won the race: keep whichever is there
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes()


@dataclass(frozen=True)
class Session:
    """A logged-in key and the session's nonce (the CSRF tokens derive from it)."""

    key: ApiKey
    nonce: str

    def can(self, role: Role) -> bool:
        return self.key.role.allows(role)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class SessionSigner:
    """Makes and checks session cookies and CSRF tokens under one secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, text: str) -> str:
        return _b64(hmac.new(self._secret, text.encode(), hashlib.sha256).digest())

    def cookie(self, key: ApiKey, *, now: float | None = None) -> str:
        """A fresh session cookie value for ``key``."""
        expires = int((now or time.time()) + SESSION_SECONDS)
        body = f"{key.id}.{secrets.token_urlsafe(16)}.{expires}"
        return f"{body}.{self._mac('session:' + body)}"

    def read(
        self, engine: Engine, value: str | None, *, now: float | None = None
    ) -> Session | None:
        """The session a cookie names, or None (bad signature, expired, revoked key)."""
        if not value or value.count(".") != 3:
            return None
        key_id, nonce, expires, mac = value.split(".")
        body = f"{key_id}.{nonce}.{expires}"
        if not hmac.compare_digest(mac, self._mac("session:" + body)):
            return None
        if not expires.isdigit() or int(expires) < (now or time.time()):
            return None
        with engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
        if row is None or row.revoked_at is not None:
            return None
        key = ApiKey(
            id=row.id,
            role=Role(row.role),
            label=row.label,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )
        return Session(key, nonce)

    def csrf(self, nonce: str) -> str:
        """The CSRF token of forms in the session (or pre-session) with ``nonce``."""
        return self._mac("csrf:" + nonce)

    def check_csrf(self, nonce: str | None, token: str | None) -> bool:
        return bool(nonce and token) and hmac.compare_digest(self.csrf(nonce or ""), token or "")
