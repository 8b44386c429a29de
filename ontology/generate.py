"""The files generated from the ontology and committed: OWL vocabulary, SHACL shapes, JSON schema."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from foedus.ontology.model import Ontology, ontology
from foedus.ontology.rdf import build_shapes, build_vocabulary

__all__ = ["GENERATED", "extraction_schema", "render", "write_generated"]

HERE = Path(__file__).parent
GENERATED = {"foedus.ttl": "vocabulary", "shapes.ttl": "shapes", "extraction.schema.json": "schema"}


def extraction_schema(onto: Ontology | None = None) -> dict[str, Any]:
    """JSON Schema of `foedus extract --format json`, with the ontology's classes and relations as enums."""
    onto = onto or ontology()
    prefixes = "|".join(onto.cls(c).key_prefix for c in onto.entity_classes)
    evidence = {"type": "object", "required": ["text", "start", "end"],
                "properties": {"text": {"type": "string"}, "start": {"type": "integer", "minimum": 0},
                               "end": {"type": "integer", "minimum": 0}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Foedus extraction of one document",
        "type": "object",
        "required": ["document", "entities", "relations"],
        "properties": {
            "document": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "language": {"type": ["string", "null"]},
                "title": {"type": ["string", "null"]}, "published": {"type": ["string", "null"]},
                "source": {"type": ["string", "null"]}, "content_hash": {"type": "string"}}},
            "entities": {"type": "array", "items": {
                "type": "object", "required": ["id", "type", "name"],
                "properties": {
                    "id": {"type": "string", "pattern": f"^({prefixes}):.+$"},
                    "type": {"enum": onto.entity_classes},
                    "name": {"type": "string", "minLength": 1},
                    "aliases": {"type": "array", "items": {"type": "string"}},
                    "iso2": {"type": ["string", "null"], "pattern": "^[A-Z]{2}$"},
                    "wikidata": {"type": ["string", "null"], "pattern": "^Q[0-9]+$"},
                    "attributes": {"type": "object"}}}},
            "relations": {"type": "array", "items": {
                "type": "object", "required": ["type", "source", "target"],
                "properties": {
                    "type": {"enum": [r for r in onto.relations if r != "MENTIONS"]},
                    "source": {"type": "string"}, "target": {"type": "string"},
                    "attributes": {"type": "object"},
                    "evidence": {"oneOf": [evidence, {"type": "null"}]}}}},
        },
    }


def render(name: str) -> str:
    """The text a generated file must hold."""
    kind = GENERATED[name]
    if kind == "schema":
        return json.dumps(extraction_schema(), ensure_ascii=False, indent=2) + "\n"
    graph = build_vocabulary() if kind == "vocabulary" else build_shapes()
    return graph.serialize(format="turtle")


def write_generated() -> list[Path]:
    """Regenerate every committed file derived from the ontology."""
    paths = []
    for name in GENERATED:
        path = HERE / name
        path.write_text(render(name), encoding="utf-8")
        paths.append(path)
    return paths
