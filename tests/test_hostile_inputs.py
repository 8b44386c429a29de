"""Hostile inputs: every loader, `foedus load` and the ingest endpoints get a clear refusal, never a crash.

The small hostile files live in `tests/hostile/` (see its README); the big ones are
generated here into a temporary folder. For each refused document the graph is
compared, whole, before and after: it must not have changed.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from pydantic import SecretStr

from foedus.api.app import create_app
from foedus.graph.admin import canonical_dump
from foedus.graph.writer import write_extraction
from foedus.loaders.extract import extract_document
from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument
from foedus.loaders.readers import MAX_DOCUMENT_BYTES, DocumentError, iter_documents, read_html, read_pdf, read_text
from foedus.loaders.sipri import read_trade_register
from foedus.settings import Settings

HOSTILE = Path(__file__).parent / "hostile"
FOEDUS = Path(sys.executable).parent / "foedus"
CYPHER = '"}) DETACH DELETE n //'
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
API_KEY = "k"


def hostile(name: str) -> bytes:
    return (HOSTILE / name).read_bytes()


def items(data: bytes, name: str) -> list[SourceDocument | DocumentError]:
    return list(iter_documents(data, name))


# -- the graph before and after ------------------------------------------------------------------


def seed(driver: neo4j.Driver) -> None:
    """A small graph that a hostile document must leave exactly as it is."""
    doc = SourceDocument(text="Morocco and France partner. KNDS is French.", title="seed", language="en")
    ev = Evidence(text="Morocco and France partner", start=0, end=26)
    write_extraction(driver, Extraction(
        document=doc,
        entities=[Entity(id="state:MA", type="State", name="Morocco", iso2="MA"),
                  Entity(id="state:FR", type="State", name="France", iso2="FR"),
                  Entity(id="firm:knds", type="Firm", name="KNDS")],
        relations=[Fact("PARTNERS_WITH", "state:MA", "state:FR", evidence=ev),
                   Fact("BASED_IN", "firm:knds", "state:FR", evidence=ev)]))


@pytest.fixture
def seeded(clean_graph: neo4j.Driver) -> neo4j.Driver:
    seed(clean_graph)
    return clean_graph


def survivors(before: list, after: list) -> bool:
    """True when every node (by id) and relationship (by endpoints and type) of `before` is still in `after`."""
    def keys(dump: list) -> set:
        return {(item[0], dict(item[2]).get("id")) if item[0] == "node" else item[:4] for item in dump}
    return keys(before) <= keys(after)


def documents(driver: neo4j.Driver) -> list[dict]:
    return [r.data() for r in driver.execute_query(
        "MATCH (d:Document) RETURN d.id AS id, d.source AS source, d.text AS text ORDER BY d.id").records]


# -- loaders (pure functions, no database) -------------------------------------------------------


@pytest.mark.parametrize(("name", "message"), [
    ("empty.txt", "empty"),
    ("whitespace.txt", "empty"),
    ("binary.txt", "binary content"),
    ("invalid-utf8.txt", "not valid UTF-8 (byte 31)"),
    ("truncated.pdf", "unreadable PDF"),
    ("all-script.html", "no article text"),
])
def test_a_hostile_file_is_refused_with_its_name_and_reason(name: str, message: str) -> None:
    [item] = items(hostile(name), name)
    assert isinstance(item, DocumentError)
    assert str(item).startswith(f"{name}: ") and message in str(item)


@pytest.mark.parametrize("reader", [read_text, read_html, read_pdf])
@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "invalid-utf8.txt", "truncated.pdf", "all-script.html"])
def test_every_reader_refuses_every_hostile_file_with_a_document_error(reader, name: str) -> None:
    # Any reader, any hostile bytes: a DocumentError or a document, never another exception.
    try:
        result = reader(hostile(name), name)
    except DocumentError as exc:
        assert name in str(exc)
    else:
        assert isinstance(result, SourceDocument) and result.text.strip()


def test_a_file_above_the_size_limit_is_refused_before_it_is_read() -> None:
    data = b"Morocco and France. " * (MAX_DOCUMENT_BYTES // 20 + 1)
    for name in ("big.txt", "big.html", "big.pdf"):
        [item] = items(data, name)
        assert isinstance(item, DocumentError) and f"limit of {MAX_DOCUMENT_BYTES} bytes" in str(item)


def test_a_zip_member_above_the_size_limit_is_refused_and_its_siblings_load() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "Morocco and France signed a roadmap.")
        archive.writestr("b.txt", b" " * (MAX_DOCUMENT_BYTES + 1))  # compresses to a few KB
    first, second = items(buf.getvalue(), "bundle.zip")
    assert isinstance(first, SourceDocument)
    assert isinstance(second, DocumentError) and "bundle.zip/b.txt" in str(second) and "limit" in str(second)


def test_a_zip_member_with_a_bad_checksum_is_reported_not_raised() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.txt", "Morocco and France signed a defence roadmap in Rabat.")
        archive.writestr("b.txt", "Le Maroc et la France ont signé une feuille de route.")
    data = bytearray(buf.getvalue())
    data[data.find(b"Morocco")] ^= 0x20  # corrupt a.txt's bytes, not the archive's directory
    result = items(bytes(data), "corrupt.zip")  # BUG today: zipfile.BadZipFile escapes iter_documents
    assert isinstance(result[0], DocumentError) and "corrupt.zip/a.txt" in str(result[0])
    assert isinstance(result[1], SourceDocument)


def test_a_line_of_a_million_characters_is_read_whole() -> None:
    line = "Morocco and France " + "x" * 1_000_000 + " signed."
    for name, data in (("long.txt", line.encode()), ("long.jsonl", json.dumps({"text": line}).encode())):
        [doc] = items(data, name)
        assert isinstance(doc, SourceDocument) and doc.text == line


def test_invisible_and_direction_override_characters_are_removed_from_the_text() -> None:
    [doc] = items(hostile("zero-width-rtl.txt"), "zero-width-rtl.txt")
    assert isinstance(doc, SourceDocument)
    assert not any(ch in doc.text for ch in INVISIBLE)
    assert "Morocco and France" in doc.text and "KNDS and Thales" in doc.text


def test_a_text_of_invisible_characters_only_is_refused() -> None:
    data = INVISIBLE.encode()
    [item] = items(data, "invisible.txt")
    assert isinstance(item, DocumentError)
    # BUG today: the JSON Lines reader checks `text.strip()` before normalising, so it yields an empty document.
    [line] = items(json.dumps({"text": INVISIBLE}).encode(), "invisible.jsonl")
    assert isinstance(line, DocumentError) and "invisible.jsonl:1" in str(line)


def test_a_jsonl_file_with_broken_lines_loads_the_good_ones_and_names_the_bad_ones() -> None:
    result = items(hostile("one-broken-line.jsonl"), "one-broken-line.jsonl")
    good = [i for i in result if isinstance(i, SourceDocument)]
    bad = [str(i) for i in result if isinstance(i, DocumentError)]
    assert [d.source for d in good] == ["https://example.org/a", "https://example.org/b", "https://example.org/c"]
    assert [b.split(": ")[0] for b in bad] == [f"one-broken-line.jsonl:{n}" for n in (2, 4, 5)]
    assert "not JSON" in bad[0] and '"text"' in bad[1] and '"text"' in bad[2]


def test_a_deeply_nested_json_line_is_reported_not_raised() -> None:
    data = b'{"text": "Morocco and France."}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    result = items(data, "deep.jsonl")  # BUG today: RecursionError escapes iter_jsonl
    assert isinstance(result[0], SourceDocument)
    assert isinstance(result[1], DocumentError) and "deep.jsonl:2" in str(result[1])


def test_a_csv_with_missing_columns_names_them() -> None:
    with pytest.raises(DocumentError) as caught:
        read_trade_register(hostile("missing-columns.csv"), "missing-columns.csv")
    assert "missing columns recipient, order_year" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\x00\x01\x02", b"\xff\xfe\xfd", b'"unterminated\n'])
def test_a_hostile_csv_is_refused_with_a_document_error(data: bytes) -> None:
    with pytest.raises(DocumentError):
        read_trade_register(data, "hostile.csv")


# -- the extractor on random text in the three scripts (hypothesis) -----------------------------

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F)
OTHER = st.sampled_from(list(INVISIBLE + "\n\r\t \u00a0.,;:«»()\"'-–—،؛؟"))
WORDS = st.sampled_from([
    "Morocco", "France", "Maroc", "la France", "المغرب", "فرنسا", "الرباط", "Paris", "Rabat", "KNDS", "Thales",
    "Naval Group", "joint military committee", "la commission militaire mixte", "اللجنة العسكرية المشتركة",
    "General", "le général", "الفريق أول", "Mohammed Berrid", "signed", "a signé", "وقع", "Algeria", "Algérie",
    "الجزائر", "United States", "États-Unis", "2025", "10 December 2025", "9 و10 ديسمبر 2025", CYPHER,
])
TEXTS = st.lists(st.one_of(WORDS, st.text(st.one_of(ARABIC, LATIN, OTHER), max_size=30)), max_size=60).map(" ".join)


@hyp_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_the_extractor_never_crashes_and_every_evidence_points_into_the_text(text: str) -> None:
    document = SourceDocument(text=text)
    extraction = extract_document(document)
    body = extraction.document.text
    ids = {e.id for e in extraction.entities}
    for entity in extraction.entities:
        assert entity.name.strip()
    for fact in extraction.relations:
        assert fact.source in ids and fact.target in ids
        if fact.evidence is not None:
            ev = fact.evidence
            assert 0 <= ev.start <= ev.end <= len(body)
            assert body[ev.start:ev.end] == ev.text


# -- `foedus load` (the command line, in a subprocess) ------------------------------------------


def cli_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOEDUS_")}
    env.update(FOEDUS_LOCAL_INSTANCE=settings.local_instance, FOEDUS_LOCAL_BOLT_PORT=str(settings.local_bolt_port),
               FOEDUS_LOCAL_HTTP_PORT=str(settings.local_http_port),
               FOEDUS_LOCAL_AUTH="true" if settings.local_auth else "false", COLUMNS="400")
    return env


def foedus_load(settings: Settings, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FOEDUS), "load", *map(str, paths)], env=cli_env(settings), capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize(("name", "message"), [
    ("empty.txt", "empty"),
    ("binary.txt", "binary content, not text"),
    ("invalid-utf8.txt", "not valid UTF-8"),
    ("truncated.pdf", "unreadable PDF"),
    ("all-script.html", "no article text"),
    ("missing-columns.csv", "missing columns recipient, order_year"),
])
def test_foedus_load_refuses_a_hostile_file_and_changes_nothing(
        seeded: neo4j.Driver, settings: Settings, name: str, message: str) -> None:
    before = canonical_dump(seeded)
    result = foedus_load(settings, HOSTILE / name)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"failed {HOSTILE / name}: " in result.stderr and message in result.stderr
    assert canonical_dump(seeded) == before


def test_foedus_load_refuses_a_file_above_the_limit(seeded: neo4j.Driver, settings: Settings,
                                                    tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as out:  # generated, never committed
        chunk = b"Morocco and France held a joint exercise. " * 25_000
        while out.tell() <= MAX_DOCUMENT_BYTES:
            out.write(chunk)
    before = canonical_dump(seeded)
    result = foedus_load(settings, big)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"larger than the limit of {MAX_DOCUMENT_BYTES} bytes" in result.stderr
    assert canonical_dump(seeded) == before


def test_foedus_load_of_a_jsonl_file_loads_the_good_lines_and_reports_the_bad_ones(
        seeded: neo4j.Driver, settings: Settings) -> None:
    before = {d["id"] for d in documents(seeded)}
    path = HOSTILE / "one-broken-line.jsonl"
    result = foedus_load(settings, path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for number in (2, 4, 5):
        assert f"failed {path}:{number}: " in result.stderr
    added = [d for d in documents(seeded) if d["id"] not in before]
    assert sorted(d["source"] for d in added) == ["https://example.org/a", "https://example.org/b",
                                                  "https://example.org/c"]
    assert not any("broken line" in d["text"] for d in added)


def test_foedus_load_reports_a_deeply_nested_json_line(seeded: neo4j.Driver, settings: Settings,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    before = canonical_dump(seeded)
    result = foedus_load(settings, path)  # BUG today: a RecursionError traceback
    assert "Traceback" not in result.stderr
    assert result.returncode == 1 and f"failed {path}:1: " in result.stderr
    assert canonical_dump(seeded) == before


def test_foedus_load_takes_a_line_of_a_million_characters(seeded: neo4j.Driver, settings: Settings,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "long-line.txt"
    line = "Morocco and France " + "y" * 1_000_000 + " signed."
    path.write_text(line + "\n")
    result = foedus_load(settings, path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert [d["text"] for d in documents(seeded) if d["source"] == str(path)] == [line]


def test_foedus_load_of_cypher_shaped_and_invisible_names_changes_nothing_else(
        seeded: neo4j.Driver, settings: Settings) -> None:
    before = canonical_dump(seeded)
    result = foedus_load(settings, HOSTILE / "cypher-names.txt", HOSTILE / "zero-width-rtl.txt")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    after = canonical_dump(seeded)
    assert survivors(before, after)  # the injection deleted nothing
    texts = {d["source"]: d["text"] for d in documents(seeded)}
    assert CYPHER in texts[str(HOSTILE / "cypher-names.txt")]
    assert not any(ch in texts[str(HOSTILE / "zero-width-rtl.txt")] for ch in INVISIBLE)


# -- the writer: names shaped like Cypher are values, never code ---------------------------------


def test_cypher_shaped_names_and_ids_are_stored_as_values(seeded: neo4j.Driver) -> None:
    before = canonical_dump(seeded)
    doc = SourceDocument(text=f"The firm {CYPHER} met Morocco.", language="en")
    odd = [f"firm:{CYPHER}", "firm:x` DETACH DELETE n //", "firm:'}) MATCH (m) DETACH DELETE m //"]
    write_extraction(seeded, Extraction(
        document=doc,
        entities=[Entity(id=odd[0], type="Firm", name=CYPHER, aliases=["`) RETURN 1 //", "$rows"]),
                  Entity(id=odd[1], type="Firm", name="x` DETACH DELETE n //"),
                  Entity(id=odd[2], type="Firm", name="\u202eDSNK\u202c"),
                  Entity(id="state:MA", type="State", name="Morocco", iso2="MA")],
        relations=[Fact("BASED_IN", odd[0], "state:MA",
                        evidence=Evidence(text=doc.text[:20], start=0, end=20))]))
    after = canonical_dump(seeded)
    assert survivors(before, after)
    names = {r["id"]: r["name"] for r in seeded.execute_query(
        "MATCH (n:Firm) WHERE n.id IN $ids RETURN n.id AS id, n.name AS name", ids=odd).records}
    assert names == {odd[0]: CYPHER, odd[1]: "x` DETACH DELETE n //", odd[2]: "\u202eDSNK\u202c"}


# -- POST /documents and /documents/upload --------------------------------------------------------


@pytest.fixture
def client_factory(settings: Settings, seeded: neo4j.Driver) -> Iterator:
    clients: list[TestClient] = []

    def make(**update) -> TestClient:
        client = TestClient(create_app(settings.model_copy(update={"api_key": SecretStr(API_KEY), **update})),
                            raise_server_exceptions=False)
        client.__enter__()
        client.headers["X-API-Key"] = API_KEY
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.mark.parametrize(("body", "status"), [
    ({"text": ""}, 422),
    ({"text": " \n\t "}, 422),
    ({"text": INVISIBLE}, 422),
    ({"text": "Morocco\x00\x01 and France"}, 422),
    ({"text": "Morocco and France.", "published": "10/12/2025"}, 422),
    ({"text": "Morocco and France.", "language": "de"}, 422),
    ({"text": ["not", "a", "string"]}, 422),
    ({}, 422),
])
def test_post_documents_refuses_hostile_json_and_changes_nothing(
        client_factory, seeded: neo4j.Driver, body: dict, status: int) -> None:
    before = canonical_dump(seeded)
    response = client_factory().post("/documents", json=body)
    assert response.status_code == status, response.text
    assert response.json()["detail"]
    assert canonical_dump(seeded) == before


def test_post_documents_refuses_a_body_that_is_not_json(client_factory, seeded: neo4j.Driver) -> None:
    before = canonical_dump(seeded)
    response = client_factory().post("/documents", content=hostile("binary.txt"),
                                     headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert canonical_dump(seeded) == before


def test_post_documents_answers_413_above_the_configured_limit(client_factory, seeded: neo4j.Driver) -> None:
    client = client_factory(max_upload_bytes=1000)
    before = canonical_dump(seeded)
    response = client.post("/documents", json={"text": "Morocco and France. " * 100})
    assert response.status_code == 413 and "limit of 1000 bytes" in response.json()["detail"]
    response = client.post("/documents/upload", files={"file": ("big.txt", b"Morocco and France. " * 100)})
    assert response.status_code == 413 and "limit of 1000 bytes" in response.json()["detail"]
    assert canonical_dump(seeded) == before


@pytest.mark.parametrize(("name", "message"), [
    ("empty.txt", "empty"),
    ("whitespace.txt", "empty"),
    ("binary.txt", "binary content"),
    ("invalid-utf8.txt", "not valid UTF-8"),
    ("truncated.pdf", "truncated.pdf"),
    ("all-script.html", "all-script.html"),
])
def test_upload_refuses_a_hostile_file_and_changes_nothing(
        client_factory, seeded: neo4j.Driver, name: str, message: str) -> None:
    before = canonical_dump(seeded)
    response = client_factory().post("/documents/upload", files={"file": (name, hostile(name))})
    # BUG today for all-script.html: the upload reads every file as plain text and stores the script (200).
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]
    assert canonical_dump(seeded) == before


def test_post_documents_takes_a_line_of_a_million_characters(client_factory, seeded: neo4j.Driver) -> None:
    line = "Morocco and France " + "z" * 1_000_000 + " signed."
    response = client_factory().post("/documents", json={"text": line, "source": "long"})
    assert response.status_code == 200, response.text[:500]
    assert [d["text"] for d in documents(seeded) if d["source"] == "long"] == [line]


def test_post_documents_with_cypher_shaped_and_invisible_names(client_factory, seeded: neo4j.Driver) -> None:
    before = canonical_dump(seeded)
    client = client_factory()
    for name in ("cypher-names.txt", "zero-width-rtl.txt"):
        response = client.post("/documents", json={"text": hostile(name).decode(), "source": name})
        assert response.status_code == 200, response.text
        response = client.post("/documents/upload", files={"file": (name, hostile(name))})
        assert response.status_code == 200 and response.json()["skipped"], response.text
    after = canonical_dump(seeded)
    assert survivors(before, after)
    texts = {d["source"]: d["text"] for d in documents(seeded)}
    assert CYPHER in texts["cypher-names.txt"]
    assert not any(ch in texts["zero-width-rtl.txt"] for ch in INVISIBLE)
