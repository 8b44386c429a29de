"""Ingest: documents from paths, through the extractor, into the graph, one transaction each.

Extraction may run in worker processes (`workers`); writing stays in this process,
so each document is written whole or not at all, in the order read.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import neo4j

from foedus.graph.writer import WriteSummary, write_extractions
from foedus.loaders.extract import extract_document
from foedus.loaders.feeds import FeedItem, parse_feed
from foedus.loaders.fetch import Fetcher, is_url
from foedus.loaders.gdelt import is_gdelt_export, iter_gdelt_export, latest_export_url
from foedus.loaders.llm import LLMExtractor
from foedus.loaders.model import Extraction, SourceDocument
from foedus.loaders.readers import READERS, DocumentError, iter_documents
from foedus.loaders.sipri import read_trade_register
from foedus.loaders.state_names import with_common_names
from foedus.loaders.version import extractor_version
from foedus.loaders.web import fetch_document
from foedus.settings import get_settings

__all__ = ["extract", "LoadReport", "given_date", "iter_files", "read_all", "read_sources", "read_feed",
           "feed_document", "read_gdelt", "read_gdelt_url", "latest_gdelt_export", "load_documents", "load_paths",
           "plan_paths"]

SUFFIXES = set(READERS) | {".jsonl", ".zip", ".csv"}
Item: TypeAlias = SourceDocument | Extraction | DocumentError
Target: TypeAlias = str | Path
FEED_ACCEPT = ("application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,"
               "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1")


@dataclass
class LoadReport:
    """What a load did, for the summary printed at its end."""

    read: int = 0
    skipped: int = 0
    reextracted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    totals: WriteSummary = field(default_factory=lambda: WriteSummary(document="*"))

    def as_dict(self) -> dict:
        t = self.totals
        return {
            "documents_read": self.read, "skipped_already_loaded": self.skipped,
            "extracted_again_by_a_newer_extractor": self.reextracted,
            "failed": [{"source": s, "reason": r} for s, r in self.failed],
            "entities_created": t.entities_created, "entities_merged": t.entities_merged,
            "facts_created": t.facts_created, "facts_confirmed": t.facts_confirmed,
        }


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The document files under some paths (folders walked in name order)."""
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def read_all(paths: Iterable[Path]) -> Iterator[Item]:
    """Every document under some paths; trade-register tables come already extracted."""
    for path in iter_files(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield DocumentError(f"{path}: {exc.strerror}")
            continue
        if is_gdelt_export(path.name):
            yield from iter_gdelt_export(data, str(path))
        elif path.suffix.lower() == ".csv":
            try:
                extraction, skipped = read_trade_register(data, str(path))
            except DocumentError as exc:
                yield exc
                continue
            yield extraction
            for reason in skipped:
                yield DocumentError(reason)
        else:
            yield from iter_documents(data, str(path))


def read_sources(targets: Iterable[Target], feeds: Iterable[Target] = (), fetcher: Fetcher | None = None
                 ) -> Iterator[Item]:
    """Every document of some files, folders and URLs, then of some feeds, in the order given.

    A URL is fetched (`fetcher`, or a polite default); whatever cannot be read, fetched or
    parsed is one `DocumentError` naming it, and the rest still comes."""
    targets, feeds = list(targets), list(feeds)
    own = fetcher is None and (bool(feeds) or any(is_url(str(t)) for t in targets))
    client = Fetcher() if own else fetcher
    try:
        for target in targets:
            if is_url(str(target)) and is_gdelt_export(str(target)):
                yield from read_gdelt_url(client, str(target))
            elif is_url(str(target)):
                yield _fetched(client, str(target))
            elif not Path(target).exists():
                yield DocumentError(f"{target}: no such file or folder")
            else:
                yield from read_all([Path(target)])
        for feed in feeds:
            yield from read_feed(client, feed)
    finally:
        if own and client is not None:
            client.close()


def _fetched(fetcher: Fetcher | None, url: str) -> SourceDocument | DocumentError:
    assert fetcher is not None
    try:
        return fetch_document(fetcher, url)
    except DocumentError as exc:
        return exc


def read_gdelt_url(fetcher: Fetcher | None, url: str) -> Iterator[Item]:
    """The kept events of a GDELT 2.0 export fetched from a URL."""
    assert fetcher is not None
    try:
        fetched = fetcher.get(url, accept="application/zip,text/csv,*/*;q=0.5")
    except DocumentError as exc:
        yield exc
        return
    yield from iter_gdelt_export(fetched.body, fetched.url)


def read_gdelt(targets: Iterable[Target], fetcher: Fetcher | None = None) -> Iterator[Item]:
    """The kept events of GDELT 2.0 exports (files or URLs, plain or zipped), whatever their names."""
    for target in targets:
        if is_url(str(target)):
            yield from read_gdelt_url(fetcher, str(target))
            continue
        try:
            data = Path(target).read_bytes()
        except OSError as exc:
            yield DocumentError(f"{target}: {exc.strerror}")
            continue
        yield from iter_gdelt_export(data, str(target))


def latest_gdelt_export(fetcher: Fetcher, lastupdate: str) -> str:
    """The URL of GDELT's latest event export, read from its lastupdate.txt; raises `DocumentError`."""
    return latest_export_url(fetcher.get(lastupdate, accept="text/plain").body, lastupdate)


def feed_bytes(fetcher: Fetcher | None, feed: Target) -> tuple[bytes, str]:
    """A feed's bytes and its name (its final URL, or its path); raises `DocumentError`."""
    if is_url(str(feed)):
        assert fetcher is not None
        fetched = fetcher.get(str(feed), accept=FEED_ACCEPT)
        return fetched.body, fetched.url
    try:
        return Path(feed).read_bytes(), str(feed)
    except OSError as exc:
        raise DocumentError(f"{feed}: {exc.strerror}") from None


def read_feed(fetcher: Fetcher | None, feed: Target) -> Iterator[Item]:
    """The documents an RSS, Atom or JSON feed (a URL or a file) links to, dated by the feed."""
    try:
        items, errors = parse_feed(*feed_bytes(fetcher, feed))
    except DocumentError as exc:
        yield exc
        return
    yield from errors
    for item in items:
        yield feed_document(fetcher, item)


def feed_document(fetcher: Fetcher | None, item: FeedItem) -> SourceDocument | DocumentError:
    """The page a feed item links to, fetched and read, with the item's date as its publication date."""
    found = _fetched(fetcher, item.link)
    if isinstance(found, SourceDocument) and item.published:
        found.published, found.published_from = item.published, "feed"
    return found


def given_date(items: Iterable[Item], published: str | None) -> Iterator[Item]:
    """The documents with a publication date given by whoever loads them (`--published`): it wins
    over the metadata's and the dateline's."""
    for item in items:
        if published and isinstance(item, SourceDocument):
            item.published, item.published_from = published, "given"
        yield item


def extract(document: SourceDocument) -> Extraction:
    """The extraction of one document, with every state's common names in the three languages."""
    settings = get_settings()
    if settings.extractor == "llm":
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        extraction = LLMExtractor(settings.llm_base_url, settings.llm_model, key).extract(document)
    else:
        extraction = extract_document(document)
        extraction.extractor = extractor_version()
    return with_common_names(extraction)


def _extract(item: Item) -> Item:
    return extract(item) if isinstance(item, SourceDocument) else item


def _extracted(items: Iterable[Item], workers: int) -> Iterator[Item]:
    if workers <= 1:
        yield from map(_extract, items)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_extract, items, chunksize=8)


