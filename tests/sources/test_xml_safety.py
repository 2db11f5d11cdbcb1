"""Every parser reads XML through ``sources._xml``: an external entity is never read (XXE), and
a comment does not split a text."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree

from exportctl.sources._xml import iterparse, parser


def _doc(secret: Path) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">'
        '<!ENTITY y "expanded">]>\n<r><n>A&x;B</n><n>C&y;D</n><n>E<!-- c -->F</n></r>'
    ).encode()


def test_whole_document_parser_reads_no_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    root = etree.fromstring(_doc(secret), parser())
    text = etree.tostring(root, encoding="unicode")
    assert "TOP SECRET" not in text
    names = [n.xpath("string()") for n in root]
    assert names[0] == "AB" and names[2] == "EF"


def test_iterparse_reads_no_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    names = [el.xpath("string()") for _, el in iterparse(io.BytesIO(_doc(secret)), tag="n")]
    assert names[0] == "AB" and names[2] == "EF"
    assert not any("TOP SECRET" in n for n in names)
