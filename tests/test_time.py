"""Time in the real Neo4j: values merged across documents (a year-less date never beats a dated one;
real conflicts kept, with their sources), an agreement's life across documents, and the two clocks:
valid time from the texts, learned time from when Foedus read them."""
from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from fastapi.testclient import TestClient

from foedus.api.app import create_app
from foedus.graph.queries import catalogue
from foedus.graph.reader import run_query
from foedus.graph.values import merge_date, refines
from foedus.ingest import load_paths
from foedus.settings import Settings

# Our own words, in the shape of reports of one committee session: one dated, one that gives no year.
DATED = """Moroccan-French military committee meets in Paris

PARIS - The Moroccan-French joint military committee held its 23rd session in Paris on 9 and 10 December 2025,
with delegations of the Royal Armed Forces and the French armed forces.
"""
YEARLESS = """Moroccan-French military committee meets in Paris

The Moroccan-French joint military committee held its 23rd session in Paris on 9 and 10 December, with
delegations of the Royal Armed Forces and the French armed forces.
"""
MISDATED = """Moroccan-French military committee meets in Paris

PARIS - The Moroccan-French joint military committee held its 23rd session in Paris on 2 and 3 November 2025,
with delegations of the Royal Armed Forces and the French armed forces.
"""
SIGNED = """Indonesia and France sign defence pact

JAKARTA - Indonesia and France signed a defence cooperation agreement in Jakarta on 12 January 2024, the two
defence ministers said.
"""
RATIFIED = """Indonesian parliament ratifies French defence pact

JAKARTA - The Indonesian parliament ratified on 2 September 2025 the defence cooperation agreement between \
Indonesia and France.
"""
UNDATED_TIE = """Morocco and Israel deepen military ties

RABAT - Morocco and Israel signed a military cooperation agreement, officials of both countries said.
"""


def _load(driver: neo4j.Driver, folder: Path, name: str, text: str, now: str | None = None) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    report = load_paths(driver, [path], now=now)
    assert report.read == 1 and not report.failed, report.failed


def _query(driver: neo4j.Driver, name: str, **params) -> list[dict]:
    query = catalogue()[name]
    return run_query(driver, query, query.bind(params))   # with the defaults of the parameters not given


def _meeting(driver: neo4j.Driver) -> dict:
    [record] = driver.execute_query("MATCH (m:Meeting) RETURN properties(m) AS m").records
    return record["m"]


@pytest.mark.parametrize("old, new, kept, conflict", [
    ("--12-09", "2025-12-09", "2025-12-09", False),     # the dated refines the year-less
    ("2025-12-09", "--12-09", "2025-12-09", False),     # whatever the order
    ("2025-12", "2025-12-09", "2025-12-09", False),     # the day refines the month
    ("2025-12-09", "2025", "2025-12-09", False),
    ("2025-12-09", "2025-11-02", "2025-12-09", True),   # a real conflict: the first told stays
    ("--11-02", "2025-12-09", "2025-12-09", True),      # a conflict: the value with a year wins
    (None, "--12-09", "--12-09", False),
])
def test_merge_date(old, new, kept, conflict) -> None:
    assert merge_date(old, new) == (kept, conflict)


def test_a_yearless_day_is_refined_only_by_the_same_day() -> None:
    assert refines("2024-12-09", "--12-09") and not refines("2025-12-10", "--12-09")


def test_a_yearless_report_does_not_take_the_year_from_the_meeting(clean_graph: neo4j.Driver, tmp_path: Path) -> None:
    _load(clean_graph, tmp_path, "dated.txt", DATED)
    _load(clean_graph, tmp_path, "yearless.txt", YEARLESS)
    meeting = _meeting(clean_graph)
    assert (meeting["start"], meeting["end"]) == ("2025-12-09", "2025-12-10")
    assert not meeting.get("value_conflicts")
    # the year-less value is kept as told, with its source
    assert any(v.startswith("start|--12-09|") for v in meeting["value_sources"])


