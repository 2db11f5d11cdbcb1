"""CAS Registry Numbers: shape, check digit, normal form."""

from __future__ import annotations

import re

from exportctl.controls.fold import fold_code
from exportctl.errors import InvalidCASError

__all__ = ["cas_check_digit", "is_cas", "normalize_cas"]

_SHAPE = re.compile(r"[0-9]{5,10}")


def cas_check_digit(body: str) -> int:
    """Check digit for the digits before it: Σ digit × position (from the right, from 1) mod 10."""
    return sum(int(d) * (i + 1) for i, d in enumerate(reversed(body))) % 10


def normalize_cas(value: str) -> str:
    """``107448`` / ``107-44-8`` / `` 107 44 8 `` → ``107-44-8``.

    Raises :class:`~exportctl.errors.InvalidCASError` (one line) for a wrong shape or check digit:
    an invalid number is an input error, never "not controlled".
    """
    text = fold_code(value)
    digits = re.sub(r"[\s\-]", "", text.strip())
    if not _SHAPE.fullmatch(digits):
        raise InvalidCASError(
            f"invalid CAS number {value!r}: expected 5 to 10 digits as NNNNNNN-NN-N", cas=value
        )
    if "-" in text.strip() and not re.fullmatch(r"\s*[0-9]{2,7}-[0-9]{2}-[0-9]\s*", text):
        raise InvalidCASError(
            f"invalid CAS number {value!r}: hyphens must split NNNNNNN-NN-N", cas=value
        )
    body, check = digits[:-1], int(digits[-1])
    if body.lstrip("0") != body:
        raise InvalidCASError(f"invalid CAS number {value!r}: leading zero", cas=value)
    expected = cas_check_digit(body)
    if expected != check:
        raise InvalidCASError(
            f"invalid CAS number {value!r}: check digit is {check}, expected {expected}", cas=value
        )
    return f"{digits[:-3]}-{digits[-3:-1]}-{digits[-1]}"


def is_cas(value: str) -> bool:
    """True when ``value`` looks like a CAS number (shape only; the check digit may be wrong)."""
    return bool(
        re.fullmatch(r"\s*[0-9]{2,7}-[0-9]{2}-[0-9]\s*|\s*[0-9]{5,10}\s*", fold_code(value))
    )
