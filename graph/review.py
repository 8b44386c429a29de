"""The review queue: pairs resolution left apart, or merged with low confidence, for an analyst to judge.

Like nomenklatura's xref, it proposes candidate pairs with a score and the evidence for and
against each, from the graph as it stands:
- persons whose full names are close (`foedus.names`), in one script or across two (both names
  shown with their romanisation), and a person named by a surname alone beside one named in full;
- meetings of the same states whose dates or session numbers nearly agree;
- merges resolution made on a match below `LOW_CONFIDENCE`.
Pairs already judged (merge, not_same, split, unsure) are not listed. `judge_candidate` records an
analyst's answer as a judgement (graph/judgements.py).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

import neo4j

from foedus.graph.judged import PAIR_KINDS
from foedus.graph.judgements import JudgementError, Outcome, judge_merge, judge_not_same, judge_unsure
from foedus.loaders.extract.dates import has_year
from foedus.names import compare_any, convention_for, parse, romanise
from foedus.names.match import CANDIDATE, SAME
from foedus.textnorm import is_latin

__all__ = ["LOW_CONFIDENCE", "VERDICTS", "Candidate", "judge_candidate", "review_queue"]

LOW_CONFIDENCE = 90.0   # a merge on a match scoring below this is listed for review
SURNAME_ONLY_SCORE = 50.0
VERDICTS = {"same": judge_merge, "not_same": judge_not_same, "unsure": judge_unsure}
_NEAR_DAYS = 3          # meetings of the same states this close may be one told with two dates


@dataclass
class Candidate:
    """Two entities that may be one: `a` is the one kept if they are judged the same."""

    id: str
    type: str
    a: str
    b: str
    name_a: str
    name_b: str
    latin_a: str | None
    latin_b: str | None
    score: float
    evidence_for: list[str] = field(default_factory=list)
    evidence_against: list[str] = field(default_factory=list)
    merge: str | None = None   # set when resolution already made them one node

    def as_dict(self) -> dict[str, Any]:
        """The candidate as JSON-ready data."""
        return asdict(self)


def pair_id(a: str, b: str) -> str:
    """A pair's id, whatever its order (the id resolution gives its `MatchCandidate` nodes)."""
    x, y = sorted([a, b])
    return "candidate:" + hashlib.sha1(f"{x}|{y}".encode()).hexdigest()[:12]


def _latin(name: str, nationality: str | None) -> str | None:
    return None if is_latin(name) else romanise(name, convention_for(nationality))


def _script_evidence(x: str, y: str, nat_x: str | None, nat_y: str | None) -> str | None:
    if is_latin(x) == is_latin(y):
        return None
    arabic, latin, nat = (y, x, nat_y) if is_latin(x) else (x, y, nat_x)
    return f"the same name in two scripts: {arabic} (romanised {_latin(arabic, nat)}) ~ {latin}"


def _surname_keys(name: str) -> set[str]:
    surname = parse(name).surname
    coarse = str.maketrans({"g": "k", "z": "d"})
    return {k.translate(coarse) for k in surname.keys} if surname else set()


