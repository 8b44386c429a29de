"""The person rules against the examples they exist for (loaders/refdata/names.corpus.yaml):
each positive example yields exactly its persons, each negative example yields no Person."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from foedus.loaders.extract.pipeline import extract_document
from foedus.loaders.model import SourceDocument

CORPUS = yaml.safe_load((Path(__file__).resolve().parents[1] / "loaders" / "refdata" / "names.corpus.yaml")
                        .read_text(encoding="utf-8"))


def _persons(text: str, lang: str) -> list[dict]:
    doc = SourceDocument(text=f"Report\n\n{text}\n", language=lang, source="names-corpus")
    return [{"name": e.name, **({"rank": e.attributes["rank"]} if "rank" in e.attributes else {})}
            for e in extract_document(doc).entities if e.type == "Person"]


def _cases(kind: str) -> list[tuple[str, object]]:
    return [(lang, case) for lang, spec in CORPUS.items() for case in spec.get(kind) or []]


@pytest.mark.parametrize("lang, case", _cases("persons"))
def test_persons_found(lang: str, case: dict) -> None:
    found = _persons(case["text"], lang)
    wanted = case["persons"]
    assert [p["name"] for p in found] == [p["name"] for p in wanted]
    for got, want in zip(found, wanted, strict=True):
        if "rank" in want:
            assert got.get("rank") == want["rank"], got


@pytest.mark.parametrize("lang, case", _cases("negative"))
def test_no_person(lang: str, case: str) -> None:
    assert _persons(case, lang) == []
