"""The offline extractor: a document in, ontology objects out."""
from __future__ import annotations

from foedus.loaders.model import Extraction, SourceDocument

__all__ = ["extract_document"]


def extract_document(document: SourceDocument) -> Extraction:
    """Extract the entities and facts of one document (placeholder until the extractor lands)."""
    return Extraction(document=document)
