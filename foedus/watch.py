"""`foedus watch SOURCES.yaml`: poll feeds and pages, each on its own interval, and load what is new.

A sources file names feeds (`feed:`) and pages (`url:`), each with its interval in seconds
(`interval:`, else the file's `defaults.interval`). Each poll is a conditional GET (the
ETag and Last-Modified of the previous answer): an unchanged source answers 304 and costs
nothing more. A feed item whose URL was seen, or whose page's text hash was, is not loaded
again. A source that fails is polled again later and later (the interval doubled at each
failure, up to `MAX_BACKOFF`); requests to one host are spaced by the fetcher's policy.

The state (validators, next polls, failures, URLs and hashes seen) is a JSON file under the
project's state folder (`.foedus/watch/`), replaced whole after each source is done
(written beside it, then renamed): an interrupted watch leaves the last whole state, and the
next one resumes from it. What was loaded before an interruption but not yet recorded is
loaded again and found already there (documents are keyed by their text's hash).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import yaml

from foedus.ingest import FEED_ACCEPT, Item, LoadReport, feed_document, load_documents
from foedus.loaders.feeds import parse_feed
from foedus.loaders.fetch import Fetcher, is_url, normalise_url
from foedus.loaders.model import SourceDocument
from foedus.loaders.readers import DocumentError
from foedus.loaders.web import read_fetched

__all__ = ["Source", "RoundReport", "Watcher", "read_sources_file", "state_path", "MAX_BACKOFF"]

DEFAULT_INTERVAL = 900.0
MAX_BACKOFF = 6 * 3600.0
STATE_VERSION = 1


@dataclass(frozen=True)
class Source:
    """One watched source: a feed or a page, and how often to poll it."""

    name: str
    url: str
    kind: str  # "feed" or "page"
    interval: float


def read_sources_file(path: Path) -> list[Source]:
    """The sources a SOURCES.yaml declares; raises `DocumentError` naming what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DocumentError(f"{path}: cannot read the sources file ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise DocumentError(f"{path}: a sources file needs a `sources:` list")
    default = float((data.get("defaults") or {}).get("interval", DEFAULT_INTERVAL))
    sources = []
    for number, entry in enumerate(data["sources"], start=1):
        kinds = [k for k in ("feed", "url") if isinstance(entry, dict) and entry.get(k)]
        if len(kinds) != 1:
            raise DocumentError(f"{path}: source {number} needs one `feed:` or one `url:`")
        url = str(entry[kinds[0]])
        if not is_url(url):
            raise DocumentError(f"{path}: source {number}: {url!r} is not an http(s) URL")
        try:
            interval = float(entry.get("interval", default))
        except (TypeError, ValueError):
            raise DocumentError(f"{path}: source {number}: interval is not a number of seconds") from None
        sources.append(Source(name=str(entry.get("name") or url), url=normalise_url(url),
                              kind="feed" if kinds[0] == "feed" else "page", interval=max(interval, 0.0)))
    return sources


def state_path(state_dir: Path, sources_file: Path) -> Path:
    """Where the state of a sources file lives: one file per sources file, under the state folder."""
    digest = hashlib.sha256(str(sources_file.resolve()).encode()).hexdigest()[:10]
    return state_dir / "watch" / f"{sources_file.stem}-{digest}.json"


@dataclass
class RoundReport:
    """What one round did."""

    number: int
    polled: int = 0
    unchanged: int = 0
    new_items: int = 0
    duplicates: int = 0
    loaded: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        """The round's progress line."""
        return (f"round {self.number}: {self.polled} polled ({self.unchanged} unchanged), {self.new_items} new items, "
                f"{self.duplicates} already seen by content, {self.loaded} loaded, {len(self.failed)} failed")


@dataclass
class Watcher:
    """Polls sources and loads what is new into the graph; its state survives a restart."""

    driver: neo4j.Driver
    sources: list[Source]
    state_file: Path
    fetcher: Fetcher
    database: str | None = None
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    rounds_done: int = 0
    totals: RoundReport = field(default_factory=lambda: RoundReport(number=0))

    def __post_init__(self) -> None:
        self.state = self._read_state()

    # The state: validators and schedule per source, and what was seen.
    def _read_state(self) -> dict[str, Any]:
        empty: dict[str, Any] = {"version": STATE_VERSION, "sources": {}, "seen_urls": {}, "seen_hashes": []}
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return empty
        except (OSError, json.JSONDecodeError) as exc:
            raise DocumentError(f"{self.state_file}: unreadable watch state ({exc}); move it away to start afresh"
                                ) from None
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise DocumentError(f"{self.state_file}: not a watch state of version {STATE_VERSION}")
        return {**empty, **data}

    def save(self) -> None:
        """Replace the state file whole: written beside it, flushed, then renamed over it."""
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_file.with_name(self.state_file.name + ".partial")
        with partial.open("w", encoding="utf-8") as out:
            json.dump(self.state, out, ensure_ascii=False, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, self.state_file)

    def _slot(self, source: Source) -> dict[str, Any]:
        return self.state["sources"].setdefault(source.url, {"next_poll": 0.0, "failures": 0})

    # Rounds.
    def due(self) -> list[Source]:
        """The sources whose next poll has come."""
        now = self.clock()
        return [s for s in self.sources if self._slot(s)["next_poll"] <= now]

    def wait_for_next(self) -> None:
        """Sleep until the next source is due."""
        if self.sources and not self.due():
            self.sleep(max(0.0, min(self._slot(s)["next_poll"] for s in self.sources) - self.clock()))

    def run(self, rounds: int | None = None, on_round: Callable[[RoundReport], None] | None = None) -> RoundReport:
        """Poll round after round (`rounds` of them, or until interrupted); returns the totals."""
        while rounds is None or self.rounds_done < rounds:
            self.wait_for_next()
            report = self.round()
            if on_round:
                on_round(report)
        return self.totals

    def round(self) -> RoundReport:
        """Poll every due source once, loading what is new; the state is saved after each source."""
        self.rounds_done += 1
        report = RoundReport(number=self.rounds_done)
        for source in self.due():
            self._poll(source, report)
            self.save()
        t = self.totals
        t.polled, t.unchanged, t.new_items = t.polled + report.polled, t.unchanged + report.unchanged, \
            t.new_items + report.new_items
        t.duplicates, t.loaded = t.duplicates + report.duplicates, t.loaded + report.loaded
        t.failed += report.failed
        return report

    def _poll(self, source: Source, report: RoundReport) -> None:
        slot = self._slot(source)
        report.polled += 1
        accept = FEED_ACCEPT if source.kind == "feed" else "text/html,application/xhtml+xml,application/pdf;q=0.9"
        try:
            fetched = self.fetcher.get(source.url, etag=slot.get("etag"), last_modified=slot.get("last_modified"),
                                       accept=accept)
        except DocumentError as exc:
            slot["failures"] = failures = slot.get("failures", 0) + 1
            slot["last_error"] = str(exc)
            backoff = min(max(source.interval, 60.0) * 2 ** failures, max(MAX_BACKOFF, source.interval))
            slot["next_poll"] = self.clock() + backoff
            report.failed.append(_split(exc))
            return
        slot.update(failures=0, last_error=None, next_poll=self.clock() + source.interval)
        if fetched.not_modified:
            report.unchanged += 1
            return
        slot["etag"], slot["last_modified"] = fetched.etag, fetched.last_modified
        items: list[tuple[str, Item]] = []
        if source.kind == "page":
            try:
                items.append((source.url, read_fetched(fetched)))
            except DocumentError as exc:
                items.append((source.url, exc))
        else:
            items.extend(self._feed_items(fetched.body, fetched.url, report))
        self._load(items, report)

    def _feed_items(self, body: bytes, url: str, report: RoundReport) -> Iterable[tuple[str, Item]]:
        """(link, document or error) for each item whose link was not seen."""
        try:
            entries, errors = parse_feed(body, url)
        except DocumentError as exc:
            yield url, exc
            return
        yield from ((url, e) for e in errors)
        seen = self.state["seen_urls"]
        for entry in entries:
            try:
                link = normalise_url(entry.link)
            except DocumentError as exc:
                yield entry.link, exc
                continue
            if link in seen:
                continue
            report.new_items += 1
            yield link, feed_document(self.fetcher, entry)

    def _load(self, items: list[tuple[str, Item]], report: RoundReport) -> None:
        """Load the documents whose text was not seen; record each loaded one by its link, URL and hash."""
        hashes = set(self.state["seen_hashes"])
        seen = self.state["seen_urls"]
        fresh: list[tuple[str, Item]] = []
        for link, item in items:
            if isinstance(item, SourceDocument) and item.content_hash in hashes:
                report.duplicates += 1
                seen[link] = seen[str(item.source)] = item.content_hash
            else:
                fresh.append((link, item))
        loaded: LoadReport = load_documents(self.driver, [item for _, item in fresh], database=self.database)
        failed = {source for source, _ in loaded.failed}
        report.failed += loaded.failed
        for link, item in fresh:
            if isinstance(item, SourceDocument) and item.source not in failed:
                report.loaded += 1
                seen[link] = seen[str(item.source)] = item.content_hash
                if item.content_hash not in hashes:
                    hashes.add(item.content_hash)
                    self.state["seen_hashes"].append(item.content_hash)


def _split(exc: DocumentError) -> tuple[str, str]:
    source, _, reason = str(exc).partition(": ")
    return source, reason or str(exc)
