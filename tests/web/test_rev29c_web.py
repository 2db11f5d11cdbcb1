"""rev29c: the reviewer's pages under hostile input (ux29's queue pages, red29's leftover).

A name holding a right-to-left override (``Acme \\u202eLtd``) was escaped but not isolated: the
browser drew it reversed from the override on, and the text after it on the same line too
(red29 left it). Each name is now a ``<bdi>`` with the controls shown as ``[RLO]``, not obeyed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import httpx
import pytest
from tests.api.conftest import LiveApi
from tests.web.test_review_hostile import _csrf, _item, _login, clients, live

from exportctl import review
from exportctl.auth import Role, create_key
from exportctl.ledger.keys import create_key as create_ledger_key
from exportctl.ledger.keys import load_signing_key
from exportctl.model import Entity, EntityType, Name
from exportctl.review.display import isolated, shown_controls
from exportctl.review.pack import build_pack
from exportctl.screening import ScreeningIndex
from exportctl.screening.batch.query import OTHER_NAME_NOT_SCREENED
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.runner import screen_row
from exportctl.settings import get_settings
from exportctl.web._base import templates
from exportctl.web.jobs import JobStatus, run_batch

__all__ = ["clients", "live"]  # the module's server and clients, reused

RLO_NAME = "Acme \u202eLtd"  # displays "Acme dtL", and the override runs on to the line's end
SHOWN = 'Acme <span class="bidi-control" title="U+202E">[RLO]</span>Ltd</bdi>'


def _no_control_obeyed(html: str) -> None:
    """No explicit direction control reaches the page as a character the browser obeys."""
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", html.split("<body", 1)[-1])


def test_the_filter_isolates_every_name_and_shows_controls() -> None:
    assert str(isolated("Eric Badege")) == "<bdi>Eric Badege</bdi>"
    assert str(isolated("<script>")) == "<bdi>&lt;script&gt;</bdi>"
    assert str(isolated(None)) == "<bdi></bdi>"
    out = str(isolated(RLO_NAME))
    assert out.endswith(SHOWN) and 'title="shown as: Acme dtL"' in out
    # Every control, and an isolate left open (FSI) that would take the line's direction
    each = str(isolated("a\u202ab\u202bc\u202cd\u202de\u2066f\u2067g\u2068h\u2069"))
    for abbreviation in ("LRE", "RLE", "PDF", "LRO", "LRI", "RLI", "FSI", "PDI"):
        assert f"[{abbreviation}]" in each
    _no_control_obeyed("<body>" + each)
    assert shown_controls("Acme \u202eLtd.csv") == "Acme [RLO]Ltd.csv"  # a <title>: no markup
    # An Arabic name keeps its letters; the isolate lets it read right to left on its own.
    assert str(isolated("محمد")) == "<bdi>محمد</bdi>"


def test_a_name_with_an_override_is_isolated_in_the_queue_and_the_item_page(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    item = _item(live, "Ivan \u202eSidorov")  # listed as Ivan Sidorov; displays "Ivan vorodiS"
    key = create_key(live.store.engine, Role.REVIEWER, "Rita \u202ebidi").key
    rita = _login(live, key, clients)
    page = rita.get(f"/ui/review/{item}")
    assert page.status_code == 200, page.text
    assert 'Ivan <span class="bidi-control" title="U+202E">[RLO]</span>Sidorov</bdi>' in page.text
    # The reviewer's own label in the page's header (a key's label is free text)
    label = 'Rita <span class="bidi-control" title="U+202E">[RLO]</span>bidi</bdi> · reviewer'
    assert label in page.text
    _no_control_obeyed(page.text)
    queue = rita.get("/ui/review", params={"status": "open", "assignee": "*"})
    assert queue.status_code == 200 and "[RLO]</span>Sidorov</bdi>" in queue.text
    _no_control_obeyed(queue.text)


def test_a_name_with_an_override_is_isolated_in_the_audit_pack(live: LiveApi) -> None:
    home = get_settings().data_dir
    if load_signing_key(home, required=False) is None:
        create_ledger_key(home)
    store = live.store
    name = "Ivan \u202eSidorov Pack"
    item = _item(live, name)
    rita = create_key(store.engine, Role.REVIEWER, "rita pack").info
    review.decide(store, item, "false_positive", "another \u202eparty", rita)
    pack = build_pack(store, subject=name)
    with zipfile.ZipFile(io.BytesIO(pack.data)) as zf:
        html = zf.read("summary.html").decode("utf-8")
    assert '<span class="bidi-control" title="U+202E">[RLO]</span>Sidorov Pack</bdi>' in html
    assert 'another <span class="bidi-control"' in html
    _no_control_obeyed(html)


@pytest.mark.parametrize("after", ["²", "①", "٣", "9" * 5000, "1e3", "-1", "0", "2147483648"])
def test_a_hostile_page_start_is_a_422_not_a_500(
    live: LiveApi, clients: list[httpx.Client], after: str
) -> None:
    """ux29's `/ui/review?after=` took whatever str.isdigit() takes: "²" and "①" pass it and
    int() refuses them, as it refuses 5,000 digits — a 500 "internal server error"."""
    c = _login(live, live.keys["reviewer"], clients)
    r = c.get("/ui/review", params={"after": after})
    assert r.status_code == 422, (after, r.status_code)
    assert "after must be a review item number" in r.text


def test_a_hostile_decision_number_in_the_approve_form_is_out_of_date_not_a_500(
    live: LiveApi, clients: list[httpx.Client]
) -> None:
    engine = live.store.engine
    item = _item(live, "KOMID")
    review.decide(
        live.store,
        item,
        "false_positive",
        "not them",
        create_key(engine, Role.REVIEWER, "r29c").info,
    )
    carol = _login(live, create_key(engine, Role.APPROVER, "Carol r29c").key, clients)
    token = _csrf(carol.get(f"/ui/review/{item}").text)
    for seen in ("²", "9" * 5000):
        r = carol.post(f"/ui/review/{item}/approve",
                       data={"csrf": token, "action": "approve", "decision_id": seen})  # fmt: skip
        assert r.status_code == 409 and "out of date" in r.text, (seen, r.status_code)
    assert review.get_item(live.store, item).status == "pending"


def test_a_batch_job_screens_the_other_names_and_lists_those_it_could_not(tmp_path: Path) -> None:
    """red29 warned of a filled column of another name (`Name,Alias`) and did not screen it:
    `John Smith,Dokka Umarov` cleared on John Smith and reached no review item; rev29c counted
    such rows apart on the job page. Since batch30 the alias and the shipper are screened:
    both rows have their hit (queued for review), the page counts the rows whose other names
    were screened and those with a hit by one; a name that cannot be screened (over-long) is
    still listed, row and column, with the warning."""
    index = ScreeningIndex([Entity("un_sc", "QDi.1", EntityType.PERSON, [Name("Dokka Umarov")])])
    book = DecisionBook({}, {})
    src = tmp_path / "in.csv"
    src.write_text(
        "Name,Alias,Shipper\nJohn Smith,Dokka Umarov,\nJane Roe,N/A,\n"
        f"Ada Lee,,Dokka \u202eUmarov\nBo Ek,{'x' * 600},\n",
        encoding="utf-8",
    )
    body = run_batch(lambda row: screen_row(row, index, {}, book), lambda h, a: len(h), list, {})
    status = JobStatus("j", "in.csv", "o", "running", 0, 0, 0, 0, 0, "2026-12-07T00:00:00Z")
    body(src, tmp_path / "out.csv", lambda _s: None, status)
    assert status.hits == 2 and status.queued == 2
    assert (status.other_names_screened, status.other_name_hits) == (2, 2)
    assert status.other_names == 1
    assert [r[0] for r in status.other_name_rows] == ["row-4"]
    assert status.other_name_rows[0][1].startswith("alias: 'xxx")
    assert status.other_name_rows[0][1].endswith(OTHER_NAME_NOT_SCREENED)
    page = _job_table(status)
    assert "row-4</bdi></td><td><bdi>alias: &#39;xxx" in page


def _job_table(status: JobStatus) -> str:
    """The job page's table of such rows, rendered as the page renders it."""
    source = templates.env.loader.get_source(templates.env, "batch_job.html")[0]  # type: ignore[union-attr]
    start = source.index("{% if job.other_name_rows %}")
    end = source.index("{% endif %}", source.index("</table>", start)) + len("{% endif %}")
    return templates.env.from_string(source[start:end]).render(job=status)
