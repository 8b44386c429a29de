"""The bilateral timeline pages: newest first, ties by id, every event exactly once across the pages."""
from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from fastapi.testclient import TestClient

from foedus.api.app import create_app
from foedus.graph.admin import wipe_graph
from foedus.settings import Settings

# Dates chosen for ties (three events on one day), mixed precision, year-less and undated events.
DATES = (["2025-12-09"] * 3 + ["2025-12"] * 2 + ["2025"] * 2 + ["2024-03-01", "2023-07-14", "2023-07-14", "2001"]
         + [f"20{10 + i % 10}-0{1 + i % 9}-1{i % 10}" for i in range(20)]
         + ["--12-09", "--12-09", "--05"] + [None] * 3)
LABELS = ("Meeting", "Exercise", "Visit")


def _rank(date: str | None) -> int:
    return 2 if date is None else 1 if date.startswith("--") else 0


def _expected(events: list[dict]) -> list[str]:
    """The documented order in Python: dated newest first, then year-less, then undated; ties by id, last first."""
    ordered = sorted(events, key=lambda e: e["id"], reverse=True)
    ordered.sort(key=lambda e: e["date"] or "", reverse=True)
    ordered.sort(key=lambda e: _rank(e["date"]))
    return [e["id"] for e in ordered]


@pytest.fixture(scope="module")
def timeline(neo4j_driver: neo4j.Driver, settings: Settings) -> Iterator[tuple[TestClient, list[dict]]]:
    """Morocco and France with 37 shared events (the last as an agreement both are party to), and one of
    Morocco's alone."""
    wipe_graph(neo4j_driver)
    events = [{"id": f"event:{i:02d}", "date": date, "label": LABELS[i % 3]} for i, date in enumerate(DATES)]
    # ids out of date order, so that the id tie-break is not the insertion order
    events = [dict(e, id=f"event:{(i * 7) % len(events):02d}") for i, e in enumerate(events)]
    neo4j_driver.execute_query(
        "CREATE (ma:Entity:State {id: 'state:MA', iso2: 'MA', name: 'Morocco'}), "
        "(fr:Entity:State {id: 'state:FR', iso2: 'FR', name: 'France'}) "
        "WITH ma, fr UNWIND $events AS ev "
        "CREATE (e:Entity {id: ev.id, name: 'event ' + ev.id, start: ev.date}) SET e:$(ev.label) "
        "CREATE (ma)-[:PARTICIPATED_IN {sources: ['doc:1'], first_seen: '2026-01-01T00:00:00Z'}]->(e) "
        "CREATE (fr)-[:PARTICIPATED_IN {sources: ['doc:2'], first_seen: '2026-01-01T00:00:00Z'}]->(e)",
        events=events[:-1])
    neo4j_driver.execute_query(
        "MATCH (ma:State {iso2: 'MA'}), (fr:State {iso2: 'FR'}) "
        "CREATE (a:Entity:Agreement {id: $id, name: 'treaty', start: $date}) "
        "CREATE (ma)-[:PARTY_TO {sources: ['doc:1'], first_seen: '2026-01-01T00:00:00Z'}]->(a) "
        "CREATE (fr)-[:PARTY_TO {sources: ['doc:1'], first_seen: '2026-01-01T00:00:00Z'}]->(a) "
        "CREATE (ma)-[:PARTICIPATED_IN {sources: ['doc:3'], first_seen: '2026-01-01T00:00:00Z'}]->"
        "(:Entity:Meeting {id: 'event:alone', name: 'alone', start: '2025-12-09'})",
        id=events[-1]["id"], date=events[-1]["date"])
    with TestClient(create_app(settings.model_copy(update={"api_key": None}))) as client:
        yield client, events
    wipe_graph(neo4j_driver)


def _pages(client: TestClient, limit: int, **params: str) -> list[list[dict]]:
    pages, before = [], None
    while True:
        query = dict(params, limit=str(limit), **({"before": before} if before else {}))
        response = client.get("/states/ma/relations/fr", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body["rows"])
        assert len(pages) <= 100, "the pages never end"
        if body["next"] is None:
            return pages
        assert body["next"] == body["rows"][-1]["cursor"]
        before = body["next"]


