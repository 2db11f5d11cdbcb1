#!/usr/bin/env python3
"""Count the control-list entries by text check (verified / unverified and the reason).

    python scripts/text_check_report.py [DATA_DIR]

DATA_DIR holds ``eu_annex_i.json.gz`` and ``us_ccl.json.gz`` (default: the package data). To see
an older state: ``git show REV:src/exportctl/controls/data/eu_annex_i.json.gz > DIR/…``.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "src" / "exportctl" / "controls" / "data"


def reason(check: str) -> str:
    """The kind of a ``text_check``: its status and reason without the entry's particulars."""
    status, _, rest = check.partition(": ")
    rest = re.sub(r"\bUS \d[A-E]\d{3}\b", "US …", rest)
    rest = re.sub(r"^\(checked as part of \w+\) ", "", rest)
    head = re.split(r" \(| in (?=[a-z0-9.]+:)|; |(?<=with): ", rest)
    if rest.startswith("no US text") and len(head) > 1:
        why = re.split(r" \(|; ", head[1])[0]
        return f"{status}: {head[0]}: {why}"
    return f"{status}: {head[0]}"


# Powers of ten and unit powers as the sources flattened them ("5 × 106", "10−14", "cm2").
FLATTENED = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)?\s?[×x]\s?10[−-]?\d|(?<![\w.,×])10[−-]\d{1,2}(?![\d.,]\d|\d)"
    r"|(?<![A-Za-z])(?:[kcmµμ]?m)[23](?![\w²³])"
)


def flattened(records: list[dict[str, object]]) -> int:
    """How many flattened powers the records' text still prints."""
    n = 0
    for r in records:
        for field in ("title", "text", "notes", "technical_notes", "decontrol_notes"):
            value = r.get(field) or []
            for text in [value] if isinstance(value, str) else value:  # type: ignore[union-attr]
                n += len(FLATTENED.findall(str(text)))
    return n


def report(folder: Path) -> str:
    lines = []
    for name, kinds in (("eu_annex_i", ("entry",)), ("us_ccl", ("entry", "paragraph"))):
        path = folder / f"{name}.json.gz"
        if not path.exists():
            continue
        records = [r for r in json.loads(gzip.decompress(path.read_bytes())) if r["kind"] in kinds]
        checks = Counter(reason(r["text_check"]) for r in records if r.get("text_check"))
        verified = sum(n for k, n in checks.items() if k.startswith("verified"))
        unverified = sum(checks.values()) - verified
        lines.append(
            f"{name} ({'/'.join(kinds)}: {len(records)}): {verified} verified, "
            f"{unverified} unverified, {len(records) - sum(checks.values())} without a check; "
            f"flattened powers still printed: {flattened(records)}"
        )
        lines += [f"  {n:4d}  {k}" for k, n in sorted(checks.items(), key=lambda x: (-x[1], x[0]))]
        if name == "eu_annex_i":
            lines.append(sub_items(json.loads(gzip.decompress(path.read_bytes()))))
    return "\n".join(lines)


def sub_items(records: list[dict[str, str]]) -> str:
    """EU sub-items by check; a sub-item without a check of its own has its entry's (as the
    package did before sub-items carried their own)."""
    entry = {r["code"]: r.get("text_check", "") for r in records if r["kind"] == "entry"}
    paras = [r for r in records if r["kind"] == "paragraph"]
    checks = [r.get("text_check") or entry.get(r["code"].split(".")[0], "") for r in paras]
    own = sum(c.startswith("verified: this sub-item") for c in checks)
    verified = sum(c.startswith("verified") for c in checks)
    return (
        f"eu_annex_i sub-items: {len(paras)}: {verified} verified ({own} on their own while "
        f"their entry as a whole is not), {len(paras) - verified} unverified"
    )


if __name__ == "__main__":
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
