"""`foedus load URL...` and `--feed`: pages and feeds of our own test site, into the tests' real Neo4j."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import neo4j
from website import Site, rss

from foedus.ingest import load_paths
from foedus.loaders.fetch import Fetcher
from foedus.settings import Settings


def _documents(driver: neo4j.Driver) -> dict[str, str | None]:
    records = driver.execute_query("MATCH (d:Document) RETURN d.source AS source, d.published AS published").records
    return {r["source"]: r["published"] for r in records}


def _feed(site: Site) -> str:
    return site.add("/feed.xml", rss([
        {"title": "Navy talks", "link": site.url("/news/navy-talks.html"), "pubDate": "Wed, 10 Dec 2025 07:00:00 GMT"},
        {"title": "An item with no link", "pubDate": "Wed, 10 Dec 2025 07:00:00 GMT"},
        {"title": "Air exercise", "link": "/news/air-exercise.html", "pubDate": "Mon, 03 Nov 2025 18:00:00 +0000"},
        {"title": "Odd date", "link": site.url("/news/border-committee.html"), "pubDate": "the thirty-first of Smarch"},
        {"title": "Gone", "link": site.url("/missing.html"), "pubDate": "Tue, 04 Nov 2025 09:00:00 GMT"},
    ]).replace(b"http://example.invalid/", site.url("/").encode()), content_type="application/rss+xml")


def test_load_url_stores_the_page_with_its_url_as_source(clean_graph: neo4j.Driver, site: Site,
                                                          fetcher: Fetcher) -> None:
    url = site.url("/news/navy-talks.html")
    report = load_paths(clean_graph, [url], fetcher=fetcher)
    assert (report.read, report.failed) == (1, [])
    assert _documents(clean_graph) == {url: "2025-12-09"}
    names = {r["name"] for r in clean_graph.execute_query(
        "MATCH (:Document {source: $url})-[:MENTIONS]->(s:State) RETURN s.name AS name", url=url).records}
    assert {"Morocco", "Senegal"} <= names
    again = load_paths(clean_graph, [url], fetcher=fetcher)
    assert (again.read, again.skipped) == (1, 1)


def test_bad_urls_and_files_fail_one_line_each_and_the_rest_loads(clean_graph: neo4j.Driver, site: Site,
                                                                   fetcher: Fetcher, tmp_path: Path) -> None:
    local = tmp_path / "2025-10-20-note.txt"
    local.write_text("Rabat\nMorocco and Portugal agreed to exchange naval cadets for a summer of training.\n",
                     encoding="utf-8")
    bad = [site.url(p) for p in ("/missing.html", "/broken.html", "/loop-a.html", "/stalled.html",
                                 "/huge.html", "/photo.html", "/private/plans.html")]
    good = site.url("/news/air-exercise.html")
    report = load_paths(clean_graph, [bad[0], good, *bad[1:], str(local), str(tmp_path / "nowhere.txt")],
                        fetcher=fetcher)
    assert report.read == 2
    assert set(_documents(clean_graph)) == {good, str(local)}
    failed = dict(report.failed)
    assert set(failed) == {*bad, str(tmp_path / "nowhere.txt")}
    assert all("\n" not in reason for reason in failed.values())


def test_feed_items_load_with_the_feeds_dates(clean_graph: neo4j.Driver, site: Site, fetcher: Fetcher) -> None:
    feed = _feed(site)
    report = load_paths(clean_graph, [], feeds=[feed], fetcher=fetcher)
    # The feed's date wins over the page's own metadata (2025-12-09 in the page, 2025-12-10 in the feed).
    assert _documents(clean_graph) == {site.url("/news/navy-talks.html"): "2025-12-10",
                                       site.url("/news/air-exercise.html"): "2025-11-03"}
    assert sorted(report.failed) == sorted([
        (f"{feed} item 2", "no link"),
        (f"{feed} item 4 ({site.url('/news/border-committee.html')})", "not a date: 'the thirty-first of Smarch'"),
        (site.url("/missing.html"), "HTTP 404 Not Found"),
    ])


def test_a_feed_file_and_a_feed_that_is_not_one(clean_graph: neo4j.Driver, site: Site, fetcher: Fetcher,
                                                tmp_path: Path) -> None:
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(rss([{"title": "x", "link": site.url("/news/border-committee.html"),
                                "pubDate": "Fri, 21 Nov 2025 12:00:00 GMT"}]))
    not_a_feed = site.add("/feed-that-is-not.xml", b"Sorry, the feed moved.", content_type="text/xml")
    report = load_paths(clean_graph, [], feeds=[not_a_feed, str(feed_file)], fetcher=fetcher)
    assert _documents(clean_graph) == {site.url("/news/border-committee.html"): "2025-11-21"}
    assert report.failed == [(not_a_feed, "not a feed (neither XML nor JSON)")]


def test_the_command_line_loads_urls_files_and_feeds(clean_graph: neo4j.Driver, site: Site, settings: Settings,
                                                     tmp_path: Path) -> None:
    local = tmp_path / "note.txt"
    local.write_text("Dakar\nSenegal and Mauritania held a meeting on river patrols.\n", encoding="utf-8")
    feed = _feed(site)
    uri = settings.neo4j_uri or f"bolt://127.0.0.1:{settings.local_bolt_port}"
    env = {**os.environ, "NEO4J_URI": uri}
    done = subprocess.run([str(Path(sys.executable).parent / "foedus"), "load", site.url("/news/border-committee.html"),
                           str(local), site.url("/missing.html"), "--feed", feed],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"failed {site.url('/missing.html')}: HTTP 404 Not Found" in done.stderr
    assert f"failed {feed} item 2: no link" in done.stderr
    assert set(_documents(clean_graph)) == {site.url("/news/border-committee.html"), str(local),
                                            site.url("/news/navy-talks.html"), site.url("/news/air-exercise.html")}
