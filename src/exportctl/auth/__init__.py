"""API keys with roles: created once, stored as a hash, checked in constant time.

A key reads ``exk_<id>.<secret>``: ``id`` is public (it names the key in listings and audit
rows), ``secret`` is 32 random bytes. Only ``sha256(key)`` is stored; checking a presented
key looks its row up by id and compares digests with :func:`hmac.compare_digest`.

Roles are ordered: ``screener`` (screen, read) < ``reviewer`` (+ decisions) < ``approver``
(+ approving another key's review decisions: four eyes) < ``admin`` (+ list loads, key
management); a key satisfies every role at or below its own.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from exportctl.errors import AuthError, InputError, NotFoundError, PermissionDenied, StoreError
from exportctl.store.auth_tables import api_keys

__all__ = [
    "ApiKey",
    "NewKey",
    "Role",
    "authenticate",
    "create_key",
    "get_key",
    "list_keys",
    "parse_authorization",
    "person_key",
    "require_role",
    "revoke_key",
    "same_person",
]

_PREFIX = "exk_"
# After case folding, ASCII letters and digits that read alike in a label (UTS #39 confusables
# among ASCII): "Rlta" / "R1ta" / "RIta", "B0b" / "Bob", "rn" / "m".
_ASCII_ALIKE = str.maketrans({"l": "i", "1": "i", "|": "i", "0": "o"})
_KEY_RE = re.compile(r"^exk_([0-9a-f]{16})\.([A-Za-z0-9_-]{20,128})$")


class Role(StrEnum):
    """What a key may do; each role includes the ones before it."""

    SCREENER = "screener"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def allows(self, needed: Role) -> bool:
        """True when a key of this role may do what ``needed`` may do."""
        return self.rank >= needed.rank

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value.strip().lower())
        except ValueError:
            known = ", ".join(r.value for r in cls)
            raise InputError(f"unknown role {value!r} (known: {known})") from None


_RANK = {Role.SCREENER: 0, Role.REVIEWER: 1, Role.APPROVER: 2, Role.ADMIN: 3}


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key, without its secret."""

    id: str
    role: Role
    label: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role.value,
            "label": self.label,
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


@dataclass(frozen=True, slots=True)
class NewKey:
    """A freshly created key: ``key`` is the only time the secret is available."""

    key: str
    info: ApiKey


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _row_key(row: Any) -> ApiKey:
    created = _utc(row.created_at)
    assert created is not None
    return ApiKey(row.id, Role(row.role), row.label, created, _utc(row.revoked_at))


def create_key(engine: Engine, role: Role | str, label: str = "") -> NewKey:
    """Create a key of ``role``; the returned secret is not stored anywhere."""
    role = role if isinstance(role, Role) else Role.parse(role)
    key_id = secrets.token_hex(8)
    token = f"{_PREFIX}{key_id}.{secrets.token_urlsafe(32)}"
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            conn.execute(
                api_keys.insert().values(
                    id=key_id,
                    key_hash=_digest(token),
                    role=role.value,
                    label=label,
                    created_at=now,
                    revoked_at=None,
                )
            )
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot store the new API key: {exc.__class__.__name__}") from None
    return NewKey(token, ApiKey(key_id, role, label, now))


def list_keys(engine: Engine, *, include_revoked: bool = True) -> list[ApiKey]:
    """Every key (never its secret), oldest first."""
    q = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)
    if not include_revoked:
        q = q.where(api_keys.c.revoked_at.is_(None))
    with engine.connect() as conn:
        return [_row_key(r) for r in conn.execute(q)]


def get_key(engine: Engine, key_id: str) -> ApiKey:
    """The stored key ``key_id`` as it is now (revoked or not); NotFoundError when none."""
    with engine.connect() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
    if row is None:
        raise NotFoundError(f"no API key with id {key_id!r}")
    return _row_key(row)


def revoke_key(engine: Engine, key_id: str) -> ApiKey:
    """Revoke a key by id; revoking twice keeps the first revocation time."""
    with engine.begin() as conn:
        conn.execute(
            update(api_keys)
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
    if row is None:
        raise NotFoundError(f"no API key with id {key_id!r}")
    return _row_key(row)


def person_key(label: str) -> str:
    """Who a key's label names, as four eyes compares people (``""``: the label names nobody).

    One key per person, named by its label (``keys create --label "Rita"``); a second key of
    the same person must not pass as another person because its label is spelt differently:
    case, spaces and punctuation, NFC/NFD, compatibility forms (fullwidth), invisible format
    characters, accents and lookalike letters of other scripts (Cyrillic ``а``, Greek ``ο``)
    all fold away. Folding too much only ever refuses an approval, never grants one.
    """
    from exportctl.text.tables import homoglyphs  # (the text tables load on first use)

    table = homoglyphs()
    # Lookalikes first, as the letters look (NFKD would read the lunate sigma ϲ as σ, not c),
    # then the compatibility decomposition, then lookalikes again for what it produced.
    text = unicodedata.normalize("NFKD", "".join(table.get(ch, ch) for ch in label or ""))
    out: list[str] = []
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue  # accents (after NFKD) and invisible format characters
        out.append(table.get(ch, ch))
    folded = unicodedata.normalize("NFKD", "".join(out).casefold())
    kept = "".join(
        table.get(ch, ch) for ch in folded if ch.isalnum() and unicodedata.category(ch) != "Mn"
    )
    return kept.translate(_ASCII_ALIKE).replace("rn", "m")


def same_person(a: ApiKey, b: ApiKey) -> bool:
    """True when two keys belong to one person: the same key, or labels naming the same person."""
    if a.id == b.id:
        return True
    mine = person_key(a.label)
    return bool(mine) and mine == person_key(b.label)


def parse_authorization(header: str | None) -> str:
    """The key in an ``Authorization: Bearer KEY`` or ``Authorization: ApiKey KEY`` header."""
    if not header:
        raise AuthError("missing Authorization header (use 'Bearer KEY' or 'ApiKey KEY')")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in {"bearer", "apikey"} or not token.strip():
        raise AuthError("unsupported Authorization scheme (use 'Bearer KEY' or 'ApiKey KEY')")
    return token.strip()


def authenticate(engine: Engine, token: str) -> ApiKey:
    """The active key that ``token`` is; AuthError for anything else (same message always)."""
    m = _KEY_RE.match(token)
    # Hash even a malformed token so that timing says nothing about which check failed.
    presented = _digest(token)
    row = None
    if m:
        with engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.id == m.group(1))).first()
    stored = row.key_hash if row is not None else "0" * 64
    if not hmac.compare_digest(presented, stored) or row is None or row.revoked_at is not None:
        raise AuthError("invalid or revoked API key")
    return _row_key(row)


def require_role(key: ApiKey, needed: Role) -> None:
    """PermissionDenied unless ``key``'s role includes ``needed``."""
    if not key.role.allows(needed):
        raise PermissionDenied(
            f"API key {key.id} has role {key.role.value}; this needs {needed.value}"
        )
