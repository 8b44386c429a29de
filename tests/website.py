"""A small web site of our own on 127.0.0.1, for the fetcher, feed and watch tests.

A threaded `http.server` serving pages and feeds written for these tests (in our own words),
and the failures a real site can give: 404, 500, a redirect loop, a body that stalls, one
that trickles a byte at a time, one that never ends, an image behind an `.html` URL, a path
robots.txt forbids. Every request is logged (path, status, conditional headers), so a test
can see what was asked and what was answered, without timing anything.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Site", "serve", "article_page", "rss", "tiny_pdf", "ARTICLES"]


def article_page(title: str, paragraphs: list[str], published: str | None = None, lang: str = "en") -> bytes:
    """An article page as a newsroom's CMS might render it: menu, article, footer."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
            f'<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>'
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Test site of the Foedus project.</footer></body></html>").encode()


# Three short articles written for these tests; they describe no real event.
ARTICLES = {
    "/news/navy-talks.html": article_page(
        "Moroccan and Senegalese navies hold staff talks", [
            "DAKAR - Officers of the Royal Moroccan Navy and of the Senegalese Navy met in Dakar this week "
            "for a third round of staff talks on the surveillance of their Atlantic waters.",
            "The two delegations went through a draft plan for coordinated patrols and agreed that each navy "
            "would post a liaison officer with the other before the end of next year.",
            "A spokesman said the talks also covered the training of boarding teams and the sharing of "
            "radar pictures between the two coastal operations centres.",
        ], published="2025-12-09"),
    "/news/air-exercise.html": article_page(
        "Portugal and Morocco plan a joint air exercise", [
            "LISBON - The air forces of Portugal and Morocco will fly a joint exercise next spring, the "
            "Portuguese defence ministry announced on Monday after a meeting of their planners.",
            "Transport aircraft and helicopters from both countries are expected to practise search and "
            "rescue over the sea, with crews from each side flying on board the other's aircraft.",
            "The planners also discussed a programme of exchanges for young pilots and mechanics.",
        ], published="2025-11-02"),
    "/news/border-committee.html": article_page(
        "Mauritania and Senegal review their border security committee", [
            "NOUAKCHOTT - Senior officers of Mauritania and Senegal reviewed the work of their joint committee "
            "on border security during a two-day session held in the Mauritanian capital.",
            "They agreed to hold a common training course for gendarmes posted along the river and to meet "
            "again in Dakar in six months to measure progress.",
            "The session closed with the signing of minutes listing the tasks of each side.",
        ]),
}


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica), its cross-reference table computed."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
               "/Contents 5 0 R >>", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def rss(items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 feed of items (keys: title, link, pubDate; a key left out is an element left out)."""
    parts = []
    for item in items:
        parts.append("<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test newsroom</title>'
            f'<link>http://example.invalid/</link><description>Our own test feed</description>{"".join(parts)}'
            "</channel></rss>").encode()


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answered 304 to a matching If-None-Match
    special: Callable[[BaseHTTPRequestHandler, threading.Event], None] | None = None


@dataclass
class Site:
    """The routes, the request log and the address of a running test site."""

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[dict[str, str | int | None]] = field(default_factory=list)
    base: str = ""
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes = b"", **kwargs: object) -> str:
        self.routes[path] = Route(body=body, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def requests(self, path: str) -> list[dict[str, str | int | None]]:
        """The logged requests of one path, in order."""
        return [r for r in self.log if r["path"] == path]


def _stall(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """Headers and the start of a body, then silence (until the site stops)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(b"<!DOCTYPE html><html><body><p>The beginning of a page that never ")
    handler.wfile.flush()
    stop.wait(60)


def _trickle(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """A byte at a time, never silent for long and never done."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    handler.wfile.write(b"<!DOCTYPE html><html><body><p>")
    while not stop.wait(0.05):
        handler.wfile.write(b"a")
        handler.wfile.flush()


def _endless(handler: BaseHTTPRequestHandler, stop: threading.Event, announce: str | None = None) -> None:
    """A body streamed in 64 KiB chunks until the client hangs up (never held whole, here or there)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    if announce:
        handler.send_header("Content-Length", announce)
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65530 + b"</p>"
    for _ in range(2 * 1024 // 64 * 1024):  # at most 2 GiB, should the client never stop
        if stop.is_set():
            return
        handler.wfile.write(chunk)


def _standard_routes(site: Site) -> None:
    site.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for path, page in ARTICLES.items():
        site.add(path, page)
    site.add("/private/plans.html", ARTICLES["/news/navy-talks.html"])
    site.add("/broken.html", b"<html><body>internal error</body></html>", status=500)
    site.add("/loop-a.html", status=302, headers={"Location": "/loop-b.html"})
    site.add("/loop-b.html", status=302, headers={"Location": "/loop-a.html"})
    site.add("/moved.html", status=301, headers={"Location": "/news/navy-talks.html"})
    site.add("/stalled.html", special=_stall)
    site.add("/trickle.html", special=_trickle)
    site.add("/huge.html", special=_endless)
    site.add("/huge-announced.html", special=lambda h, s: _endless(h, s, announce=str(2 * 1024 ** 3)))
    site.add("/photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, content_type="text/html")
    site.add("/reports/staff-talks.pdf", tiny_pdf([
        "Staff talks between two navies", "The delegations agreed to post liaison officers with each other."]),
        content_type="application/pdf")
    site.add("/download.html", b"PK\x03\x04" + bytes(200), content_type="application/octet-stream")


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            route = site.routes.get(self.path.split("?")[0])
            entry: dict[str, str | int | None] = {
                "path": self.path, "if_none_match": self.headers.get("If-None-Match"),
                "if_modified_since": self.headers.get("If-Modified-Since"),
                "user_agent": self.headers.get("User-Agent")}
            site.log.append(entry)
            if route is None:
                entry["status"] = 404
                self._answer(404, b"<html><body>not here</body></html>", "text/html", {})
            elif route.special is not None:
                entry["status"] = 200
                with suppress(BrokenPipeError, ConnectionResetError):
                    route.special(self, site.stop)
                self.close_connection = True
            elif route.etag and self.headers.get("If-None-Match") == route.etag:
                entry["status"] = 304
                self._answer(304, b"", route.content_type, {"ETag": route.etag})
            else:
                entry["status"] = route.status
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                self._answer(route.status, route.body, route.content_type, headers)

        def _answer(self, status: int, body: bytes, content_type: str, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for key, value in headers.items():
                self.send_header(key, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    return Handler


@contextmanager
def serve() -> Iterator[Site]:
    """A test site on a free port of 127.0.0.1, stopped (with its stalled answers) on exit."""
    site = Site()
    _standard_routes(site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()