@pytest.mark.parametrize("limit", [1, 4, 7, 34, 50])
def test_paging_yields_every_event_once_in_order(timeline: tuple[TestClient, list[dict]], limit: int) -> None:
    client, events = timeline
    pages = _pages(client, limit)
    assert all(len(page) == limit for page in pages[:-1]) and len(pages[-1]) <= limit
    ids = [r["id"] for page in pages for r in page]
    assert ids == _expected(events)
    assert len(ids) == len(set(ids)) == len(DATES)


def test_the_first_page_is_the_newest_and_the_default_is_50(timeline: tuple[TestClient, list[dict]]) -> None:
    client, events = timeline
    body = client.get("/states/MA/relations/FR").json()
    assert body["parameters"]["limit"] == 50 and body["next"] is None
    assert [r["id"] for r in body["rows"]] == _expected(events)
    first = client.get("/states/MA/relations/FR", params={"limit": "3"}).json()
    assert [r["date"] for r in first["rows"]] == ["2025-12-09"] * 3
    assert first["next"] == f"2025-12-09|{first['rows'][-1]['id']}"
    # year-less after every dated one, undated last, with their cursors
    assert [r["date"] for r in body["rows"][-6:]] == ["--12-09", "--12-09", "--05", None, None, None]
    assert body["rows"][-1]["cursor"] == "|" + body["rows"][-1]["id"]


def test_as_of_pages_keep_the_yearless_and_never_compare_them(timeline: tuple[TestClient, list[dict]]) -> None:
    client, events = timeline
    ids = [r["id"] for page in _pages(client, 5, as_of="2020") for r in page]
    kept = [e for e in events if e["date"] is None or e["date"].startswith("--") or e["date"][:4] <= "2020"]
    assert ids == _expected(kept)


def test_a_date_as_before_gives_the_events_strictly_before_it(timeline: tuple[TestClient, list[dict]]) -> None:
    client, events = timeline
    rows = client.get("/states/MA/relations/FR", params={"before": "2025-12-09"}).json()["rows"]
    assert [r["id"] for r in rows] == _expected([e for e in events if _rank(e["date"]) or e["date"] < "2025-12-09"])
    yearless = client.get("/states/MA/relations/FR", params={"before": "--12-09"}).json()["rows"]
    assert [r["date"] for r in yearless] == ["--05", None, None, None]
    undated = [r for r in events if r["date"] is None]
    last = client.get("/states/MA/relations/FR", params={"before": "|" + _expected(undated)[0]}).json()["rows"]
    assert [r["id"] for r in last] == _expected(undated)[1:]


def test_the_generic_runner_pages_the_same(timeline: tuple[TestClient, list[dict]]) -> None:
    client, events = timeline
    body = client.get("/queries/bilateral_timeline", params={"a": "MA", "b": "FR", "limit": "10"}).json()
    assert [r["id"] for r in body["rows"]] == _expected(events)[:10]
    following = client.get("/queries/bilateral_timeline",
                           params={"a": "MA", "b": "FR", "limit": "10", "before": body["next"]}).json()
    assert [r["id"] for r in following["rows"]] == _expected(events)[10:20]


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "501"}, {"limit": "many"}, {"before": "yesterday"},
                                    {"before": "|"}, {"before": "2025-12-09|"}, {"before": "25-12-09"},
                                    {"before": ""}])
def test_a_bad_limit_or_before_gets_422(timeline: tuple[TestClient, list[dict]], params: dict[str, str]) -> None:
    client, _ = timeline
    response = client.get("/states/MA/relations/FR", params=params)
    assert response.status_code == 422, response.text
    assert next(iter(params)) in response.text


@pytest.mark.parametrize("before", ["yesterday", "|", "2025-12-09|", "2025-12-09\n"])
def test_the_generic_runner_refuses_a_bad_cursor_with_400(timeline: tuple[TestClient, list[dict]],
                                                          before: str) -> None:
    client, _ = timeline
    response = client.get("/queries/bilateral_timeline", params={"a": "MA", "b": "FR", "before": before})
    assert response.status_code == 400, response.text
    assert "before" in response.text
