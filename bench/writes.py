"""Write benchmarks, and filling the graph to a number of relationships.

Each round writes fresh documents of the same shape with each method, interleaved so that
load on the machine hits all methods alike: Foedus's `write_extraction` (one transaction per
document), the bare UNWIND-MERGE script per document (the limit at that batch size), the bare
script over many documents per transaction (the limit with Foedus's `batch_size` of rows), and
one MERGE per row. The rows of a round are the same for every method but for the ids of the
events (meetings, visits, exercises, agreements), which are salted so each method creates its
own, about the same states, firms and people already in the graph.
"""
from __future__ import annotations

import itertools
import time
from typing import Any

import neo4j

from bench.bare import BareWriter, per_row, prepare
from bench.common import median
from bench.world import World
from foedus.graph.admin import relationship_count
from foedus.graph.writer import write_extraction, write_extractions

__all__ = ["bench_writes", "fill"]

_SAMPLE_BASE = 10_000_000  # sample documents' indexes: never used by the fill
_year = itertools.count(2100)


def fill(driver: neo4j.Driver, world: World, target: int, start_index: int, *, rows_per_tx: int = 2000,
         database: str | None = None, say: Any = print) -> tuple[int, dict[str, float]]:
    """Write world documents (batched bare path, Foedus's graph shape) until `target` relationships.

    Returns the next unused document index and the fill's figures.
    """
    writer = BareWriter(driver, database)
    index = start_index
    have = relationship_count(driver, database)
    began, facts, docs = time.perf_counter(), 0, 0
    while have < target:
        pending: list = []
        n = 0
        while n < rows_per_tx:
            ex = world.extraction(index)
            index += 1
            pending.append(ex)
            n += len(ex.relations)
        batch = prepare(pending)
        writer.write(batch)
        facts += batch.n_facts
        docs += len(pending)
        have = relationship_count(driver, database)
        if docs % (len(pending) * 10) < len(pending):
            say(f"  fill: {have:,} relationships, {facts / (time.perf_counter() - began):,.0f} facts/s")
    seconds = time.perf_counter() - began
    return index, {"relationships": have, "documents": docs, "seconds": round(seconds, 1),
                   "facts_per_s": round(facts / seconds, 1) if seconds else 0.0}


def _groups(extractions: list, limit: int, weight: Any) -> list[list]:
    """Documents in order, a new group once the current one weighs `limit` or more."""
    groups: list[list] = [[]]
    total = 0
    for ex in extractions:
        if total >= limit:
            groups.append([])
            total = 0
        groups[-1].append(ex)
        total += weight(ex)
    return groups


def _sample(world: World, n: int, method: str, round_: int) -> list:
    year = next(_year)  # a year of its own: no meeting to merge into, no document written before
    return [world.extraction(_SAMPLE_BASE + round_ * 1000 + i, salt=f"{method}{year}", year=year) for i in range(n)]


def bench_writes(driver: neo4j.Driver, world: World, *, docs: int, rounds: int, per_row_docs: int,
                 batch_rows: int = 2000, database: str | None = None) -> dict[str, Any]:
    """Facts per second for each method (medians over rounds) and the ratios the issue asks for."""
    global _year
    top = driver.execute_query("MATCH (m:Meeting) RETURN max(toInteger(left(m.start, 4))) AS y",
                               database_=database).records[0]["y"]
    _year = itertools.count(max(2100, (top or 0) + 1))  # past every sample of earlier runs on this graph
    bare = BareWriter(driver, database)
    rates: dict[str, list[float]] = {"foedus": [], "foedus_batched": [], "bare_per_doc": [], "bare_batched": [],
                                     "per_row": []}
    def foedus(r: int) -> None:
        sample = _sample(world, docs, "fo", r)
        began = time.perf_counter()
        for ex in sample:
            write_extraction(driver, ex, database=database)
        rates["foedus"].append(sum(len(x.relations) for x in sample) / (time.perf_counter() - began))

    def foedus_batched(r: int) -> None:
        sample = _sample(world, docs, "fb", r)
        # as `foedus load` groups them: about batch_rows facts and entities a transaction
        groups = _groups(sample, batch_rows, lambda x: len(x.relations) + len(x.entities))
        began = time.perf_counter()
        for group in groups:
            write_extractions(driver, group, database=database)
        rates["foedus_batched"].append(sum(len(x.relations) for x in sample) / (time.perf_counter() - began))

    def bare_per_doc(r: int) -> None:
        batches = [prepare([x]) for x in _sample(world, docs, "bd", r)]
        began = time.perf_counter()
        for b in batches:
            bare.write(b)
        rates["bare_per_doc"].append(sum(b.n_facts for b in batches) / (time.perf_counter() - began))

    def bare_batched(r: int) -> None:
        groups = _groups(_sample(world, docs, "bb", r), batch_rows, lambda x: len(x.relations))
        batches = [prepare(g) for g in groups]
        began = time.perf_counter()
        for b in batches:
            bare.write(b)
        rates["bare_batched"].append(sum(b.n_facts for b in batches) / (time.perf_counter() - began))

    def one_per_row(r: int) -> None:
        batch = prepare(_sample(world, per_row_docs, "pr", r))
        began = time.perf_counter()
        per_row(driver, batch, database)
        rates["per_row"].append(batch.n_facts / (time.perf_counter() - began))

    methods = [foedus, foedus_batched, bare_per_doc, bare_batched, one_per_row]
    for r in range(rounds):  # the order turns each round, so no method always follows the same one
        for method in methods[r % len(methods):] + methods[:r % len(methods)]:
            method(r)
    med = {k: median(v) for k, v in rates.items()}
    return {
        "facts_per_s": {k: round(v, 1) for k, v in med.items()},
        "runs": {k: [round(x, 1) for x in v] for k, v in rates.items()},
        "ratio_vs_bare_per_doc": round(med["foedus"] / med["bare_per_doc"], 2),
        "ratio_vs_bare_batched": round(med["foedus"] / med["bare_batched"], 2),
        "speedup_vs_per_row": round(med["foedus"] / med["per_row"], 1),
        "batched_ratio_vs_bare_batched": round(med["foedus_batched"] / med["bare_batched"], 2),
        "batched_speedup_vs_per_row": round(med["foedus_batched"] / med["per_row"], 1),
        "docs_per_round": docs, "rounds": rounds,
    }
