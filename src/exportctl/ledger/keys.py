"""The ledger's Ed25519 signing key: created by ``exportctl ledger init``, checked on every load.

The private key is a PKCS#8 PEM file with mode 0600 in ``<data_dir>/ledger/``; a key that the
group or others can read is refused, as OpenSSH refuses such a key: whoever can read it can sign
tree heads in the ledger's name.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from exportctl.errors import LedgerError
from exportctl.ledger.verifier import key_id, load_public_key

__all__ = ["SigningKey", "create_key", "key_paths", "load_public", "load_signing_key"]


@dataclass(frozen=True, slots=True)
class SigningKey:
    private: Ed25519PrivateKey
    public: Ed25519PublicKey
    key_id: str

    @property
    def origin(self) -> str:
        """The log's name in signed heads."""
        return f"exportctl-ledger/{self.key_id}"

    def public_pem(self) -> str:
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")


def key_paths(data_dir: Path) -> tuple[Path, Path]:
    """``(private, public)`` key file paths under the data directory."""
    folder = data_dir / "ledger"
    return folder / "ed25519.key", folder / "ed25519.pub"


def create_key(data_dir: Path, *, force: bool = False) -> SigningKey:
    """Generate a key pair; refuses to overwrite an existing key unless ``force``."""
    private_path, public_path = key_paths(data_dir)
    if private_path.exists() and not force:
        raise LedgerError(f"{private_path}: a ledger key already exists (use --force to replace)")
    private_path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = private_path.with_suffix(".tmp")
    # Create with 0600 from the start: never a moment where the key is readable by others.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    os.chmod(tmp, 0o600)
    os.replace(tmp, private_path)
    signing = SigningKey(key, key.public_key(), key_id(key.public_key()))
    public_path.write_text(signing.public_pem(), encoding="ascii")
    _CACHE.pop(private_path, None)
    return signing


_CACHE: dict[Path, tuple[float, SigningKey]] = {}


def load_signing_key(data_dir: Path, *, required: bool = True) -> SigningKey | None:
    """The signing key, or None when there is none and it is not ``required``.

    Raises LedgerError when the file is readable by group or others, or is not an Ed25519 key.
    """
    private_path, _ = key_paths(data_dir)
    try:
        st = private_path.stat()
    except FileNotFoundError:
        if required:
            raise LedgerError(
                f"{private_path}: no ledger key; run `exportctl ledger init` first"
            ) from None
        return None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise LedgerError(
            f"{private_path}: private key is accessible by group/others "
            f"(mode {stat.S_IMODE(st.st_mode):04o}); run `chmod 600 {private_path}`"
        )
    cached = _CACHE.get(private_path)
    if cached and cached[0] == st.st_mtime:
        return cached[1]
    try:
        key = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise LedgerError(f"{private_path}: unreadable private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerError(f"{private_path}: not an Ed25519 private key")
    signing = SigningKey(key, key.public_key(), key_id(key.public_key()))
    _CACHE[private_path] = (st.st_mtime, signing)
    return signing


def load_public(data_dir: Path, path: Path | None = None) -> Ed25519PublicKey:
    """The trusted public key: ``path`` if given, else the one beside the private key."""
    public_path = path or key_paths(data_dir)[1]
    try:
        return load_public_key(public_path.read_bytes())
    except FileNotFoundError:
        raise LedgerError(
            f"{public_path}: no ledger public key; run `exportctl ledger init`"
        ) from None
    except ValueError as exc:
        raise LedgerError(f"{public_path}: {exc}") from None
