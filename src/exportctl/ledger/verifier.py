"""Standalone verifier for exportctl ledger proof bundles (stdlib + ``cryptography`` only).

A third party can copy this one file and check a published bundle without exportctl or its
database::

    python verifier.py bundle.json [--public-key ledger.pub]

It implements RFC 9162 (Certificate Transparency v2) hashing and verification:

* leaf hash  ``SHA-256(0x00 || leaf)``, interior node ``SHA-256(0x01 || left || right)``;
* inclusion proof verification (RFC 9162 §2.1.3.2);
* consistency proof verification (RFC 9162 §2.1.4.2);
* the leaf encoding of a ledger entry (canonical JSON of digests and references only);
* the signed tree head ("checkpoint") text and its Ed25519 signature.

Bundle shapes (JSON)::

    {"type": "inclusion", "version": 1, "entry": {...leaf fields...}, "leaf_index": 5,
     "tree_size": 8, "path": ["<hex>", ...], "head": {...signed head...},
     "public_key": "<PEM>", "opening": {...optional salt + texts...}}
    {"type": "consistency", "version": 1, "first": {...signed head...},
     "second": {...signed head...}, "path": ["<hex>", ...], "public_key": "<PEM>"}

A signed head is ``{"origin", "tree_size", "root_hash" (hex), "timestamp" (ISO 8601 UTC),
"key_id", "signature" (base64)}``; the signature covers :func:`head_message`.

Nothing here imports exportctl: keep it that way so the file stays portable.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

__all__ = [
    "LEAF_VERSION",
    "BundleResult",
    "ProofError",
    "canonical_json",
    "head_message",
    "key_id",
    "leaf_bytes",
    "leaf_hash",
    "load_public_key",
    "node_hash",
    "root_from_inclusion",
    "verify_bundle",
    "verify_consistency",
    "verify_head_signature",
    "verify_inclusion",
    "verify_opening",
]

LEAF_VERSION = 1
# The fields a leaf commits to; anything else in a bundle's "entry" is ignored.
LEAF_FIELDS = ("v", "id", "kind", "time", "actor", "inputs", "result", "summary", "versions")


class ProofError(ValueError):
    """A proof, head or bundle that does not verify; the message says which check failed."""


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaf_hash(leaf: bytes) -> bytes:
    """RFC 9162 leaf hash: ``SHA-256(0x00 || leaf)``."""
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 text: the one encoding every digest is taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def leaf_bytes(entry: Mapping[str, Any]) -> bytes:
    """The bytes a ledger leaf commits to: canonical JSON of the entry's digest fields."""
    try:
        data = {name: entry[name] for name in LEAF_FIELDS}
    except KeyError as exc:
        raise ProofError(f"entry lacks the leaf field {exc.args[0]!r}") from None
    return canonical_json(data).encode("utf-8")


def _lsb(value: int) -> int:
    return value & 1


def root_from_inclusion(
    leaf_index: int, tree_size: int, leaf: bytes, path: Sequence[bytes]
) -> bytes:
    """The root implied by an inclusion path (RFC 9162 §2.1.3.2 steps 1–5, without the compare).

    ``leaf`` is the leaf *hash*.
    """
    if leaf_index < 0 or leaf_index >= tree_size:
        raise ProofError(f"leaf index {leaf_index} is outside a tree of size {tree_size}")
    fn, sn = leaf_index, tree_size - 1
    r = leaf
    for p in path:
        if sn == 0:
            raise ProofError("inclusion path is longer than the tree is deep")
        if _lsb(fn) or fn == sn:
            r = node_hash(p, r)
            if not _lsb(fn):
                while not _lsb(fn) and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion path is shorter than the tree is deep")
    return r


