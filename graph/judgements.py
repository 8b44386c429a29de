"""Analysts' judgements: recorded as data, applied to the graph, replayed after a reload.

Each judgement is a `Judgement` node (declared in ontology/foedus.yaml) with its kind, author,
time, reason and the ids it concerns:
- merge: `other` is the same thing as `entity`; every document naming `other` is loaded again and
  resolution (graph/judged.py) makes it `entity`, whose id stays;
- not_same: two entities never merged, whatever a later document says (a merge resolution made
  between them is undone); unsure: looked at and left apart;
- split: a merge undone (`foedus merges undo`), and never redone;
- reject_fact, confirm_fact: a fact's verdict (a rejected fact a later document restates is disputed);
- set_property: an entity's display name or a declared property, over what documents tell.

A bad request (an unknown id, a pair already judged, two different classes, an undeclared
property or a value of the wrong type) raises a `JudgementError` with its HTTP status, before
anything is written. `apply_judgements` replays an exported list on a reloaded graph.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import neo4j

from foedus.graph.judged import FACT_KINDS, PAIR_KINDS, reapply
from foedus.ontology.model import Ontology, Property, ontology

__all__ = ["JudgementError", "Outcome", "apply_judgements", "judge_fact", "judge_merge", "judge_not_same",
           "judge_property", "judge_split", "judge_unsure", "list_judgements", "merged_into"]

# Properties no analyst sets: identity, bookkeeping, and what is derived from the documents' names.
_UNSETTABLE = {"id", "aliases", "search_names", "name_key", "value_sources", "value_conflicts", "status_history",
               "name_latin_kind"}
_DATE = re.compile(r"(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?)")


class JudgementError(ValueError):
    """A judgement refused before anything was written; `status` is the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Outcome:
    """A judgement recorded and what it changed in the graph."""

    judgement: dict[str, Any]
    changed: dict[str, Any] = field(default_factory=dict)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")   # replays apply judgements in this order


