"""Persons across scripts in the real Neo4j: one node for one person named in Arabic and in
English, two nodes (and a candidate pair for review) for two people sharing a given name,
no bare given name as an alias, and a Latin-script search that finds an Arabic-only name."""
from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from conftest import SEED
from fastapi.testclient import TestClient

from foedus.api.app import create_app
from foedus.graph.resolve import list_candidates, list_merges
from foedus.graph.writer import write_extraction
from foedus.ingest import load_paths
from foedus.loaders.model import Entity, Extraction, SourceDocument
from foedus.settings import Settings

# Our own words, in the shape of an agency report in each language.
ARABIC_REPORT = """تعاون عسكري جزائري إيطالي

الجزائر - استقبل الفريق أول السعيد شنقريحة، رئيس أركان الجيش الوطني الشعبي، وفدا عسكريا إيطاليا في مقر القيادة.
"""
ENGLISH_REPORT = """Italian delegation in Algiers

ALGIERS - General Saïd Chengriha, Chief of Staff of the Algerian People's National Army, received an Italian
military delegation at the army's headquarters.
"""
ARABIC_BERRID = """لقاء عسكري مغربي فرنسي

الرباط - ترأس الفريق أول محمد بريد، المفتش العام للقوات المسلحة الملكية، اجتماعا مع وفد فرنسي.
"""
ENGLISH_BOWARDI = """Emirati minister meets delegation

ABU DHABI - Emirati Defence Minister Mohammed Al Bowardi received a French military delegation on Monday.
"""


def _load(driver: neo4j.Driver, folder: Path, texts: dict[str, str]) -> None:
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    report = load_paths(driver, paths)
    assert report.read == len(paths) and not report.failed, report.failed


def _persons(driver: neo4j.Driver) -> list[dict]:
    return [r.data() for r in driver.execute_query(
        "MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.aliases AS aliases, p.name_latin AS latin, "
        "p.name_latin_kind AS kind ORDER BY p.id").records]


def test_one_general_named_in_arabic_and_in_english_is_one_node(clean_graph: neo4j.Driver, tmp_path: Path) -> None:
    _load(clean_graph, tmp_path, {"ar-chengriha.txt": ARABIC_REPORT, "en-chengriha.txt": ENGLISH_REPORT})
    people = _persons(clean_graph)
    assert len(people) == 1, people
    assert {"السعيد شنقريحة", "Saïd Chengriha"} <= set(people[0]["aliases"])
    assert [m["type"] for m in list_merges(clean_graph)] == ["Person"]


def test_two_people_sharing_a_given_name_stay_two_and_are_a_candidate_pair(
        clean_graph: neo4j.Driver, tmp_path: Path) -> None:
    # محمد بريد and Mohammed Al Bowardi: the same given name, surname keys alike (b-r-d).
    _load(clean_graph, tmp_path, {"ar-berrid.txt": ARABIC_BERRID, "en-bowardi.txt": ENGLISH_BOWARDI})
    names = sorted(p["name"] for p in _persons(clean_graph))
    assert names == ["Mohammed Al Bowardi", "محمد بريد"], names
    assert list_merges(clean_graph) == []
    [pair] = list_candidates(clean_graph)
    assert {pair["name_a"], pair["name_b"]} == {"محمد بريد", "Mohammed Al Bowardi"}
    assert "Mohamed Berrid" in {pair["latin_a"], pair["latin_b"]}  # a Moroccan, in the Maghreb's spelling
    assert 0 < pair["score"] < 100


def test_loading_again_records_no_second_candidate(clean_graph: neo4j.Driver, tmp_path: Path) -> None:
    texts = {"ar-berrid.txt": ARABIC_BERRID, "en-bowardi.txt": ENGLISH_BOWARDI}
    _load(clean_graph, tmp_path, texts)
    write_extraction(clean_graph, _person("person:mohammed-al-bowardi-2", "Mohammed Al Bowardi", "Mohammed"))
    assert len(list_candidates(clean_graph)) == 1



def _person(pid: str, name: str, *aliases: str) -> Extraction:
    text = f"{name} spoke."
    return Extraction(document=SourceDocument(text=text),
                      entities=[Entity(id=pid, type="Person", name=name, aliases=list(aliases))], relations=[])


def test_a_bare_given_name_is_never_an_alias(clean_graph: neo4j.Driver) -> None:
    write_extraction(clean_graph, _person("person:mohammed-berrid", "Mohammed Berrid", "Mohammed", "Berrid", "محمد"))
    [person] = _persons(clean_graph)
    assert person["aliases"] == ["Mohammed Berrid", "Berrid"]
    assert person["latin"] is None  # a Latin name needs no romanisation


@pytest.fixture
def seed_client(clean_graph: neo4j.Driver, settings: Settings):
    assert not load_paths(clean_graph, [SEED]).failed
    with TestClient(create_app(settings.model_copy(update={"api_key": None}))) as client:
        yield client


def test_a_latin_search_finds_the_person_only_the_arabic_seed_names(seed_client: TestClient) -> None:
    response = seed_client.get("/search", params={"q": "Berrid"})
    assert response.status_code == 200, response.text
    people = [r for r in response.json()["rows"] if r["type"] == "Person"]
    assert [p["name"] for p in people] == ["محمد بريد"], people
    assert "Berrid" in people[0]["name_latin"].split() and people[0]["name_latin_kind"] == "romanisation"


def test_every_arabic_only_person_of_the_seed_has_a_romanisation(seed_client: TestClient,
                                                                   clean_graph: neo4j.Driver) -> None:
    people = _persons(clean_graph)
    arabic_only = [p for p in people if not any(c.isascii() and c.isalpha() for a in p["aliases"] for c in a)]
    assert arabic_only
    assert all(p["latin"] and p["kind"] == "romanisation" for p in arabic_only), arabic_only


def test_search_misses_what_no_name_spells(seed_client: TestClient) -> None:
    rows = seed_client.get("/search", params={"q": "Bowardi"}).json()["rows"]
    assert [r for r in rows if r["type"] == "Person"] == []
