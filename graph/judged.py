"""What analysts judged, as resolution and the writer read it (recording them: graph/judgements.py).

- `negative_pairs`: pairs of ids resolution must never merge (not_same; split, a merge undone);
- `redirects`: the ids an analyst merged into another node, followed to the node that stays;
- `reapply`: after a write, the standing judgements on what was written: a property an analyst set
  wins over what documents told, and a judged fact keeps its verdict (a rejected fact that a
  document restates after the judgement is `disputed`, still not true).

These only read `Judgement` nodes and set values: they import nothing of the writer or resolver,
which call them.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import neo4j

from foedus.ontology.model import Ontology
from foedus.textnorm import fold_all

__all__ = ["FACT_KINDS", "NEGATIVE_KINDS", "PAIR_KINDS", "negative_pairs", "reapply", "redirects"]

NEGATIVE_KINDS = ("not_same", "split")
PAIR_KINDS = ("merge", "not_same", "split", "unsure")   # judgements between two entities
FACT_KINDS = ("reject_fact", "confirm_fact")


def negative_pairs(tx: neo4j.ManagedTransaction, onto: Ontology, ids: list[str]) -> set[tuple[str, str]]:
    """Both orders of every pair judged not the same (or split) that involves one of `ids`."""
    rows = tx.run(f"MATCH (j:{onto.label('Judgement')}) WHERE j.kind IN $kinds "
                  "AND (j.entity IN $ids OR j.other IN $ids) RETURN j.entity AS a, j.other AS b",
                  kinds=list(NEGATIVE_KINDS), ids=ids)
    pairs: set[tuple[str, str]] = set()
    for r in rows:
        pairs |= {(r["a"], r["b"]), (r["b"], r["a"])}
    return pairs


def redirects(tx: neo4j.ManagedTransaction, onto: Ontology) -> dict[str, str]:
    """Each id an analyst merged into another, with the id of the node it now is (chains followed)."""
    into = {r["other"]: r["entity"] for r in tx.run(
        f"MATCH (j:{onto.label('Judgement')} {{kind: 'merge'}}) RETURN j.other AS other, j.entity AS entity "
        "ORDER BY j.at")}
    final: dict[str, str] = {}
    for start in into:
        seen, node = {start}, into[start]
        while node in into and node not in seen:   # a cycle (a into b, b into a) stops where it closes
            seen.add(node)
            node = into[node]
        final[start] = node
    return final


def reapply(tx: neo4j.ManagedTransaction, onto: Ontology, ids: list[str]) -> dict[str, int]:
    """Apply again the judgements standing on these entities and on their facts; return the counts set."""
    judgement = onto.label("Judgement")
    props: dict[str, dict[str, Any]] = defaultdict(dict)
    for r in tx.run(f"MATCH (j:{judgement} {{kind: 'set_property'}}) WHERE j.entity IN $ids "
                    "RETURN j.entity AS id, j.property_name AS name, j.property_value AS value ORDER BY j.at",
                    ids=ids):
        props[r["id"]][r["name"]] = json.loads(r["value"])   # a later judgement wins
    if props:
        tx.run(f"UNWIND $rows AS row MATCH (n:{onto.label(onto.base_label)} {{id: row.id}}) SET n += row.props "
               "WITH n, row WHERE row.name IS NOT NULL "
               "SET n.aliases = coalesce(n.aliases, []) + [x IN [row.name] WHERE NOT x IN coalesce(n.aliases, [])], "
               "n.search_names = coalesce(n.search_names, []) + "
               "[x IN row.folded WHERE NOT x IN coalesce(n.search_names, [])]",
               rows=[{"id": i, "props": p, "name": p.get("name"),
                      "folded": fold_all([p["name"]]) if "name" in p else []} for i, p in props.items()]).consume()
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in tx.run(f"MATCH (j:{judgement}) WHERE j.kind IN $kinds AND j.fact_source IN $ids "
                    "RETURN j.kind AS kind, j.fact_type AS type, j.fact_source AS source, j.fact_target AS target, "
                    "j.fact_key AS key, j.fact_sources AS sources", kinds=list(FACT_KINDS), ids=ids):
        by_type[r["type"]].append({"kind": r["kind"], "source": r["source"], "target": r["target"],
                                   "key": json.loads(r["key"] or "{}"), "sources": r["sources"] or []})
    facts = 0
    base = onto.label(onto.base_label)
    for rtype, rows in by_type.items():
        facts += tx.run(
            f"UNWIND $rows AS row MATCH (a:{base} {{id: row.source}})-[r:{onto.label(rtype)}]->"
            f"(b:{base} {{id: row.target}}) "
            "WHERE all(k IN keys(row.key) WHERE toString(r[k]) = row.key[k]) "
            "SET r.verdict = CASE WHEN row.kind = 'confirm_fact' THEN 'confirmed' "
            "WHEN any(s IN r.sources WHERE NOT s IN row.sources) THEN 'disputed' ELSE 'rejected' END "
            "RETURN count(r) AS n", rows=rows).single(strict=True)["n"]
    return {"entities": len(props), "facts": facts}
