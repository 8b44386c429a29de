"""Fetching web pages and feeds politely, with every failure a one-line `DocumentError` naming the URL.

A `Fetcher` sends an honest User-Agent, asks each host's robots.txt first (urllib.robotparser,
RFC 9309: a robots.txt that is missing allows everything, one that cannot be read forbids
everything), waits between two requests to one host, follows redirects itself (each hop
checked against robots.txt, a loop or too many hops refused), and reads the body as a stream:
the size limit and the overall deadline trip while it arrives, never after a whole 2 GB body
has been held. Conditional GETs (ETag, Last-Modified) let a watcher ask only for what changed.

URLs are normalised with courlan (host in lower case, default port and fragment dropped,
query parameters sorted, tracking parameters dropped), so one page is one URL.
"""
from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from foedus.loaders.readers import MAX_DOCUMENT_BYTES, DocumentError

__all__ = ["FetchPolicy", "Fetched", "Fetcher", "is_url", "normalise_url", "user_agent"]

_REDIRECTS = {301, 302, 303, 307, 308}
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "xtor")
_ROBOTS_MAX_BYTES = 512_000
ROBOTS_TOKEN = "Foedus"


def user_agent() -> str:
    """Who is asking, honestly: the product, its version and what it is for."""
    try:
        version = metadata.version("foedus")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"{ROBOTS_TOKEN}/{version} (defence-partnership research knowledge graph; python-httpx)"


def is_url(target: str) -> bool:
    """True for an http(s) URL, false for anything else (a file path)."""
    return str(target).lower().startswith(("http://", "https://"))


def normalise_url(url: str) -> str:
    """One spelling per page: courlan's normalisation, without the fragment and tracking parameters."""
    from courlan import normalize_url

    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise DocumentError(f"{url}: not an http(s) URL")
    query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith(_TRACKING))
    try:
        return normalize_url(urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, "")))
    except ValueError as exc:
        raise DocumentError(f"{url}: not a valid URL ({exc})") from None


@dataclass(frozen=True)
class FetchPolicy:
    """How patient and how polite a fetcher is."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # the longest silence between two chunks
    deadline: float = 120.0  # the whole request, redirects included
    max_bytes: int = MAX_DOCUMENT_BYTES
    max_redirects: int = 5
    per_host_interval: float = 1.0  # seconds between two requests to one host (robots.txt may ask more)
    robots: bool = True


@dataclass
class Fetched:
    """A fetched resource: its final URL, status (200, or 304 when unchanged), body and validators."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None  # where a redirect points

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    refusal: str | None = None  # why everything is forbidden, when it is


