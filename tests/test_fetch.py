"""The fetcher and the feed parser against a web site of our own on 127.0.0.1 (no database, no Internet)."""
from __future__ import annotations

import pytest
from website import ARTICLES, Site, rss, serve

from foedus.ingest import read_sources
from foedus.loaders.feeds import parse_feed
from foedus.loaders.fetch import Fetcher, normalise_url, user_agent
from foedus.loaders.model import SourceDocument
from foedus.loaders.readers import DocumentError
from foedus.loaders.web import fetch_document


def _error(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(DocumentError) as caught:
        fetch_document(fetcher, url)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(url + ": "), message
    return message.removeprefix(url + ": ")


def test_a_page_is_read_with_its_url_as_source(site: Site, fetcher: Fetcher) -> None:
    url = site.url("/news/navy-talks.html")
    doc = fetch_document(fetcher, url)
    assert doc.source == url
    assert doc.title == "Moroccan and Senegalese navies hold staff talks"
    assert "liaison officer" in doc.text and "Home" not in doc.text  # the article, not the menu
    assert (doc.published, doc.published_from) == ("2025-12-09", "html")
    page = site.requests("/news/navy-talks.html")[0]
    assert page["user_agent"] == user_agent() and page["user_agent"].startswith("Foedus/")
    assert site.requests("/robots.txt"), "robots.txt is asked first"


def test_a_redirect_is_followed_and_the_final_url_is_the_source(site: Site, fetcher: Fetcher) -> None:
    doc = fetch_document(fetcher, site.url("/moved.html"))
    assert doc.source == site.url("/news/navy-talks.html")


@pytest.mark.parametrize(("path", "reason"), [
    ("/missing.html", "HTTP 404 Not Found"),
    ("/broken.html", "HTTP 500 Internal Server Error"),
    ("/loop-a.html", "redirect loop"),
    ("/stalled.html", "the server went silent for 0.5s"),
    ("/trickle.html", "no whole answer within 2s"),
    ("/huge.html", "larger than the limit of 1000000 bytes"),
    ("/huge-announced.html", "2147483648 bytes announced, over the limit of 1000000"),
    ("/photo.html", "served as text/html but the body is not HTML"),
    ("/download.html", "not an HTML page or a PDF (Content-Type application/octet-stream)"),
    ("/private/plans.html", "disallowed by"),
])
def test_each_failure_is_one_line_naming_the_url(site: Site, fetcher: Fetcher, path: str, reason: str) -> None:
    assert reason in _error(fetcher, site.url(path))


def test_robots_forbids_before_any_request_to_the_page(site: Site, fetcher: Fetcher) -> None:
    _error(fetcher, site.url("/private/plans.html"))
    assert not site.requests("/private/plans.html")


def test_an_unreachable_host_is_one_line(fetcher: Fetcher) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert "cannot connect" in _error(fetcher, f"http://127.0.0.1:{port}/x.html")


def test_urls_are_normalised() -> None:
    assert normalise_url("HTTP://Example.COM:80/a/b.html?utm_source=x&b=2&a=1#top") == \
        "http://example.com/a/b.html?a=1&b=2"
    with pytest.raises(DocumentError, match="not an http"):
        normalise_url("ftp://example.com/file")


def test_a_run_keeps_going_past_each_bad_url(site: Site, fetcher: Fetcher) -> None:
    urls = [site.url(p) for p in ("/missing.html", "/news/navy-talks.html", "/loop-a.html", "/huge.html",
                                  "/news/air-exercise.html", "/photo.html")]
    items = list(read_sources(urls, fetcher=fetcher))
    assert [type(i).__name__ for i in items] == ["DocumentError", "SourceDocument", "DocumentError",
                                                 "DocumentError", "SourceDocument", "DocumentError"]
    assert [i.source for i in items if isinstance(i, SourceDocument)] == [urls[1], urls[4]]


def _feed_errors(data: bytes) -> tuple[list, list[str]]:
    items, errors = parse_feed(data, "feed.xml")
    return items, [str(e) for e in errors]


def test_rss_items_keep_their_links_and_dates() -> None:
    items, errors = _feed_errors(rss([
        {"title": "one", "link": "http://example.invalid/1", "pubDate": "Wed, 10 Dec 2025 08:00:00 +0000"},
        {"title": "two", "link": "/2", "pubDate": "Mon, 03 Nov 2025 23:30:00 -0500"},  # the day as written
        {"title": "three", "link": "http://example.invalid/3"},
    ]))
    assert errors == []
    assert [(i.link, i.published) for i in items] == [
        ("http://example.invalid/1", "2025-12-10"), ("http://example.invalid/2", "2025-11-03"),
        ("http://example.invalid/3", None)]


def test_atom_and_json_feeds() -> None:
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            b'<entry><title>a</title><link href="http://example.invalid/a"/><published>2025-10-01T09:00:00Z'
            b'</published></entry></feed>')
    items, errors = _feed_errors(atom)
    assert errors == [] and [(i.link, i.published) for i in items] == [("http://example.invalid/a", "2025-10-01")]
    jsonfeed = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": ['
                b'{"id": "1", "url": "http://example.invalid/j", "date_published": "2025-09-30T10:00:00+02:00"},'
                b'{"id": "2", "title": "no link"}, {"id": "3", "url": "http://example.invalid/k",'
                b' "date_published": "the day after tomorrow"}]}')
    items, errors = parse_feed(jsonfeed, "feed.json")
    assert [(i.link, i.published) for i in items] == [("http://example.invalid/j", "2025-09-30")]
    assert [str(e) for e in errors] == [
        "feed.json item 2: no link",
        "feed.json item 3 (http://example.invalid/k): not a date: 'the day after tomorrow'"]


