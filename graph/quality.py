"""Graph-level checks of what resolution and extraction made: do Person nodes look like persons,
and is anyone still two nodes, once in Arabic script and once in Latin script?

A Person node does not look like a person when a word of its name is one that never is a name
(a verb, preposition or common noun, a rank or rank qualifier, a territorial command's head:
loaders/refdata/names.yaml and ranks.yaml), when it ends on a particle ("<name> آل", "bin"),
or when it is only a given name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import neo4j
import yaml

from foedus.names import block_keys, compare_any, is_bare_given_name
from foedus.names.match import CANDIDATE, SAME
from foedus.names.table import REFDATA, normalise, table
from foedus.ontology.model import Ontology, ontology
from foedus.textnorm import is_latin

__all__ = ["GraphCheck", "check_graph", "person_problems"]


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@lru_cache(maxsize=1)
def _never_in_names() -> frozenset[str]:
    names = yaml.safe_load((REFDATA / "names.yaml").read_text(encoding="utf-8")) or {}
    ranks = yaml.safe_load((REFDATA / "ranks.yaml").read_text(encoding="utf-8")) or {}
    words = _strings(names.get("not_names")) + _strings(names.get("rank_qualifiers")) + \
        _strings(names.get("place_words"))
    # One-word rank names (General, اللواء, général): a name's words never are one.
    words += [w for r in ranks.get("ranks") or [] for lang in ("en", "fr", "ar")
              for w in _strings(r.get(lang)) if len(w.split()) == 1]
    return frozenset(normalise(w) for w in words if w.strip())


def person_problems(name: str) -> list[str]:
    """Why a Person's name does not look like a person's; empty when it does."""
    words = normalise(name).split()
    if not words:
        return ["no name"]
    problems = [f"{w!r} is never part of a name" for w in words if w.rstrip("-") in _never_in_names()]
    if table().particle(words[-1]) in ("family", "filiation", "article", "abd", "abu") and len(words) > 1:
        problems.append(f"ends on the particle {words[-1]!r}")
    if is_bare_given_name(name):
        problems.append("only a given name")
    return problems


@dataclass
class GraphCheck:
    """What the check found."""

    persons: int = 0
    not_persons: list[tuple[str, list[str]]] = field(default_factory=list)
    splits: list[tuple[str, str, str]] = field(default_factory=list)      # Arabic, Latin, reason
    candidates: list[tuple[str, str, float]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """The share of Person nodes whose name looks like a person's."""
        return 1.0 - len(self.not_persons) / self.persons if self.persons else 1.0

    def lines(self) -> list[str]:
        """A report for people."""
        out = [f"Person nodes: {self.persons}, look like persons: {self.persons - len(self.not_persons)} "
               f"(precision {self.precision:.2f})"]
        out += [f"  not a person: {name} ({'; '.join(why)})" for name, why in self.not_persons]
        out.append(f"cross-script duplicates (one person, an Arabic node and a Latin node): {len(self.splits)}")
        out += [f"  split: {a} / {b} ({why})" for a, b, why in self.splits]
        out.append(f"cross-script candidate pairs left for review: {len(self.candidates)}")
        out += [f"  candidate: {a} / {b} (score {s:.0f})" for a, b, s in self.candidates]
        return out


def check_graph(driver: neo4j.Driver, database: str | None = None, onto: Ontology | None = None) -> GraphCheck:
    """Check every Person node of the graph."""
    onto = onto or ontology()
    rows = driver.execute_query(
        f"MATCH (p:{onto.label('Person')}) RETURN p.id AS id, p.name AS name, "
        "[p.name] + coalesce(p.aliases, []) AS names, p.nationality AS nationality ORDER BY p.id",
        database_=database, routing_=neo4j.RoutingControl.READ).records
    result = GraphCheck(persons=len(rows))
    latin_by_key: dict[str, list[neo4j.Record]] = {}
    for r in rows:
        if problems := person_problems(r["name"]):
            result.not_persons.append((r["name"], problems))
        if any(is_latin(n) for n in r["names"]):
            for name in r["names"]:
                for key in block_keys(name):
                    latin_by_key.setdefault(key, []).append(r)
    for r in rows:
        if any(is_latin(n) for n in r["names"]):
            continue
        seen: set[str] = set()
        for key in {k for n in r["names"] for k in block_keys(n)}:
            for other in latin_by_key.get(key, []):
                if other["id"] in seen:
                    continue
                seen.add(other["id"])
                m = compare_any(r["names"], other["names"], r["nationality"], other["nationality"])
                if m.verdict == SAME:
                    result.splits.append((r["name"], other["name"], m.reason))
                elif m.verdict == CANDIDATE:
                    result.candidates.append((r["name"], other["name"], m.score))
    return result
