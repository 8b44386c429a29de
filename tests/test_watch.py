"""`foedus watch`: rounds of conditional polls against our own test site, loading into the tests' real Neo4j.

What was fetched is read from the site's request log (a 304 to a conditional GET), never from timings.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest
from website import ARTICLES, Site, rss

from foedus.loaders.fetch import Fetcher
from foedus.loaders.readers import DocumentError
from foedus.settings import Settings
from foedus.watch import Source, Watcher, read_sources_file


class Clock:
    """A clock the test moves by hand; sleeping moves it too."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _feed(site: Site, paths: list[str], etag: str) -> str:
    items = [{"title": p, "link": site.url(p), "pubDate": f"Tue, {9 + i:02d} Dec 2025 10:00:00 GMT"}
             for i, p in enumerate(paths)]
    return site.add("/watched.xml", rss(items), content_type="application/rss+xml", etag=etag)


def _watcher(driver: neo4j.Driver, fetcher: Fetcher, state: Path, sources: list[Source], clock: Clock) -> Watcher:
    return Watcher(driver, sources, state, fetcher, clock=clock, sleep=clock.sleep)


def _count(driver: neo4j.Driver) -> int:
    return driver.execute_query("MATCH (d:Document) RETURN count(d) AS n").records[0]["n"]


def test_two_rounds_the_second_asks_conditionally_and_gets_304(clean_graph: neo4j.Driver, site: Site,
                                                                 fetcher: Fetcher, tmp_path: Path) -> None:
    feed = _feed(site, ["/news/navy-talks.html", "/news/air-exercise.html"], etag='"v1"')
    clock = Clock()
    watcher = _watcher(clean_graph, fetcher, tmp_path / "state.json", [Source("test", feed, "feed", 600)], clock)
    lines: list[str] = []
    watcher.run(rounds=2, on_round=lambda r: lines.append(r.line()))
    polls = site.requests("/watched.xml")
    assert [(p["if_none_match"], p["status"]) for p in polls] == [(None, 200), ('"v1"', 304)]
    assert len(site.requests("/news/navy-talks.html")) == 1  # never fetched again
    assert _count(clean_graph) == 2
    assert lines[0].startswith("round 1: 1 polled (0 unchanged), 2 new items, 0 already seen by content, 2 loaded")
    assert lines[1].startswith("round 2: 1 polled (1 unchanged), 0 new items, 0 already seen by content, 0 loaded")
    assert clock.now == 1_000_000.0 + 600  # the second round waited for the source's interval
    assert (watcher.totals.loaded, watcher.totals.unchanged) == (2, 1)


