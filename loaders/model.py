"""What loaders produce: source documents and their extractions, as plain data.

The JSON form (`Extraction.to_json`) is the shape `foedus extract --format json`
prints and the graph writer consumes; its class and relation names are checked
against the ontology.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from foedus.ontology.model import ontology

__all__ = ["SourceDocument", "Entity", "Evidence", "Fact", "Extraction", "normalise_text", "content_hash"]

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def normalise_text(text: str) -> str:
    """NFC, no invisible or direction-override characters, one space between words, LF line ends."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def content_hash(text: str) -> str:
    """The key of a document: SHA-256 of its normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass
class SourceDocument:
    """A document as a loader reads it: normalised text and metadata."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO date prefix
    language: str | None = None
    source: str | None = None  # path or URL
    id: str = ""
    # Where `published` came from: one of `loaders.extract.published.SOURCES` (given, feed, html, jsonl,
    # dateline, pdf, file_name); a stronger source replaces a weaker one's date.
    published_from: str | None = None
    # Who coded the facts, when not Foedus reading the text: "gdelt" (the ontology's Document.coded_by).
    coded_by: str | None = None

    def __post_init__(self) -> None:
        self.text = normalise_text(self.text)
        if not self.id:
            self.id = "doc:" + content_hash(self.text)[:16]

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass
class Entity:
    """A real-world thing named in a document."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    iso2: str | None = None
    wikidata: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        onto = ontology()
        if self.type not in onto.entity_classes:
            raise ValueError(f"entity {self.id!r}: {self.type!r} is not an entity class of the ontology")
        if onto.class_of_id(self.id) != self.type:
            raise ValueError(f"entity {self.id!r}: its prefix does not name class {self.type}")


@dataclass
class Evidence:
    """The sentence that states a fact, with its character offsets in the document text."""

    text: str
    start: int
    end: int


@dataclass
class Fact:
    """A relation between two entities, with its evidence."""

    type: str
    source: str
    target: str
    attributes: dict[str, Any] = field(default_factory=dict)
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        ontology().relation(self.type)


def _plain(value: Any) -> Any:
    """Containers copied, values as they are: what `dataclasses.asdict` gives for these classes,
    without its deep copy of every string (the writer serialises every document it stores)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _entity_json(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), "iso2": e.iso2,
            "wikidata": e.wikidata, "attributes": _plain(e.attributes)}


def _fact_json(f: Fact) -> dict[str, Any]:
    evidence = None if f.evidence is None else {"text": f.evidence.text, "start": f.evidence.start,
                                                "end": f.evidence.end}
    return {"type": f.type, "source": f.source, "target": f.target, "attributes": _plain(f.attributes),
            "evidence": evidence}


@dataclass
class Extraction:
    """One document's entities and facts."""

    document: SourceDocument
    entities: list[Entity] = field(default_factory=list)
    relations: list[Fact] = field(default_factory=list)
    extractor: str | None = None  # what made it; a document is re-extracted when this changes

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of `foedus extract --format json`."""
        doc = self.document
        return {
            "document": {
                "id": doc.id, "language": doc.language, "title": doc.title,
                "published": doc.published, "published_from": doc.published_from, "source": doc.source,
                "content_hash": doc.content_hash, "text": doc.text, "coded_by": doc.coded_by,
            },
            "entities": [_entity_json(e) for e in self.entities],
            "relations": [_fact_json(r) for r in self.relations],
            "extractor": self.extractor,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], text: str = "") -> Extraction:
        """Rebuild an extraction from its JSON form (e.g. a JSON Lines file of extractions)."""
        meta = data["document"]
        if not (text or meta.get("text")):
            raise ValueError("an extraction needs its document's text (its key is the hash of the text)")
        doc = SourceDocument(text=text or meta.get("text", ""), title=meta.get("title"),
                             published=meta.get("published"), language=meta.get("language"),
                             source=meta.get("source"), id=meta.get("id", ""),
                             published_from=meta.get("published_from"), coded_by=meta.get("coded_by"))
        entities = [Entity(**e) for e in data.get("entities", [])]
        facts = []
        for r in data.get("relations", []):
            ev = r.get("evidence")
            facts.append(Fact(type=r["type"], source=r["source"], target=r["target"],
                              attributes=r.get("attributes") or {},
                              evidence=Evidence(**ev) if ev else None))
        return cls(document=doc, entities=entities, relations=facts, extractor=data.get("extractor"))
