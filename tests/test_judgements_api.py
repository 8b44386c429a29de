"""The judgement endpoints: behind the write key, validated, answering with what changed; every bad
request refused with a clear 4xx and nothing written."""
from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from test_judgements import ARABIC, FRENCH, FULL, PARTNERS, SURNAME, _load

from foedus.api.app import create_app
from foedus.graph.admin import canonical_dump
from foedus.settings import Settings

KEY = {"X-API-Key": "judge-key"}


@pytest.fixture
def api(settings: Settings, clean_graph: neo4j.Driver) -> Iterator[TestClient]:
    _load(clean_graph, FULL, SURNAME, ARABIC, FRENCH, PARTNERS)
    app = create_app(settings.model_copy(update={"api_key": SecretStr("judge-key")}))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_judgements_answer_with_what_changed(api: TestClient, clean_graph: neo4j.Driver) -> None:
    r = api.post("/judgements/merge", headers=KEY, json={"keep": "person:pierre-martin", "other": "person:martin",
                                                         "author": "analyst-g", "reason": "one general"})
    assert r.status_code == 200, r.text
    assert r.json()["judgement"]["kind"] == "merge" and r.json()["changed"]["removed"] == ["person:martin"]
    r = api.post("/judgements/reject-fact", headers=KEY, json={"source": "state:FR", "type": "PARTNERS_WITH",
                                                               "target": "state:MA", "author": "analyst-g"})
    assert r.status_code == 200, r.text
    assert r.json()["changed"]["verdict"] == {"before": None, "after": "rejected"}
    partners = api.get("/queries/partners_of_state", params={"iso2": "MA"}).json()["rows"]
    assert [p["iso2"] for p in partners] == []   # a rejected partnership is not shown as one
    r = api.post("/judgements/set-property", headers=KEY, json={"entity": "person:pierre-martin", "property": "name",
                                                                "value": "Gen. Pierre Martin", "author": "analyst-g"})
    assert r.status_code == 200 and r.json()["changed"]["after"] == "Gen. Pierre Martin"
    assert [j["kind"] for j in api.get("/judgements").json()] == ["merge", "reject_fact", "set_property"]
    gone = api.get("/entities/person:martin")
    assert gone.status_code == 404 and "merged into 'person:pierre-martin'" in gone.json()["detail"]
    listed = api.get("/queries/judgements").json()["rows"]
    assert {j["kind"] for j in listed} == {"merge", "reject_fact", "set_property"}
    card = api.get("/entities/state:MA").json()
    partner = next(n for n in card["neighbours"] if n["relation"] == "PARTNERS_WITH")
    assert partner["verdict"] == "rejected"
    assert card["judgements"][0]["kind"] == "reject_fact" and card["judgements"][0]["author"] == "analyst-g"
    evidence = api.get("/queries/fact_evidence", params={"source": "state:FR", "type": "PARTNERS_WITH",
                                                         "target": "state:MA"}).json()["rows"]
    assert evidence[0]["verdict"] == "rejected" and evidence[0]["judgements"][0]["kind"] == "reject_fact"


BAD = [
    ("unknown id", "/judgements/merge", {"keep": "person:pierre-martin", "other": "person:nobody"}, 404),
    ("unknown fact", "/judgements/confirm-fact", {"source": "state:FR", "type": "HOLDS_POSITION",
                                                  "target": "state:MA"}, 404),
    ("unknown merge", "/judgements/split", {"merge": "merge:000000000000"}, 404),
    ("two classes", "/judgements/merge", {"keep": "person:pierre-martin", "other": "state:FR"}, 422),
    ("one id twice", "/judgements/not-same", {"a": "state:FR", "b": "state:FR"}, 422),
    ("not a relation", "/judgements/reject-fact", {"source": "state:FR", "type": "LIKES", "target": "state:MA"}, 422),
    ("undeclared property", "/judgements/set-property", {"entity": "state:FR", "property": "colour",
                                                         "value": "blue"}, 422),
    ("identity is not set", "/judgements/set-property", {"entity": "state:FR", "property": "id", "value": "x"}, 422),
    ("wrong type", "/judgements/set-property", {"entity": "state:FR", "property": "iso2", "value": "France"}, 422),
    ("no author", "/judgements/not-same", {"a": "person:pierre-martin", "b": "person:martin", "author": ""}, 422),
    ("unknown field", "/judgements/unsure", {"a": "person:pierre-martin", "b": "person:martin", "force": True}, 422),
    ("not in the queue", "/review/candidate:000000000000", {"verdict": "same"}, 404),
    ("unknown verdict", "/review/candidate:000000000000", {"verdict": "maybe"}, 422),
]


@pytest.mark.parametrize(("what", "path", "body", "status"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_judgement_is_refused_and_writes_nothing(api: TestClient, clean_graph: neo4j.Driver, what: str,
                                                       path: str, body: dict, status: int) -> None:
    before = canonical_dump(clean_graph)
    r = api.post(path, headers=KEY, json={"author": "analyst-h", **body})
    assert r.status_code == status, r.text
    assert r.json()["detail"]
    assert canonical_dump(clean_graph) == before


def test_an_already_judged_pair_is_refused(api: TestClient, clean_graph: neo4j.Driver) -> None:
    pair = {"a": "person:mhmd-bryd", "b": "person:mohammed-berrid", "author": "analyst-i"}
    assert api.post("/judgements/not-same", headers=KEY, json=pair).status_code == 200
    before = canonical_dump(clean_graph)
    for path in ("/judgements/not-same", "/judgements/unsure"):
        r = api.post(path, headers=KEY, json=pair)
        assert r.status_code == 409 and "already judged" in r.json()["detail"]
    r = api.post("/judgements/merge", headers=KEY, json={"keep": pair["a"], "other": pair["b"], "author": "x"})
    assert r.status_code == 409
    assert canonical_dump(clean_graph) == before


def test_judgements_need_the_write_key(api: TestClient, clean_graph: neo4j.Driver) -> None:
    before = canonical_dump(clean_graph)
    body = {"keep": "person:pierre-martin", "other": "person:martin", "author": "intruder"}
    assert api.post("/judgements/merge", json=body).status_code == 401
    assert api.post("/judgements/merge", headers={"X-API-Key": "wrong"}, json=body).status_code == 401
    assert api.get("/review").status_code == 200   # reading the queue is open, as every read is
    assert canonical_dump(clean_graph) == before
