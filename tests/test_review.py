"""The review queue: candidate pairs with scores and evidence, judged from the API or the terminal."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from test_judgements import FULL, SURNAME, _doc, _load, _person
from typer.testing import CliRunner

from foedus.cli import app
from foedus.graph.admin import canonical_dump, wipe_graph
from foedus.graph.review import judge_candidate, review_queue
from foedus.settings import get_settings

# One officer named in an Arabic report and, with another spelling of his surname, in a French one.
HAMDI_AR = _doc("ترأس العميد عبد الله حمدي اجتماع لجنة التنسيق بمكناس.",
                _person("person:abd-allh-hmdy", "عبد الله حمدي", nationality="MA"))
HAMDI_FR = _doc("Le colonel-major Abdellah Hamdaoui a présidé la réunion de coordination à Meknès.",
                _person("person:abdellah-hamdaoui", "Abdellah Hamdaoui", nationality="MA"))


@pytest.fixture
def queued(clean_graph: neo4j.Driver) -> neo4j.Driver:
    _load(clean_graph, FULL, SURNAME, HAMDI_AR, HAMDI_FR)
    return clean_graph


def _by_pair(driver: neo4j.Driver) -> dict[frozenset[str], dict]:
    return {frozenset((c.a, c.b)): c.as_dict() for c in review_queue(driver)}


def test_the_queue_lists_a_cross_script_pair_and_a_surname_only_pair(queued: neo4j.Driver) -> None:
    queue = _by_pair(queued)
    cross = queue[frozenset(("person:abd-allh-hmdy", "person:abdellah-hamdaoui"))]
    assert {cross["name_a"], cross["name_b"]} == {"عبد الله حمدي", "Abdellah Hamdaoui"}
    assert any(latin and "Hamd" in latin for latin in (cross["latin_a"], cross["latin_b"]))
    assert 75 <= cross["score"] < 100
    assert any("two scripts" in line for line in cross["evidence_for"])
    surname = queue[frozenset(("person:pierre-martin", "person:martin"))]
    assert surname["a"] == "person:pierre-martin"   # the one named in full is the one kept
    assert surname["score"] < cross["score"]
    assert any("surname only" in line for line in surname["evidence_against"])
    assert [c.score for c in review_queue(queued)] == sorted((c.score for c in review_queue(queued)), reverse=True)


def test_the_stored_queue_is_a_canned_query(queued: neo4j.Driver) -> None:
    from foedus.graph.queries import catalogue

    query = catalogue()["review_candidates"]
    rows = queued.execute_query(query.body, query.bind({})).records
    assert {frozenset((r["name_a"], r["name_b"])) for r in rows} == {frozenset(("Abdellah Hamdaoui", "عبد الله حمدي"))}
    assert all(r["score"] and (r["latin_a"] or r["latin_b"]) for r in rows)


def test_a_judged_pair_leaves_the_queue(queued: neo4j.Driver) -> None:
    cross = _by_pair(queued)[frozenset(("person:abd-allh-hmdy", "person:abdellah-hamdaoui"))]
    outcome = judge_candidate(queued, cross["id"], "same", author="analyst-e", reason="one officer, two spellings")
    assert outcome.judgement["kind"] == "merge" and outcome.changed["removed"]
    assert frozenset(("person:abd-allh-hmdy", "person:abdellah-hamdaoui")) not in _by_pair(queued)
    people = queued.execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"]
    assert people == 3


def test_meetings_of_the_same_states_and_session_with_two_dates_are_a_candidate(clean_graph: neo4j.Driver) -> None:
    from foedus.loaders.model import Entity

    def session(text: str, mid: str, start: str) -> None:
        meeting = Entity(id=mid, type="Meeting", name="joint military committee, 12th session",
                         attributes={"start": start, "ordinal": 12})
        _load(clean_graph, _doc(text, Entity(id="state:MA", type="State", name="Morocco", iso2="MA"),
                                Entity(id="state:SN", type="State", name="Senegal", iso2="SN"), meeting,
                                facts=(("state:MA", "PARTICIPATED_IN", mid), ("state:SN", "PARTICIPATED_IN", mid))))

    session("The twelfth session of the joint committee opened in Dakar on 4 May.", "meeting:jmc12-a", "2025-05-04")
    session("Senegal and Morocco held their twelfth joint committee on 5 May.", "meeting:jmc12-b", "2025-05-05")
    [pair] = [c for c in review_queue(clean_graph) if c.type == "Meeting"]
    assert {pair.a, pair.b} == {"meeting:jmc12-a", "meeting:jmc12-b"}
    assert any("session number" in line for line in pair.evidence_for)
    assert any("different dates" in line for line in pair.evidence_against)


@pytest.fixture
def cli(settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The command line, pointed at the tests' Neo4j."""
    for key, value in {"FOEDUS_LOCAL_INSTANCE": settings.local_instance,
                       "FOEDUS_LOCAL_BOLT_PORT": str(settings.local_bolt_port),
                       "FOEDUS_LOCAL_HTTP_PORT": str(settings.local_http_port), "FOEDUS_LOCAL_AUTH": "false"}.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_foedus_review_walks_the_queue_and_records_the_answer(queued: neo4j.Driver, cli: CliRunner) -> None:
    before = len(review_queue(queued))
    # the first pair (the best scored, the cross-script one): not the same; then quit
    result = cli.invoke(app, ["review", "--author", "analyst-f"], input="n\ntwo officers\nq\n")
    assert result.exit_code == 0, result.output
    assert "عبد الله حمدي" in result.output and "Abdellah Hamdaoui" in result.output
    assert len(review_queue(queued)) == before - 1
    kinds = queued.execute_query("MATCH (j:Judgement) RETURN j.kind AS k, j.author AS a, j.reason AS r").records
    assert [(r["k"], r["a"], r["r"]) for r in kinds] == [("not_same", "analyst-f", "two officers")]
    refused = cli.invoke(app, ["judge", "merge", "person:pierre-martin", "person:nobody", "--author", "analyst-f"])
    assert refused.exit_code == 2 and "no entity" in refused.output


