"""The dateline: where and when a story was filed, from its first lines, in Arabic, French and English.

A dateline is a place, sometimes a region, a comma and the date, then an optional agency in
brackets and a dash or colon before the story ("RABAT, 10 déc. 2025 (MAP) -", «الرباط، 10 دجنبر
2025 (ومع) -», "WARSAW, Aug. 2, 2025 —"); or, on a line of its own, a place, a dash and the date
(«الرياض – 10 ديسمبر 2025»). Only a full date with its year makes one: a dateline is what the
story's other dates resolve against, so it must not need resolving itself. Month names come from
`loaders/refdata/calendar.yaml` through `dates.find_dates`.

`EXAMPLES` holds what each rule exists for and the value it must give; `NEGATIVE` what must give
nothing (a date inside a sentence, between dashes, is not a dateline). `tests/test_published.py`
runs both.

Where a document's publication date comes from, and which source wins when several give one,
is `SOURCES` (strongest first): a date given by whoever loads the document, a feed item's date
(the publisher's own), the page's or the record's metadata, the dateline, a PDF's metadata (often
when the file was made), the file name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from foedus.loaders.extract.dates import find_dates, has_year
from foedus.loaders.extract.normalise import is_arabic, tokenize

__all__ = ["Dateline", "EXAMPLES", "NEGATIVE", "SOURCES", "find_dateline", "parse_dateline", "prefer"]

# Where a publication date came from, strongest first (the ontology's Document.published_from).
SOURCES = ("given", "feed", "html", "jsonl", "dateline", "pdf", "file_name")

# The first lines looked at, and how far into a line a dateline's date may start.
_LINES = 5
_REACH = 70
_SEP = r"[–—-]"
# Before the date: a place, maybe a region, each followed by a comma (Latin or Arabic), maybe "le"/"on".
_PLACE_COMMA = re.compile(r"^(?P<place>[^\W\d][^,،\n]{0,40}?)(?:\s*[,،]\s*[^\W\d][^,،\n]{0,30}?)?\s*[,،]\s*"
                          r"(?:le\s+|on\s+)?$", re.IGNORECASE)
# Before the date, no comma: a place in Arabic script or in capitals («عمان 11 آذار 2026 (وكالات) -»).
_PLACE_BARE = re.compile(r"^(?P<place>[^\W\d][^,،\n–—-]{0,40}?)\s+$")
_AFTER_SEP = re.compile(rf"^\s*(?:\([^()\n]{{1,30}}\)\s*)?(?:{_SEP}|:)")
# Before the date, on a line of its own: a place and a dash.
_PLACE_DASH = re.compile(rf"^(?P<place>[^\W\d][^,،\n–—-]{{0,40}}?)\s*{_SEP}\s*$")
# After the date: an agency in brackets, then a dash or a colon (or the end of the line).
_AFTER = re.compile(rf"^\s*(?:\([^()\n]{{1,30}}\)\s*)?(?:{_SEP}|:|$)")
_AFTER_ALONE = re.compile(rf"^\s*(?:{_SEP}.*)?$")
# Lower-case words a Latin place name may hold ("Rio de Janeiro", "Dar es Salaam").
_PARTICLES = {"de", "du", "des", "la", "le", "el", "al", "es", "da", "do", "di", "sur", "upon", "on", "en"}


@dataclass(frozen=True)
class Dateline:
    """A dateline's date (ISO), the character span of its place and of the whole dateline."""

    date: str
    place: tuple[int, int] | None
    span: tuple[int, int]


def _place_ok(place: str) -> bool:
    """A place is a few words, each capitalised in Latin script (a sentence is not a place)."""
    words = place.split()
    if not 1 <= len(words) <= 4:
        return False
    return all(not w[0].islower() or w.lower() in _PARTICLES for w in words)


# Words that end a sentence's opening, not a place ("وقع البلدان في 10 ديسمبر 2025 -").
_AR_BEFORE_DATE = {"في", "من", "منذ", "الى", "إلى", "حتى", "يوم", "يومي", "بتاريخ", "خلال", "قبل", "بعد"}


def _bare_place_ok(place: str) -> bool:
    """Without a comma, only a place that cannot open a sentence: in capitals, or one or two Arabic
    words that do not end on a preposition."""
    words = place.split()
    if is_arabic(place):
        return 1 <= len(words) <= 2 and words[-1] not in _AR_BEFORE_DATE
    return _place_ok(place) and place.isupper()


