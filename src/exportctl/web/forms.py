"""Reading HTML form posts with the standard library: URL-encoded and multipart bodies.

Starlette's own form parser needs the python-multipart package; the UI's forms are small and
few, so the stdlib ``email`` parser reads multipart bodies instead (after the body size has
been bounded by the server's middleware).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

from starlette.requests import Request

from exportctl.errors import InputError

__all__ = ["Form", "Upload", "read_form"]


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name as sent, media type and bytes."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Form:
    """Fields (first value of each name, and all values) and uploaded files."""

    values: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        found = self.values.get(name)
        return found[0].strip() if found else default

    def getlist(self, name: str) -> list[str]:
        return [v.strip() for v in self.values.get(name, []) if v.strip()]


async def read_form(request: Request, max_bytes: int) -> Form:
    """The posted form; InputError for a body over ``max_bytes`` or an unreadable one."""
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise InputError(f"the upload is larger than {max_bytes // 1_048_576} MiB")
    ctype = request.headers.get("content-type", "")
    form = Form()
    if ctype.startswith("application/x-www-form-urlencoded") or not ctype:
        for k, v in parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True):
            form.values.setdefault(k, []).append(v)
        return _text_only(form)
    if not ctype.startswith("multipart/form-data"):
        raise InputError("unsupported form encoding")
    head = f"Content-Type: {ctype}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    msg = BytesParser(policy=HTTP).parsebytes(head + bytes(body))
    if not msg.is_multipart():
        raise InputError("unreadable form data")
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            if data or filename:
                form.files[name] = Upload(filename, part.get_content_type(), data)
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            value = data.decode(charset, errors="replace")
        except LookupError:  # a charset Python does not know: read as UTF-8
            value = data.decode("utf-8", errors="replace")
        form.values.setdefault(name, []).append(value)
    return _text_only(form)


def _text_only(form: Form) -> Form:
    """``form``, or InputError when a field (or a file's name or type) holds NUL: PostgreSQL
    cannot store it in a text column, so the insert of a note or a filter on it was a 500
    there; nothing a person types in a form holds one."""
    texts = list(form.values) + [v for vs in form.values.values() for v in vs]
    texts += [t for f in form.files.values() for t in (f.filename, f.content_type)]
    if any("\x00" in t for t in texts):
        raise InputError("a form field holds a NUL character: that is not text")
    return form
