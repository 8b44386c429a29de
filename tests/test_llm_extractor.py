"""The optional LLM extractor against a small local server that speaks the OpenAI chat protocol."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from foedus.loaders.llm import LLMError, LLMExtractor
from foedus.loaders.model import SourceDocument

TEXT = "Morocco and France held their 23rd joint committee in Paris. KNDS showed its systems."
ANSWER = {
    "entities": [
        {"id": "state:MA", "type": "State", "name": "Morocco", "iso2": "MA"},
        {"id": "state:FR", "type": "State", "name": "France", "iso2": "FR"},
        {"id": "firm:knds", "type": "Firm", "name": "KNDS"},
        {"id": "ship:x", "type": "Spaceship", "name": "not a class"},
        {"id": "state:FR", "type": "State", "name": "France again"},
    ],
    "relations": [
        {"type": "PARTNERS_WITH", "source": "state:MA", "target": "state:FR",
         "evidence": {"text": "Morocco and France held their 23rd joint committee in Paris.", "start": 7, "end": 9}},
        {"type": "PARTNERS_WITH", "source": "firm:knds", "target": "state:FR",
         "evidence": {"text": "KNDS showed its systems.", "start": 61, "end": 85}},
        {"type": "BASED_IN", "source": "firm:knds", "target": "state:FR",
         "evidence": {"text": "KNDS is French.", "start": 0, "end": 15}},
        {"type": "SELLS_TO", "source": "firm:knds", "target": "state:MA", "evidence": {"text": "x"}},
        {"type": "BASED_IN", "source": "firm:knds", "target": "state:XX", "evidence": {"text": "x"}},
    ],
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []
    reply: str = json.dumps(ANSWER)

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": _Handler.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.requests.clear()
    _Handler.reply = json.dumps(ANSWER)
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


def test_the_answer_is_validated_and_pruned_against_the_ontology(endpoint: str) -> None:
    extraction = LLMExtractor(endpoint, "test-model", api_key="secret").extract(SourceDocument(text=TEXT))
    assert [e.id for e in extraction.entities] == ["state:MA", "state:FR", "firm:knds"]
    assert [(f.type, f.source, f.target) for f in extraction.relations] == [("PARTNERS_WITH", "state:MA", "state:FR")]
    ev = extraction.relations[0].evidence
    assert ev is not None and extraction.document.text[ev.start:ev.end] == ev.text  # offsets corrected
    request = _Handler.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer secret"
    schema = request["body"]["response_format"]["json_schema"]["schema"]
    assert "Spaceship" not in schema["properties"]["entities"]["items"]["properties"]["type"]["enum"]
    assert extraction.extractor == "llm:test-model"


def test_an_answer_that_is_not_json_is_a_clear_error(endpoint: str) -> None:
    _Handler.reply = "Sorry, I cannot help with that."
    with pytest.raises(LLMError, match="did not answer extraction JSON"):
        LLMExtractor(endpoint, "m").extract(SourceDocument(text=TEXT))


def test_an_unreachable_endpoint_is_a_clear_error() -> None:
    with pytest.raises(LLMError, match="unreachable"):
        LLMExtractor("http://127.0.0.1:9/v1", "m", timeout=2).extract(SourceDocument(text=TEXT))
