"""Arms-transfer tables: SIPRI-layout rows become SUPPLIES, contracts and systems, idempotently,
with SIPRI's bracketed (uncertain) values kept as such."""
from __future__ import annotations

import csv
from pathlib import Path

import neo4j
import pytest

from foedus.graph.admin import canonical_dump
from foedus.ingest import load_paths
from foedus.loaders.readers import DocumentError
from foedus.loaders.sipri import read_trade_register

SAMPLE = Path(__file__).parent / "data" / "sipri_sample.csv"


def test_rows_map_to_supplies_contracts_and_systems() -> None:
    extraction, skipped = read_trade_register(SAMPLE.read_bytes(), str(SAMPLE))
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    assert len(rows) >= 50
    supplies = [f for f in extraction.relations if f.type == "SUPPLIES"]
    assert len(supplies) == len(rows) - 1  # the "Unknown supplier(s)" row is reported, not loaded
    assert len(skipped) == 1 and "Unknown supplier" in skipped[0]
    bracketed = [f for f in supplies if str(f.attributes.get("quantity", "")).startswith("(")]
    assert bracketed, "uncertain quantities keep their brackets"
    for fact in supplies:
        assert fact.evidence and extraction.document.text[fact.evidence.start:fact.evidence.end] == fact.evidence.text
    types = {e.type for e in extraction.entities}
    assert types == {"State", "System", "Agreement"}


def test_a_table_without_the_needed_columns_is_refused() -> None:
    with pytest.raises(DocumentError, match="missing columns"):
        read_trade_register(b"Supplier,Designation\nFrance,Rafale\n", "bad.csv")


def test_loading_the_table_twice_changes_nothing(clean_graph: neo4j.Driver) -> None:
    first = load_paths(clean_graph, [SAMPLE])
    assert first.read == 1 and len(first.failed) == 1
    dump = canonical_dump(clean_graph)
    again = load_paths(clean_graph, [SAMPLE])
    assert again.skipped == 1
    assert canonical_dump(clean_graph) == dump
    us_ma = clean_graph.execute_query(
        "MATCH (:State {iso2: 'US'})-[r:SUPPLIES]->(:State {iso2: 'MA'}) RETURN r.system AS s ORDER BY s").records
    assert len(us_ma) >= 2, "one SUPPLIES relationship per system"
    uncertain = clean_graph.execute_query(
        "MATCH ()-[r:SUPPLIES]->() WHERE r.quantity STARTS WITH '(' OR r.ordered_in STARTS WITH '(' "
        "RETURN count(r) AS c").records[0]["c"]
    assert uncertain >= 5


def test_the_sample_corpus_table_loads_whole_and_names_its_sources() -> None:
    path = Path(__file__).resolve().parents[1] / "corpus" / "trade-register-morocco.csv"
    extraction, skipped = read_trade_register(path.read_bytes(), str(path))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert skipped == [] and len([f for f in extraction.relations if f.type == "SUPPLIES"]) == len(rows)
    assert all("Source:" in row["Comments"] for row in rows)
