"""Counts of things bought: "four patrol vessels", "1 200 kits", "six F-39E Gripen", "ثلاث طائرات"."""
from __future__ import annotations

from foedus.loaders.extract.context import Doc
from foedus.loaders.extract.lexicon import Lexicon

__all__ = ["counted_span", "number_at", "quantity_near"]

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
    found = _quantity(doc, lx, sents, anchors, avoid)
    return found[0] if found else None


def counted_span(doc: Doc, lx: Lexicon, sents: list[int], anchors: list[int], avoid: list[int]) \
        -> tuple[int, int] | None:
    """The token span of what the agreement's count counts, when it is a kind of equipment and not a named
    system: "deux patrouilleurs hauturiers", "four air surveillance radars", "أربعة زوارق دورية بحرية"."""
    found = _quantity(doc, lx, sents, anchors, avoid)
    if not found:
        return None
    _, j, q = found
    toks = doc.tokens
    hi = doc.sent_range(doc.tok_sent[q])[1]
    if any(_is_system(doc, x) for x in range(j, min(q + 7, hi))):
        return None       # "1 200 kits de guidage AASM Hammer": the named system is the thing
    end = q + 1
    while end < hi and end - q <= 2 and toks[end].soft_gap and not doc.taken[end] and not doc.meta_state[end]:
        t = toks[end]
        if t.arabic:
            if t.text.startswith(("ال", "ل", "ب", "و", "ف", "ك")) or t.key in lx.words("counted"):
                break
        elif not (t.text.islower() and t.key.endswith(("ers", "ere", "eres", "iers", "ieres", "aux", "ales", "al",
                                                        "ifs", "ives", "ique", "iques", "iens", "iennes", "ins"))):
            break
        end += 1
    model = _model_after(doc, end, hi)
    if model is not None:
        return model
    if any(doc.taken[x] for x in range(j, end)):
        return None
    if end - j == 1 and toks[q].key in _GENERIC:
        return None       # "80 appareils", "six units": the kind is named elsewhere
    return j, end


_MODEL_WORDS = {"طراز", "نوع", "type", "modele", "model", "class", "classe"}


def _model_after(doc: Doc, k: int, hi: int) -> tuple[int, int] | None:
    """"من طراز «كينغ إير 350»", "de type Gowind", "of the Type 31 class": the model named after the count."""
    toks = doc.tokens
    for q in range(k, min(k + 4, hi)):
        if any(v in _MODEL_WORDS for v, _ in toks[q].variants):
            a = q + 1
            if a < hi and toks[a].key in ("de", "du", "d", "the"):
                a += 1
            b = a
            quoted = a < hi and doc.text[toks[a - 1].end:toks[a].start].strip() in ("«", "\"", "“", "« ")
            while b < hi and b - a < 6 and not doc.taken[b]:
                gap = doc.text[toks[b - 1].end:toks[b].start]
                if b > a and (any(c in gap for c in "»\"”") or (not quoted and not toks[b].soft_gap)):
                    break
                if not quoted and not (toks[b].upper or toks[b].key.isdigit()):
                    break
                b += 1
            return (a, b) if b > a else None
        if not toks[q].soft_gap:
            return None
    return None


_GENERIC = {"aircraft", "appareils", "units", "unites", "exemplaires", "examples", "systems", "systemes", "kits",
            "platforms", "plateformes", "airframes", "قطع", "وحدات", "انظمه", "منظومات", "منظومه", "طائرات", "طائره",
            "vehicles", "vehicules", "مركبات", "batteries", "بطاريات", "planes", "avions", "جهاز", "اجهزه"}


def _quantity(doc: Doc, lx: Lexicon, sents: list[int], anchors: list[int], avoid: list[int]) \
        -> tuple[int, int, int] | None:
    counted = lx.words("counted")
    date_toks = {k for d in doc.dates for k in range(d.i, d.j)}
    for s in sents:
        lo, hi = doc.sent_range(s)
        here = [a for a in anchors if lo <= a < hi] or anchors
        others = [a for a in avoid if lo <= a < hi]
        best: tuple[int, int, int, int] | None = None
        k = lo
        while k < hi:
            value, j = number_at(doc, lx, k, hi)
            if value is None or k in date_toks or _is_system(doc, k) or not 0 < value <= 5000:
                k = j
                continue
            q = _counts_items(doc, counted, j, hi)
            if q is not None:
                dist = min(abs(k - a) for a in here) if here else 0
                if not (others and min(abs(k - a) for a in others) < dist) and (best is None or dist < best[0]):
                    best = (dist, value, j, q)
            k = j
        if best is not None:
            return best[1], best[2], best[3]
    return None


def _is_system(doc: Doc, k: int) -> bool:
    eid = doc.taken[k]
    return bool(eid and eid in doc.ents and doc.ents[eid].type == "System")


def _counts_items(doc: Doc, counted: frozenset[str], j: int, hi: int) -> int | None:
    """Where the counted noun or named system after a number is (None: the number counts nothing bought)."""
    for q in range(j, min(j + 4, hi)):
        t = doc.tokens[q]
        keys = {v for v, _ in t.variants}
        if keys & _NOT_COUNTS:
            return None
        if keys & counted or _is_system(doc, q):
            return q
    return None