def test_bad_items_are_one_line_each_and_the_others_kept() -> None:
    items, errors = _feed_errors(rss([
        {"title": "fine", "link": "http://example.invalid/ok", "pubDate": "Tue, 09 Dec 2025 10:00:00 GMT"},
        {"title": "no link here", "pubDate": "Tue, 09 Dec 2025 10:00:00 GMT"},
        {"title": "odd date", "link": "http://example.invalid/odd", "pubDate": "sometime around the harvest"},
        {"title": "far future", "link": "http://example.invalid/far", "pubDate": "Tue, 09 Dec 9999 10:00:00 GMT"},
    ]))
    assert [i.link for i in items] == ["http://example.invalid/ok"]
    assert errors == ["feed.xml item 2: no link",
                      "feed.xml item 3 (http://example.invalid/odd): not a date: 'sometime around the harvest'",
                      "feed.xml item 4 (http://example.invalid/far): not a date: 'Tue, 09 Dec 9999 10:00:00 GMT'"]


def test_a_truncated_feed_keeps_its_whole_items() -> None:
    whole = rss([{"title": "a", "link": "http://example.invalid/a"}, {"title": "b", "link": "http://example.invalid/b"},
                 {"title": "c", "link": "http://example.invalid/cut-here"}])
    cut = whole[:whole.index(b"cut-here")]
    items, errors = _feed_errors(cut)
    assert [i.link for i in items] == ["http://example.invalid/a", "http://example.invalid/b"]
    assert len(errors) == 1 and errors[0].startswith("feed.xml: truncated feed")


@pytest.mark.parametrize(("data", "reason"), [
    (b"This is a page of plain words, not a feed.", "not a feed (neither XML nor JSON)"),
    (b"<html><body><p>an HTML page <br> where a feed should be</body></html>", "not XML"),
    (b"<?xml version='1.0'?><catalogue><book>t</book></catalogue>", "XML, but not an RSS or Atom feed"),
    (b'{"items": []}', "JSON, but not a JSON Feed"),
    (b"", "empty feed"),
])
def test_what_is_not_a_feed_is_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_feed(data, "feed.xml")
    assert str(caught.value).startswith("feed.xml: ") and reason in str(caught.value)


def test_robots_txt_missing_allows_and_unreadable_forbids(site: Site, fetcher: Fetcher) -> None:
    del site.routes["/robots.txt"]  # 404: no robots.txt, everything allowed
    assert fetch_document(fetcher, site.url("/private/plans.html")).title
    with serve() as other, Fetcher(fetcher.policy) as client:
        other.add("/robots.txt", b"down", status=503, content_type="text/plain")
        reason = _error(client, other.url("/news/navy-talks.html"))
        assert reason.startswith("robots.txt unreadable, so not fetched (HTTP 503")
        assert not other.requests("/news/navy-talks.html")


def test_compressed_bodies_are_inflated_within_the_limit(site: Site, fetcher: Fetcher) -> None:
    import gzip

    page = site.add("/gzipped.html", gzip.compress(ARTICLES["/news/air-exercise.html"]),
                    headers={"Content-Encoding": "gzip"})
    assert fetch_document(fetcher, page).title == "Portugal and Morocco plan a joint air exercise"
    bomb = site.add("/bomb.html", gzip.compress(b"<p>" + b"a" * 5_000_000), headers={"Content-Encoding": "gzip"})
    assert "larger than the limit of 1000000 bytes once decompressed" in _error(fetcher, bomb)


def test_a_pdf_is_read_by_its_text_layer(site: Site, fetcher: Fetcher) -> None:
    url = site.url("/reports/staff-talks.pdf")
    doc = fetch_document(fetcher, url)
    assert doc.source == url and "liaison officers" in doc.text