def verify_inclusion(
    leaf_index: int, tree_size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> None:
    """Check that leaf hash ``leaf`` sits at ``leaf_index`` of the tree with ``root``."""
    if root_from_inclusion(leaf_index, tree_size, leaf, path) != root:
        raise ProofError(
            f"inclusion proof for leaf {leaf_index} does not lead to the root of tree {tree_size}"
        )


def verify_consistency(
    first: int, second: int, path: Sequence[bytes], first_root: bytes, second_root: bytes
) -> None:
    """Check that tree ``second`` extends tree ``first`` (RFC 9162 §2.1.4.2)."""
    if first < 0 or second < first:
        raise ProofError(f"no consistency proof can exist from size {first} to size {second}")
    if first == second:
        if path:
            raise ProofError("a consistency proof between equal sizes must be empty")
        if first_root != second_root:
            raise ProofError(f"two different roots for the same tree size {first}")
        return
    if first == 0:
        if path:
            raise ProofError("a consistency proof from the empty tree must be empty")
        return
    if not path:
        raise ProofError("empty consistency proof")
    nodes = list(path)
    if first & (first - 1) == 0:  # an exact power of two: the old root is itself a subtree
        nodes.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while _lsb(fn):
        fn >>= 1
        sn >>= 1
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            raise ProofError("consistency path is longer than the tree is deep")
        if _lsb(fn) or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not _lsb(fn):
                while not _lsb(fn) and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency path is shorter than the tree is deep")
    if fr != first_root:
        raise ProofError(f"consistency proof does not lead to the root of tree {first}")
    if sr != second_root:
        raise ProofError(f"consistency proof does not lead to the root of tree {second}")


def head_message(origin: str, tree_size: int, root_hash: bytes, timestamp: str) -> bytes:
    """The text a tree head signature covers, in the C2SP checkpoint style plus a time line."""
    root = base64.b64encode(root_hash).decode("ascii")
    return f"{origin}\n{tree_size}\n{root}\n{timestamp}\n".encode()


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM text."""
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise ProofError(f"unreadable public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ProofError("the public key is not an Ed25519 key")
    return key


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short, stable name for a key: the first 8 bytes of SHA-256 of its raw bytes, hex."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _sha256(raw)[:8].hex()


def _hex(value: Any, what: str) -> bytes:
    try:
        out = bytes.fromhex(str(value))
    except ValueError:
        raise ProofError(f"{what} is not hex") from None
    if len(out) != 32:
        raise ProofError(f"{what} is not a 32-byte hash")
    return out


def verify_head_signature(head: Mapping[str, Any], public_key: Ed25519PublicKey) -> None:
    """Check a signed tree head's Ed25519 signature and key id."""
    try:
        origin = str(head["origin"])
        size = int(head["tree_size"])
        root = _hex(head["root_hash"], "root_hash")
        timestamp = str(head["timestamp"])
        signature = base64.b64decode(str(head["signature"]), validate=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProofError(f"malformed signed head: {exc}") from None
    if head.get("key_id") not in (None, key_id(public_key)):
        raise ProofError(f"head signed by key {head.get('key_id')}, not by {key_id(public_key)}")
    try:
        public_key.verify(signature, head_message(origin, size, root, timestamp))
    except InvalidSignature:
        raise ProofError(f"bad signature on the tree head of size {size}") from None


def verify_opening(entry: Mapping[str, Any], opening: Mapping[str, Any]) -> None:
    """Check revealed record data (salt + canonical texts) against the entry's digests."""
    salt = bytes.fromhex(str(opening["salt"]))
    for name in ("actor", "inputs", "result"):
        if opening.get(name) is None:
            continue
        text = str(opening[name]).encode("utf-8")
        digest = hashlib.sha256(name.encode() + b"\x00" + salt + text).hexdigest()
        if digest != entry[name]:
            raise ProofError(f"revealed {name} does not match the committed digest")
    if opening.get("summary") is not None:
        digest = hashlib.sha256(str(opening["summary"]).encode("utf-8")).hexdigest()
        if digest != entry["summary"]:
            raise ProofError("revealed summary does not match the committed digest")


@dataclass(slots=True)
class BundleResult:
    """What a verified bundle proves."""

    type: str
    key_id: str
    tree_size: int
    root_hash: str
    checks: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "type": self.type,
            "key_id": self.key_id,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "checks": self.checks,
        }


def _path(bundle: Mapping[str, Any]) -> list[bytes]:
    raw = bundle.get("path")
    if not isinstance(raw, list):
        raise ProofError("bundle has no proof path")
    return [_hex(p, "path element") for p in raw]


def verify_bundle(
    bundle: Mapping[str, Any], public_key: Ed25519PublicKey | None = None
) -> BundleResult:
    """Verify an inclusion or consistency bundle; ``public_key`` pins the expected signer.

    Without a pinned key the key in the bundle is used: that proves internal consistency only,
    so compare the reported key id with the one the ledger operator publishes.
    """
    if public_key is None:
        if "public_key" not in bundle:
            raise ProofError("bundle carries no public key and none was given")
        public_key = load_public_key(str(bundle["public_key"]))
    kid = key_id(public_key)
    kind = bundle.get("type")
    if kind == "inclusion":
        head = bundle["head"]
        verify_head_signature(head, public_key)
        checks = [f"head signature (key {kid})"]
        entry = bundle["entry"]
        size, index = int(bundle["tree_size"]), int(bundle["leaf_index"])
        if size != int(head["tree_size"]):
            raise ProofError("the proof's tree size differs from the signed head's")
        leaf = leaf_hash(leaf_bytes(entry))
        if "leaf_hash" in bundle and _hex(bundle["leaf_hash"], "leaf_hash") != leaf:
            raise ProofError("the entry does not hash to the bundle's leaf_hash")
        verify_inclusion(index, size, leaf, _path(bundle), _hex(head["root_hash"], "root_hash"))
        checks.append(f"entry {entry['id']} is leaf {index} of tree {size}")
        opening = bundle.get("opening")
        if opening:
            verify_opening(entry, opening)
            checks.append("revealed record data matches the committed digests")
        return BundleResult("inclusion", kid, size, str(head["root_hash"]), checks)
    if kind == "consistency":
        first, second = bundle["first"], bundle["second"]
        verify_head_signature(first, public_key)
        verify_head_signature(second, public_key)
        m, n = int(first["tree_size"]), int(second["tree_size"])
        verify_consistency(
            m,
            n,
            _path(bundle),
            _hex(first["root_hash"], "first root_hash"),
            _hex(second["root_hash"], "second root_hash"),
        )
        checks = [f"head signatures (key {kid})", f"tree {n} is an append-only extension of {m}"]
        return BundleResult("consistency", kid, n, str(second["root_hash"]), checks)
    raise ProofError(f"unknown bundle type {kind!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """``python verifier.py BUNDLE [--public-key PEM]``: exit 0 when the bundle verifies."""
    args = list(sys.argv[1:] if argv is None else argv)
    key: Ed25519PublicKey | None = None
    if "--public-key" in args:
        i = args.index("--public-key")
        with open(args[i + 1], "rb") as fh:
            key = load_public_key(fh.read())
        del args[i : i + 2]
    if len(args) != 1:
        sys.stderr.write("usage: verifier.py BUNDLE.json [--public-key KEY.pem]\n")
        return 2
    try:
        with open(args[0], encoding="utf-8") as fh:
            bundle = json.load(fh)
        result = verify_bundle(bundle, key)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        sys.stdout.write(json.dumps({"ok": False, "error": str(exc)}) + "\n")
        return 1
    sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
