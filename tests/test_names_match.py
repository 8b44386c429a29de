"""The cross-script name rules (foedus/names/) against the examples they exist for
(loaders/refdata/romanisation.corpus.yaml): pairs that are one person, pairs that must stay
apart, romanisations and the spellings a reader may search for."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from foedus.names import block_keys, compare, is_bare_given_name, romanise, variants
from foedus.names.match import CANDIDATE, SAME

CORPUS = yaml.safe_load((Path(__file__).resolve().parents[1] / "loaders" / "refdata" / "romanisation.corpus.yaml")
                        .read_text(encoding="utf-8"))


SAME_PAIRS = [(a, b) for names in CORPUS["same"] for i, a in enumerate(names) for b in names[i + 1:]]


@pytest.mark.parametrize("a, b", SAME_PAIRS)
def test_same_person(a: str, b: str) -> None:
    m = compare(a, b)
    assert m.verdict == SAME, m
    assert compare(b, a).verdict == SAME
    # the look-up finds the pair, whichever comes first
    assert block_keys(a)[0] in block_keys(b) and block_keys(b)[0] in block_keys(a)


def test_no_two_people_of_the_corpus_are_merged() -> None:
    # Every name of each person against every name of every other: thousands of pairs of real
    # ministers and generals, many with the same given names, none judged the same person.
    people = CORPUS["same"]
    wrong = [(a, b) for i, one in enumerate(people) for other in people[i + 1:]
             for a in one for b in other if compare(a, b).verdict == SAME]
    assert sum(len(one) * len(other) for i, one in enumerate(people) for other in people[i + 1:]) > 2000
    assert wrong == []


@pytest.mark.parametrize("a, b", CORPUS["candidate"])
def test_candidate_pair(a: str, b: str) -> None:
    assert compare(a, b).verdict == CANDIDATE, compare(a, b)


@pytest.mark.parametrize("a, b", CORPUS["different"])
def test_never_merged(a: str, b: str) -> None:
    assert compare(a, b).verdict != SAME, compare(a, b)


def test_a_nationality_that_differs_keeps_a_pair_for_review() -> None:
    assert compare("محمد بريد", "Mohammed Berrid", "MA", "MA").verdict == SAME
    assert compare("محمد بريد", "Mohammed Berrid", "MA", "AE").verdict == CANDIDATE


@pytest.mark.parametrize("case", CORPUS["romanise"], ids=lambda c: f"{c['ar']}-{c['convention']}")
def test_romanise(case: dict) -> None:
    words = romanise(case["ar"], case["convention"]).split()
    for word in case["contains"]:
        assert word in words, (word, words)


@pytest.mark.parametrize("case", CORPUS["searchable"], ids=lambda c: c["ar"])
def test_variants_hold_what_a_reader_types(case: dict) -> None:
    words = {w.casefold() for v in variants(case["ar"]) for w in v.replace("-", " ").split()}
    for word in case["finds"]:
        assert word.casefold() in words, (word, variants(case["ar"]))


def test_latin_names_are_left_as_they_are() -> None:
    assert romanise("Mohammed Berrid") == "Mohammed Berrid"


@pytest.mark.parametrize("name", CORPUS["bare_given"])
def test_bare_given_names(name: str) -> None:
    assert is_bare_given_name(name)


@pytest.mark.parametrize("name", CORPUS["not_bare"])
def test_not_bare_given_names(name: str) -> None:
    assert not is_bare_given_name(name)
