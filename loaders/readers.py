"""Readers: the bytes of a file in, `SourceDocument`s out (pure functions, no database).

Plain text, HTML (main text and metadata), PDF (text layer), JSON Lines of articles,
and `.zip` archives of any of these. A document that cannot be read raises (or, in
a multi-document file, yields) a `DocumentError` whose message says why and where.

Each reader gives the publication date its format carries (the page's metadata, found by
htmldate through trafilatura; a record's `published`; a PDF's creation date), and says where
it came from (`published_from`); a document with none is dated by an ISO date in its file
name, if any. The dateline in the text is read by the extractor (`loaders/extract/published.py`),
which also decides which source wins.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

from foedus.loaders.model import SourceDocument

__all__ = ["DocumentError", "READERS", "read_text", "read_html", "read_pdf", "iter_jsonl", "iter_documents",
           "read_path", "normalise_published", "published_in_name"]

MAX_DOCUMENT_BYTES = 20_000_000


class DocumentError(ValueError):
    """A document that cannot be read; the message says why."""


def _decode(data: bytes, source: str | None) -> str:
    where = source or "document"
    if not data.strip():
        raise DocumentError(f"{where}: empty")
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{where}: binary content, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{where}: not valid UTF-8 (byte {exc.start})") from None


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")
_NAME_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])")


def _checked(y: str, m: str | None, d: str | None) -> str | None:
    try:
        date(int(y), int(m or 1), int(d or 1))
    except ValueError:
        return None
    if not 1900 <= int(y) <= 2199:
        return None
    return y if m is None else f"{y}-{m}" if d is None else f"{y}-{m}-{d}"


def normalise_published(value: object) -> str | None:
    """A publication date from metadata as an ISO prefix (2025, 2025-12, 2025-12-10), or None.

    Takes ISO dates and date-times ("2025-12-10T08:30:00Z": the day as written), PDF dates
    ("D:20251210083000+01'00'") and e-mail style dates ("Wed, 10 Dec 2025 08:30:00 GMT")."""
    text = str(value or "").strip()
    if not text:
        return None
    if m := _ISO.match(text):
        return _checked(*m.groups())
    if m := _PDF_DATE.match(text):
        return _checked(*m.groups())
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat()


def published_in_name(name: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) in a file's name ("2025-12-10-rabat.txt"), or None."""
    if not name:
        return None
    found = [v for m in _NAME_DATE.finditer(Path(name).name) if (v := _checked(*m.groups()))]
    return found[0] if len(found) == 1 else None  # two dates in a name: which is the publication's?


def _dated(doc: SourceDocument, value: object, source: str) -> SourceDocument:
    published = normalise_published(value)
    if published:
        doc.published, doc.published_from = published, source
    return doc


def _first_line(text: str) -> str | None:
    return next((line for line in text.split("\n") if line.strip()), None)


def read_text(data: bytes, source: str | None = None) -> SourceDocument:
    """A plain-text document: UTF-8 (with or without BOM); its first non-empty line is its title."""
    doc = SourceDocument(text=_decode(data, source), source=source)
    if not doc.text:
        raise DocumentError(f"{source or 'document'}: no visible text")
    doc.title = _first_line(doc.text)
    return doc


def read_html(data: bytes, source: str | None = None) -> SourceDocument:
    """An HTML page: its main text (boilerplate, scripts and menus dropped), title, date and site."""
    import trafilatura

    html = _decode(data, source)
    result = trafilatura.bare_extraction(html, url=source, with_metadata=True, include_comments=False)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise DocumentError(f"{source or 'document'}: no article text in this HTML page")
    title = getattr(result, "title", None)
    published = getattr(result, "date", None)
    site = getattr(result, "sitename", None) or getattr(result, "hostname", None)
    body = text if not title or text.startswith(title) else f"{title}\n{text}"
    return _dated(SourceDocument(text=body, title=title or _first_line(text), source=source or site),
                  published, "html")


def read_pdf(data: bytes, source: str | None = None) -> SourceDocument:
    """A PDF's text layer (a scanned PDF without one is refused)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    where = source or "document"
    if not data.startswith(b"%PDF"):
        raise DocumentError(f"{where}: not a PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(f"{where}: unreadable PDF ({type(exc).__name__}: {exc})") from None
    if not text.strip():
        raise DocumentError(f"{where}: the PDF has no text layer")
    meta: dict = dict(reader.metadata or {})
    title = str(meta.get("/Title") or "") or None
    return _dated(SourceDocument(text=text, title=title or _first_line(text), source=source),
                  meta.get("/CreationDate") or meta.get("/ModDate"), "pdf")


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)[:2000]


def iter_jsonl(data: bytes, source: str | None = None) -> Iterator[SourceDocument | DocumentError]:
    """Articles of a JSON Lines file (`text`, `title`, `url`, `published`, `language`); a broken line
    yields a DocumentError naming its line number, and the good lines still load."""
    text = _decode(data, source)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source or 'jsonl'}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not str(record.get("text") or "").strip():
                raise DocumentError(f"{where}: a line needs an object with a non-empty \"text\"")
            doc = _dated(SourceDocument(text=str(record["text"]), title=_opt_str(record.get("title")),
                                        language=_opt_str(record.get("language")),
                                        source=_opt_str(record.get("url")) or where),
                         record.get("published"), "jsonl")
            if not doc.text:
                raise DocumentError(f"{where}: no visible text")
            doc.title = doc.title or _first_line(doc.text)
            yield doc
        except json.JSONDecodeError as exc:
            yield DocumentError(f"{where}: not JSON ({exc.msg})")
        except RecursionError:
            yield DocumentError(f"{where}: JSON nested too deeply")
        except DocumentError as exc:
            yield exc


READERS = {".txt": read_text, ".html": read_html, ".htm": read_html, ".pdf": read_pdf}


def iter_documents(data: bytes, name: str) -> Iterator[SourceDocument | DocumentError]:
    """Every document in one file's bytes, by its extension (archives walked)."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_DOCUMENT_BYTES and suffix not in (".zip", ".jsonl"):
        yield DocumentError(f"{name}: larger than the limit of {MAX_DOCUMENT_BYTES} bytes")
    elif suffix == ".jsonl":
        yield from iter_jsonl(data, name)
    elif suffix == ".zip":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            yield DocumentError(f"{name}: not a valid zip archive")
            return
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            inner = Path(info.filename).suffix.lower()
            if info.is_dir() or (inner not in READERS and inner not in (".jsonl", ".zip")):
                continue
            if info.file_size > MAX_DOCUMENT_BYTES:
                yield DocumentError(f"{name}/{info.filename}: larger than the limit of {MAX_DOCUMENT_BYTES} bytes")
                continue
            try:
                member = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                yield DocumentError(f"{name}/{info.filename}: unreadable archive member ({exc})")
                continue
            yield from iter_documents(member, f"{name}/{info.filename}")
    elif suffix in READERS:
        try:
            yield _named(READERS[suffix](data, name), name)
        except DocumentError as exc:
            yield exc
    else:
        yield DocumentError(f"{name}: unknown document type {suffix or '(none)'}")


def _named(doc: SourceDocument, name: str) -> SourceDocument:
    """A document its format left undated is dated by an ISO date in its file name, if any."""
    if not doc.published and (found := published_in_name(name)):
        doc.published, doc.published_from = found, "file_name"
    return doc


def read_path(path: Path) -> SourceDocument:
    """Read a single-document file (text, HTML or PDF)."""
    reader = READERS.get(path.suffix.lower(), read_text)
    return _named(reader(path.read_bytes(), str(path)), str(path))
