"""Smaller copies of the real XML list files for tests that damage or fuzz them."""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def xml_subset(path: Path, groups: dict[str, tuple[str, int]]) -> bytes:
    """The real XML with only the first N records kept in each group (still complete):
    ``{"INDIVIDUALS": ("INDIVIDUAL", 12)}``; group ``"."`` is the root element."""
    root = etree.fromstring(path.read_bytes())
    for group, (tag, keep) in groups.items():
        for parent in root.iter(group) if group != "." else [root]:
            for extra in parent.findall(tag)[keep:]:
                parent.remove(extra)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
