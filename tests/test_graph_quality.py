"""The graph-level check (graph/quality.py) and what it asserts on our own articles in both
scripts loaded together: Person nodes that are persons, nobody split across scripts."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import neo4j
import pytest

from foedus.graph.admin import wipe_graph
from foedus.graph.quality import check_graph, person_problems
from foedus.ingest import load_paths

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from graph_check import documents  # noqa: E402  (tools/ is not a package)

FLOOR = json.loads((ROOT / "tests" / "graph_floor.json").read_text())["person_precision"]


@pytest.mark.parametrize("name", ["أعمال الدورة", "Zone Sud", "جوي أحمد العلوي", "خالد آل", "Mohammed",
                                  "محمد بريد سلم", "General Smith", "بهذه المناسبة"])
def test_what_is_not_a_person(name: str) -> None:
    assert person_problems(name)


@pytest.mark.parametrize("name", ["Mohammed Berrid", "محمد بريد", "خالد بن سالم آل نهيان", "Fabien Mandon",
                                  "Moctar Ould Bellah", "Abdel Fattah el-Sisi"])
def test_what_is_a_person(name: str) -> None:
    assert person_problems(name) == []


def test_a_split_person_is_reported(clean_graph: neo4j.Driver) -> None:
    # Two nodes written past the resolver, as an old graph or an import could hold them.
    clean_graph.execute_query(
        "CREATE (:Entity:Person {id: 'person:a', name: 'السعيد شنقريحة', aliases: ['السعيد شنقريحة']}), "
        "(:Entity:Person {id: 'person:b', name: 'Saïd Chengriha', aliases: ['Saïd Chengriha']}), "
        "(:Entity:Person {id: 'person:c', name: 'الجنرال', aliases: []})")
    result = check_graph(clean_graph)
    assert [(a, b) for a, b, _ in result.splits] == [("السعيد شنقريحة", "Saïd Chengriha")]
    assert result.persons == 3 and [n for n, _ in result.not_persons] == ["الجنرال"]


def test_our_articles_in_both_scripts_make_persons_and_no_split(neo4j_driver: neo4j.Driver) -> None:
    wipe_graph(neo4j_driver)
    shared = ROOT.parent / "shared"
    paths = documents(shared)
    assert any("_ar-" in p.name for p in paths) and any("_en-" in p.name for p in paths)
    assert not load_paths(neo4j_driver, paths).failed
    result = check_graph(neo4j_driver)
    assert result.persons >= 20
    assert result.precision >= FLOOR, result.lines()
    assert result.splits == [], result.lines()