def test_a_restart_resumes_and_only_new_items_are_loaded(clean_graph: neo4j.Driver, site: Site,
                                                         fetcher: Fetcher, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    feed = _feed(site, ["/news/navy-talks.html"], etag='"v1"')
    sources = [Source("test", feed, "feed", 0)]
    _watcher(clean_graph, fetcher, state, sources, Clock()).run(rounds=1)
    # A new process: only the state file carries over.
    restarted = _watcher(clean_graph, fetcher, state, sources, Clock())
    restarted.run(rounds=1)
    assert site.requests("/watched.xml")[-1]["status"] == 304
    # The feed changes: one new article, and one new URL whose page is the same text as one already loaded.
    site.add("/news/copy-of-navy-talks.html", ARTICLES["/news/navy-talks.html"])
    _feed(site, ["/news/navy-talks.html", "/news/copy-of-navy-talks.html", "/news/border-committee.html"],
          etag='"v2"')
    report = restarted.round()
    assert (report.new_items, report.duplicates, report.loaded) == (2, 1, 1)
    assert len(site.requests("/news/navy-talks.html")) == 1
    assert _count(clean_graph) == 2
    saved = json.loads(state.read_text())
    assert saved["sources"][feed]["etag"] == '"v2"'
    assert set(saved["seen_urls"]) == {site.url(p) for p in ("/news/navy-talks.html", "/news/copy-of-navy-talks.html",
                                                              "/news/border-committee.html")}


def test_a_failing_source_backs_off_and_the_others_still_load(clean_graph: neo4j.Driver, site: Site,
                                                              fetcher: Fetcher, tmp_path: Path) -> None:
    feed = _feed(site, ["/news/air-exercise.html", "/missing.html"], etag='"v1"')
    bad_feed = site.add("/bad-feed.xml", b"<rss><channel><item><link>", content_type="application/rss+xml")
    sources = [Source("down", site.url("/broken.html"), "page", 60), Source("bad", bad_feed, "feed", 60),
               Source("good", feed, "feed", 60), Source("page", site.url("/news/border-committee.html"), "page", 60)]
    clock = Clock()
    watcher = _watcher(clean_graph, fetcher, tmp_path / "state.json", sources, clock)
    report = watcher.round()
    assert report.loaded == 2 and _count(clean_graph) == 2
    assert sorted(source for source, _ in report.failed) == sorted([site.url("/broken.html"), bad_feed,
                                                                    site.url("/missing.html")])
    assert all("\n" not in reason for _, reason in report.failed)
    down = watcher.state["sources"][site.url("/broken.html")]
    assert down["failures"] == 1 and down["last_error"].endswith("HTTP 500 Internal Server Error")
    clock.now += 60  # the others are due again; the failing one waits longer
    assert [s.name for s in watcher.due()] == ["bad", "good", "page"]
    watcher.round()
    assert down["failures"] == 1  # not polled in this round
    clock.now += 60
    assert "down" in [s.name for s in watcher.due()]


def test_the_state_is_replaced_whole_or_not_at_all(clean_graph: neo4j.Driver, fetcher: Fetcher, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "state.json"
    watcher = _watcher(clean_graph, fetcher, state, [], Clock())
    watcher.state["seen_hashes"].append("abc")
    watcher.save()
    before = state.read_text()
    watcher.state["seen_hashes"].append("def")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        watcher.save()
    assert state.read_text() == before
    state.write_text("{ half a state", encoding="utf-8")
    with pytest.raises(DocumentError, match="unreadable watch state"):
        _watcher(clean_graph, fetcher, state, [], Clock())


def test_a_sources_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("defaults: {interval: 120}\nsources:\n  - {name: a, feed: 'HTTP://Example.org/feed.xml#x'}\n"
                    "  - {url: 'https://example.org/news', interval: 30}\n", encoding="utf-8")
    assert read_sources_file(path) == [Source("a", "http://example.org/feed.xml", "feed", 120.0),
                                       Source("https://example.org/news", "https://example.org/news", "page", 30.0)]
    path.write_text("sources:\n  - {name: a, feed: 'file:///etc/passwd'}\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="source 1: 'file:///etc/passwd' is not an http"):
        read_sources_file(path)
    path.write_text("sources:\n  - {name: a}\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="needs one `feed:` or one `url:`"):
        read_sources_file(path)


def test_the_command_runs_rounds_and_prints_a_line_each_and_a_summary(clean_graph: neo4j.Driver, site: Site,
                                                                       settings: Settings, tmp_path: Path) -> None:
    feed = _feed(site, ["/news/navy-talks.html", "/missing.html"], etag='"v1"')
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - name: test\n    feed: {feed}\n    interval: 0\n", encoding="utf-8")
    uri = settings.neo4j_uri or f"bolt://127.0.0.1:{settings.local_bolt_port}"
    state = tmp_path / "watch-state.json"
    done = subprocess.run([str(Path(sys.executable).parent / "foedus"), "watch", str(sources), "--rounds", "2",
                           "--state", str(state)], env={**os.environ, "NEO4J_URI": uri},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert any(line.startswith("round 1: 1 polled (0 unchanged), 2 new items") for line in lines), done.stderr
    assert any(line.startswith("round 2: 1 polled (1 unchanged)") for line in lines), done.stderr
    assert f"  failed {site.url('/missing.html')}: HTTP 404 Not Found" in lines
    assert lines[-1].startswith("watch: 2 rounds, 2 polls (1 unchanged), 2 new items, 0 already seen by content, "
                                "1 loaded, 1 failed")
    assert json.loads(state.read_text())["sources"][feed]["etag"] == '"v1"'


def test_the_example_sources_file_reads() -> None:
    example = Path(__file__).resolve().parents[1] / "docs" / "SOURCES.example.yaml"
    sources = read_sources_file(example)
    assert sources and all(s.kind == "feed" and s.url.startswith("https://") for s in sources)


def test_ctrl_c_stops_cleanly_with_the_state_whole(clean_graph: neo4j.Driver, site: Site, settings: Settings,
                                                   tmp_path: Path) -> None:
    import signal

    feed = _feed(site, ["/news/navy-talks.html"], etag='"v1"')
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - name: test\n    feed: {feed}\n    interval: 0\n", encoding="utf-8")
    uri = settings.neo4j_uri or f"bolt://127.0.0.1:{settings.local_bolt_port}"
    state = tmp_path / "watch-state.json"
    watch = subprocess.Popen([str(Path(sys.executable).parent / "foedus"), "watch", str(sources), "--state",
                              str(state)], env={**os.environ, "NEO4J_URI": uri}, stderr=subprocess.PIPE, text=True)
    assert watch.stderr is not None
    lines = []
    for line in watch.stderr:  # no --rounds: it polls until interrupted
        lines.append(line.rstrip("\n"))
        if line.startswith("round 3:"):
            break
    watch.send_signal(signal.SIGINT)
    _, rest = watch.communicate(timeout=120)
    lines += rest.splitlines()
    assert watch.returncode == 130, lines
    assert any(line.startswith("interrupted: the state as of the last source polled whole is in") for line in lines)
    saved = json.loads(state.read_text())  # whole, not half-written
    assert saved["sources"][feed]["etag"] == '"v1"' and site.url("/news/navy-talks.html") in saved["seen_urls"]
