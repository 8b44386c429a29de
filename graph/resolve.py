"""Cross-document entity resolution: one node per real-world thing, merged conservatively.

Before a document is written, each of its entities whose id the graph does not know
is matched against the graph:
- any class: the same Wikidata item;
- Person: a full name of two words or more that foedus.names judges the same person across
  scripts and spellings (محمد بريد = Mohammed Berrid: same surname key, a compatible given
  name, no contradicting middle name or nationality), never a surname alone; a pair that
  is only close is not merged but recorded as a `MatchCandidate` for review;
- Meeting: the same start and end dates and the same participating states (and not two
  different session numbers); a year-less day ("--12-09") is the one meeting of those states on
  that day of some year, if there is only one;
- Agreement: a later step of its life told with no signing date ("ratified on 2 September") is a
  step of the one agreement of that kind between the same states signed before it, if only one.
Every merge is recorded (which key, which evidence) as a `Merge` node and can be
undone; an undone merge is never made again. Analysts' judgements (graph/judged.py) come first:
an id judged the same as another node becomes that node, and a pair judged not the same (or
split) is never merged.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

import neo4j

from foedus.graph.judged import negative_pairs, redirects
from foedus.loaders.extract.dates import has_year, precision
from foedus.loaders.model import Entity, Extraction
from foedus.names import block_keys, compare_any, convention_for, romanise
from foedus.names.match import CANDIDATE, SAME, Match
from foedus.ontology.model import Ontology

__all__ = ["CandidateRecord", "MergeRecord", "list_candidates", "list_merges", "name_key", "name_lookup_keys",
           "record_merges", "resolve_batch", "undo_merge"]


@dataclass
class MergeRecord:
    """One entity of a document merged into an existing node."""

    id: str
    kept: str
    merged: str
    type: str
    reason: str
    document: str
    added_aliases: list[str]


@dataclass
class CandidateRecord:
    """Two persons whose names are close but not surely one: kept apart, for review."""

    id: str
    a: str
    b: str
    name_a: str
    name_b: str
    latin_a: str
    latin_b: str
    score: float
    reason: str
    document: str


def _names(entity: Entity) -> list[str]:
    return [n for n in [entity.name, *entity.aliases] if len(n.split()) >= 2]


def name_key(entity: Entity) -> str | None:
    """The key a Person node is stored under: the surname key of its fullest multi-word name."""
    names = _names(entity)
    keys = block_keys(max(names, key=len)) if names else ()
    return keys[0] if keys else None


def name_lookup_keys(entity: Entity) -> list[str]:
    """Every key under which a node of the same person may be stored (each name's readings)."""
    return list(dict.fromkeys(k for n in _names(entity) for k in block_keys(n)))


_Person = tuple[str, list[str], str | None]  # id, names, nationality


MeetingKey = tuple[str, str | None, tuple[str, ...], int | None]  # start, end, participating states, session


def _meeting_key(extraction: Extraction, entity: Entity) -> MeetingKey | None:
    """What identifies a meeting across documents, when the document says enough."""
    start = entity.attributes.get("start")
    states = tuple(_participants(extraction, entity.id))
    if not start or len(states) < 2:
        return None
    ordinal = entity.attributes.get("ordinal")
    return start, entity.attributes.get("end"), states, ordinal if isinstance(ordinal, int) else None


AgreementKey = tuple[str, tuple[str, ...]]  # kind, party states


def _agreement_key(extraction: Extraction, entity: Entity) -> AgreementKey | None:
    """A later step of an agreement's life (ratified, in force, delivered, ended) told with no signing date:
    the kind and the party states, to find the agreement it is a step of."""
    if entity.attributes.get("start") or not entity.attributes.get("status_date"):
        return None
    return _agreement_parties(extraction, entity)


def _rejected(tx: neo4j.ManagedTransaction, merge_label: str, ids: list[str]) -> set[tuple[str, str]]:
    rows = tx.run(f"MATCH (m:{merge_label} {{status: 'undone'}}) WHERE m.merged IN $ids "
                  "RETURN m.merged AS merged, m.kept AS kept", ids=ids)
    return {(r["merged"], r["kept"]) for r in rows}


def _participants(extraction: Extraction, target: str, relation: str = "PARTICIPATED_IN") -> list[str]:
    """The states of a document that take part in an event (or, with PARTY_TO, are party to an agreement)."""
    states = {e.id for e in extraction.entities if e.type == "State"}
    return sorted({f.source for f in extraction.relations
                   if f.type == relation and f.target == target and f.source in states})


@dataclass
class _Known:
    """What the graph holds for a batch's entities, plus what its earlier documents add:
    later documents of a batch resolve against earlier ones as if written one by one."""

    ids: set[str] = field(default_factory=set)
    rejected: set[tuple[str, str]] = field(default_factory=set)
    redirect: dict[str, str] = field(default_factory=dict)  # judged the same: id -> the node it is
    by_wikidata: dict[tuple[str, str], str] = field(default_factory=dict)  # (class, item) -> id
    by_name_key: dict[str, list[_Person]] = field(default_factory=dict)
    meetings: dict[MeetingKey, str] = field(default_factory=dict)
    agreements: dict[AgreementKey, list[tuple[str, str | None]]] = field(default_factory=dict)  # -> [(id, start)]

    def agreement(self, key: AgreementKey, when: str) -> str | None:
        """The one known agreement of that kind and parties signed before the step (none if two)."""
        found = {i for i, start in self.agreements.get(key, []) if not start or not has_year(start) or start <= when}
        return found.pop() if len(found) == 1 else None

    def meeting(self, key: MeetingKey) -> str | None:
        """A meeting with the same start and states, the same end unless open, a session number
        that does not differ (the graph look-up's rule)."""
        if key in self.meetings:
            return self.meetings[key]
        start, end, states, ordinal = key
        found = [(s == start, i) for (s, e, st, o), i in self.meetings.items() if same_day(s, start) and st == states
                 and (end in (None, e) or bool(end and e and not (has_year(end) and has_year(e))))
                 and (ordinal == o or None in (ordinal, o))]
        exact = [i for same, i in found if same]
        if exact:
            return exact[0]
        # a year-less day: only the one meeting it can be (of two on that day of different years, neither)
        others = set(i for _, i in found)
        return others.pop() if len(others) == 1 else None

    def add(self, extraction: Extraction) -> None:
        """Record a document's entities (after renaming) for the documents after it."""
        for entity in extraction.entities:
            self.ids.add(entity.id)
            if entity.wikidata:
                self.by_wikidata.setdefault((entity.type, entity.wikidata), entity.id)
            if entity.type == "Person" and (key := name_key(entity)):
                self.by_name_key.setdefault(key, []).append(
                    (entity.id, [entity.name, *entity.aliases], entity.attributes.get("nationality")))
            if entity.type == "Meeting" and (meeting := _meeting_key(extraction, entity)):
                self.meetings.setdefault(meeting, entity.id)
            if entity.type == "Agreement" and (parties := _agreement_parties(extraction, entity)):
                known = self.agreements.setdefault(parties, [])
                if all(i != entity.id for i, _ in known):
                    known.append((entity.id, entity.attributes.get("start")))


def _look_up(tx: neo4j.ManagedTransaction, onto: Ontology, extractions: list[Extraction]) -> _Known:
    """One query per kind of key for the whole batch: ids, undone merges, Wikidata items,
    person name keys, meetings by dates and participants."""
    base = onto.label(onto.base_label)
    entities = [e for x in extractions for e in x.entities]
    ids = list({e.id for e in entities})
    known = _Known()
    known.ids = {r["id"] for r in tx.run(f"UNWIND $ids AS id MATCH (n:{base} {{id: id}}) RETURN n.id AS id", ids=ids)}
    known.rejected = _rejected(tx, onto.label("Merge"), ids) | negative_pairs(tx, onto, ids)  # judged: apart
    known.redirect = redirects(tx, onto)
    fresh = [e for e in entities if e.id not in known.ids]
    items = list({(e.type, e.wikidata) for e in fresh if e.wikidata})
    if items:
        for r in tx.run(f"UNWIND $rows AS row CALL (row) {{ MATCH (n:{base} {{wikidata: row.q}}) "
                        "WHERE row.type IN labels(n) RETURN n.id AS id LIMIT 1 } "  # a class is its label
                        "RETURN row.type AS type, row.q AS q, id",
                        rows=[{"type": onto.cls(t).name, "q": q} for t, q in items]):
            known.by_wikidata[(r["type"], r["q"])] = r["id"]
    keys = list({k for e in fresh if e.type == "Person" for k in name_lookup_keys(e)})
    if keys:
        for r in tx.run(f"UNWIND $keys AS k MATCH (n:{onto.label('Person')} {{name_key: k}}) "
                        "RETURN k, n.id AS id, [n.name] + coalesce(n.aliases, []) AS names, "
                        "n.nationality AS nationality", keys=keys):
            known.by_name_key.setdefault(r["k"], []).append((r["id"], r["names"], r["nationality"]))
    meetings = {key for x in extractions for e in x.entities
                if e.type == "Meeting" and e.id not in known.ids and (key := _meeting_key(x, e))}
    if meetings:
        rows = [{"start": s, "starts": [s, *_yearless(s)], "tail": s[1:] if not has_year(s) else None,
                 "end": end, "states": list(st), "ordinal": o} for s, end, st, o in meetings]
        same = ("AND (n.end = row.end OR row.end IS NULL OR n.end STARTS WITH '--' OR row.end STARTS WITH '--') "
                "AND (n.ordinal IS NULL OR row.ordinal IS NULL OR n.ordinal = row.ordinal) "
                f"MATCH (s:{base})-[:PARTICIPATED_IN]->(n) WITH n, collect(s.id) AS states "
                "WHERE all(x IN row.states WHERE x IN states) AND size(states) = size(row.states) "
                "RETURN collect(n.id) AS ids, collect(CASE WHEN n.start = row.start THEN n.id END) AS exact } "
                "RETURN row.start AS start, row.end AS end, row.states AS states, row.ordinal AS ordinal, ids, exact")
        label = onto.label("Meeting")
        dated = [r for r in rows if r["tail"] is None]
        yearless = [r for r in rows if r["tail"] is not None]
        found = list(tx.run(f"UNWIND $rows AS row CALL (row) {{ MATCH (n:{label}) WHERE n.start IN row.starts "
                            + same, rows=dated)) if dated else []
        if yearless:   # "--12-09": the one meeting of those states on 9 December of some year
            found += tx.run(f"UNWIND $rows AS row CALL (row) {{ MATCH (n:{label}) "
                            "WHERE n.start = row.start OR n.start ENDS WITH row.tail " + same, rows=yearless)
        for r in found:
            ids = r["exact"][:1] or list(dict.fromkeys(r["ids"]))
            if len(ids) == 1:      # of two meetings on that day of different years, neither
                known.meetings[(r["start"], r["end"], tuple(r["states"]), r["ordinal"])] = ids[0]
    wanted = list({step for x in extractions for e in x.entities
                   if e.type == "Agreement" and e.id not in known.ids and (step := _agreement_key(x, e))})
    if wanted:
        for r in tx.run(
                f"UNWIND $rows AS row CALL (row) {{ MATCH (a:{onto.label('Agreement')}) "
                "WHERE coalesce(a.kind, 'agreement') = row.kind "
                f"AND all(iso IN row.parties WHERE EXISTS {{ (:{base} {{id: iso}})-[:PARTY_TO]->(a) }}) "
                f"AND COUNT {{ (s:{onto.label('State')})-[:PARTY_TO]->(a) }} = size(row.parties) "
                "RETURN collect([a.id, a.start]) AS found } RETURN row.kind AS kind, row.parties AS parties, found",
                rows=[{"kind": k, "parties": list(p)} for k, p in wanted]):
            known.agreements[(r["kind"], tuple(r["parties"]))] = [(i, start) for i, start in r["found"]]
    return known


def _agreement_parties(extraction: Extraction, entity: Entity) -> AgreementKey | None:
    parties = tuple(_participants(extraction, entity.id, "PARTY_TO"))
    return (str(entity.attributes.get("kind") or "agreement"), parties) if len(parties) >= 2 else None


def _yearless(start: str) -> list[str]:
    """The year-less form a day's date may have been written in by a report with no year: "--12-09"."""
    return [f"--{start[5:]}"] if has_year(start) and precision(start) == 3 else []


def same_day(a: str, b: str) -> bool:
    """Two starts of one day, one of them perhaps year-less: "2025-12-09" and "--12-09"."""
    if a == b:
        return True
    return (not has_year(a) and b.endswith(a[1:])) or (not has_year(b) and a.endswith(b[1:]))


def _person_match(known: _Known, entity: Entity) -> tuple[str, Match, str | None] | None:
    """The best-matching known person for a new one, by name and nationality (and that one's)."""
    best: tuple[str, Match, str | None] | None = None
    nationality = entity.attributes.get("nationality")
    seen: set[str] = set()
    for key in name_lookup_keys(entity):
        for pid, names, their_nationality in known.by_name_key.get(key, []):
            if pid in seen or pid == entity.id:
                continue
            seen.add(pid)
            m = compare_any(_names(entity), names, nationality, their_nationality)
            order = {SAME: 2, CANDIDATE: 1}
            if m.verdict in order and (best is None or (order[m.verdict], m.score) >
                                       (order[best[1].verdict], best[1].score)):
                best = (pid, m, their_nationality)
    return best


def _candidate(known: _Known, extraction: Extraction, entity: Entity,
               review: list[tuple[Entity, str, Match, str | None]] | None = None) -> tuple[str, str] | None:
    if entity.wikidata and (found := known.by_wikidata.get((entity.type, entity.wikidata))):
        return found, f"same Wikidata item {entity.wikidata}"
    if entity.type == "Person" and (hit := _person_match(known, entity)):
        pid, m, their_nationality = hit
        if m.verdict == SAME:
            return pid, f"same full name across scripts ({m.a} ~ {m.b}, {m.reason})"
        if review is not None:
            review.append((entity, pid, m, their_nationality))
    if entity.type == "Meeting" and (meeting := _meeting_key(extraction, entity)) and (
            found := known.meeting(meeting)):
        return found, f"same dates {meeting[0]} and participants {', '.join(meeting[2])}"
    if entity.type == "Agreement" and (key := _agreement_key(extraction, entity)) and (
            found := known.agreement(key, str(entity.attributes["status_date"]))):
        return found, (f"{entity.attributes.get('status')} on {entity.attributes['status_date']}: the one "
                       f"{key[0]} known between {', '.join(key[1])}")
    return None


def resolve_batch(tx: neo4j.ManagedTransaction, onto: Ontology, extractions: list[Extraction],
                  now: str | None = None) -> list[tuple[list[MergeRecord], set[str]]]:
    """Rewrite each extraction's ids to the graph's (or an earlier document's of the batch) where an
    entity is already known; per document, its merges and the ids (after rewriting) already known.
    Persons that are only close to a known one are recorded as candidate pairs (at `now`)."""
    known = _look_up(tx, onto, extractions)
    results: list[tuple[list[MergeRecord], set[str]]] = []
    candidates: list[CandidateRecord] = []
    for extraction in extractions:
        renames: dict[str, str] = {}
        merges: list[MergeRecord] = []
        review: list[tuple[Entity, str, Match, str | None]] = []
        for entity in extraction.entities:
            if entity.id in known.redirect:   # an analyst judged it the same as another node: no record
                renames[entity.id] = known.redirect[entity.id]
                continue
            if entity.id in known.ids:
                continue
            found = _candidate(known, extraction, entity, review)
            if found and found[0] in known.redirect:
                found = (known.redirect[found[0]], found[1])
            # found[0] == entity.id: a concurrent writer created this very entity meanwhile.
            if not found or found[0] == entity.id or (entity.id, found[0]) in known.rejected:
                continue
            kept, reason = found
            digest = hashlib.sha1(f"{extraction.document.id}|{entity.id}|{kept}".encode()).hexdigest()[:12]
            merges.append(MergeRecord(id=f"merge:{digest}", kept=kept, merged=entity.id, type=entity.type,
                                      reason=reason, document=extraction.document.id,
                                      added_aliases=list(dict.fromkeys([entity.name, *entity.aliases]))))
            renames[entity.id] = kept
        candidates.extend(_candidate_record(extraction, entity, pid, m, nat) for entity, pid, m, nat in review
                          if entity.id not in renames)
        if renames:
            _apply(extraction, renames)
        results.append((merges, {e.id for e in extraction.entities} & (known.ids | set(renames.values()))))
        known.add(extraction)
    _keep_only_new_aliases(tx, onto, extractions, [m for m, _ in results])
    record_candidates(tx, onto, candidates, now or datetime.now(UTC).isoformat())
    return results


def _latin(name: str, nationality: str | None) -> str:
    return romanise(name, convention_for(nationality))


def _candidate_record(extraction: Extraction, entity: Entity, other: str, m: Match,
                      other_nationality: str | None) -> CandidateRecord:
    a, b = sorted([entity.id, other])
    digest = hashlib.sha1(f"{a}|{b}".encode()).hexdigest()[:12]
    return CandidateRecord(id=f"candidate:{digest}", a=entity.id, b=other, name_a=m.a, name_b=m.b,
                           latin_a=_latin(m.a, entity.attributes.get("nationality")),
                           latin_b=_latin(m.b, other_nationality), score=m.score,
                           reason=m.reason, document=extraction.document.id)


def record_candidates(tx: neo4j.ManagedTransaction, onto: Ontology, candidates: list[CandidateRecord],
                      now: str) -> None:
    """Write candidate pairs for review, once a pair (a review's status is never overwritten)."""
    if candidates:
        tx.run(f"UNWIND $rows AS row MERGE (c:{onto.label('MatchCandidate')} {{id: row.id}}) "
               "ON CREATE SET c = row, c.at = $now, c.status = 'open'",
               rows=[c.__dict__ for c in candidates], now=now).consume()


def list_candidates(driver: neo4j.Driver, status: str = "open", database: str | None = None) -> list[dict]:
    """Candidate pairs of persons for review, best first."""
    return [r.data() for r in driver.execute_query(
        "MATCH (c:MatchCandidate {status: $status}) RETURN c.id AS id, c.a AS a, c.b AS b, c.name_a AS name_a, "
        "c.name_b AS name_b, c.latin_a AS latin_a, c.latin_b AS latin_b, c.score AS score, c.reason AS reason, "
        "c.document AS document, c.at AS at ORDER BY c.score DESC, c.id",
        status=status, database_=database, routing_=neo4j.RoutingControl.READ).records]


def _keep_only_new_aliases(tx: neo4j.ManagedTransaction, onto: Ontology, extractions: list[Extraction],
                           merges: list[list[MergeRecord]]) -> None:
    """A merge records the names it added to the kept node (undo takes them away again): those the
    graph and the batch's earlier documents did not already give it."""
    kept = list({m.kept for ms in merges for m in ms})
    if not kept:
        return
    names: dict[str, set[str]] = {r["id"]: set(r["a"] or []) for r in tx.run(
        f"UNWIND $ids AS id MATCH (n:{onto.label(onto.base_label)} {{id: id}}) RETURN n.id AS id, n.aliases AS a",
        ids=kept)}
    for extraction, doc_merges in zip(extractions, merges, strict=True):
        for merge in doc_merges:
            merge.added_aliases = [n for n in merge.added_aliases if n not in names.get(merge.kept, set())]
        for entity in extraction.entities:
            names.setdefault(entity.id, set()).update([entity.name, *entity.aliases])


def _apply(extraction: Extraction, renames: dict[str, str]) -> None:
    seen: dict[str, Entity] = {}
    for entity in extraction.entities:
        entity.id = renames.get(entity.id, entity.id)
        if entity.id in seen:  # two mentions now one node: keep one, with every name
            first = seen[entity.id]
            first.aliases = list(dict.fromkeys([*first.aliases, entity.name, *entity.aliases]))
        else:
            seen[entity.id] = entity
    extraction.entities = list(seen.values())
    for fact in extraction.relations:
        fact.source = renames.get(fact.source, fact.source)
        fact.target = renames.get(fact.target, fact.target)


def record_merges(tx: neo4j.ManagedTransaction, onto: Ontology, merges: list[MergeRecord], now: str) -> None:
    """Write the merge records (in the document's transaction)."""
    if merges:
        tx.run(f"UNWIND $rows AS row CREATE (m:{onto.label('Merge')}) SET m = row, m.at = $now, m.status = 'active'",
               rows=[m.__dict__ for m in merges], now=now).consume()


def list_merges(driver: neo4j.Driver, database: str | None = None) -> list[dict]:
    """Every merge, newest first."""
    return [r.data() for r in driver.execute_query(
        "MATCH (m:Merge) RETURN m.id AS id, m.status AS status, m.type AS type, m.merged AS merged, m.kept AS kept, "
        "m.reason AS reason, m.document AS document, m.at AS at ORDER BY m.at DESC",
        database_=database, routing_=neo4j.RoutingControl.READ).records]


def undo_merge(driver: neo4j.Driver, merge_id: str, database: str | None = None) -> str:
    """Undo a merge: mark it undone, take its document out of the graph and load it again,
    so the merged entity becomes a node of its own. Returns the document's id."""
    from foedus.graph.unload import reload_document

    record = driver.execute_query("MATCH (m:Merge {id: $id}) RETURN m.status AS status, m.document AS doc, "
                                  "m.kept AS kept, m.added_aliases AS added", id=merge_id, database_=database).records
    if not record:
        raise LookupError(f"no merge {merge_id!r}")
    if record[0]["status"] == "undone":
        raise LookupError(f"merge {merge_id!r} is already undone")
    driver.execute_query(
        "MATCH (m:Merge {id: $id}) SET m.status = 'undone', m.undone_at = $now "
        "WITH m MATCH (n:Entity {id: m.kept}) SET n.aliases = [a IN n.aliases WHERE NOT a IN m.added_aliases]",
        id=merge_id, now=datetime.now(UTC).isoformat(), database_=database)
    reload_document(driver, record[0]["doc"], database=database)
    return record[0]["doc"]
