"""Free-text classification (lexical path; the semantic encoder on a few sentences if installed)."""

from __future__ import annotations

import pytest

from exportctl import controls
from exportctl.controls.embedding import available, get_encoder
from exportctl.controls.thresholds import find_thresholds


def test_lexical_search_finds_machine_tools() -> None:
    r = controls.classify_text(
        "milling machine five axes contouring control", "us", 5, semantic=False
    )
    codes = [e["code"] for e in r["entries"]]
    assert any(c.startswith("2B001.b") for c in codes), codes
    top = r["entries"][0]
    assert {"list", "code", "title", "regime", "reason", "score", "passage", "thresholds"} <= set(
        top
    )
    assert any("lexical only" in n for n in r["notes"])
    assert r["lists_searched"] == [{"list": "us_ccl", "version": "2026-07-23"}]


def test_text_with_no_match_says_so() -> None:
    r = controls.classify_text("zzzz qqqq", semantic=False)
    assert r["entries"] == []
    assert any("No entry found in the lists searched" in n for n in r["notes"])


def test_classify_dispatches_on_shape() -> None:
    assert controls.classify("107-44-8")["entries"][0]["code"] == "1.A.1"
    assert controls.classify("2.B.13")["entries"][0]["code"] == "2.B.13"
    assert controls.classify("1C350.b.22")["entries"][-1]["code"] == "1C350.b.22"


def test_thresholds() -> None:
    got = find_thresholds(
        "An output power exceeding 100 mW (20 dBm) and a pressure greater than 10 GPa"
    )
    assert "An output power exceeding 100 mW" in got
    assert any(t.endswith("greater than 10 GPa") for t in got)


@pytest.mark.skipif(not available(), reason="semantic extra not installed")
def test_encoder_matches_reference_values() -> None:
    enc = get_encoder()
    assert enc is not None
    v = enc.encode(
        [
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The girl is carrying a baby.",
        ]
    )
    # sentence-transformers all-MiniLM-L6-v2 gives 0.7553 for the first pair
    assert abs(float(v[0] @ v[1]) - 0.7553) < 0.01
    assert float(v[0] @ v[2]) < 0.1


def test_scores_are_calibrated_with_a_confidence_floor() -> None:
    from exportctl.controls.search import CONFIDENCE_FLOOR

    # One query word in three ("switch") is not a classification: no 1.0, no confident match.
    weak = controls.classify_text("unmanaged Ethernet switch", semantic=False)
    assert weak["entries"][0]["score"] < CONFIDENCE_FLOOR
    assert any(n.startswith("no confident match") for n in weak["notes"])
    assert all(e["score"] < 1.0 for e in weak["entries"])
    # Every word carried (0B001.b.13 frequency changers): ranked first and confident.
    strong = controls.classify_text("gas centrifuge frequency changer", semantic=False)
    assert strong["entries"][0]["code"].startswith("0B001.b.13")
    assert strong["entries"][0]["score"] >= CONFIDENCE_FLOOR
    assert not any(n.startswith("no confident match") for n in strong["notes"])
    scores = [e["score"] for e in strong["entries"]]
    assert scores == sorted(scores, reverse=True)
