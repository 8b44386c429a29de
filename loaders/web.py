"""A fetched web resource in, a `SourceDocument` out: an HTML page or a PDF, its URL as its source.

What the server says it sent (Content-Type) and what the body is must agree: an image or a
binary file behind an `.html` URL, or served as `text/html`, is refused with one line naming
the URL. HTML is decoded by its declared charset (header, then `<meta charset>`), UTF-8
by default, before the HTML reader (trafilatura, htmldate) takes its article and metadata.
"""
from __future__ import annotations

import re

from foedus.loaders.fetch import Fetched, Fetcher
from foedus.loaders.model import SourceDocument
from foedus.loaders.readers import DocumentError, read_html, read_pdf

__all__ = ["HTML_TYPES", "fetch_document", "read_fetched"]

HTML_TYPES = {"text/html", "application/xhtml+xml"}
_PDF_TYPES = {"application/pdf", "application/x-pdf"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
                         rb"article|div|p|h[1-6])\b", re.IGNORECASE | re.DOTALL)


def looks_like_html(body: bytes) -> bool:
    """True when a body starts as an HTML document does (a BOM and white space allowed)."""
    head = body[:4096].removeprefix(b"\xef\xbb\xbf")
    return b"\x00" not in head and bool(_HTML_START.match(head))


def _charset(fetched: Fetched) -> str:
    if fetched.charset:
        return fetched.charset
    found = _META_CHARSET.search(fetched.body[:4096])
    return found.group(1).decode("ascii") if found else "utf-8"


def read_fetched(fetched: Fetched) -> SourceDocument:
    """The document a fetched page or PDF holds; raises `DocumentError("URL: reason")`."""
    url, body, kind = fetched.url, fetched.body, fetched.content_type or "no Content-Type"
    if kind in _PDF_TYPES or body.startswith(b"%PDF-"):
        return read_pdf(body, url)
    if kind not in HTML_TYPES and kind != "no Content-Type":
        raise DocumentError(f"{url}: not an HTML page or a PDF (Content-Type {kind})")
    if not looks_like_html(body):
        raise DocumentError(f"{url}: served as {kind} but the body is not HTML")
    charset = _charset(fetched)
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{url}: cannot decode the page as {charset} ({type(exc).__name__})") from None
    return read_html(text.encode("utf-8"), url)


def fetch_document(fetcher: Fetcher, url: str) -> SourceDocument:
    """Fetch one page or PDF and read it; raises `DocumentError("URL: reason")`."""
    return read_fetched(fetcher.get(url))