def parse_dateline(line: str, offset: int = 0) -> Dateline | None:
    """The dateline at the head of one line, or None; spans are shifted by `offset`."""
    toks = tokenize(line[:_REACH + 30], offset=offset)
    for d in find_dates(toks, None):
        if d.start - offset > _REACH:
            break
        if d.precision != 3 or not has_year(d.value) or d.end_value:
            continue
        before, after = line[:d.start - offset], line[d.end - offset:]
        m = _PLACE_COMMA.match(before)
        bare = _PLACE_BARE.match(before)
        if m and _place_ok(m.group("place")) and (tail := _AFTER.match(after)):
            end = d.end - offset + tail.end()
            place_toks = [t for t in toks[:d.i] if t.key not in ("le", "on")]
        elif bare and _bare_place_ok(bare.group("place")) and (tail := _AFTER_SEP.match(after)):
            end = d.end - offset + tail.end()
            place_toks = toks[:d.i]
        else:
            m = _PLACE_DASH.match(before)
            if not (m and _place_ok(m.group("place")) and _AFTER_ALONE.match(after)):
                return None  # the line's first full date is not a dateline's: nor is any later one
            end = d.end - offset
            sep = offset + m.end("place")
            place_toks = [t for t in toks[:d.i] if t.end <= sep]
        place = (place_toks[0].start, place_toks[-1].end) if place_toks else None
        return Dateline(d.value, place, (offset, offset + end))
    return None


def find_dateline(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The dateline date (ISO) and the character span of its place, from the first lines of an article."""
    pos = 0
    for line in text.split("\n")[:_LINES]:
        start, pos = pos, pos + len(line) + 1
        if line.strip():
            found = parse_dateline(line, start)
            if found is not None:
                return found.date, found.place
    return None, None


def prefer(current: str | None, challenger: str) -> bool:
    """True when a publication date from `challenger` should replace one from `current`."""
    if current is None or current not in SOURCES:
        return True
    return SOURCES.index(challenger) < SOURCES.index(current)


# What the rules must find: a first line (a headline) is put before each when tested.
EXAMPLES: dict[str, str] = {
    # French: agency datelines, with the abbreviated month and the agency in brackets
    "RABAT, 10 déc. 2025 (MAP) - Le ministre a reçu une délégation.": "2025-12-10",
    "LORIENT, 18 décembre 2025 – La marine hellénique dispose de sa frégate.": "2025-12-18",
    "Dakar, 18 juillet 2025 (APS) : le camp a été rétrocédé.": "2025-07-18",
    "Rabat, le 3 mars 2025 - Les deux armées ont tenu leur réunion.": "2025-03-03",
    "PARIS, 1er février 2026 – La commission s'est réunie.": "2026-02-01",
    # Arabic: the Arabic comma, Maghreb, Levantine and Egyptian month names, an agency
    "الرباط، 10 دجنبر 2025 (ومع) - استقبل المفتش العام وفدا عسكريا.": "2025-12-10",
    "الرياض – 10 ديسمبر 2025": "2025-12-10",
    "أنقرة – 14 آب 2025": "2025-08-14",
    "الجزائر، 5 جانفي 2026 (واج) - أشرف الوزير على حفل.": "2026-01-05",
    "القاهرة، 7 أكتوبر 2025 — التقى رئيس الأركان نظيره.": "2025-10-07",
    "عمان 11 آذار 2026 (وكالات) - تسلم سلاح الجو طائرات.": "2026-03-11",       # no comma after the place
    "ANKARA 14 August 2025 - The two ministers met.": "2025-08-14",
    # English: month first, a region after the city
    "WARSAW, Aug. 2, 2025 — Poland signed a second contract.": "2025-08-02",
    "VADODARA, Gujarat, Oct. 28, 2024 — Two prime ministers opened a plant.": "2024-10-28",
    "NAIROBI, March 14, 2025 (Reuters) - Kenya and Britain renewed a pact.": "2025-03-14",
    "Abu Dhabi, 3 November 2025: The two navies met.": "2025-11-03",
}

# What must give nothing.
NEGATIVE: tuple[str, ...] = (
    "La réunion du 9 décembre 2025 - prévue de longue date - a été reportée.",   # a date in a sentence
    "Les deux pays ont signé le 3 mars 2025 – a indiqué le ministère – un accord.",
    "Selon le ministère, 3 mars 2025 - une date à retenir.",                      # not a place
    "RABAT (MAP) - Le ministre a reçu une délégation.",                           # no date
    "PARIS, 9 décembre - La commission s'est réunie.",                            # no year: no anchor
    "WARSAW, August 2025 — Poland signed.",                                       # a month is not a day
    "In 2025 — a year of firsts — Poland signed two contracts.",
    "وقع البلدان في 10 ديسمبر 2025 - بحسب البيان - اتفاقية تعاون.",
    "البلدان في 10 ديسمبر 2025 - بحسب البيان.",
    "الرباط، الأربعاء - استقبل الوزير وفدا.",                                    # a weekday, no date
    "On March 14, 2025, Kenya and Britain renewed a pact — officials said.",
    "On March 14, 2025 — a Friday — Kenya and Britain renewed a pact.",         # no comma: capitals only
    "Le 3 mars 2025 - une date à retenir.",
)