def load_documents(driver: neo4j.Driver, items: Iterable[Item], *, workers: int = 1,
                   database: str | None = None, progress: Callable[[], None] | None = None,
                   batch_facts: int | None = None, now: str | None = None) -> LoadReport:
    """Extract (in `workers` processes) and write documents, each whole or not at all.

    Documents are written several to a transaction, up to `batch_facts` facts (the
    settings' batch size); a batch that fails is written again one document at a time.
    `now` is the learned time to record (default: the clock), for replaying a history.
    """
    report = LoadReport()
    limit = batch_facts or get_settings().batch_size
    batch: list[Extraction] = []

    def flush() -> None:
        for extraction, result in zip(batch, write_extractions(driver, batch, database, now=now), strict=True):
            if isinstance(result, Exception):
                report.failed.append((extraction.document.source or extraction.document.id, str(result)))
            elif result.skipped:
                report.skipped += 1
            else:
                report.reextracted += result.reextracted
                report.totals.add(result)
        batch.clear()

    for item in _extracted(items, workers):
        if progress:
            progress()
        if isinstance(item, DocumentError):
            source, _, reason = str(item).partition(": ")
            report.failed.append((source, reason or str(item)))
            continue
        report.read += 1
        batch.append(item)
        if sum(len(e.relations) + len(e.entities) for e in batch) >= limit or len(batch) >= 100:
            flush()
    if batch:
        flush()
    return report


def load_paths(driver: neo4j.Driver, paths: Iterable[Target], *, workers: int = 1, database: str | None = None,
               progress: Callable[[], None] | None = None, published: str | None = None,
               now: str | None = None, feeds: Iterable[Target] = (), fetcher: Fetcher | None = None) -> LoadReport:
    """Load every document under some paths and URLs, then of some feeds (dated `published` when given)."""
    return load_documents(driver, given_date(read_sources(paths, feeds, fetcher), published), workers=workers,
                          database=database, progress=progress, now=now)


def plan_paths(driver: neo4j.Driver, paths: Iterable[Target], *, workers: int = 1,
               database: str | None = None, published: str | None = None, feeds: Iterable[Target] = (),
               fetcher: Fetcher | None = None) -> LoadReport:
    """What a load would do, without writing: new or known documents, new or known entities."""
    report = LoadReport()
    for item in _extracted(given_date(read_sources(paths, feeds, fetcher), published), workers):
        if isinstance(item, DocumentError):
            source, _, reason = str(item).partition(": ")
            report.failed.append((source, reason))
            continue
        report.read += 1
        known = driver.execute_query(
            "OPTIONAL MATCH (d:Document {content_hash: $h}) WITH d "
            "UNWIND $ids AS id OPTIONAL MATCH (n:Entity {id: id}) RETURN d IS NOT NULL AS doc, count(n) AS found",
            h=item.document.content_hash, ids=[e.id for e in item.entities] or [""], database_=database,
            routing_=neo4j.RoutingControl.READ).records[0]
        if known["doc"]:
            report.skipped += 1
        else:
            report.totals.entities_merged += known["found"]
            report.totals.entities_created += len(item.entities) - known["found"]
            report.totals.facts_created += len(item.relations)
    return report
