"""Load and validate the ontology declared in `foedus.yaml`.

Everything else in Foedus (Neo4j schema, RDF vocabulary, JSON schema, API enums)
asks this module for class and relation names; nothing re-types them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["InvalidModel", "JudgementModel", "Property", "OntologyClass", "Relation", "Ontology", "load_ontology",
           "ontology"]

ONTOLOGY_FILE = Path(__file__).with_name("foedus.yaml")
PROPERTY_TYPES = {"string", "text", "integer", "decimal", "date", "datetime", "iso2", "qid", "enum", "list"}
LANGUAGES = ("en", "fr", "ar")


class InvalidModel(ValueError):
    """The ontology declaration is inconsistent."""


@dataclass(frozen=True)
class Property:
    """A typed property of a class or relation."""

    name: str
    type: str
    label: dict[str, str]
    values: tuple[str, ...] = ()
    unique: bool = False
    required: bool = False
    internal: bool = False
    indexed: bool = False


@dataclass(frozen=True)
class OntologyClass:
    """A node label of the graph."""

    name: str
    key_prefix: str
    label: dict[str, str]
    definition: dict[str, str]
    properties: dict[str, Property]
    align: tuple[str, ...] = ()
    is_entity: bool = True


@dataclass(frozen=True)
class Relation:
    """A relationship type, with the classes it may join."""

    name: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    label: dict[str, str]
    definition: dict[str, str]
    properties: dict[str, Property]
    symmetric: bool = False
    provenance: bool = True
    distinct_by: tuple[str, ...] = ()

    def allows(self, source_class: str, target_class: str) -> bool:
        """True when this relation may join these two classes (either way if symmetric)."""
        if source_class in self.source and target_class in self.target:
            return True
        return self.symmetric and target_class in self.source and source_class in self.target


@dataclass(frozen=True)
class JudgementModel:
    """What an analyst's judgement records: its kinds and its properties."""

    label: dict[str, str]
    definition: dict[str, str]
    properties: dict[str, Property]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of judgement (merge, not_same, split, ...), in their declared order."""
        return self.properties["kind"].values


@dataclass(frozen=True)
class Ontology:
    """The whole model."""

    namespace: str
    resource_base: str
    base_label: str
    internal_labels: tuple[str, ...]
    classes: dict[str, OntologyClass]
    relations: dict[str, Relation]
    common_properties: dict[str, Property]
    fact_properties: dict[str, Property]
    judgement: JudgementModel
    _by_prefix: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def entity_classes(self) -> list[str]:
        """Classes whose nodes are real-world things (all but Document)."""
        return [c.name for c in self.classes.values() if c.is_entity]

    def cls(self, name: str) -> OntologyClass:
        """The class of that name, or InvalidModel."""
        try:
            return self.classes[name]
        except KeyError:
            raise InvalidModel(f"unknown class {name!r}") from None

    def relation(self, name: str) -> Relation:
        """The relation of that name, or InvalidModel."""
        try:
            return self.relations[name]
        except KeyError:
            raise InvalidModel(f"unknown relation {name!r}") from None

    def class_of_id(self, entity_id: str) -> str:
        """The class named by an entity id's prefix (`state:MA` -> State)."""
        prefix = entity_id.split(":", 1)[0]
        try:
            return self._by_prefix[prefix]
        except KeyError:
            raise InvalidModel(f"id {entity_id!r} has no known class prefix") from None

    def label(self, name: str) -> str:
        """A class or relation name checked against the model and backtick-quoted for Cypher."""
        known = name in self.classes or name in self.relations or name in self.internal_labels
        if not known and name != self.base_label:
            raise InvalidModel(f"{name!r} is neither a class nor a relation of the ontology")
        return f"`{name}`"


def _text(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or any(not value.get(lang) for lang in LANGUAGES):
        raise InvalidModel(f"{where}: needs text in {', '.join(LANGUAGES)}")
    return {lang: str(value[lang]) for lang in LANGUAGES}


def _properties(raw: dict | None, where: str) -> dict[str, Property]:
    props: dict[str, Property] = {}
    for name, spec in (raw or {}).items():
        ptype = spec.get("type")
        if ptype not in PROPERTY_TYPES:
            raise InvalidModel(f"{where}.{name}: unknown type {ptype!r}")
        values = tuple(spec.get("values", ()))
        if (ptype == "enum") != bool(values):
            raise InvalidModel(f"{where}.{name}: enum properties, and only they, list values")
        props[name] = Property(
            name=name,
            type=ptype,
            label=_text(spec.get("label"), f"{where}.{name}"),
            values=values,
            unique=bool(spec.get("unique")),
            required=bool(spec.get("required")),
            internal=bool(spec.get("internal")),
            indexed=bool(spec.get("indexed")),
        )
    return props


def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """Read and validate an ontology declaration; raise InvalidModel on any inconsistency."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    classes: dict[str, OntologyClass] = {}
    by_prefix: dict[str, str] = {}
    if raw.get("base_label") in raw["classes"]:
        raise InvalidModel("base_label must not be a class name")
    for name, spec in raw["classes"].items():
        prefix = spec.get("key_prefix")
        if not prefix or prefix in by_prefix:
            raise InvalidModel(f"class {name}: missing or duplicate key_prefix {prefix!r}")
        by_prefix[prefix] = name
        classes[name] = OntologyClass(
            name=name,
            key_prefix=prefix,
            label=_text(spec.get("label"), name),
            definition=_text(spec.get("definition"), name),
            properties=_properties(spec.get("properties"), name),
            align=tuple(spec.get("align", ())),
            is_entity=spec.get("entity", True),
        )
    relations: dict[str, Relation] = {}
    for name, spec in raw["relations"].items():
        if name in classes:
            raise InvalidModel(f"relation {name} has the name of a class")
        for end in ("source", "target"):
            unknown = [c for c in spec.get(end, []) if c not in classes]
            if unknown or not spec.get(end):
                raise InvalidModel(f"relation {name}: {end} names unknown classes {unknown}")
        relations[name] = Relation(
            name=name,
            source=tuple(spec["source"]),
            target=tuple(spec["target"]),
            label=_text(spec.get("label"), name),
            definition=_text(spec.get("definition"), name),
            properties=_properties(spec.get("properties"), name),
            symmetric=bool(spec.get("symmetric")),
            provenance=spec.get("provenance", True),
            distinct_by=tuple(spec.get("distinct_by", ())),
        )
        unknown_keys = set(relations[name].distinct_by) - set(relations[name].properties)
        if unknown_keys:
            raise InvalidModel(f"relation {name}: distinct_by names undeclared properties {sorted(unknown_keys)}")
    judgement = raw.get("judgement") or {}
    judged = JudgementModel(label=_text(judgement.get("label"), "judgement"),
                            definition=_text(judgement.get("definition"), "judgement"),
                            properties=_properties(judgement.get("properties"), "judgement"))
    for required in ("kind", "author", "at"):
        if required not in judged.properties:
            raise InvalidModel(f"judgement: needs the property {required!r}")
    return Ontology(
        namespace=raw["namespace"],
        resource_base=raw["resource_base"],
        base_label=raw["base_label"],
        internal_labels=tuple(raw.get("internal_labels", ())),
        classes=classes,
        relations=relations,
        common_properties=_properties(raw.get("common_properties"), "common"),
        fact_properties=_properties(raw.get("fact_properties"), "fact"),
        judgement=judged,
        _by_prefix=by_prefix,
    )


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """The project's ontology, loaded once."""
    return load_ontology()
