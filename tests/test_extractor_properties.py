"""Property tests: any text, in any script, extracts without error and with exact evidence offsets."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from foedus.loaders.extract import extract_document
from foedus.loaders.model import SourceDocument
from foedus.ontology.model import ontology

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
LATIN = st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x024F)
PUNCT = st.sampled_from(list(" ,.،؛:;()«»-–—'\n0123456789"))
WORDS = st.sampled_from([
    "المغرب", "فرنسا", "الدورة", "الـ23", "للجنة", "العسكرية", "المشتركة", "المغربية-الفرنسية", "بباريس",
    "يومي", "9", "و10", "ديسمبر", "2025", "وقّع", "اتفاقية", "الفريق", "أول", "محمد", "بريد", "،", "أمس",
    "الثلاثاء", "Paris", "Dakar", "le", "général", "Mbaye", "Cissé", "contrat", "signé", "Mardi", "dernier",
    "Poland", "signed", "a", "contract", "with", "Hyundai", "Rotem", "Brig.", "Gen.", "(DAPA)", "visit",
    "exercise", "Chergui", "2026", "joint", "committee", "minister", "of", "defence", "\n", ".", ",",
    "his", "Egyptian", "counterpart", "General", "نظيره", "السوري", "اللواء", "homologue", "ministre", "Défense",
])


def _check(text: str) -> None:
    doc = SourceDocument(text=text)
    extraction = extract_document(doc)
    onto = ontology()
    ids = {e.id: e.type for e in extraction.entities}
    assert len(ids) == len(extraction.entities)
    for fact in extraction.relations:
        assert fact.source in ids and fact.target in ids
        assert onto.relation(fact.type).allows(ids[fact.source], ids[fact.target])
        ev = fact.evidence
        assert ev is not None
        assert doc.text[ev.start:ev.end] == ev.text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.one_of(ARABIC, PUNCT), max_size=300))
def test_random_arabic_text(text):
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.one_of(LATIN, PUNCT), max_size=300))
def test_random_latin_text(text):
    _check(text)


@settings(max_examples=80, deadline=None)
@given(st.lists(WORDS, max_size=80).map(" ".join))
def test_random_sentences_of_real_words(text):
    _check(text)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode(text):
    _check(text)


def test_apposed_titles_terminate():
    """A counterpart followed by a comma and a rank once looped forever."""
    _check("Indian Defence Minister Rajnath Singh and his Egyptian counterpart, General Mohamed Zaki, signed.")
    _check("وقّع وزير الدفاع يشار غولر ونظيره السوري، اللواء مرهف أبو قصرة، مذكرة تفاهم.")
