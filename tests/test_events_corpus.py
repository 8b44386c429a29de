"""The event, agreement and relation rules against the examples they exist for
(loaders/refdata/events.corpus.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from foedus.loaders.extract.normalise import fold
from foedus.loaders.extract.pipeline import extract_document
from foedus.loaders.model import Extraction, SourceDocument

CORPUS = yaml.safe_load((Path(__file__).resolve().parents[1] / "loaders" / "refdata" / "events.corpus.yaml")
                        .read_text(encoding="utf-8"))


def _extract(case: dict) -> Extraction:
    return extract_document(SourceDocument(text=f"Report\n\n{case['text']}\n", language=case["lang"],
                                           source="events-corpus", published=case.get("published")))


def _named(ex: Extraction, name: str, type_: str | None = None) -> set[str]:
    key = fold(name)
    return {e.id for e in ex.entities if (type_ is None or e.type == type_)
            and key in {fold(n) for n in [e.name, *e.aliases]}}


def _has(ex: Extraction, rtype: str, a: str, b: str) -> bool:
    left, right = _named(ex, a), _named(ex, b)
    return any(f.type == rtype and ((f.source in left and f.target in right)
                                    or (rtype == "PARTNERS_WITH" and f.source in right and f.target in left))
               for f in ex.relations)


@pytest.mark.parametrize("case", CORPUS, ids=[c["why"][:60] for c in CORPUS])
def test_example(case: dict) -> None:
    ex = _extract(case)
    for type_, name in case.get("entities") or []:
        assert _named(ex, name, type_), (type_, name, [(e.type, e.name, e.aliases) for e in ex.entities])
    for type_, n in (case.get("count") or {}).items():
        assert sum(e.type == type_ for e in ex.entities) == n, [e.name for e in ex.entities if e.type == type_]
    for rtype, a, b in case.get("relations") or []:
        assert _has(ex, rtype, a, b), (rtype, a, b)
    for rtype, a, b in case.get("absent") or []:
        assert not _has(ex, rtype, a, b), (rtype, a, b)
