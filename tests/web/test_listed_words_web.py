"""The web batch job page counts the rows whose name holds a listed company's distinctive word
with no match (screening/listed_words.py; word30) and shows the first rows' notes; the results
CSV has them in its last column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import ScreeningIndex
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.runner import screen_row
from exportctl.web._base import templates
from exportctl.web.jobs import JobStatus, run_batch


def _job(tmp_path: Path, text: str) -> tuple[JobStatus, Path]:
    """The web job's body run over ``text`` (a CSV) against ZORBANEX and ZORBANEX LEASING LLC:
    its status and its output file."""
    group = [("O1", "ZORBANEX"), ("O2", "ZORBANEX LEASING LLC")]
    index = ScreeningIndex(
        [Entity("un_sc", i, EntityType.ORGANIZATION, [Name(n)]) for i, n in group]
    )
    book = DecisionBook({}, {})
    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    body = run_batch(lambda row: screen_row(row, index, {}, book), lambda h, a: len(h), list, {})
    status = JobStatus("j", "in.csv", "o", "running", 0, 0, 0, 0, 0, "2026-12-07T00:00:00Z")
    out = tmp_path / "out.csv"
    body(src, out, lambda _s: None, status)
    return status, out


def test_the_job_page_counts_and_shows_the_rows_with_a_note(tmp_path: Path) -> None:
    status, out = _job(tmp_path, "Name\nZorbanex Marketing\nJohn Smith\nZorbanex\n")
    # row-3 is the listed name itself: a hit, and no note beside it
    assert status.hits >= 1 and status.listed_words == 1
    ((row_id, said),) = status.listed_word_rows
    assert row_id == "row-1" and said.startswith("contains ZORBANEX, the distinctive word")
    source = templates.env.loader.get_source(templates.env, "batch_job.html")[0]  # type: ignore[union-attr]
    start = source.index("{% if job.listed_word_rows %}")
    end = source.index("{% endif %}", source.index("</table>", start)) + len("{% endif %}")
    page = templates.env.from_string(source[start:end]).render(job=status)
    assert "row-1</bdi></td><td><bdi>contains ZORBANEX, the distinctive word" in page
    assert '<tr id="listed-words">' in source and "{{ job.listed_words }}" in source
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [bool(r["listed_words"]) for r in rows] == [True, False, False]


def test_a_hostile_word_in_the_note_is_escaped_and_isolated(tmp_path: Path) -> None:
    """rev30b: the note quotes the word as written, markup and all (``Zorbanex</td><script>``'s
    own reading starts with ZORBANEX); the page escapes it inside a ``<bdi>`` (a right-to-left
    override is not quoted at all: test_listed_words_rev30b.py)."""
    status, _ = _job(tmp_path, "Name\nZorbanex</td><script>x</script> Marketing\n")
    ((_, said),) = status.listed_word_rows
    assert said.startswith("contains ZORBANEX</TD><SCRIPT>X</SCRIPT> (ZORBANEX), ")
    source = templates.env.loader.get_source(templates.env, "batch_job.html")[0]  # type: ignore[union-attr]
    start = source.index("{% if job.listed_word_rows %}")
    end = source.index("{% endif %}", source.index("</table>", start)) + len("{% endif %}")
    page = templates.env.from_string(source[start:end]).render(job=status)
    assert "<script>" not in page.casefold() and "</td><script>" not in page.casefold()
    assert "<bdi>contains ZORBANEX&lt;/TD&gt;&lt;SCRIPT&gt;X&lt;/SCRIPT&gt; (ZORBANEX)" in page
