"""Readers: bytes of a file in, a `SourceDocument` out (pure functions, no database)."""
from __future__ import annotations

from pathlib import Path

from foedus.loaders.model import SourceDocument

__all__ = ["DocumentError", "read_text"]


class DocumentError(ValueError):
    """A document that cannot be read; the message says why."""


def read_text(data: bytes, source: str | None = None) -> SourceDocument:
    """A plain-text document: UTF-8 (with or without BOM); its first non-empty line is its title."""
    if not data.strip():
        raise DocumentError(f"{source or 'document'}: empty")
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{source or 'document'}: binary content, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{source or 'document'}: not valid UTF-8 (byte {exc.start})") from None
    doc = SourceDocument(text=text, source=source)
    if not doc.text:
        raise DocumentError(f"{source or 'document'}: no text")
    doc.title = next((line for line in doc.text.split("\n") if line.strip()), None)
    return doc


def read_path(path: Path) -> SourceDocument:
    """Read one document file by its extension."""
    return read_text(path.read_bytes(), source=str(path))
