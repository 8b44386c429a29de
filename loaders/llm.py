"""An optional extractor that asks a language model, behind the same interface as the offline one.

Any OpenAI-compatible endpoint works (a local Ollama or vLLM server, or a hosted one):
the model is asked for JSON constrained by the ontology's extraction schema, and what
it answers is validated and pruned against the ontology: unknown classes, relations
whose endpoints are not allowed, ids without their class prefix, dangling endpoints
and evidence that is not in the document are dropped. Off by default.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument
from foedus.ontology.generate import extraction_schema
from foedus.ontology.model import InvalidModel, ontology

__all__ = ["LLMError", "LLMExtractor", "prune"]

_SYSTEM = (
    "You extract defence-cooperation facts from news articles in Arabic, French or English. "
    "Answer with one JSON object that follows the given JSON schema: typed entities (ids are "
    "'<prefix>:<key>', e.g. state:MA for states by ISO code) and typed relations between them, each "
    "relation with the exact sentence of the article that states it as evidence text. Use only the "
    "classes and relation types of the schema; never invent facts the text does not state."
)


class LLMError(RuntimeError):
    """The model endpoint could not be reached or did not answer usable JSON."""


def _evidence(text: str, raw: Any) -> Evidence | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        return None
    sentence = raw["text"].strip()
    start = raw.get("start")
    if isinstance(start, int) and text[start:start + len(sentence)] == sentence:
        return Evidence(sentence, start, start + len(sentence))
    found = text.find(sentence)  # models miscount offsets: trust the text, not the numbers
    return Evidence(sentence, found, found + len(sentence)) if found >= 0 else None


def prune(document: SourceDocument, answer: dict[str, Any]) -> tuple[Extraction, list[str]]:
    """Keep what the ontology allows of a model's answer; return the extraction and what was dropped."""
    onto = ontology()
    dropped: list[str] = []
    entities: dict[str, Entity] = {}
    for raw in answer.get("entities") or []:
        try:
            entity = Entity(id=str(raw["id"]), type=str(raw["type"]), name=str(raw["name"]),
                            aliases=[str(a) for a in raw.get("aliases") or []],
                            iso2=raw.get("iso2") or None, wikidata=raw.get("wikidata") or None,
                            attributes=dict(raw.get("attributes") or {}))
        except (KeyError, TypeError, ValueError, InvalidModel) as exc:
            dropped.append(f"entity {raw!r:.80}: {exc}")
            continue
        if not entity.name.strip() or entity.id in entities:
            dropped.append(f"entity {entity.id}: empty name or duplicate id")
            continue
        entities[entity.id] = entity
    facts: list[Fact] = []
    for raw in answer.get("relations") or []:
        try:
            fact = Fact(type=str(raw["type"]), source=str(raw["source"]), target=str(raw["target"]),
                        attributes=dict(raw.get("attributes") or {}))
            src, tgt = entities[fact.source], entities[fact.target]
        except (KeyError, TypeError, ValueError, InvalidModel) as exc:
            dropped.append(f"relation {raw!r:.80}: {type(exc).__name__} {exc}")
            continue
        if not onto.relation(fact.type).allows(src.type, tgt.type) or fact.type == "MENTIONS":
            dropped.append(f"relation {fact.type} {src.type} -> {tgt.type}: not allowed by the ontology")
            continue
        fact.evidence = _evidence(document.text, raw.get("evidence"))
        if fact.evidence is None:
            dropped.append(f"relation {fact.type} {fact.source} -> {fact.target}: evidence not in the document")
            continue
        facts.append(fact)
    return Extraction(document=document, entities=list(entities.values()), relations=facts), dropped


@dataclass
class LLMExtractor:
    """Extraction by a model behind an OpenAI-compatible chat-completions endpoint."""

    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 120.0

    def _ask(self, document: SourceDocument) -> dict[str, Any]:
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [{"role": "system", "content": _SYSTEM},
                         {"role": "user", "content": document.text}],
            "response_format": {"type": "json_schema",
                                "json_schema": {"name": "foedus_extraction", "schema": extraction_schema()}},
        }
        request = urllib.request.Request(
            self.base_url.rstrip("/") + "/chat/completions", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json",
                     **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                reply = json.load(response)
            content = reply["choices"][0]["message"]["content"]
            answer = json.loads(content)
        except (urllib.error.URLError, TimeoutError) as exc:
            raise LLMError(f"the model endpoint {self.base_url} is unreachable: {exc}") from None
        except (KeyError, IndexError, TypeError, json.JSONDecodeError) as exc:
            raise LLMError(f"the model did not answer extraction JSON ({type(exc).__name__})") from None
        if not isinstance(answer, dict):
            raise LLMError("the model's answer is not a JSON object")
        return answer

    def extract(self, document: SourceDocument) -> Extraction:
        """Ask the model and keep what the ontology allows of its answer."""
        extraction, _ = prune(document, self._ask(document))
        extraction.extractor = f"llm:{self.model}"
        return extraction
