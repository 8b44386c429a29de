"""The benchmarks' smoke mode: every benchmark runs on a tiny graph and prints its figures.

No timed assertion (the figures depend on the machine); what is checked is that each benchmark
ran and produced its numbers, that a `neo4j://` routing URI works against the local server, and
that extraction files written by several processes are loaded whole by one writer.
"""
from __future__ import annotations

import math

import pytest

from bench.common import Target
from bench.run import SMOKE, results_markdown, run
from foedus.graph.connection import connection_target


@pytest.fixture(scope="module")
def smoke(neo4j_driver, settings) -> dict:
    uri, auth = connection_target(settings)
    database = None if settings.uses_local_server else settings.neo4j_database
    return run(Target(uri, auth, database), dict(SMOKE))


def _finite(x: float) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x) and x > 0


def test_every_benchmark_prints_its_figures(smoke: dict, capsys) -> None:
    size = next(iter(smoke["sizes"].values()))
    assert size["fill"]["relationships"] >= SMOKE["sizes"][0]
    writes = size["writes"]["facts_per_s"]
    assert all(_finite(writes[k]) for k in ("foedus", "bare_per_doc", "bare_batched", "per_row"))
    assert _finite(smoke["extraction"]["docs_per_s_1"]) and _finite(smoke["extraction"]["docs_per_s_2"])
    assert smoke["e2e"]["docs"] == SMOKE["load_docs"] and _finite(smoke["e2e"]["peak_rss_mb"])
    for name, entry in size["queries"].items():
        for conc in ("c1", "c8"):
            assert _finite(entry[conc]["api_p50_ms"]) and _finite(entry[conc]["direct_p99_ms"]), name
    assert "entity_card" in size["queries"] and "partners_of_state" in size["queries"]
    rdf = size["rdf"]
    assert rdf["foedus_triples"] > 0 and _finite(rdf["foedus_triples_per_s"]) and _finite(rdf["rdflib_triples_per_s"])
    table = results_markdown(smoke)
    assert "Foedus / one MERGE per row" in table and "RDF: Foedus triples/s" in table
    print(table)


def test_routing_uri_against_the_local_server(smoke: dict) -> None:
    routing = smoke["distributed"]["routing"]
    assert routing["uri"].startswith("neo4j://")
    assert routing["facts_written"] > 0 and routing["read_back"]


def test_extraction_files_from_two_processes_load_whole(smoke: dict) -> None:
    spread = smoke["distributed"]["spread"]
    assert spread["documents"] == SMOKE["spread_docs"]
    assert spread["skipped"] == 0 and spread["facts"] > 0
