"""Ingest: documents from paths, through the extractor, into the graph, one transaction each."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from foedus.graph.writer import WriteSummary, write_extraction
from foedus.loaders.extract import extract_document
from foedus.loaders.model import SourceDocument
from foedus.loaders.readers import DocumentError, read_path

__all__ = ["LoadReport", "iter_files", "load_documents", "load_paths"]

DOCUMENT_SUFFIXES = {".txt", ".md"}


@dataclass
class LoadReport:
    """What a load did, for the summary printed at its end."""

    read: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    totals: WriteSummary = field(default_factory=lambda: WriteSummary(document="*"))

    def as_dict(self) -> dict:
        t = self.totals
        return {
            "documents_read": self.read, "skipped_already_loaded": self.skipped,
            "failed": [{"source": s, "reason": r} for s, r in self.failed],
            "entities_created": t.entities_created, "entities_merged": t.entities_merged,
            "facts_created": t.facts_created, "facts_confirmed": t.facts_confirmed,
        }


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The document files under some paths (folders walked in name order)."""
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            yield path


def load_documents(driver: neo4j.Driver, documents: Iterable[SourceDocument | tuple[str, str]],
                   database: str | None = None) -> LoadReport:
    """Extract and write documents; a (source, reason) pair stands for a document that could not be read."""
    report = LoadReport()
    for item in documents:
        if isinstance(item, tuple):
            report.failed.append(item)
            continue
        report.read += 1
        try:
            summary = write_extraction(driver, extract_document(item), database=database)
        except (ValueError, neo4j.exceptions.Neo4jError) as exc:
            report.failed.append((item.source or item.id, str(exc)))
            continue
        if summary.skipped:
            report.skipped += 1
        else:
            report.totals.add(summary)
    return report


def _read_all(paths: Iterable[Path]) -> Iterator[SourceDocument | tuple[str, str]]:
    for path in iter_files(paths):
        try:
            yield read_path(path)
        except (DocumentError, OSError) as exc:
            yield (str(path), str(exc))


def load_paths(driver: neo4j.Driver, paths: Iterable[Path], database: str | None = None) -> LoadReport:
    """Load every document under some paths."""
    return load_documents(driver, _read_all(paths), database=database)