def _new(kind: str, author: str, reason: str | None, at: str | None, **props: Any) -> dict[str, Any]:
    if not author or not author.strip():
        raise JudgementError(422, "a judgement needs its author")
    row = {"kind": kind, "author": author.strip(), "at": at or _now(), "reason": reason or "",
           **{k: v for k, v in props.items() if v is not None}}
    digest = hashlib.sha1(json.dumps(row, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return {"id": f"judgement:{digest}", **row}


def _record(tx: neo4j.ManagedTransaction, onto: Ontology, row: dict[str, Any]) -> None:
    tx.run(f"CREATE (j:{onto.label('Judgement')}) SET j = $row", row=row).consume()


def _entity_class(tx: neo4j.ManagedTransaction, onto: Ontology, entity_id: str) -> str | None:
    record = tx.run(f"MATCH (n:{onto.label(onto.base_label)} {{id: $id}}) "
                    "RETURN [l IN labels(n) WHERE l <> $base][0] AS type", id=entity_id, base=onto.base_label).single()
    return record["type"] if record else None


def _active_merge(tx: neo4j.ManagedTransaction, onto: Ontology, a: str, b: str) -> dict[str, Any] | None:
    """The merge resolution made of one of the two ids into the other, if it stands."""
    record = tx.run(f"MATCH (m:{onto.label('Merge')} {{status: 'active'}}) "
                    "WHERE (m.merged = $a AND m.kept = $b) OR (m.merged = $b AND m.kept = $a) "
                    "RETURN m.id AS id, m.merged AS merged, m.kept AS kept LIMIT 1", a=a, b=b).single()
    return record.data() if record else None


def _pair_judged(tx: neo4j.ManagedTransaction, onto: Ontology, a: str, b: str) -> str | None:
    record = tx.run(f"MATCH (j:{onto.label('Judgement')}) WHERE j.kind IN $kinds "
                    "AND ((j.entity = $a AND j.other = $b) OR (j.entity = $b AND j.other = $a)) "
                    "RETURN j.id AS id, j.kind AS kind LIMIT 1", kinds=list(PAIR_KINDS), a=a, b=b).single()
    return f"{record['id']} ({record['kind']})" if record else None


def _check_pair(tx: neo4j.ManagedTransaction, onto: Ontology, a: str, b: str, strict: bool,
                merged_ok: bool) -> dict[str, Any] | None:
    """Refuse a pair that is one id, unknown, already judged or of two classes; return the merge
    resolution made between them, when one stands (not_same and unsure undo it)."""
    if a == b:
        raise JudgementError(422, f"a pair of two different ids is needed, not {a!r} twice")
    if strict and (judged := _pair_judged(tx, onto, a, b)):
        raise JudgementError(409, f"{a} and {b} are already judged: {judged}")
    merge = _active_merge(tx, onto, a, b) if merged_ok else None
    classes = {}
    for entity_id in (a, b):
        cls = _entity_class(tx, onto, entity_id)
        if cls is None and not (merge and merge["merged"] == entity_id):
            raise JudgementError(404, f"no entity {entity_id!r}")
        classes[entity_id] = cls
    if None not in classes.values() and classes[a] != classes[b]:
        raise JudgementError(422, f"{a} is a {classes[a]} and {b} a {classes[b]}: only two of one class may be judged")
    return merge


def _close_candidate(tx: neo4j.ManagedTransaction, onto: Ontology, a: str, b: str, judgement: str) -> None:
    tx.run(f"MATCH (c:{onto.label('MatchCandidate')}) WHERE (c.a = $a AND c.b = $b) OR (c.a = $b AND c.b = $a) "
           "SET c.status = 'judged', c.judgement = $j", a=a, b=b, j=judgement).consume()


def _check_reloadable(tx: neo4j.ManagedTransaction, onto: Ontology, entity_id: str) -> None:
    """A merge loads again the documents naming the merged entity: they must be stored with their text."""
    record = tx.run(f"MATCH (d:{onto.label('Document')})-[:MENTIONS]->(:{onto.label(onto.base_label)} {{id: $id}}) "
                    "RETURN count(d) AS docs, count(d.text) AS texts", id=entity_id).single(strict=True)
    if record["docs"] == 0 or record["texts"] < record["docs"]:
        raise JudgementError(409, f"{entity_id} cannot be merged by loading its documents again: they are not "
                                  "stored with their text (an RDF import keeps none); load the corpus, then judge")


def _write(driver: neo4j.Driver, database: str | None, work: Any) -> Any:
    with driver.session(database=database) as session:
        return session.execute_write(work)


def _pair(driver: neo4j.Driver, kind: str, a: str, b: str, author: str, reason: str | None, at: str | None,
          database: str | None, strict: bool) -> tuple[dict[str, Any], dict[str, Any] | None]:
    onto = ontology()
    row = _new(kind, author, reason, at, entity=a, other=b)

    def work(tx: neo4j.ManagedTransaction) -> dict[str, Any] | None:
        merge = _check_pair(tx, onto, a, b, strict, merged_ok=True)
        if kind == "merge" and merge and merge["kept"] != a:
            raise JudgementError(409, f"{b} and {a} are already one node, kept as {b}: judge the pair that way")
        if kind == "merge" and not merge:
            _check_reloadable(tx, onto, b)
        _record(tx, onto, row)
        _close_candidate(tx, onto, a, b, row["id"])
        return merge

    return row, _write(driver, database, work)


def judge_merge(driver: neo4j.Driver, keep: str, other: str, author: str, reason: str | None = None,
                at: str | None = None, database: str | None = None, strict: bool = True) -> Outcome:
    """`other` is the same thing as `keep`: the documents naming `other` are loaded again and it
    becomes `keep`, whose id stays. Later documents naming `other` write to `keep`. On a pair that
    resolution merged already, the judgement confirms the merge."""
    from foedus.graph.unload import reload_document

    row, merge = _pair(driver, "merge", keep, other, author, reason, at, database, strict)
    if merge:   # resolution made them one already: the judgement confirms it (and keeps it from a split)
        return Outcome(row, {"kept": keep, "confirmed_merge": merge["id"], "documents_reloaded": []})
    docs = [r["id"] for r in driver.execute_query(
        "MATCH (d:Document)-[:MENTIONS]->(:Entity {id: $id}) RETURN d.id AS id ORDER BY d.id",
        id=other, database_=database).records]
    for doc in docs:
        reload_document(driver, doc, database=database)
    left = driver.execute_query("MATCH (n:Entity {id: $id}) RETURN count(n) AS n", id=other,
                                database_=database).records[0]["n"]
    return Outcome(row, {"kept": keep, "removed": [] if left else [other], "documents_reloaded": docs})


def _undo(driver: neo4j.Driver, merge: dict[str, Any] | None, database: str | None) -> dict[str, Any]:
    from foedus.graph.resolve import undo_merge

    if not merge:
        return {"merge_undone": None, "documents_reloaded": []}
    doc = undo_merge(driver, merge["id"], database)
    return {"merge_undone": merge["id"], "separated": [merge["merged"], merge["kept"]], "documents_reloaded": [doc]}


def judge_not_same(driver: neo4j.Driver, a: str, b: str, author: str, reason: str | None = None,
                   at: str | None = None, database: str | None = None, strict: bool = True) -> Outcome:
    """`a` and `b` are not the same thing: never merged; a merge resolution made between them is undone."""
    row, merge = _pair(driver, "not_same", a, b, author, reason, at, database, strict)
    return Outcome(row, _undo(driver, merge, database))


def judge_unsure(driver: neo4j.Driver, a: str, b: str, author: str, reason: str | None = None,
                 at: str | None = None, database: str | None = None, strict: bool = True) -> Outcome:
    """Looked at and left as they are: the pair leaves the review queue, nothing else changes."""
    row, _ = _pair(driver, "unsure", a, b, author, reason, at, database, strict)
    return Outcome(row, {})


def judge_split(driver: neo4j.Driver, merge_id: str, author: str, reason: str | None = None,
                at: str | None = None, database: str | None = None, strict: bool = True,
                pair: tuple[str, str] | None = None) -> Outcome:
    """Undo a merge resolution made (`foedus merges list`) and keep it from being redone. On a replay
    (`pair`: merged, kept) the merge standing between the two ids is undone, whatever its id."""
    onto = ontology()

    def work(tx: neo4j.ManagedTransaction) -> tuple[dict[str, Any], dict[str, Any] | None]:
        if pair:
            merge = _active_merge(tx, onto, *pair)
            merged, kept = pair
        else:
            record = tx.run(f"MATCH (m:{onto.label('Merge')} {{id: $id}}) RETURN m.id AS id, m.status AS status, "
                            "m.merged AS merged, m.kept AS kept", id=merge_id).single()
            if record is None:
                raise JudgementError(404, f"no merge {merge_id!r}")
            if record["status"] != "active":
                raise JudgementError(409, f"merge {merge_id!r} is already undone")
            merge = record.data()
            merged, kept = merge["merged"], merge["kept"]
        if strict and (judged := _pair_judged(tx, onto, merged, kept)):
            raise JudgementError(409, f"{merged} and {kept} are already judged: {judged}")
        row = _new("split", author, reason, at, entity=merged, other=kept, merge=merge_id)
        _record(tx, onto, row)
        _close_candidate(tx, onto, merged, kept, row["id"])
        return row, merge

    row, merge = _write(driver, database, work)
    return Outcome(row, _undo(driver, merge, database))


def _fact_key(onto: Ontology, rtype: str, key: dict[str, Any] | None) -> dict[str, str]:
    relation = onto.relation(rtype)
    key = {k: "" if v is None else str(v) for k, v in (key or {}).items()}
    unknown = set(key) - set(relation.distinct_by)
    if unknown:
        raise JudgementError(422, f"{rtype} facts are told apart by {list(relation.distinct_by) or 'nothing'}, "
                                  f"not {sorted(unknown)}")
    return {k: key.get(k, "") for k in relation.distinct_by}


def judge_fact(driver: neo4j.Driver, kind: str, source: str, rtype: str, target: str, author: str,
               reason: str | None = None, key: dict[str, Any] | None = None, at: str | None = None,
               database: str | None = None, strict: bool = True) -> Outcome:
    """Reject or confirm one fact (`kind`: reject_fact or confirm_fact). A rejected fact stays in the
    graph with its sources, marked `rejected`; a document that restates it later makes it `disputed`."""
    onto = ontology()
    if kind not in FACT_KINDS:
        raise JudgementError(422, f"a fact is judged with one of {list(FACT_KINDS)}, not {kind!r}")
    if rtype not in onto.relations or not onto.relation(rtype).provenance:
        facts = [r for r, rel in onto.relations.items() if rel.provenance]
        raise JudgementError(422, f"{rtype!r} is not a relation of facts: one of {facts}")
    distinct = _fact_key(onto, rtype, key)
    if onto.relation(rtype).symmetric and source > target:   # stored once, its ends in order
        source, target = target, source

    def work(tx: neo4j.ManagedTransaction) -> Outcome:
        for entity_id in (source, target):
            if _entity_class(tx, onto, entity_id) is None:
                raise JudgementError(404, f"no entity {entity_id!r}")
        base = onto.label(onto.base_label)
        record = tx.run(f"MATCH (:{base} {{id: $a}})-[r:{onto.label(rtype)}]->(:{base} {{id: $b}}) "
                        "WHERE all(k IN keys($key) WHERE toString(r[k]) = $key[k]) "
                        "RETURN r.sources AS sources, r.verdict AS verdict LIMIT 1",
                        a=source, b=target, key=distinct).single()
        if record is None:
            raise JudgementError(404, f"no fact {source} {rtype} {target}" + (f" {distinct}" if distinct else ""))
        fact_key = json.dumps(distinct, sort_keys=True, ensure_ascii=False) if distinct else None
        judged = tx.run(f"MATCH (j:{onto.label('Judgement')}) WHERE j.kind IN $kinds AND j.fact_type = $t "
                        "AND j.fact_source = $a AND j.fact_target = $b AND coalesce(j.fact_key, '') = $k "
                        "RETURN j.id AS id, j.kind AS kind LIMIT 1", kinds=list(FACT_KINDS), t=rtype, a=source,
                        b=target, k=fact_key or "").single()
        if strict and judged:
            raise JudgementError(409, f"this fact is already judged: {judged['id']} ({judged['kind']})")
        row = _new(kind, author, reason, at, fact_type=rtype, fact_source=source, fact_target=target,
                   fact_key=fact_key, fact_sources=list(record["sources"] or []))
        _record(tx, onto, row)
        reapply(tx, onto, [source])
        verdict = tx.run(f"MATCH (:{base} {{id: $a}})-[r:{onto.label(rtype)}]->(:{base} {{id: $b}}) "
                         "WHERE all(k IN keys($key) WHERE toString(r[k]) = $key[k]) RETURN r.verdict AS v LIMIT 1",
                         a=source, b=target, key=distinct).single(strict=True)["v"]
        return Outcome(row, {"fact": {"source": source, "type": rtype, "target": target, **distinct},
                             "verdict": {"before": record["verdict"], "after": verdict}})

    return _write(driver, database, work)


def _check_value(prop: Property, value: Any) -> Any:
    """The value if it fits the property's declared type, else a 422."""
    def bad(expected: str) -> JudgementError:
        return JudgementError(422, f"{prop.name} takes {expected}, not {value!r}")

    kind = prop.type
    if kind in ("string", "text", "datetime"):
        if not isinstance(value, str) or not value.strip() or len(value) > 2000:
            raise bad("a non-empty text of at most 2000 characters")
        return value.strip()
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("an integer")
        return value
    if kind == "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad("a number")
        return value
    if kind == "date":
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise bad("an ISO date (2025, 2025-12, 2025-12-09, or a year-less --12-09)")
        return value
    if kind == "iso2":
        if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value):
            raise bad("an ISO 3166 code of two capital letters")
        return value
    if kind == "qid":
        if not isinstance(value, str) or not re.fullmatch(r"Q[0-9]+", value):
            raise bad("a Wikidata item (Q123)")
        return value
    if kind == "enum":
        if value not in prop.values:
            raise bad(f"one of {list(prop.values)}")
        return value
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):  # list
        raise bad("a list of texts")
    return value