def test_a_yearless_report_read_first_is_dated_by_the_next(clean_graph: neo4j.Driver, tmp_path: Path) -> None:
    _load(clean_graph, tmp_path, "yearless.txt", YEARLESS)
    assert _meeting(clean_graph)["start"] == "--12-09"
    timeline = _query(clean_graph, "bilateral_timeline", a="MA", b="FR", as_of="2020", known_as_of="9999")
    assert [r["date"] for r in timeline if r["type"] == "Meeting"] == ["--12-09"]   # kept, never compared
    _load(clean_graph, tmp_path, "dated.txt", DATED)
    assert _meeting(clean_graph)["start"] == "2025-12-09"


def test_conflicting_dates_are_kept_with_their_sources(clean_graph: neo4j.Driver, tmp_path: Path) -> None:
    _load(clean_graph, tmp_path, "dated.txt", DATED)
    _load(clean_graph, tmp_path, "misdated.txt", MISDATED)
    meeting = _meeting(clean_graph)
    assert meeting["start"] == "2025-12-09"
    conflicts = meeting["value_conflicts"]
    assert {c.rsplit("|", 1)[0] for c in conflicts} >= {"start|2025-12-09", "start|2025-11-02"}
    documents = {r["id"] for r in clean_graph.execute_query("MATCH (d:Document) RETURN d.id AS id").records}
    assert {c.rsplit("|", 1)[1] for c in conflicts} == documents
    card = _query(clean_graph, "entity_card", id=meeting["id"], limit=10, documents=5)[0]
    assert card["entity"]["value_conflicts"] == conflicts


def test_an_agreement_s_life_across_documents(clean_graph: neo4j.Driver, tmp_path: Path) -> None:
    _load(clean_graph, tmp_path, "signed.txt", SIGNED, now="2026-01-10T09:00:00+00:00")
    _load(clean_graph, tmp_path, "ratified.txt", RATIFIED, now="2026-02-10T09:00:00+00:00")
    [row] = _query(clean_graph, "agreement_history", id="any", party="ID", limit=10)
    assert (row["status"], row["status_date"], row["start"]) == ("ratified", "2025-09-02", "2024-01-12")
    assert [(s["status"], s["date"]) for s in row["steps"]] == [("signed", "2024-01-12"), ("ratified", "2025-09-02")]
    assert all(s["loaded_at"] for s in row["steps"])
    changes = _query(clean_graph, "changes_since", since="2026-02", limit=100)
    assert {"agreement status"} <= {c["change"] for c in changes}
    assert [c["detail"] for c in changes if c["change"] == "agreement status"] == ["ratified on 2025-09-02"]
    assert all(c["learned"] >= "2026-02" for c in changes)


def test_partners_use_valid_time_and_known_as_of_learned_time(clean_graph: neo4j.Driver, tmp_path: Path,
                                                                settings: Settings) -> None:
    _load(clean_graph, tmp_path, "dated.txt", DATED, now="2026-01-10T09:00:00+00:00")
    _load(clean_graph, tmp_path, "undated-tie.txt", UNDATED_TIE, now="2026-03-10T09:00:00+00:00")
    with TestClient(create_app(settings.model_copy(update={"api_key": None}))) as client:
        rows = {r["iso2"]: r for r in client.get("/states/MA/partners").json()["rows"]}
        assert (rows["FR"]["first"], rows["FR"]["last"]) == ("2025-12-09", "2025-12-09")
        assert (rows["IL"]["first"], rows["IL"]["last"]) == (None, None)       # no valid time: not the load date
        then = client.get("/states/MA/partners", params={"known_as_of": "2026-02"}).json()["rows"]
        assert [r["iso2"] for r in then] == ["FR"]                           # Israel was read in March
        assert {q["name"]: q["clock"] for q in client.get("/queries").json()}["changes_since"].startswith("learned")