@dataclass
class Fetcher:
    """An HTTP client for pages and feeds; use as a context manager (it holds connections)."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        p = self.policy
        self._client = httpx.Client(
            # Only what `_decoded` can inflate within the size limit.
            headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"}, follow_redirects=False,
            timeout=httpx.Timeout(connect=p.connect_timeout, read=p.read_timeout, write=p.read_timeout,
                                  pool=p.connect_timeout))
        self._robots: dict[str, _Robots] = {}
        self._last: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1") -> Fetched:
        """GET a URL (normalised), following redirects; raises `DocumentError("URL: reason")`."""
        start = self.clock()
        current = normalise_url(url)
        seen = [current]
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(self.policy.max_redirects + 1):
            self._allowed(current, url)
            response = self._once(current, headers, start, url)
            if response.status not in _REDIRECTS:
                return response
            target = response.location or ""
            if not is_url(target):
                raise DocumentError(f"{url}: redirected to {target!r}, not an http(s) URL")
            current = normalise_url(target)
            if current in seen:
                raise DocumentError(f"{url}: redirect loop ({' -> '.join([*seen, current])})")
            seen.append(current)
        raise DocumentError(f"{url}: more than {self.policy.max_redirects} redirects")

    def crawl_delay(self, url: str) -> float:
        """The seconds to wait between two requests to this URL's host: ours, or robots.txt's if longer."""
        robots = self._robots.get(_origin(url))
        asked = robots.parser.crawl_delay(ROBOTS_TOKEN) if robots and robots.parser else None
        return max(self.policy.per_host_interval, float(asked or 0))

    def _wait_turn(self, url: str) -> None:
        origin = _origin(url)
        last = self._last.get(origin)
        if last is not None:
            wait = last + self.crawl_delay(url) - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[origin] = self.clock()

    def _once(self, url: str, headers: dict[str, str], start: float, asked: str,
              max_bytes: int | None = None) -> Fetched:
        """One request, no redirect followed."""
        limit = max_bytes or self.policy.max_bytes
        self._wait_turn(url)
        remaining = self.policy.deadline - (self.clock() - start)
        if remaining <= 0:
            raise DocumentError(f"{asked}: no whole answer within {self.policy.deadline:g}s")
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise DocumentError(f"{asked}: HTTP {status} redirect without a Location")
                    return Fetched(url=url, status=status, location=urljoin(url, location))
                if status == 304:
                    return Fetched(url=url, status=304, etag=response.headers.get("etag"),
                                   last_modified=response.headers.get("last-modified"))
                if status >= 400 or status < 200:
                    raise DocumentError(f"{asked}: HTTP {status} {response.reason_phrase}".rstrip())
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise DocumentError(f"{asked}: {int(declared)} bytes announced, over the limit of {limit}")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > limit:
                        raise DocumentError(f"{asked}: larger than the limit of {limit} bytes")
                    if self.clock() - start > self.policy.deadline:
                        raise DocumentError(f"{asked}: no whole answer within {self.policy.deadline:g}s")
                    chunks.append(chunk)
                content_type = response.headers.get("content-type", "")
                body = b"".join(chunks)
                if response.headers.get("content-encoding", "identity").lower() not in ("identity", ""):
                    body = _decoded(response, body, asked, limit)
                return Fetched(url=url, status=status, body=body,
                               content_type=content_type.split(";")[0].strip().lower(),
                               charset=response.charset_encoding, etag=response.headers.get("etag"),
                               last_modified=response.headers.get("last-modified"))
        except httpx.ConnectTimeout:
            raise DocumentError(f"{asked}: no connection within {self.policy.connect_timeout:g}s") from None
        except httpx.ReadTimeout:
            raise DocumentError(f"{asked}: the server went silent for {self.policy.read_timeout:g}s") from None
        except httpx.ConnectError as exc:
            raise DocumentError(f"{asked}: cannot connect ({_reason(exc)})") from None
        except httpx.RemoteProtocolError as exc:
            raise DocumentError(f"{asked}: broken answer ({_reason(exc)})") from None
        except httpx.HTTPError as exc:
            raise DocumentError(f"{asked}: {type(exc).__name__} ({_reason(exc)})") from None

    def _allowed(self, url: str, asked: str) -> None:
        """Raise unless robots.txt lets us fetch this URL."""
        if not self.policy.robots:
            return
        origin = _origin(url)
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._robots[origin] = self._read_robots(origin)
        if robots.refusal:
            raise DocumentError(f"{asked}: {robots.refusal}")
        if robots.parser is not None and not robots.parser.can_fetch(ROBOTS_TOKEN, url):
            raise DocumentError(f"{asked}: disallowed by {origin}/robots.txt")

    def _read_robots(self, origin: str) -> _Robots:
        try:
            fetched = self._once(f"{origin}/robots.txt", {"Accept": "text/plain"}, self.clock(),
                                 f"{origin}/robots.txt", max_bytes=_ROBOTS_MAX_BYTES)
        except DocumentError as exc:
            if " HTTP 4" in str(exc):  # no robots.txt (RFC 9309: 4xx allows everything)
                return _Robots(None)
            return _Robots(None, f"robots.txt unreadable, so not fetched ({str(exc).partition(': ')[2]})")
        if fetched.status in _REDIRECTS:  # one hop is enough for a robots.txt
            return _Robots(None)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return _Robots(parser)


def _decoded(response: httpx.Response, body: bytes, asked: str, limit: int) -> bytes:
    """A compressed body, decompressed within the size limit (a small gzip bomb is still a bomb)."""
    import zlib

    encoding = response.headers.get("content-encoding", "").lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise DocumentError(f"{asked}: unsupported Content-Encoding {encoding}")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32 if "gzip" in encoding else zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise DocumentError(f"{asked}: broken {encoding} body ({exc})") from None
    if len(out) > limit:
        raise DocumentError(f"{asked}: larger than the limit of {limit} bytes once decompressed")
    return out


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
