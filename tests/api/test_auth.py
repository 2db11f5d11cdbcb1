"""API keys: hashed at rest, roles ordered, Authorization header schemes, revocation."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from exportctl.auth import (
    Role,
    authenticate,
    create_key,
    list_keys,
    parse_authorization,
    require_role,
    revoke_key,
)
from exportctl.errors import AuthError, InputError, NotFoundError, PermissionDenied
from exportctl.store import open_store
from exportctl.store.auth_tables import api_keys


def test_key_is_stored_only_as_a_hash(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "a.sqlite"))
    made = create_key(store.engine, "reviewer", "team")
    with store.engine.connect() as conn:
        row = conn.execute(select(api_keys)).one()
    secret = made.key.split(".", 1)[1]
    assert secret not in "".join(str(v) for v in row)
    assert len(row.key_hash) == 64
    assert (tmp_path / "a.sqlite").read_bytes().find(secret.encode()) == -1
    assert authenticate(store.engine, made.key).role is Role.REVIEWER


def test_wrong_secret_unknown_id_and_revoked_key_fail_alike(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "a.sqlite"))
    made = create_key(store.engine, Role.SCREENER)
    key_id = made.info.id
    attempts = [
        made.key[:-1] + ("A" if made.key[-1] != "A" else "B"),
        f"exk_{'0' * 16}.{made.key.split('.', 1)[1]}",
        "not-a-key",
        "",
    ]
    for token in attempts:
        with pytest.raises(AuthError, match="invalid or revoked API key"):
            authenticate(store.engine, token)
    revoke_key(store.engine, key_id)
    with pytest.raises(AuthError, match="invalid or revoked API key"):
        authenticate(store.engine, made.key)
    assert list_keys(store.engine, include_revoked=False) == []
    with pytest.raises(NotFoundError):
        revoke_key(store.engine, "ffffffffffffffff")


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.allows(Role.REVIEWER)
    assert Role.REVIEWER.allows(Role.SCREENER)
    assert not Role.SCREENER.allows(Role.REVIEWER)
    with pytest.raises(InputError, match="unknown role"):
        Role.parse("root")


def test_require_role_is_403(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "a.sqlite"))
    key = create_key(store.engine, Role.SCREENER).info
    with pytest.raises(PermissionDenied) as err:
        require_role(key, Role.ADMIN)
    assert err.value.http_status == 403


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        ("ApiKey abc", "abc"),
        ("apikey abc", "abc"),
    ],
)
def test_authorization_schemes(header: str, token: str) -> None:
    assert parse_authorization(header) == token


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Token abc"])
def test_authorization_rejected(header: str | None) -> None:
    with pytest.raises(AuthError):
        parse_authorization(header)