def test_judge_on_the_command_line_then_export_reload_apply(queued: neo4j.Driver, cli: CliRunner,
                                                           tmp_path: Path) -> None:
    steps = [["judge", "merge", "person:pierre-martin", "person:martin", "--reason", "one general"],
             ["judge", "reject", "person:pierre-martin", "HOLDS_POSITION", "state:FR"],
             ["judge", "set", "person:pierre-martin", "title", "army chief of staff"],
             ["judge", "unsure", "person:abd-allh-hmdy", "person:abdellah-hamdaoui"]]
    for step in steps:
        result = cli.invoke(app, [*step, "--author", "analyst-n"])
        assert result.exit_code == 0, result.output
    before = canonical_dump(queued)
    exported = tmp_path / "judgements.jsonl"
    assert cli.invoke(app, ["judge", "export", "-o", str(exported)]).exit_code == 0
    assert len(exported.read_text(encoding="utf-8").splitlines()) == 4
    wipe_graph(queued)
    _load(queued, FULL, SURNAME, HAMDI_AR, HAMDI_FR)
    result = cli.invoke(app, ["judge", "apply", str(exported)])
    assert result.exit_code == 0 and result.output.count(": applied") == 4, result.output
    assert canonical_dump(queued) == before
    listed = cli.invoke(app, ["judge", "list"])
    assert listed.exit_code == 0 and "analyst-n" in listed.output


def test_a_low_confidence_merge_is_listed_and_can_be_confirmed(clean_graph: neo4j.Driver,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from test_judgements import ARABIC, FRENCH

    import foedus.graph.review as review

    _load(clean_graph, ARABIC, FRENCH)   # merged by resolution
    assert review_queue(clean_graph) == []          # on a strong match: nothing to review
    monkeypatch.setattr(review, "LOW_CONFIDENCE", 101.0)   # every merge is weak now
    [weak] = review_queue(clean_graph)
    assert weak.merge and (weak.a, weak.b) == ("person:mhmd-bryd", "person:mohammed-berrid")
    assert {weak.name_a, weak.name_b} == {"محمد بريد", "Mohammed Berrid"}
    assert any("two scripts" in line for line in weak.evidence_for)
    outcome = judge_candidate(clean_graph, weak.id, "same", author="analyst-m")
    assert outcome.changed["confirmed_merge"] == weak.merge
    assert review_queue(clean_graph) == []
    people = clean_graph.execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"]
    assert people == 1