def _persons(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
    return [r.data() for r in tx.run(
        "MATCH (p:Person) RETURN p.id AS id, p.name AS name, [p.name] + coalesce(p.aliases, []) AS names, "
        "p.nationality AS nationality, COUNT { (:Document)-[:MENTIONS]->(p) } AS docs ORDER BY p.id")]


def _person_pairs(people: list[dict[str, Any]]) -> list[Candidate]:
    blocks: dict[str, set[str]] = defaultdict(set)
    by_id = {p["id"]: p for p in people}
    for p in people:
        p["full"] = [n for n in dict.fromkeys(p["names"]) if len(n.split()) >= 2]
        for name in p["names"]:
            for key in _surname_keys(name):
                blocks[key].add(p["id"])
    found: dict[str, Candidate] = {}
    for ids in blocks.values():
        if len(ids) > 200:   # a key too common to pair every bearer (a hub of namesakes)
            continue
        for x, y in combinations(sorted(ids), 2):
            if (cid := pair_id(x, y)) in found:
                continue
            # the person named in full is kept; then the one more documents name
            a, b = sorted((by_id[x], by_id[y]), key=lambda p: (not p["full"], -p["docs"], p["id"]))
            candidate = _compare_persons(cid, a, b)
            if candidate:
                found[cid] = candidate
    return list(found.values())


def _compare_persons(cid: str, a: dict[str, Any], b: dict[str, Any]) -> Candidate | None:
    nat_a, nat_b = a["nationality"], b["nationality"]
    against = [f"different nationalities: {nat_a} and {nat_b}"] if nat_a and nat_b and nat_a != nat_b else []
    if a["full"] and b["full"]:
        m = compare_any(a["full"], b["full"], nat_a, nat_b)
        if m.verdict not in (SAME, CANDIDATE):
            return None
        pro = [f"close full names ({m.reason})"]
        if script := _script_evidence(m.a, m.b, nat_a, nat_b):
            pro.insert(0, script)
        name_a, name_b, score = m.a, m.b, m.score
        if m.verdict == CANDIDATE:
            against.append("not close enough to merge without a judgement")
    elif a["full"]:
        name_a, name_b, score = a["full"][0], b["name"], SURNAME_ONLY_SCORE
        pro = [f"the same surname: {name_b} ~ {name_a}"]
        if script := _script_evidence(name_a, name_b, nat_a, nat_b):
            pro.insert(0, script)
        against.append(f"a surname only: '{name_b}' may name any bearer of it")
    else:
        return None   # two bare surnames: nothing to tell them apart or together
    return Candidate(cid, "Person", a["id"], b["id"], name_a, name_b, _latin(name_a, nat_a), _latin(name_b, nat_b),
                     round(score, 1), pro, against)


def _days_apart(x: str, y: str) -> int | None:
    if not (has_year(x) and has_year(y)) or len(x) < 10 or len(y) < 10:
        return None
    try:
        return abs((date.fromisoformat(x[:10]) - date.fromisoformat(y[:10])).days)
    except ValueError:
        return None


def _meeting_pairs(tx: neo4j.ManagedTransaction) -> list[Candidate]:
    rows = [r.data() for r in tx.run(
        "MATCH (m:Meeting) WHERE m.start IS NOT NULL "
        "RETURN m.id AS id, m.name AS name, m.start AS start, m.ordinal AS ordinal, "
        "COLLECT { MATCH (s:State)-[:PARTICIPATED_IN]->(m) RETURN s.id ORDER BY s.id } AS states, "
        "COUNT { (:Document)-[:MENTIONS]->(m) } AS docs ORDER BY m.id")]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if len(row["states"]) >= 2:
            groups[tuple(row["states"])].append(row)
    found: list[Candidate] = []
    for states, meetings in groups.items():
        for x, y in combinations(meetings, 2):
            a, b = sorted((x, y), key=lambda m: (-m["docs"], m["id"]))
            same_number = a["ordinal"] is not None and a["ordinal"] == b["ordinal"]
            if a["ordinal"] is not None and b["ordinal"] is not None and not same_number:
                continue   # two sessions with two numbers are two sessions
            apart = _days_apart(a["start"], b["start"])
            if not same_number and (apart is None or apart > _NEAR_DAYS):
                continue
            pro = [f"the same participating states: {', '.join(states)}"]
            if same_number:
                pro.append(f"the same session number: {a['ordinal']}")
            against = [f"different dates: {a['start']} and {b['start']}"] if a["start"] != b["start"] else []
            score = (80.0 if same_number else 60.0) - (apart or 0) * 5
            found.append(Candidate(pair_id(a["id"], b["id"]), "Meeting", a["id"], b["id"], a["name"], b["name"],
                                   None, None, max(score, 10.0), pro, against))
    return found


def _weak_merges(tx: neo4j.ManagedTransaction) -> list[Candidate]:
    """Person merges resolution made on a match below LOW_CONFIDENCE (scored again, names as merged)."""
    found = []
    for r in tx.run("MATCH (m:Merge {status: 'active', type: 'Person'}) MATCH (k:Person {id: m.kept}) "
                    "RETURN m.id AS merge, m.merged AS merged, m.kept AS kept, m.reason AS reason, "
                    "coalesce(m.added_aliases, []) AS added, [k.name] + coalesce(k.aliases, []) AS names, "
                    "k.nationality AS nationality"):
        theirs = [n for n in r["added"] if len(n.split()) >= 2]
        ours = [n for n in r["names"] if n not in r["added"] and len(n.split()) >= 2]
        if not theirs or not ours:
            continue
        m = compare_any(ours, theirs, r["nationality"], r["nationality"])
        if m.score >= LOW_CONFIDENCE:
            continue
        pro = [f"merged by resolution: {r['reason']}"]
        if script := _script_evidence(m.a, m.b, r["nationality"], r["nationality"]):
            pro.insert(0, script)
        found.append(Candidate(pair_id(r["kept"], r["merged"]), "Person", r["kept"], r["merged"], m.a, m.b,
                               _latin(m.a, r["nationality"]), _latin(m.b, r["nationality"]), round(m.score, 1),
                               pro, [f"a match score of {m.score:.0f}, below {LOW_CONFIDENCE:.0f}"], r["merge"]))
    return found


def _queue(tx: neo4j.ManagedTransaction) -> list[Candidate]:
    judged = {pair_id(r["a"], r["b"]) for r in tx.run(
        "MATCH (j:Judgement) WHERE j.kind IN $kinds RETURN j.entity AS a, j.other AS b", kinds=list(PAIR_KINDS))}
    undone = {pair_id(r["a"], r["b"]) for r in tx.run(
        "MATCH (m:Merge {status: 'undone'}) RETURN m.merged AS a, m.kept AS b")}
    merged = {pair_id(r["a"], r["b"]) for r in tx.run(
        "MATCH (m:Merge {status: 'active'}) RETURN m.merged AS a, m.kept AS b")}
    found = {c.id: c for c in [*_person_pairs(_persons(tx)), *_meeting_pairs(tx)]}
    found.update({c.id: c for c in _weak_merges(tx)})
    queue = [c for c in found.values() if c.id not in judged and (c.merge or c.id not in undone | merged)]
    return sorted(queue, key=lambda c: (-c.score, c.id))


def review_queue(driver: neo4j.Driver, limit: int = 100, database: str | None = None) -> list[Candidate]:
    """The pairs to review, best first."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        return session.execute_read(_queue)[:limit]


def judge_candidate(driver: neo4j.Driver, candidate_id: str, verdict: str, author: str, reason: str | None = None,
                    database: str | None = None) -> Outcome:
    """Record an analyst's answer on a pair of the queue: same (merged, `a` kept), not_same or unsure."""
    if verdict not in VERDICTS:
        raise JudgementError(422, f"a verdict is one of {list(VERDICTS)}, not {verdict!r}")
    candidate = next((c for c in review_queue(driver, limit=10_000, database=database) if c.id == candidate_id), None)
    if candidate is None:
        raise JudgementError(404, f"no pair {candidate_id!r} in the review queue (judged already, or never proposed)")
    outcome = VERDICTS[verdict](driver, candidate.a, candidate.b, author=author, reason=reason, database=database)
    outcome.changed["candidate"] = candidate.as_dict()
    return outcome
