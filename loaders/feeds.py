"""Feeds: RSS and Atom (feedparser) and JSON Feed (its own small parser), bytes in, items out.

A feed gives items, each with the link of an article and, often, its publication date, which
is kept as the document's (`published_from="feed"`: the publisher's own date, stronger than the
one htmldate finds in the page). Pure functions, no network: the caller fetches the feed and
the items' pages.

What is wrong is said in one line naming the feed or the item, and the rest is kept:
a feed that is neither XML nor JSON, or is truncated (its items complete before the cut
are kept), an item without a link, an item whose date is not a date.
"""
from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast
from urllib.parse import urljoin

from foedus.loaders.readers import DocumentError, normalise_published

__all__ = ["FeedItem", "parse_feed"]

_ITEM_TAGS = {"item", "entry"}
_JSONFEED = "https://jsonfeed.org/version/"
_YEARS = range(1900, 2200)


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed: the article's link, its publication date (ISO day) and title, if given."""

    link: str
    published: str | None = None
    title: str | None = None


def _where(source: str, number: int, link: str | None = None) -> str:
    return f"{source} item {number}" + (f" ({link})" if link else "")


def _date(raw: object, parsed: time.struct_time | None) -> str | None:
    """The day a feed date says, as written; None when it is not a date (or not a plausible year)."""
    day = normalise_published(raw)
    if day is None and parsed is not None:
        day = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return day if day and int(day[:4]) in _YEARS else None


def _item(source: str, number: int, link: object, raw_date: object, parsed: time.struct_time | None,
          title: object, base: str) -> FeedItem | DocumentError:
    link = str(link or "").strip()
    if not link:
        return DocumentError(f"{_where(source, number)}: no link")
    link = urljoin(base, link)
    published = None
    if raw_date not in (None, ""):
        published = _date(raw_date, parsed)
        if published is None:
            return DocumentError(f"{_where(source, number, link)}: not a date: {str(raw_date)[:80]!r}")
    return FeedItem(link=link, published=published, title=str(title).strip()[:500] if title else None)


def _complete_items(data: bytes) -> tuple[int, str | None]:
    """How many items end before the XML breaks off, and why it broke (None when whole)."""
    parser: ET.XMLPullParser = ET.XMLPullParser(events=("end",))
    count = 0
    try:
        for start in range(0, len(data), 65536):
            parser.feed(data[start:start + 65536])
            # ("end", element) pairs only: the one kind of event asked for.
            for _, element in cast("Iterator[tuple[str, ET.Element]]", parser.read_events()):
                if element.tag.rsplit("}", 1)[-1].lower() in _ITEM_TAGS:
                    count += 1
                    element.clear()
        parser.close()
    except ET.ParseError as exc:
        return count, str(exc)
    return count, None


def _parse_json(data: bytes, source: str) -> tuple[list[FeedItem], list[DocumentError]]:
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        reason = getattr(exc, "msg", type(exc).__name__)
        raise DocumentError(f"{source}: not a feed (JSON that does not parse: {reason})") from None
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(_JSONFEED):
        raise DocumentError(f"{source}: JSON, but not a JSON Feed (no {_JSONFEED}... version)")
    raw_items = feed.get("items")
    if not isinstance(raw_items, list):
        raise DocumentError(f"{source}: a JSON Feed without an items list")
    base = str(feed.get("home_page_url") or feed.get("feed_url") or source)
    items: list[FeedItem] = []
    errors: list[DocumentError] = []
    for number, entry in enumerate(raw_items, start=1):
        if not isinstance(entry, dict):
            errors.append(DocumentError(f"{_where(source, number)}: not an object"))
            continue
        found = _item(source, number, entry.get("url") or entry.get("external_url"),
                      entry.get("date_published") or entry.get("date_modified"), None, entry.get("title"), base)
        (errors if isinstance(found, DocumentError) else items).append(found)  # type: ignore[arg-type]
    return items, errors


def parse_feed(data: bytes, source: str) -> tuple[list[FeedItem], list[DocumentError]]:
    """The items of an RSS, Atom or JSON feed, and the errors of the items (or the feed) that are wrong.

    Raises `DocumentError` when nothing of it is a feed."""
    import feedparser

    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise DocumentError(f"{source}: empty feed")
    if head.startswith((b"{", b"[")):
        return _parse_json(data, source)
    if not head.startswith(b"<"):
        raise DocumentError(f"{source}: not a feed (neither XML nor JSON)")
    complete, broken = _complete_items(data)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.entries
    errors: list[DocumentError] = []
    if broken:
        if "no element found" in broken or "unclosed token" in broken:
            errors.append(DocumentError(f"{source}: truncated feed ({broken}); "
                                        f"the {complete} items before the cut are kept"))
            entries = entries[:complete]
        elif not entries:
            raise DocumentError(f"{source}: not XML ({broken})")
        else:
            errors.append(DocumentError(f"{source}: malformed XML ({broken}); "
                                        f"the {complete} items before the fault are kept"))
            entries = entries[:complete]
    elif not parsed.version and not entries:
        raise DocumentError(f"{source}: XML, but not an RSS or Atom feed")
    base = str(parsed.feed.get("link") or source)
    items: list[FeedItem] = []
    for number, entry in enumerate(entries, start=1):
        # dict.get: feedparser's own get maps a missing "updated" to "published", with a warning.
        raw_date = dict.get(entry, "published") or dict.get(entry, "updated")
        parsed_date = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        found = _item(source, number, entry.get("link"), raw_date, parsed_date, entry.get("title"), base)
        (errors if isinstance(found, DocumentError) else items).append(found)  # type: ignore[arg-type]
    return items, errors