def judge_property(driver: neo4j.Driver, entity: str, name: str, value: Any, author: str,
                   reason: str | None = None, at: str | None = None, database: str | None = None,
                   strict: bool = True) -> Outcome:
    """Set an entity's display name (`name`) or a declared property; it stays over what later documents tell."""
    onto = ontology()

    def work(tx: neo4j.ManagedTransaction) -> Outcome:
        cls = _entity_class(tx, onto, entity)
        if cls is None:
            raise JudgementError(404, f"no entity {entity!r}")
        declared = {**onto.common_properties, **onto.cls(cls).properties}
        settable = sorted(p for p, spec in declared.items() if p not in _UNSETTABLE and not spec.internal)
        if name not in settable:
            raise JudgementError(422, f"{name!r} is not a property an analyst sets on a {cls}: one of {settable}")
        checked = _check_value(declared[name], value)
        before = tx.run(f"MATCH (n:{onto.label(onto.base_label)} {{id: $id}}) RETURN n[$p] AS v",
                        id=entity, p=name).single(strict=True)["v"]
        row = _new("set_property", author, reason, at, entity=entity, property_name=name,
                   property_value=json.dumps(checked, ensure_ascii=False))
        _record(tx, onto, row)
        reapply(tx, onto, [entity])
        return Outcome(row, {"entity": entity, "property": name, "before": before, "after": checked})

    return _write(driver, database, work)


