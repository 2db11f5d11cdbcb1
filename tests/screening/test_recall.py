"""Candidate retrieval loses nothing: screen() equals a brute-force scan of every listed entity.

The brute force scores every entity of the UN list with the same algorithm (all names, no
index); retrieval must return every entity the scan puts at or above the threshold. Queries: a
seeded sample of the yente candidate-generation positives (typos, reordering, NBSP …) and
negatives, the nomenklatura name-bench names, and transliteration variants of UN names
(Latvian -s endings, j/y/i, kh/h, ou/u, ph/f, q/k, doubled letters).
"""

from __future__ import annotations

import csv
import gzip
import io
import random
from pathlib import Path

from _brute import brute_force

from exportctl.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen

CANDGEN = "lists/matching/yente_candgen"


def _rows(path: Path) -> list[dict[str, str]]:
    raw = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
    return list(csv.DictReader(io.StringIO(raw)))


def _queries(shared_data: Path) -> list[Query]:
    rng = random.Random(3)
    pos = rng.sample(_rows(shared_data / CANDGEN / "positives_un_treated.csv"), 20)
    neg = rng.sample(_rows(shared_data / CANDGEN / "negatives_global.csv.gz")[:3000], 6)
    neg += rng.sample(_rows(shared_data / CANDGEN / "negatives_us.csv.gz")[:3000], 3)
    bench_file = shared_data / "lists/matching/nomenklatura_name_bench_cases.csv"
    bench = list(csv.DictReader(io.StringIO(bench_file.read_text(encoding="utf-8"))))
    out = [Query(r["full_name"]) for r in pos + neg]
    out += [Query(r["full_name"], birth_date=r["date_of_birth"][:4] or None) for r in pos[:5]]
    out += [Query(r["name1"]) for r in rng.sample(bench, 10)]
    out += [Query(name) for name in VARIANTS]
    out += [Query(name) for name in READINGS]
    return out


# Variant spellings of UN-listed persons (ABDUL RAQIB TAKHARI, NOOR MOHAMMAD SAQIB, ...).
VARIANTS = [
    "Abduls Rakibs Tahari",
    "Nour Muhammads Sakib",
    "Ali Sajjid Mouhamed Moustafa Bakri",
    "Amynulah Amins Kuddus",
    "Seyied Husein Hoseini",
    "Salims Kony",
    "Mun Kjong Hvan",
    "Boskos Tagandas",
]


# Names that only meet a listing through a reading of their own (issue #12): compound queries,
# Arabic-script consonant frames (short tokens included), Hangul and Russian renderings of
# Korean names, bidi overrides, leetspeak, a typo'd legal form.
READINGS = [
    "صدام حسين التكريتي",
    "علي حسن المجيد",
    "عبد الرحمن ياسين",
    "طارق عزيز",
    "리영무",
    "최룡해",
    "Ли Ён Му",
    "\u202eegedaB cirE",
    "H1zb4ll4h",
    "Bank Sepah ; Koryo Bank",
    "KOREA RYONBONG GENERAL COPRORATION",
]


def test_retrieval_matches_brute_force(shared_data: Path, un_index: ScreeningIndex) -> None:
    lost = []
    for q in _queries(shared_data):
        scores = brute_force(q, un_index)
        for threshold in (DEFAULT_THRESHOLD, 0.7):
            want = {k for k, v in scores.items() if v >= threshold}
            got = {
                m.source_id: m.score for m in screen(q, un_index, threshold=threshold, limit=10**6)
            }
            if want - set(got):
                lost.append((q.name, threshold, sorted(want - set(got))))
            assert all(abs(scores[k] - v) < 1e-3 for k, v in got.items())  # same scores
    assert lost == []
