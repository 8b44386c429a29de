"""The bulk import of the bench world gives the graph the bare UNWIND fill gives.

The bare fill runs on the test Neo4j; the import, which must stop its server, goes into a sibling
local instance on free ports (stopping the shared test server would break the session's driver:
its bookmarks name transactions the imported store never had).
"""
from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from bench.bare import BareWriter, prepare
from bench.bulk import ARRAY_DELIMITER, CsvGraph, load_csv, read_summary, write_csv
from bench.world import World
from bench.writes import fill, relationship_count
from foedus.graph.admin import canonical_dump
from foedus.graph.server import LocalNeo4j
from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument
from foedus.settings import Settings

PROJECT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def import_server(settings: Settings) -> Iterator[LocalNeo4j]:
    """A local instance of its own for the import, stopped at the end."""
    server = LocalNeo4j(Settings(neo4j_uri=None, local_instance=f"{settings.local_instance}-bulk",
                                 local_bolt_port=_free_port(), local_http_port=_free_port(), local_auth=False))
    yield server
    server.stop()


def _hostile() -> Extraction:
    """A document whose every text needs CSV quoting: commas, quotes, newlines, CR, backslashes, Arabic."""
    text = 'Le "Nord", l\'Est\r\net \\"le\\" Sud ; المغرب و"فرنسا"، شراكة\n'
    ev = 'Le "Nord", et\nالمغرب'
    return Extraction(
        document=SourceDocument(text=text, title='Titre, "cité"\nsur deux lignes', published=None, language="ar",
                                source="test://hostile"),
        entities=[
            Entity(id="state:QN", type="State", name='Nord, "le"', aliases=["الشمال", "Nord\nNorth", 'a\\"b']),
            Entity(id="state:QS", type="State", name="جنوب", aliases=["Sud; South", ""]),
            Entity(id="person:hostile", type="Person", name="Général Ahmed Q'uote, Jr.",
                   attributes={"rank": 'Général "de corps"', "title": "قائد\nالأركان"}),
            Entity(id="org:af-qn", type="Organization", name="Forces, Armées", attributes={"kind": "armed_forces"}),
        ],
        relations=[
            Fact(type="PARTNERS_WITH", source="state:QS", target="state:QN",
                 attributes={"domains": ["cyber, space", 'a "b"', "التكوين"]},
                 evidence=Evidence(text=ev, start=0, end=len(ev))),
            Fact(type="HOLDS_POSITION", source="person:hostile", target="org:af-qn",
                 attributes={"title": 'Chef "d\'état-major",\nadjoint'},
                 evidence=Evidence(text="قائد, \"الأركان\"", start=3, end=9)),
            Fact(type="PART_OF", source="org:af-qn", target="state:QN", evidence=Evidence(text="x", start=0, end=1)),
        ],
    )


def _ordered(driver: neo4j.Driver) -> list[Any]:
    """Each fact's parallel arrays as stored (canonical_dump sorts lists, so it cannot see their order)."""
    records = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE r.sources IS NOT NULL "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, r.sources AS s, r.evidence AS e, r.evidence_spans AS sp, "
        "r.system AS system").records
    return sorted((tuple(r.values()) for r in records), key=repr)


def _stamped(driver: neo4j.Driver) -> int:
    """Nodes and relationships missing a load-time stamp (the dump ignores the stamps, not their absence)."""
    return driver.execute_query(
        "CALL { MATCH (d:Document) WHERE d.loaded_at IS NULL RETURN count(*) AS c "
        "UNION ALL MATCH (n:Entity) WHERE n.first_seen IS NULL OR n.last_seen IS NULL RETURN count(*) AS c "
        "UNION ALL MATCH ()-[r]->() WHERE r.sources IS NOT NULL AND (r.first_seen IS NULL OR r.last_seen IS NULL) "
        "RETURN count(*) AS c } RETURN sum(c) AS missing").records[0]["missing"]


def test_bulk_import_gives_the_bare_fill_graph(clean_graph: neo4j.Driver, import_server: LocalNeo4j,
                                               tmp_path: Path) -> None:
    """3,000 relationships of the world plus a hostile document: same dump, same array order, schema on."""
    world = World()
    next_index, filled = fill(clean_graph, world, 3_000, 0, rows_per_tx=500, say=lambda _: None)
    BareWriter(clean_graph).write(prepare([_hostile()]))
    bare, bare_arrays = canonical_dump(clean_graph), _ordered(clean_graph)
    bare_rels = relationship_count(clean_graph)
    assert filled["relationships"] >= 3_000 and next_index > 1

    graph = CsvGraph(tmp_path / "csv")
    for i in range(next_index):
        graph.add(world.extraction(i))
    graph.add(_hostile())
    csv = graph.close()
    assert csv.relationship_count == bare_rels
    assert csv.multiline  # the hostile newlines: parsed as multi-line fields, only in the files that need it
    figures = load_csv(import_server, csv, say=lambda _: None)
    assert figures["relationships"] == bare_rels
    with neo4j.GraphDatabase.driver(import_server.bolt_uri) as driver:
        bulk, bulk_arrays = canonical_dump(driver), _ordered(driver)
        assert _stamped(driver) == 0
        constraints = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
    assert len(bulk) == len(bare)
    assert [x for x in bulk if x not in bare] == []
    assert bulk == bare
    assert bulk_arrays == bare_arrays
    assert {"entity_id", "person_id", "state_id"} <= constraints


def test_csv_writer_refuses_what_the_importer_would_change(tmp_path: Path) -> None:
    """The array delimiter inside a text, and [""] (read back as no property), fail loudly."""
    ex = _hostile()
    ex.entities[0].aliases.append(f"a{ARRAY_DELIMITER}b")
    graph = CsvGraph(tmp_path / "a")
    graph.add(ex)
    with pytest.raises(ValueError, match="U\\+001F"):
        graph.close()
    ex = _hostile()
    ex.relations = ex.relations[:1]
    ex.relations[0].evidence = None  # one source, no evidence: evidence [""]
    graph = CsvGraph(tmp_path / "b")
    graph.add(ex)
    with pytest.raises(ValueError, match="no evidence"):
        graph.close()


def test_csv_child_process_writes_what_write_csv_writes(tmp_path: Path) -> None:
    """`python -m bench.bulk csv` (what bulk_load runs) matches the in-process writer, row for row."""
    write_csv(World(), tmp_path / "inproc", relationships=1_500)
    subprocess.run([sys.executable, "-m", "bench.bulk", "csv", "--out", str(tmp_path / "child"),
                    "--relationships", "1500"], cwd=PROJECT, check=True, capture_output=True)
    a, b = read_summary(tmp_path / "inproc"), read_summary(tmp_path / "child")
    assert (a.documents, a.entities, a.facts, a.mentions) == (b.documents, b.entities, b.facts, b.mentions)
    assert a.relationship_count >= 1_500
    stamp = re.compile(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00"')  # the two runs' load times
    for (_, pa), (_, pb) in zip(a.nodes + a.relationships, b.nodes + b.relationships, strict=True):
        assert Path(pa).name == Path(pb).name
        text_a, text_b = (stamp.sub("T", Path(p).read_text(encoding="utf-8")) for p in (pa, pb))
        assert text_a == text_b
