"""Readers: the bytes of a file in, `SourceDocument`s out (pure functions, no database).

Plain text, HTML (main text and metadata), PDF (text layer), JSON Lines of articles,
and `.zip` archives of any of these. A document that cannot be read raises (or, in
a multi-document file, yields) a `DocumentError` whose message says why and where.
"""
from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from foedus.loaders.model import SourceDocument

__all__ = ["DocumentError", "READERS", "read_text", "read_html", "read_pdf", "iter_jsonl", "iter_documents",
           "read_path"]

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
    date = getattr(result, "date", None)
    site = getattr(result, "sitename", None) or getattr(result, "hostname", None)
    body = text if not title or text.startswith(title) else f"{title}\n{text}"
    return SourceDocument(text=body, title=title or _first_line(text), published=date or None,
                          source=source or site)


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
    return SourceDocument(text=text, title=title or _first_line(text), source=source)


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
            doc = SourceDocument(text=str(record["text"]), title=_opt_str(record.get("title")),
                                 published=_opt_str(record.get("published")),
                                 language=_opt_str(record.get("language")),
                                 source=_opt_str(record.get("url")) or where)
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
            yield READERS[suffix](data, name)
        except DocumentError as exc:
            yield exc
    else:
        yield DocumentError(f"{name}: unknown document type {suffix or '(none)'}")


def read_path(path: Path) -> SourceDocument:
    """Read a single-document file (text, HTML or PDF)."""
    reader = READERS.get(path.suffix.lower(), read_text)
    return reader(path.read_bytes(), str(path))
