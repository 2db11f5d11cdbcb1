"""Case notes on review items, with optional attachments (at most 5 MiB each)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import and_, select

from exportctl.auth import ApiKey, Role, require_role
from exportctl.errors import InputError, NotFoundError
from exportctl.review.queue import get_item
from exportctl.review.records import MAX_ATTACHMENT_BYTES, MAX_REASON, Note, _note, _now, actor_name
from exportctl.store import Store
from exportctl.store.review_tables import review_notes

__all__ = ["add_note", "attachment"]


def add_note(
    store: Store,
    item_id: int,
    text: str,
    key: ApiKey,
    *,
    file_name: str | None = None,
    file_type: str | None = None,
    data: bytes | None = None,
) -> Note:
    """A case note on an item, with an optional attachment of at most 5 MiB."""
    require_role(key, Role.REVIEWER)
    text = (text or "").strip()
    if not text and not data:
        raise InputError("a note needs text or an attachment")
    if len(text) > MAX_REASON:
        raise InputError(f"the note is longer than {MAX_REASON} characters")
    if data is not None and len(data) > MAX_ATTACHMENT_BYTES:
        raise InputError(f"the attachment is larger than {MAX_ATTACHMENT_BYTES} bytes")
    if data is not None and not data:
        data = None
    get_item(store, item_id)  # NotFoundError when there is none
    values: dict[str, Any] = {
        "item_id": item_id,
        "author_id": key.id,
        "author": actor_name(key),
        "at": _now(),
        "text": text,
    }
    if data is not None:
        safe = "".join(c for c in (file_name or "attachment") if c.isalnum() or c in "._- ")
        values.update(
            file_name=(safe.strip() or "attachment")[:200],
            file_type=(file_type or "application/octet-stream")[:100],
            file_size=len(data),
            file_sha256=hashlib.sha256(data).hexdigest(),
            file_data=data,
        )
    with store.engine.begin() as conn:
        pk = conn.execute(review_notes.insert().values(**values)).inserted_primary_key
    assert pk is not None
    with store.engine.connect() as conn:
        cols = [c for c in review_notes.c if c.name != "file_data"]
        row = conn.execute(select(*cols).where(review_notes.c.id == pk[0])).one()
    return _note(row)


def attachment(store: Store, note_id: int) -> tuple[Note, bytes]:
    """A note's attachment bytes."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(review_notes).where(
                and_(review_notes.c.id == note_id, review_notes.c.file_data.is_not(None))
            )
        ).first()
    if row is None:
        raise NotFoundError(f"no attachment on note {note_id}")
    return _note(row), bytes(row.file_data)
