"""Dates in the three languages: absolute, ranges, Maghreb/Levantine months, relative to the dateline.

Values keep their precision as ISO 8601 prefixes: "2026", "2025-10", "2025-12-09". A date whose
year the text does not give, in a document with no publication date to anchor it, keeps only what
the text gives: a month and day as "--12-09" (xsd:gMonthDay) or a month as "--12" (xsd:gMonth).
No year is ever invented for it; `has_year` tells the two apart (never sort them together).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from foedus.loaders.extract.lexicon import Lexicon, lexicon, ordinal_tables
from foedus.loaders.extract.normalise import Token, fold

__all__ = ["DateMention", "day_number", "find_dates", "has_year", "iso", "month_of", "parse_ordinal", "to_date"]

_YEAR = re.compile(r"^(19[5-9]\d|20\d\d|21\d\d)$")
_DAYNUM = re.compile(r"^(\d{1,2})(?:er|re|ere|e|eme|st|nd|rd|th)?$")
_ORDNUM = re.compile(r"^(\d{1,3})(?:er|re|ere|e|eme|ème|st|nd|rd|th)?$")
_CONJ = {"و", "et", "and", "to", "au", "a", "الى", "الي", "حتى", "حتي", "through", "until", "till", "jusqu"}


@dataclass
class DateMention:
    """A date expression: its token span, value and optional end of a range."""

    i: int
    j: int
    start: int
    end: int
    value: str
    end_value: str | None = None
    relative: bool = False
    year_known: bool = True

    @property
    def precision(self) -> int:
        """1 for a year, 2 for a month, 3 for a day (with or without its year)."""
        return precision(self.value)


def has_year(value: str | None) -> bool:
    """True for a value that gives its year ("2025-12-09"), False for "--12-09", "--12" or None."""
    return bool(value) and str(value)[:1].isdigit()


def precision(value: str) -> int:
    """1 for a year, 2 for a month, 3 for a day: "2025" 1, "2025-12" 2, "--12" 2, "--12-09" 3."""
    return value[2:].count("-") + 2 if value.startswith("--") else value.count("-") + 1


def month_of(value: str) -> str | None:
    """The month of a date value as two digits ("2025-12-09" and "--12-09" give "12"), or None."""
    body = value[2:] if value.startswith("--") else value[5:]
    return body[:2] if len(body) >= 2 and body[:2].isdigit() else None


def iso(y: int | None, m: int | None = None, d: int | None = None) -> str:
    """ISO prefix of the given precision; without a year, "--MM" or "--MM-DD"."""
    if y is None:
        return f"--{m:02d}" if d is None else f"--{m:02d}-{d:02d}"
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _digits(tok: Token) -> str | None:
    for key, _ in tok.variants:
        if key.isdigit():
            return key
    return None


def day_number(tok: Token) -> int | None:
    """A day of month written as digits, optionally with an ordinal suffix (1er, 2nd, 23rd)."""
    for key, _ in tok.variants:
        m = _DAYNUM.match(key)
        if m and 1 <= int(m.group(1)) <= 31:
            return int(m.group(1))
    return None



def _year_or_direction(tokens, marks, hi):  # noqa: ANN001, ANN202 - tokens and marks of this module
    """After a month: a year ("mars 2025"), or last/next ("يوليوز الماضي"); and the index past it."""
    n = len(tokens)
    if hi < n and _year(tokens[hi]) is not None:
        return _year(tokens[hi]), None, hi + 1
    if hi < n and marks[hi] is not None and marks[hi].payload[0] in ("last", "next") and tokens[hi].soft_gap \
            and not tokens[hi].upper:      # "November. Last week": the next sentence
        return None, marks[hi].payload[0], marks[hi].j
    return None, None, hi


def _year(tok: Token) -> int | None:
    d = _digits(tok)
    return int(d) if d and _YEAR.match(d) else None


def parse_ordinal(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """An ordinal starting at token i: (value, index after it). Digits, or words in ar/fr/en."""
    if i >= len(tokens):
        return None
    tab = ordinal_tables()
    tok = tokens[i]
    if tok.arabic and tok.key == "ال" and i + 1 < len(tokens) and tokens[i + 1].text.isdigit():
        tok, i = tokens[i + 1], i + 1      # "الاجتماع الـ22": the article written before the digits
    for key, _ in tok.variants:
        m = _ORDNUM.match(key)
        if m and not _YEAR.match(m.group(1)):
            return int(m.group(1)), i + 1
    units, tens = tab["units"], tab["tens"]
    teens = lexicon().words("ar_teens")
    # French/English compounds: vingt-troisième, twenty-third
    for key, _ in tok.variants:
        if key in tens and i + 1 < len(tokens):
            nxt = tokens[i + 1].key
            if nxt in units:
                return tens[key] + units[nxt], i + 2
        if key in units:
            value, j = units[key], i + 1
            if j < len(tokens) and tokens[j].key in teens:          # الثانية عشرة
                return value + 10, j + 1
            if j < len(tokens):                                        # الثالثة والعشرين
                for k2, pre in tokens[j].variants:
                    if pre in ("و", "وال") and k2 in tens:
                        return value + tens[k2], j + 1
            return value, j
    return None


def _resolve_weekday(ref: date, wd: int, direction: str) -> date:
    delta = (ref.weekday() - wd) % 7
    if direction == "last" and delta == 0:
        delta = 7
    if direction == "next":
        fwd = (wd - ref.weekday()) % 7 or 7
        return ref + timedelta(days=fwd)
    return ref - timedelta(days=delta)


def _month_year(month: int, day: int | None, ref: date | None, direction: str | None) -> int | None:
    """The year of a month (and day) the text gives without one, from the reference date: "last"
    and "next" look back and ahead; otherwise the year that puts it nearest the reference (news
    tells what just happened: "9 December" in an article of 5 January is last year's)."""
    if ref is None:
        return None
    if direction == "last":
        return ref.year if month < ref.month else ref.year - 1
    if direction == "next":
        return ref.year if month > ref.month else ref.year + 1

    def distance(year: int) -> int:
        try:
            return abs((date(year, month, day or 15) - ref).days)
        except ValueError:  # 29 February of a common year
            return abs((date(year, month, 28) - ref).days)

    return min((ref.year - 1, ref.year, ref.year + 1), key=lambda y: (distance(y), y != ref.year))


def find_dates(tokens: list[Token], ref: date | None, lx: Lexicon | None = None) -> list[DateMention]:
    """All date expressions of a token list; relative ones resolved against `ref` when given."""
    lx = lx or lexicon()
    dm = lx.date_m
    n = len(tokens)
    marks: list[Any] = [None] * n
    for m in dm.find(tokens):
        for k in range(m.i, m.j):
            marks[k] = m
    out: list[DateMention] = []
    used = [False] * n
    i = 0
    while i < n:
        m = marks[i]
        if m is None or m.i != i or used[i]:
            i += 1
            continue
        kind, val = m.payload
        if kind == "month":
            out.extend(_month_expr(tokens, marks, m, val, ref, used, lx))
        i = m.j
    # weekdays and day offsets (hier, أمس, yesterday), unless an explicit date follows closely
    for m in {id(x): x for x in marks if x is not None}.values():
        kind, val = m.payload
        if kind == "weekoff" and ref is not None and not used[m.i]:
            d = ref + timedelta(days=val)
            for k in range(m.i, m.j):
                used[k] = True
            out.append(DateMention(m.i, m.j, tokens[m.i].start, tokens[m.j - 1].end, iso(d.year, d.month),
                                   relative=True))
            continue
        if kind not in ("weekday", "dayoff") or used[m.i]:
            continue
        if kind == "dayoff" and val == 0 and m.j < n and marks[m.j] is None:
            continue  # "اليوم"/"today" alone is too often "nowadays
        if kind == "dayoff" and val == 0 and m.j < n and marks[m.j] is not None and marks[m.j].payload[0] == "weekday":
            continue  # "يوم الاثنين" is "on Monday" (the weekday resolves it), "اليوم الأربعاء" today, the same"
        explicit = any(used[k] for k in range(m.j, min(n, m.j + 3)))
        if explicit:
            continue
        if ref is None:
            continue
        if kind == "dayoff":
            d = ref + timedelta(days=val)
            j = m.j
            if j < n and marks[j] is not None and marks[j].payload[0] == "weekday":
                j = marks[j].j
            for k in range(m.i, j):
                used[k] = True
            out.append(DateMention(m.i, j, tokens[m.i].start, tokens[j - 1].end, d.isoformat(), relative=True))
            continue
        direction = None
        j = m.j
        nxt = marks[j] if j < n else None
        prv = marks[m.i - 1] if m.i > 0 else None
        if nxt is not None and nxt.payload[0] in ("last", "next"):
            direction, j = nxt.payload[0], nxt.j
        elif prv is not None and prv.payload[0] in ("last", "next"):
            direction = prv.payload[0]
        d = _resolve_weekday(ref, val, direction or "")
        for k in range(m.i, j):
            used[k] = True
        out.append(DateMention(m.i, j, tokens[m.i].start, tokens[j - 1].end, d.isoformat(), relative=True))
    # bare years and year ranges
    i = 0
    while i < n:
        y = _year(tokens[i]) if not used[i] else None
        if y is None:
            i += 1
            continue
        j = i + 1
        end_value = None
        y2 = _year(tokens[j]) if j < n else None
        if y2 is not None and y2 > y and tokens[j].soft_gap and tokens[j].start - tokens[i].end <= 3:
            end_value = str(y2)
            j += 1
        out.append(DateMention(i, j, tokens[i].start, tokens[j - 1].end, iso(y), end_value))
        for k in range(i, j):
            used[k] = True
        i = j
    out.sort(key=lambda d: d.i)
    return _join_ranges(tokens, out)


_FROM = {"du", "from", "من", "between", "entre", "بين", "depuis"}


def _join_ranges(tokens: list[Token], out: list[DateMention]) -> list[DateMention]:
    """"du 31 mars au 2 avril", "from 30 September to 2 October", "من 30 سبتمبر إلى 2 أكتوبر": one range."""
    joined: list[DateMention] = []
    for d in out:
        prev = joined[-1] if joined else None
        if prev is not None and prev.precision == 3 and d.precision == 3 and not prev.end_value \
                and has_year(prev.value) == has_year(d.value) and d.i - prev.j == 1 \
                and tokens[prev.j].key in _CONJ and d.value > prev.value \
                and prev.i > 0 and tokens[prev.i - 1].key in _FROM:
            joined[-1] = DateMention(prev.i, d.j, prev.start, d.end, prev.value, d.value, prev.relative or d.relative,
                                     prev.year_known and d.year_known)
            continue
        joined.append(d)
    return joined


def _month_expr(tokens, marks, m, month, ref, used, lx) -> list[DateMention]:
    n = len(tokens)
    i, j = m.i, m.j
    day = None
    day2 = None
    # day before the month: "9", "9 و10", "9 et 10", "9-10", "le 1er", "الثامن من", "فاتح"
    lo = i
    if i >= 1 and day_number(tokens[i - 1]) is not None and not used[i - 1]:
        day = day_number(tokens[i - 1])
        lo = i - 1
        # a range: "9 و10" / "9 et 10" / "9-10"
        if i >= 2 and day_number(tokens[i - 2]) is not None and not used[i - 2]:
            day2, day = day, day_number(tokens[i - 2])
            lo = i - 2
        elif i >= 3 and day_number(tokens[i - 3]) is not None and fold(tokens[i - 2].text) in _CONJ:
            day2, day = day, day_number(tokens[i - 3])
            lo = i - 3
        elif tokens[i - 1].variants[-1][1] == "و" and i >= 2 and day_number(tokens[i - 2]) is not None:
            day2, day = day, day_number(tokens[i - 2])
            lo = i - 2
    elif i >= 2 and tokens[i - 1].key == "من":
        ordv = parse_ordinal(tokens, i - 2)
        if ordv and ordv[1] == i - 1 and ordv[0] <= 31:
            day, lo = ordv[0], i - 2
        elif i >= 3:
            ordv = parse_ordinal(tokens, i - 3)
            if ordv and ordv[1] == i - 1 and ordv[0] <= 31:
                day, lo = ordv[0], i - 3
    elif i >= 1 and tokens[i - 1].key in lx.words("first_of_month"):
        day, lo = 1, i - 1
    hi = j
    # English order: "Aug. 26, 2022", "December 9-10, 2025"
    if day is None and j < n and day_number(tokens[j]) is not None and _year(tokens[j]) is None:
        day = day_number(tokens[j])
        hi = j + 1
        if hi < n and day_number(tokens[hi]) is not None and _year(tokens[hi]) is None \
                and tokens[hi].start - tokens[hi - 1].end <= 3:
            day2 = day_number(tokens[hi])
            hi += 1
        elif hi + 1 < n and tokens[hi].key in _CONJ and _year(tokens[hi + 1]) is None:
            nxt = day_number(tokens[hi + 1])
            if nxt is not None and day is not None and nxt > day:
                day2 = nxt       # "Nov. 18 and 19"
                hi += 2
    year = None
    direction = None
    before = marks[lo - 1] if lo > 0 else None
    if before is not None and before.payload[0] in ("last", "next") and not tokens[lo].arabic:
        direction = before.payload[0]      # "last September"
        lo = before.i
    found_year, found_direction, hi = _year_or_direction(tokens, marks, hi)
    year = found_year if found_year is not None else year
    direction = found_direction or direction
    month2 = None
    # month range: "ما بين أبريل وماي الماضيين", "between April and May 2025", "avril-mai"
    if day is None and hi < n:
        k = hi
        if k < n and fold(tokens[k].text) in _CONJ:
            k += 1
        mk = marks[k] if k < n else None
        if mk is not None and mk.i == k and mk.payload[0] == "month":
            month2 = mk.payload[1]
            found_year, found_direction, hi = _year_or_direction(tokens, marks, mk.j)
            year = found_year if found_year is not None else year
            direction = found_direction or direction
    year_known = year is not None
    if year is None:
        year = _month_year(month, day, ref, direction)
        year_known = direction is not None and year is not None
    for k in range(lo, hi):
        used[k] = True
    value = iso(year, month, day)
    end_value = None
    if day2 is not None and day is not None and day2 > day:
        end_value = iso(year, month, day2)
    elif month2 is not None:
        end_value = iso(year, month2)
    return [DateMention(lo, hi, tokens[lo].start, tokens[hi - 1].end, value, end_value,
                        relative=direction is not None, year_known=year_known)]


def to_date(value: str | None) -> date | None:
    """A datetime.date for a full ISO date, else None."""
    if not value or len(value) < 10 or not has_year(value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
