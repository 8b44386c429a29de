"""The extractor scored on the visible gold files with the scorer's own functions.

The floors in extraction_floor.json are set just below what the extractor reaches; a change
that lowers the micro-averaged F1 below them fails here.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from foedus.loaders.extract import extract_document
from foedus.loaders.readers import read_path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TOOLS = SHARED / "tools" / "score_extraction.py"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus"
FLOOR = Path(__file__).with_name("extraction_floor.json")


def _scorer():
    if not TOOLS.exists() or not GOLD.is_dir():
        pytest.skip("shared/tools or shared/gold is not there")
    spec = importlib.util.spec_from_file_location("score_extraction", TOOLS)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _totals():
    scorer = _scorer()
    ent, rel = [0, 0, 0], [0, 0, 0]
    per_doc = {}
    for gpath in sorted(GOLD.glob("*.gold.yaml")):
        gold = scorer.Gold(gpath)
        extraction = extract_document(read_path(CORPUS / gold.document)).to_json()
        result = scorer.score(gold, extraction)
        per_doc[gold.document] = result
        for acc, val in ((ent, result["ent"]), (rel, result["rel"])):
            for i, v in enumerate(val):
                acc[i] += v
    return scorer, ent, rel, per_doc


def test_gold_scores_stay_above_the_floor():
    scorer, ent, rel, _ = _totals()
    floor = json.loads(FLOOR.read_text())
    ent_f1 = scorer.prf(*ent)[2]
    rel_f1 = scorer.prf(*rel)[2]
    assert ent_f1 >= floor["entities_f1"], f"entity F1 {ent_f1:.3f} < floor {floor['entities_f1']}"
    assert rel_f1 >= floor["relations_f1"], f"relation F1 {rel_f1:.3f} < floor {floor['relations_f1']}"


def test_every_gold_document_yields_its_states():
    """Each visible article names at least its two partner states."""
    _, _, _, per_doc = _totals()
    for doc, result in per_doc.items():
        missed = set(result["missed_entities"])
        assert not any(len(k) == 2 and k.isupper() for k in missed), f"{doc}: missed states {missed}"
