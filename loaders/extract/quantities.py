"""Counts of things bought: "four patrol vessels", "1 200 kits", "six F-39E Gripen", "ثلاث طائرات"."""
from __future__ import annotations

from foedus.loaders.extract.context import Doc
from foedus.loaders.extract.lexicon import Lexicon

__all__ = ["number_at", "quantity_near"]

# Words after a number that make it an amount, a duration or a share, not a count of items.
_NOT_COUNTS = {"million", "millions", "milliard", "milliards", "billion", "billions", "bn", "m", "mn", "مليون",
               "مليار", "ملايين", "مليارات", "percent", "pour", "cent", "%", "years", "year", "ans", "an", "annees",
               "سنوات", "سنة", "اعوام", "عاما", "months", "mois", "اشهر", "days", "jours", "ايام", "euros", "dollars",
               "يورو", "دولار", "crore", "km", "kilometres", "kilometers", "كلم", "tonnes", "tons", "personnel",
               "troops", "soldiers", "militaires", "soldats", "جندي", "عسكري"}
_THOUSANDS_GAPS = {" ", "\u202f", "\u00a0", ",", "."}


def number_at(doc: Doc, lx: Lexicon, k: int, hi: int) -> tuple[int | None, int]:
    """The cardinal starting at token k, as digits ("1 200", "1,200") or words, and the index after it."""
    toks = doc.tokens
    t = toks[k]
    if t.key.isdigit():
        value, j = int(t.key), k + 1
        while j < hi and len(toks[j].key) == 3 and toks[j].key.isdigit() and value < 1000 \
                and doc.text[toks[j - 1].end:toks[j].start] in _THOUSANDS_GAPS:
            value, j = value * 1000 + int(toks[j].key), j + 1
        return value, j
    m = lx.number_m.match_at(toks, k)
    if m is None or m.j > hi:
        return None, k + 1
    value, j = m.payload, m.j
    if 20 <= value < 100 and value % 10 == 0 and j < hi:
        unit = lx.number_m.match_at(toks, j)     # vingt-quatre, twenty-four
        if unit is not None and unit.payload < 10:
            value, j = value + unit.payload, unit.j
    return value, j


def quantity_near(doc: Doc, lx: Lexicon, sents: list[int], anchors: list[int], avoid: list[int]) -> int | None:
    """The count of items nearest an agreement's mentions (`anchors`) in its sentences, in the order given:
    a number followed, within a few words, by a counted noun or a named system. A number nearer
    another agreement's mention (`avoid`) is that one's."""
    counted = lx.words("counted")
    date_toks = {k for d in doc.dates for k in range(d.i, d.j)}
    for s in sents:
        lo, hi = doc.sent_range(s)
        here = [a for a in anchors if lo <= a < hi] or anchors
        others = [a for a in avoid if lo <= a < hi]
        best: tuple[int, int] | None = None
        k = lo
        while k < hi:
            value, j = number_at(doc, lx, k, hi)
            if value is None or k in date_toks or _is_system(doc, k) or not 0 < value <= 5000:
                k = j
                continue
            if _counts_items(doc, counted, j, hi):
                dist = min(abs(k - a) for a in here) if here else 0
                if not (others and min(abs(k - a) for a in others) < dist) and (best is None or dist < best[0]):
                    best = (dist, value)
            k = j
        if best is not None:
            return best[1]
    return None


def _is_system(doc: Doc, k: int) -> bool:
    eid = doc.taken[k]
    return bool(eid and eid in doc.ents and doc.ents[eid].type == "System")


def _counts_items(doc: Doc, counted: frozenset[str], j: int, hi: int) -> bool:
    for q in range(j, min(j + 4, hi)):
        t = doc.tokens[q]
        keys = {v for v, _ in t.variants}
        if keys & _NOT_COUNTS:
            return False
        if keys & counted or _is_system(doc, q):
            return True
    return False
