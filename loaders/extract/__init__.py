"""The offline extractor: a document in, ontology objects out.

Rule-based and deterministic: gazetteers and lexicons from `loaders/refdata`, token n-gram
lookups, sentence-level cues for events, agreements and relations. No network, no database.
"""
from __future__ import annotations

from foedus.loaders.extract.pipeline import extract_document

__all__ = ["extract_document"]
