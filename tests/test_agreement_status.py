"""An agreement's step in its life, against the examples its phrases exist for
(loaders/refdata/agreement_status.corpus.yaml), and the phrases' own checks."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from foedus.loaders.extract.agreement_status import LIFE, status_cues, statuses_in
from foedus.loaders.extract.pipeline import extract_document
from foedus.loaders.model import SourceDocument
from foedus.ontology.model import ontology

CORPUS = yaml.safe_load((Path(__file__).resolve().parents[1] / "loaders" / "refdata" / "agreement_status.corpus.yaml")
                        .read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[c["why"][:60] for c in CORPUS])
def test_example(case: dict) -> None:
    ex = extract_document(SourceDocument(text=f"Report\n\n{case['text']}\n", language=case["lang"],
                                         source="status-corpus", published=case.get("published")))
    agreements = [e for e in ex.entities if e.type == "Agreement"]
    assert len(agreements) == 1, [(e.name, e.attributes) for e in ex.entities]
    attrs = agreements[0].attributes
    assert attrs.get("status") == case["status"], attrs
    for key in ("status_date", "start"):
        if key in case:
            assert attrs.get(key) == case[key], (key, attrs)


def test_every_step_is_a_status_the_ontology_declares_in_the_same_order() -> None:
    declared = ontology().cls("Agreement").properties["status"].values
    assert [s for s in declared if s in LIFE] == list(LIFE)


def test_every_language_has_phrases_for_every_step_but_signing() -> None:
    for lang in ("en", "fr", "ar"):
        assert set(status_cues()[lang]) == set(LIFE) - {"signed"}, lang


@pytest.mark.parametrize("text, lang", [
    ("Deliveries are expected to start in 2028.", "en"),
    ("La livraison est attendue en 2028.", "fr"),
    ("The minister delivered a speech on cooperation.", "en"),
    ("يتوقع أن يبدأ التسليم سنة 2028", "ar"),
])
def test_what_is_only_expected_tells_no_step(text: str, lang: str) -> None:
    assert statuses_in(text, lang) == []
