"""Import an RDF export (N-Quads or TriG) back into Neo4j.

The inverse of `rdf_export`: entities from their class, labels and datatype
properties; documents from their PROV/DC description; facts from `fo:Fact`
nodes and their per-document derivations (evidence and span); analysts' judgements from
their `fo:Judgement` activities (what PROV says of them besides is derived, and not read).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import neo4j
from rdflib import RDF, RDFS, Dataset, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from foedus.ontology.model import ontology
from foedus.ontology.rdf import WD, id_from_iri, vocab
from foedus.textnorm import fold_all

__all__ = ["import_rdf", "RdfImportError"]

_FORMATS = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt",
            ".jsonld": "json-ld"}


class RdfImportError(ValueError):
    """The file is not a Foedus RDF export."""


def _snake(local: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in local)


def _plain(term: Any) -> Any:
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool)) else str(term)
    return str(term)


def _add(props: dict[str, Any], key: str, value: Any) -> None:
    """Set a property; a second value for the same key makes it a list."""
    if key in props:
        props[key] = (props[key] if isinstance(props[key], list) else [props[key]]) + [value]
    else:
        props[key] = value


def _collect(ds: Dataset, base: str) -> tuple[dict, dict, list, list, dict]:
    onto = ontology()
    fo = str(vocab(onto))
    classes = {fo + c for c in onto.classes}
    relations = {fo + "".join([n.split("_")[0].lower()] + [w.capitalize() for w in n.split("_")[1:]]): n
                 for n in onto.relations}
    nodes: dict[str, dict[str, Any]] = defaultdict(lambda: {"props": {}, "aliases": []})
    docs: dict[str, dict[str, Any]] = defaultdict(dict)
    facts: dict[str, dict[str, Any]] = defaultdict(lambda: {"props": {}, "derivations": []})
    derivations: dict[str, dict[str, Any]] = defaultdict(dict)
    mentions: list[tuple[str, str]] = []
    judgements: dict[str, dict[str, Any]] = defaultdict(dict)
    for subject, predicate, o, _g in ds.quads((None, None, None, None)):
        s, p = str(subject), str(predicate)
        if s.startswith(base + "judgement/"):
            if p.startswith(fo):
                _add(judgements[s], _snake(p[len(fo):]), _plain(o))
            continue
        if p == str(RDF.type):
            if str(o) == fo + "Document":
                docs[s]["id"] = id_from_iri(s, base)
            elif str(o) in classes:
                nodes[s]["type"] = str(o)[len(fo):]
            continue
        if s.startswith(base + "fact/") and "/from/" not in s:
            fact = facts[s]
            local = p[len(fo):] if p.startswith(fo) else p
            if local in ("subject", "object"):
                fact[local] = id_from_iri(str(o), base)
            elif local == "relation":
                fact["type"] = relations[str(o)]
            elif p == str(PROV.qualifiedDerivation):
                fact["derivations"].append(str(o))
            elif p.startswith(fo):
                _add(fact["props"], _snake(local), _plain(o))
            continue
        if s.startswith(base + "fact/"):
            key = {str(PROV.entity): "doc", fo + "evidence": "evidence", fo + "evidenceSpan": "span"}.get(p)
            if key:
                derivations[s][key] = id_from_iri(str(o), base) if key == "doc" else str(o)
            continue
        if relations.get(p) == "MENTIONS":
            mentions.append((id_from_iri(s, base), id_from_iri(str(o), base)))
        elif s.startswith(base + "doc/"):
            key = {str(DCTERMS.title): "title", str(DCTERMS.language): "language", str(DCTERMS.source): "source",
                   fo + "contentHash": "content_hash", str(DCTERMS.issued): "published",
                   str(PROV.generatedAtTime): "loaded_at", fo + "codedBy": "coded_by"}.get(p)
            if key:
                docs[s][key] = _plain(o)
        elif p == str(RDFS.label):
            nodes[s]["name"] = str(o)
        elif p == str(SKOS.altLabel):
            nodes[s]["aliases"].append(str(o))
        elif p == str(OWL.sameAs) and str(o).startswith(str(WD)):
            nodes[s]["props"]["wikidata"] = str(o)[len(str(WD)):]
        elif p.startswith(fo) and p not in relations:
            _add(nodes[s]["props"], _snake(p[len(fo):]), _plain(o))
    for fact in facts.values():
        fact["derivations"] = [derivations[d] for d in fact["derivations"]]
    return nodes, docs, list(facts.values()), mentions, judgements


def import_rdf(driver: neo4j.Driver, path: Path, database: str | None = None) -> dict[str, int]:
    """Load a Foedus RDF export into Neo4j (meant for an empty database); return counts."""
    from foedus.settings import get_settings

    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise RdfImportError(f"{path.name}: unknown RDF file type (one of {', '.join(_FORMATS)})")
    base = get_settings().rdf_base
    ds = Dataset()
    try:
        ds.parse(str(path), format=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many parser error types
        raise RdfImportError(f"{path.name}: not valid {fmt}: {exc}") from None
    nodes, docs, facts, mentions, judged = _collect(ds, base)
    onto = ontology()
    judgements = []
    for iri, props in judged.items():
        for key, value in props.items():   # one value of a list property is still a list
            spec = onto.judgement.properties.get(key)
            if spec and spec.type == "list" and not isinstance(value, list):
                props[key] = [value]
        judgements.append({**props, "id": id_from_iri(iri, base)})
    base_label = onto.label(onto.base_label)
    by_class: dict[str, list[dict]] = defaultdict(list)
    for iri, node in nodes.items():
        if "type" not in node:
            continue
        names = [node.get("name", "")] + node["aliases"]
        props = dict(node["props"])
        declared = {**onto.common_properties, **onto.cls(node["type"]).properties}
        for key, value in props.items():   # one value of a list property is still a list
            if key in declared and declared[key].type == "list" and not isinstance(value, list):
                props[key] = [value]
        props.update(id=id_from_iri(iri, base), name=node.get("name", ""),
                     aliases=[n for n in dict.fromkeys(names) if n], search_names=fold_all(names))
        by_class[node["type"]].append(props)
    rel_rows: dict[str, list[dict]] = defaultdict(list)
    for fact in facts:
        if "type" not in fact:
            continue
        props = dict(fact["props"])
        ders = fact["derivations"]
        props.update(sources=[d.get("doc") for d in ders], evidence=[d.get("evidence", "") for d in ders],
                     evidence_spans=[d.get("span", "") for d in ders])
        rel_rows[fact["type"]].append({"a": fact["subject"], "b": fact["object"], "props": props})
    with driver.session(database=database) as session:
        def work(tx: neo4j.ManagedTransaction) -> None:
            for cls, rows in by_class.items():
                tx.run(f"UNWIND $rows AS row CREATE (n:{base_label}:{onto.label(cls)}) SET n = row", rows=rows)
            tx.run(f"UNWIND $rows AS row CREATE (d:{onto.label('Document')}) SET d = row",
                   rows=[d for d in docs.values() if "id" in d])
            tx.run(f"UNWIND $rows AS row MATCH (d:{onto.label('Document')} {{id: row[0]}}) "
                   f"MATCH (n:{base_label} {{id: row[1]}}) CREATE (d)-[:MENTIONS]->(n)", rows=mentions)
            for rtype, rows in rel_rows.items():
                tx.run(f"UNWIND $rows AS row MATCH (a:{base_label} {{id: row.a}}) MATCH (b:{base_label} {{id: row.b}}) "
                       f"CREATE (a)-[r:{onto.label(rtype)}]->(b) SET r = row.props", rows=rows)
            tx.run(f"UNWIND $rows AS row CREATE (j:{onto.label('Judgement')}) SET j = row", rows=judgements)
        session.execute_write(work)
    return {"entities": sum(len(r) for r in by_class.values()), "documents": len(docs),
            "facts": sum(len(r) for r in rel_rows.values()), "mentions": len(mentions), "judgements": len(judgements)}