def merged_into(driver: neo4j.Driver, entity_id: str, database: str | None = None) -> str | None:
    """The id of the node an id no longer a node was merged into (by an analyst, or by resolution), if any:
    old ids stay answerable."""
    from foedus.graph.judged import redirects

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        def work(tx: neo4j.ManagedTransaction) -> str | None:
            judged = redirects(tx, ontology()).get(entity_id)
            if judged:
                return judged
            record = tx.run("MATCH (m:Merge {merged: $id, status: 'active'}) RETURN m.kept AS kept LIMIT 1",
                            id=entity_id).single()
            return record["kept"] if record else None
        return session.execute_read(work)


def list_judgements(driver: neo4j.Driver, database: str | None = None) -> list[dict[str, Any]]:
    """Every judgement with all it records, oldest first (the order a replay applies them in)."""
    return [r["j"] for r in driver.execute_query(
        "MATCH (j:Judgement) RETURN properties(j) AS j ORDER BY j.at, j.id",
        database_=database, routing_=neo4j.RoutingControl.READ).records]


def apply_judgements(driver: neo4j.Driver, rows: list[dict[str, Any]], database: str | None = None
                     ) -> list[tuple[str, str]]:
    """Replay exported judgements (oldest first) on a graph, typically the corpus reloaded into an
    empty database: each keeps its id, author and time. One already there is skipped; one that no
    longer applies (its entity or fact is gone) is still kept, as data. Returns (id, what happened)."""
    onto = ontology()
    known = {r["id"] for r in driver.execute_query("MATCH (j:Judgement) RETURN j.id AS id", database_=database).records}
    done: list[tuple[str, str]] = []
    for row in sorted(rows, key=lambda r: (r["at"], r["id"])):
        if row["id"] in known:
            done.append((row["id"], "already there"))
            continue
        try:
            outcome = _replay(driver, row, database)
            if outcome.judgement["id"] != row["id"]:   # written as recorded (the sources it saw), and applied so
                def restore(tx: neo4j.ManagedTransaction, row: dict[str, Any] = row, new: str = outcome.judgement["id"]
                            ) -> None:
                    tx.run(f"MATCH (j:{onto.label('Judgement')} {{id: $new}}) SET j = $row", new=new, row=row).consume()
                    reapply(tx, onto, [i for i in (row.get("entity"), row.get("fact_source")) if i])
                _write(driver, database, restore)
            done.append((row["id"], "applied"))
        except JudgementError as exc:
            _write(driver, database, lambda tx, row=row: _record(tx, onto, row))
            done.append((row["id"], f"kept, not applied: {exc}"))
    return done


def _replay(driver: neo4j.Driver, row: dict[str, Any], database: str | None) -> Outcome:
    kind, common = row["kind"], {"author": row["author"], "reason": row.get("reason"), "at": row["at"],
                                 "database": database, "strict": False}
    if kind == "merge":
        return judge_merge(driver, row["entity"], row["other"], **common)
    if kind == "not_same":
        return judge_not_same(driver, row["entity"], row["other"], **common)
    if kind == "unsure":
        return judge_unsure(driver, row["entity"], row["other"], **common)
    if kind == "split":
        return judge_split(driver, row.get("merge", ""), pair=(row["entity"], row["other"]), **common)
    if kind in FACT_KINDS:
        return judge_fact(driver, kind, row["fact_source"], row["fact_type"], row["fact_target"],
                          key=json.loads(row.get("fact_key") or "{}"), **common)
    if kind == "set_property":
        return judge_property(driver, row["entity"], row["property_name"], json.loads(row["property_value"]),
                              **common)
    raise JudgementError(422, f"unknown kind of judgement {kind!r}")
