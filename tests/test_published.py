"""The publication date of a document: the dateline rules against the examples they exist for
(loaders/extract/published.py), each reader's metadata, the file name, and which source wins."""
from __future__ import annotations

import json

import pytest

from foedus.loaders.extract.pipeline import extract_document
from foedus.loaders.extract.published import EXAMPLES, NEGATIVE, find_dateline, prefer
from foedus.loaders.model import SourceDocument
from foedus.loaders.readers import iter_documents, normalise_published, published_in_name


@pytest.mark.parametrize("line, value", sorted(EXAMPLES.items()))
def test_a_dateline_gives_its_date(line: str, value: str) -> None:
    assert find_dateline(f"A headline\n\n{line}")[0] == value


@pytest.mark.parametrize("line", NEGATIVE)
def test_what_is_not_a_dateline_gives_nothing(line: str) -> None:
    assert find_dateline(f"A headline\n\n{line}")[0] is None


def test_a_yearless_date_resolves_against_the_dateline() -> None:
    text = ("Committee meets\n\nRABAT, 11 déc. 2025 (MAP) - La commission militaire mixte maroco-française a tenu "
            "sa 23e session les 9 et 10 décembre à Paris.\n")
    ex = extract_document(SourceDocument(text=text, language="fr"))
    assert ex.document.published == "2025-12-11" and ex.document.published_from == "dateline"
    assert [e.attributes.get("start") for e in ex.entities if e.type == "Meeting"] == ["2025-12-09"]


def test_without_any_anchor_a_date_keeps_only_what_the_text_gives() -> None:
    ex = extract_document(SourceDocument(text="Committee meets\n\nLa commission militaire mixte maroco-française a "
                                              "tenu sa 23e session les 9 et 10 décembre à Paris.\n", language="fr"))
    assert ex.document.published is None
    meeting = next(e for e in ex.entities if e.type == "Meeting")
    assert (meeting.attributes.get("start"), meeting.attributes.get("end")) == ("--12-09", "--12-10")


def test_a_given_date_beats_the_dateline_and_the_dateline_beats_the_file_name() -> None:
    assert not prefer("given", "dateline") and prefer("file_name", "dateline") and prefer(None, "file_name")
    ex = extract_document(SourceDocument(text="T\n\nRABAT, 11 déc. 2025 (MAP) - Texte.\n", language="fr",
                                         published="2025-12-12", published_from="given"))
    assert (ex.document.published, ex.document.published_from) == ("2025-12-12", "given")


def test_each_reader_gives_the_date_its_format_carries() -> None:
    html = (b"<html><head><title>Visit</title><meta property='article:published_time' content='2025-12-10T08:30:00Z'>"
            b"</head><body><article><p>" + b"The delegation visited the naval base and met the commander. " * 8
            + b"</p></article></body></html>")
    [page] = list(iter_documents(html, "visit.html"))
    assert page.published == "2025-12-10" and page.published_from == "html"
    line = json.dumps({"text": "Two ministers met in Rabat.", "published": "2025-12-10T09:00:00+01:00"})
    [record] = list(iter_documents(line.encode(), "feed.jsonl"))
    assert record.published == "2025-12-10" and record.published_from == "jsonl"
    [named] = list(iter_documents(b"Two ministers met.", "2025-12-10-rabat.txt"))
    assert named.published == "2025-12-10" and named.published_from == "file_name"


@pytest.mark.parametrize("value, iso", [("2025-12-10T08:30:00Z", "2025-12-10"), ("D:20251210083000Z", "2025-12-10"),
                                        ("2025", "2025"), ("not a date", None), ("2025-13-40", None)])
def test_metadata_dates_are_normalised_or_refused(value: str, iso: str | None) -> None:
    assert normalise_published(value) == iso


def test_a_file_name_date_must_be_a_real_day() -> None:
    assert published_in_name("2025-12-10-rabat.txt") == "2025-12-10"
    assert published_in_name("2025-13-10-rabat.txt") is None and published_in_name("rabat.txt") is None


def test_the_html_reader_s_cleaner_is_a_declared_dependency() -> None:
    # jusText imports lxml.html.clean, which pip 23.2 does not install through lxml's extra
    from importlib.metadata import requires

    import lxml_html_clean  # noqa: F401 - importable, not only declared

    assert any(r.replace("-", "_").startswith("lxml_html_clean") for r in requires("foedus") or [])
