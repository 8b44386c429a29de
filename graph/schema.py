"""The Neo4j schema, derived from the ontology: uniqueness constraints and indexes.

Idempotent (`IF NOT EXISTS`); Community edition has uniqueness constraints only,
so required properties are checked in Python before writing.
"""
from __future__ import annotations

import neo4j

from foedus.ontology.model import Ontology, ontology

__all__ = ["FULLTEXT_INDEX", "schema_statements", "ensure_schema"]

FULLTEXT_INDEX = "entity_names"


def schema_statements(onto: Ontology | None = None) -> list[str]:
    """The Cypher statements that set up constraints and indexes for the ontology."""
    onto = onto or ontology()
    base = onto.label(onto.base_label)
    stmts = [f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{base}) REQUIRE n.id IS UNIQUE"]
    for cls in onto.classes.values():
        label = onto.label(cls.name)
        stmts.append(
            f"CREATE CONSTRAINT {cls.name.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        )
        for prop in cls.properties.values():
            if prop.indexed:
                stmts.append(f"CREATE INDEX {cls.name.lower()}_{prop.name} IF NOT EXISTS "
                             f"FOR (n:{label}) ON (n.{prop.name})")
            if prop.unique:
                stmts.append(
                    f"CREATE CONSTRAINT {cls.name.lower()}_{prop.name} IF NOT EXISTS "
                    f"FOR (n:{label}) REQUIRE n.{prop.name} IS UNIQUE"
                )
    # Folded names (Arabic letter variants, diacritics, accents) are indexed with an
    # analyzer that keeps every token, so one index serves Arabic and Latin scripts.
    stmts.append(
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{base}) ON EACH [n.search_names] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}"
    )
    stmts.append(f"CREATE INDEX entity_name IF NOT EXISTS FOR (n:{base}) ON (n.name)")
    for prop in onto.common_properties.values():
        if prop.indexed:
            stmts.append(f"CREATE INDEX entity_{prop.name} IF NOT EXISTS FOR (n:{base}) ON (n.{prop.name})")
    stmts.append(f"CREATE CONSTRAINT matchcandidate_id IF NOT EXISTS FOR (c:{onto.label('MatchCandidate')}) "
                 "REQUIRE c.id IS UNIQUE")
    stmts.append(f"CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (j:{onto.label('Judgement')}) "
                 "REQUIRE j.id IS UNIQUE")
    stmts.append(f"CREATE INDEX merge_merged IF NOT EXISTS FOR (m:{onto.label('Merge')}) ON (m.merged)")
    return stmts


def ensure_schema(driver: neo4j.Driver, database: str | None = None) -> None:
    """Create every constraint and index the ontology implies, and wait for them to come online."""
    with driver.session(database=database) as session:
        for stmt in schema_statements():
            session.run(stmt).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
