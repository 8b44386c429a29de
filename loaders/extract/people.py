"""Persons: a name after a rank, title or honorific, or before an appositive title; later mentions
by surname resolve to the same person. Each person keeps rank, title and the bodies it serves."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from foedus.loaders.extract.context import Doc
from foedus.loaders.extract.lexicon import Lexicon, _strings
from foedus.loaders.extract.normalise import fold, slug, tokenize

__all__ = ["Person", "find_persons"]


@dataclass
class Office:
    """A title held by a person and what it attaches to (an org/firm id, or a state)."""

    title: str           # lexicon key
    target: str | None   # entity id
    sent: int


@dataclass
class Person:
    eid: str
    name: str
    rank: str | None = None
    nationality: str | None = None
    offices: list[Office] = field(default_factory=list)
    tokens: tuple[str, ...] = ()
    told_until: int = 0     # the token after the titles apposed to this mention of the person


@lru_cache(maxsize=1)
def _words(_: int) -> dict[str, frozenset[str]]:
    from foedus.loaders.extract.lexicon import lexicon
    c = lexicon().cues

    def keys(v) -> frozenset[str]:
        out = set()
        for w in _strings(v):
            for t in tokenize(w):
                out.add(t.key)
        return frozenset(out)
    verbs = c.get("verbs") or {}
    return {
        "stops": keys(c.get("name_stops")),
        "mods": keys(c.get("title_modifiers")),
        "particles": keys(c.get("name_particles")),
        "preps": frozenset({"of", "de", "du", "des", "la", "l", "the", "ل", "لدى", "a", "au", "aux", "for", "pour"}),
        "led_by": keys(verbs.get("led_by")),
        "given": lexicon().words("given_names"),
        "not_names": lexicon().words("not_names"),
    }


def _not_name(t, w: dict) -> bool:
    """A word that ends an Arabic name and never opens one: a verb, a preposition, a common noun
    (refdata/names.yaml); a known given name is a name even where it also spells a word."""
    first = t.variants[0][0]
    if first in w["given"]:
        return False
    if first in w["not_names"]:
        return True
    return any(v in w["not_names"] and v not in w["given"] and len(v) >= 3 for v, _ in t.variants[1:])


def _given_name(t, w: dict) -> bool:
    return any(v in w["given"] for v, _ in t.variants)


def _person_matches(doc: Doc, lx: Lexicon) -> dict[int, tuple]:
    out = {}
    for m in lx.person_m.find(doc.tokens):
        out[m.i] = (m.j, m.payload)
    doc.person_lex = {k for i, (j, pl) in out.items() if pl[0] in ("title", "rank") for k in range(i, j)}
    doc.person_lex_kind = {j - 1: pl[0] for i, (j, pl) in out.items()}
    return out


def find_persons(doc: Doc, lx: Lexicon) -> None:
    """Detect persons, their ranks and offices; record mentions and surname mentions."""
    w = _words(0)
    pm = _person_matches(doc, lx)
    toks = doc.tokens
    n = len(toks)
    persons: dict[str, Person] = {}
    order: list[Person] = []
    led_by_ends = {m.j - 1 for m in doc.cues if m.payload == ("verb", "led_by")}
    i = 0
    while i < n:
        if i in pm and not doc.taken[i]:
            chain = _chain(doc, lx, pm, i, w)
            k = chain["end"]
            if chain["titles"] and not chain["rank"]:
                k = _descriptor_end(doc, k, w)
            if k < n and doc.text[toks[k - 1].end:toks[k].start].strip() in (",", "،") and \
                    (chain["titles"] or chain["rank"]):
                k2 = k
                while k2 < n and (toks[k2].key in w["mods"] | {"m", "mme"}
                                  or (k2 in pm and pm[k2][1][0] == "honorific")):
                    k2 = pm[k2][0] if k2 in pm and pm[k2][1][0] == "honorific" else k2 + 1   # "، الشيخ X", "، السيد X
                if _name_start_ok(doc, k2, w):
                    k = k2
            span = _name(doc, k, w)
            if span is not None and not toks[k].arabic and toks[k - 1].key in _ARTICLES_BEFORE_BODY:
                span = None   # "Commandant de la Zone Sud": after a title's article comes a body, not a holder
            if span is None and k < n and toks[k].key in w["mods"]:
                span = _name(doc, k + 1, w)
            if span is not None:
                lo, hi = span
                p = _register(doc, lx, persons, order, lo, hi, chain, w, pm)
                if p is not None:
                    # "X، المفتش العام ...، والجنرال Y": the titles apposed to X are X's, not Y's
                    i = max(hi, p.told_until)
                    if chain.get("dual"):
                        i = _second_holder(doc, lx, persons, order, p, hi, chain, w, pm)
                    continue
            i = max(i + 1, chain["end"] if chain["titles"] or chain["rank"] else i + 1)
            continue
        # appositive: "Lee Yong-bae, chief executive of Hyundai Rotem"
        if not toks[i].arabic and toks[i].upper and not doc.taken[i] and toks[i].text not in lx.words("meta"):
            span = _name(doc, i, w)
            if span is not None and span[1] - span[0] >= 2:
                lo, hi = span
                if hi < n and doc.text[toks[hi - 1].end:toks[hi].start].strip() == ",":
                    k = hi
                    while k < n and toks[k].key in w["mods"]:
                        k += 1
                    if k in pm and pm[k][1][0] == "title":
                        chain = {"end": k, "rank": None, "titles": [], "adjs": [], "orgs": [], "counterpart": False}
                        p = _register(doc, lx, persons, order, lo, hi, chain, w, pm)
                        if p is not None:
                            i = hi
                            continue
        # "..., التي يرأسها NAME" / "headed by NAME"
        if i in led_by_ends:
            span = _name(doc, i + 1, w)
            if span is not None and span[1] - span[0] >= 2:
                org = _org_before(doc, i)
                chain = {"end": i + 1, "rank": None, "titles": [("head", org)] if org else [], "adjs": [],
                         "orgs": [], "counterpart": False}
                if _register(doc, lx, persons, order, span[0], span[1], chain, w, pm) is not None:
                    i = span[1]
                    continue
        i += 1
    _surnames(doc, persons, order, pm, w)
    doc.persons = order
    _other_side(doc)


_ACROSS_VERBS = {"lead", "led_by", "meet", "host", "sign"}


def _other_side(doc: Doc) -> None:
    """"X and Vietnamese Deputy Minister Y co-chaired the India-Vietnam JDCC": in a sentence where two
    persons co-chair, meet, host or sign, one of the article's two states and no nationality of his own
    make the other person the other state's."""
    if len(doc.pair) != 2:
        return
    by_id = {p.eid: p for p in doc.persons}
    across = {doc.tok_sent[c.i] for c in doc.cues if c.payload[0] == "verb" and c.payload[1] in _ACROSS_VERBS}
    for s in sorted(across):
        people = list(dict.fromkeys(m.ent for m in doc.sent_mentions(s, "Person") if m.ent in by_id))
        if len(people) != 2:
            continue
        a, b = (by_id[e] for e in people)
        for known, unknown in ((a, b), (b, a)):
            if known.nationality in doc.pair and unknown.nationality is None:
                unknown.nationality = next(iso for iso in doc.pair if iso != known.nationality)
                doc.ents[unknown.eid].attributes["nationality"] = unknown.nationality


_DESCRIPTOR_LINKS = {"to", "in", "at", "of", "for", "de", "du", "des", "d", "la", "l", "le", "les", "a", "au",
                     "aux", "aupres", "en", "the", "lui", "meme", "its", "his", "her", "son", "sa", "ses"}


def _descriptor_end(doc: Doc, k: int, w: dict) -> int:
    """Past a short descriptor closing an appositive title before its holder's name: "the British High
    Commissioner to Kenya, NAME", "le PDG de l'avionneur, NAME". Returns where the comma is, or k."""
    toks = doc.tokens
    n = len(toks)
    if k >= n or k == 0 or not toks[k].soft_gap or toks[k].arabic:
        return k
    q = k
    words = 0
    while q < n and q - k < 6 and toks[q].soft_gap and doc.tok_sent[q] == doc.tok_sent[k]:
        t = toks[q]
        named = doc.taken[q] and doc.ents[doc.taken[q]].type in ("Organization", "Firm", "Place")
        if t.key in _DESCRIPTOR_LINKS or doc.meta_state[q] or named:
            pass
        elif t.text.islower() and t.text.isalpha() and words < 2:
            words += 1
        else:
            return k
        q += 1
    if q >= n or q == k or doc.text[toks[q - 1].end:toks[q].start].strip() != ",":
        return k
    span = _name(doc, q, w)
    return q if span is not None and span[1] - span[0] >= 2 else k


def _second_holder(doc: Doc, lx: Lexicon, persons: dict, order: list, first: Person, hi: int, chain: dict,
                   w: dict, pm: dict) -> int:
    """Dual titles name one holder per state: "وزيرَي خارجية البلدين فلان وفلان" (in the pair's order)."""
    toks = doc.tokens
    if hi >= len(toks) or not toks[hi].arabic or not toks[hi].soft_gap:
        return hi
    t = toks[hi]
    if not fold(t.text).startswith("و") or len(t.variants) < 2:
        return hi
    rest = _arabic_name(doc, hi, w, conj=True)
    if rest is None or rest[1] - rest[0] < 2:
        return hi
    second = _register(doc, lx, persons, order, rest[0], rest[1], dict(chain, adjs=[]), w, pm, prefix="و")
    if second is not None and len(doc.pair) == 2 and not chain["adjs"]:
        first.nationality, second.nationality = doc.pair[0], doc.pair[1]
        for p in (first, second):
            doc.ents[p.eid].attributes["nationality"] = p.nationality
    return rest[1]


def _chain(doc: Doc, lx: Lexicon, pm: dict, i: int, w: dict) -> dict:
    """Ranks, titles, honorifics and the nationalities and bodies named along them."""
    toks = doc.tokens
    n = len(toks)
    rank = None
    titles: list[list] = []     # [title key, target id or None]
    adjs: list[str] = []
    counterpart = False
    dual = False
    if i > 0 and doc.meta_state[i - 1] and not toks[i].arabic and toks[i].soft_gap:
        adjs.append(doc.meta_state[i - 1])
    k = i
    apposed = False
    while k < n:
        if k > i and titles and _paren_acronym(doc, k):
            k += 1       # "Chief of Army Staff (COAS) General X": the title's acronym, then its holder
            apposed = True
            continue
        if k > i and not apposed and not toks[k].soft_gap and not _quote_gap(doc, k):
            # "son homologue indonésien, le ministre de la Défense X": titles in apposition
            k2 = k
            while k2 < n and k2 not in pm and toks[k2].key in w["mods"]:
                k2 += 1
            gap = doc.text[toks[k - 1].end:toks[k].start].strip()
            if gap in (",", "،") and k2 in pm and pm[k2][1][0] in ("title", "rank") and (titles or counterpart) \
                    and not (pm[k2][1][0] == "rank" and _conjoined(lx, toks[k2])):
                k = k2
                apposed = True
                continue
            if gap == "," and titles and not toks[k].arabic and _apposed_body_or_state(doc, k):
                apposed = True    # "Director General for Defence Strategy, Ministry of Defence, Indonesia Maj. Gen. X"
                continue
            break
        apposed = False
        if k in pm:
            j, (kind, key) = pm[k]
            if kind == "rank":
                rank = rank or key
            elif kind == "title":
                titles.append([key, _org_inside(doc, k, j)])
                if toks[k].key in lx.words("dual"):
                    dual = True
            elif kind == "dept":
                if titles and titles[-1][0] == "minister":
                    titles[-1][0] = f"minister-of-{key}" if f"minister-of-{key}" in lx.titles else "minister"
                elif not titles:
                    break
            elif kind == "counterpart":
                counterpart = True
            k = j
            continue
        if any(c.payload[0] == "two_sides" and c.i == k for c in doc.cues):
            dual = True
            k += 1
            continue
        if doc.meta_state[k]:
            iso = doc.meta_state[k]
            if iso not in adjs:
                adjs.append(iso)
            if titles and titles[-1][1] is None and toks[k - 1].key in w["preps"] and _is_name_mention(doc, k):
                titles[-1][1] = f"state:{iso}"
            while k < n and doc.meta_state[k] == iso:
                k += 1
            if k < n and toks[k].key == "s" and doc.text[toks[k - 1].end:toks[k].start] in ("'", "’"):
                k += 1
            continue
        eid = doc.taken[k]
        if eid and eid in doc.ents and doc.ents[eid].type in ("Organization", "Firm"):
            if titles and titles[-1][1] is None:
                titles[-1][1] = eid
            while k < n and doc.taken[k] == eid:
                k += 1
            continue
        key = toks[k].key
        if key in ("و", "and", "et"):
            if k + 1 < n and (k + 1) in pm and pm[k + 1][1][0] in ("title", "rank"):
                k += 1
                continue
            break
        if titles and key == "for" and k + 1 < n and toks[k + 1].upper and not doc.taken[k + 1] \
                and not doc.meta_state[k + 1] and (k + 1) not in pm:
            k = _portfolio_end(doc, k + 1)      # "Assistant Secretary for Strategic Assessments and ..."
            continue
        if key in w["preps"] or key in w["mods"] or toks[k].allcaps and titles:
            # "chairman of Tata Sons": an unknown capitalised body after a company or body title
            if titles and titles[-1][1] is None and key in w["preps"]:
                made = _body_after(doc, lx, titles[-1][0], k)
                if made is not None:
                    titles[-1][1], k = made
                    continue
            k += 1
            continue
        # Arabic anaphoric body: "محافظ الهيئة" -> the last body whose name starts with that noun
        if titles and titles[-1][1] is None and toks[k].arabic and toks[k].text.startswith("ال"):
            ref = _body_by_head(doc, k)
            if ref:
                titles[-1][1] = ref
                doc.mention(ref, k, k + 1, how="anaphor", alias=False)
                k += 1
                continue
        # "مساعد رئيس هيئة الأركان المشتركة للتخطيط، اللواء الركن X": a complement closing the title
        # before the holder's rank, after a comma
        if titles and toks[k].arabic:
            q = k
            while q < n and q - k < 4 and toks[q].arabic and (q == k or toks[q].soft_gap) \
                    and doc.tok_sent[q] == doc.tok_sent[k]:
                q += 1
            if k < q < n and not toks[q].soft_gap and doc.text[toks[q - 1].end:toks[q].start].strip() == "،" \
                    and q in pm and pm[q][1][0] in ("rank", "honorific"):
                k = q
                continue
        if any(v in w["stops"] for v, _ in toks[k].variants[:1]) and toks[k].key not in ("ال",):
            break
        break
    owner = _possessor(doc, i)
    if owner is not None and titles and titles[0][1] is None:
        titles[0][1] = owner       # "Saab's president", "the FMV's director general"
    return {"end": k, "rank": rank, "titles": titles, "adjs": adjs, "counterpart": counterpart, "dual": dual,
            "start": i}


def _own_ministry(doc: Doc, lx: Lexicon, titles: list, iso: str, lo: int, hi: int) -> None:
    """A generic "Ministry of Defence" inside a holder's title that was given the home state for want
    of another is the holder's own state's ministry ("the Indian delegation was led by Joint Secretary,
    Ministry of Defence X")."""
    from foedus.loaders.extract.entities import org_for_state
    for (a, b), dept in list(doc.guessed_bodies.items()):
        old = doc.taken[a]
        if not (lo <= a < hi) or old is None or doc.ents[old].meta.get("country") == iso:
            continue
        if not any(t[1] == old for t in titles):
            continue
        new = org_for_state(doc, lx, iso, "ministry", dept)
        for m in doc.mentions:
            if m.ent == old and m.i == a:
                m.ent = new
                doc.ents[new].alias(doc.text[m.start:m.end])
                doc.ents[new].first = min(doc.ents[new].first, m.start)
        for q in range(a, b):
            doc.taken[q] = new
        for t in titles:
            if t[1] == old:
                t[1] = new
        del doc.guessed_bodies[(a, b)]
        if not any(m.ent == old for m in doc.mentions) and \
                not any(o.target == old for q in doc.persons for o in q.offices):
            del doc.ents[old]


def _apposed_body_or_state(doc: Doc, k: int) -> bool:
    """After a title and a comma, a body or a state that the title belongs to, followed by a comma or by
    the holder's rank or name (never the end of the sentence)."""
    eid = doc.taken[k]
    if doc.meta_state[k]:
        return True
    return bool(eid and eid in doc.ents and doc.ents[eid].type in ("Organization", "Firm"))


def _portfolio_end(doc: Doc, k: int) -> int:
    """The index after a portfolio's capitalised words and their links ("Strategic Assessments and
    International Affairs")."""
    toks = doc.tokens
    n = len(toks)
    end = k
    while k < n and toks[k].soft_gap and not doc.taken[k] and not doc.meta_state[k]:
        if toks[k].upper and not toks[k].allcaps:
            end = k + 1
        elif toks[k].key not in ("and", "of", "the", "&"):
            break
        k += 1
    return end


def _paren_acronym(doc: Doc, k: int) -> bool:
    """Token k is an acronym in parentheses: "(COAS)", "(CEMGA)"."""
    toks = doc.tokens
    if not toks[k].allcaps or k + 1 > len(toks):
        return False
    before = doc.text[toks[k - 1].end:toks[k].start].strip()
    after = doc.text[toks[k].end:toks[k + 1].start if k + 1 < len(toks) else len(doc.text)].strip()
    return before == "(" and after == ")"


def _conjoined(lx: Lexicon, t) -> bool:
    """"، والجنرال Y": a rank joined by "و" after a title chain opens the next person."""
    first = t.variants[0][0]
    return t.arabic and first.startswith("و") and not lx.person_m._index.get(first)


def _possessor(doc: Doc, i: int) -> str | None:
    """The firm or body in the possessive right before a title ("Saab's president")."""
    toks = doc.tokens
    if i < 2 or toks[i - 1].key != "s" or doc.text[toks[i - 2].end:toks[i - 1].start] not in ("'", "’"):
        return None
    eid = doc.taken[i - 2]
    if eid and eid in doc.ents and doc.ents[eid].type in ("Organization", "Firm"):
        return eid
    return None


def _org_inside(doc: Doc, i: int, j: int) -> str | None:
    """A body whose name starts inside a title ("chef d'état-major de la marine hellénique")."""
    for k in range(i, j):
        eid = doc.taken[k]
        if eid and eid in doc.ents and doc.ents[eid].type in ("Organization", "Firm") and \
                (k == i or doc.taken[k - 1] != eid):
            return eid
    return None


_GENERIC_FIRM = {"group", "groupe", "company", "co", "sa", "ltd", "limited", "inc", "corp", "corporation"}


def _body_after(doc: Doc, lx: Lexicon, title: str, k: int) -> tuple[str, int] | None:
    toks = doc.tokens
    n = len(toks)
    attach = (lx.titles.get(title) or {}).get("attach")
    if attach not in ("firm",):
        return None
    j = k
    while j < n and toks[j].key in ("of", "the", "de", "du", "des", "la", "l"):
        j += 1
    end = j
    while end < n and not toks[end].arabic and toks[end].upper and toks[end].soft_gap and not doc.taken[end] \
            and end - j < 4:
        end += 1
    if end == j:
        return None
    if end < n and toks[end].key in _GENERIC_FIRM and toks[end].soft_gap:
        end += 1
    core = [t.key for t in toks[j:end] if t.key not in _GENERIC_FIRM]
    eid = None
    for e in doc.ents.values():
        if e.type == "Firm" and e.meta.get("pattern") and core and \
                [t.key for t in tokenize(e.name)][:len(core)] == core:
            eid = e.id
            break
    if eid is None:
        name = doc.surface(j, end)
        eid = f"firm:{slug(name)}"
        doc.add(eid, "Firm", name, meta={"country": None, "pattern": True})
    doc.mention(eid, j, end, how="pattern")
    return eid, end


def _quote_gap(doc: Doc, k: int) -> bool:
    gap = doc.text[doc.tokens[k - 1].end:doc.tokens[k].start]
    return bool(gap) and set(gap) <= set(" «»\"“”'’-")


def _is_name_mention(doc: Doc, k: int) -> bool:
    return any(m.i <= k < m.j and m.how in ("name", "capital") for m in doc.mentions if m.cls == "State")


def _body_by_head(doc: Doc, k: int) -> str | None:
    key = doc.tokens[k].key
    best = None
    for m in doc.mentions:
        if m.start >= doc.tokens[k].start:
            break
        if m.cls in ("Organization", "Firm") and doc.tokens[m.i].key == key:
            best = m.ent
    return best


def _org_before(doc: Doc, i: int) -> str | None:
    lo, _ = doc.sent_range(doc.tok_sent[i])
    for k in range(i - 1, lo - 1, -1):
        eid = doc.taken[k]
        if eid and eid in doc.ents and doc.ents[eid].type in ("Organization", "Firm"):
            return eid
    return None


def _name_start_ok(doc: Doc, k: int, w: dict) -> bool:
    return k < len(doc.tokens) and _name(doc, k, w) is not None


def _names_next(doc: Doc, k: int, w: dict) -> bool:
    """A title closes on its holder's name, with no comma between: "Defence Secretary Y chaired", not
    "المفتش العام للقوات المسلحة الملكية، اجتماعا" (the appositive ends at the comma)."""
    if k >= len(doc.tokens) or k == 0 or not doc.tokens[k].soft_gap:
        return False
    span = _name(doc, k, w)
    return span is not None and span[1] - span[0] >= 2


def _name(doc: Doc, k: int, w: dict) -> tuple[int, int] | None:
    """A person's name starting at token k: (lo, hi) or None."""
    toks = doc.tokens
    n = len(toks)
    if k >= n or doc.taken[k] or doc.meta_state[k]:
        return None
    if toks[k].arabic:
        return _arabic_name(doc, k, w)
    out = k
    j = k
    while j < n and j - k < 6:
        t = toks[j]
        if j > k and (not t.soft_gap or doc.tok_sent[j] != doc.tok_sent[k] or t.text in _meta()):
            break
        if j > k and out == j and _place_surname(doc, j):
            out = j + 1      # "Carlos Mendoza": a surname that is also a town
            break
        if doc.taken[j] or doc.meta_state[j] or j in doc.person_lex:
            break
        if t.upper and not t.allcaps or (t.allcaps and len(t.text) == 1) or _initials_block(doc, j, k):
            out = j + 1
        elif j > k and t.text.islower() and doc.text[toks[j - 1].end:t.start] == "-" and out == j:
            out = j + 1     # "Lee Yong-bae"
        elif t.key in w["particles"] and j + 1 < n and toks[j + 1].upper:
            pass
        else:
            break
        j += 1
    if out == k or toks[k].key in w["particles"]:
        return None
    if toks[k].text in _meta() or any(toks[q].key in _BODY_WORDS or toks[q].key in w["not_names"]
                                      for q in range(k, out)):
        return None       # "Chief of the Defence Forces", "Commandant de la Zone Sud": a body, not a person
    return (k, out)


def _initials_block(doc: Doc, j: int, k: int) -> bool:
    """"Major General HPNK Jayapathirane": initials written as one capitalised block open a name,
    when a capitalised surname that is no title follows."""
    toks = doc.tokens
    t = toks[j]
    if j != k or not t.allcaps or not 2 <= len(t.text) <= 5 or not t.text.isalpha() or j + 1 >= len(toks):
        return False
    nxt = toks[j + 1]
    return nxt.upper and not nxt.allcaps and nxt.soft_gap and not doc.taken[j + 1] \
        and not doc.meta_state[j + 1] and (j + 1) not in doc.person_lex


_ARTICLES_BEFORE_BODY = {"de", "du", "des", "d", "la", "l", "of", "the"}


_BODY_WORDS = {"forces", "force", "army", "navy", "staff", "command", "ministry", "agency", "committee",
               "commission", "council", "directorate", "administration", "headquarters", "department", "armees",
               "ministere", "marine", "unit", "centre", "center", "guard", "corps", "office", "authority",
               "medal", "award", "cross"}     # "Vishisht Seva Medal": a decoration after the name


def _body_of(doc: Doc, hi: int) -> str | None:
    """The body in "NAME of the BODY" / "NAME, de la BODY" right after an officer's name."""
    toks = doc.tokens
    k = hi
    if k < len(toks) and doc.text[toks[k - 1].end:toks[k].start].strip() in (",", "،"):
        k += 1
    if k >= len(toks) or toks[k].key not in ("of", "de", "du", "des") or toks[k].arabic:
        return None
    for q in range(k + 1, min(k + 4, len(toks))):
        if not toks[q].soft_gap:
            return None
        eid = doc.taken[q]
        if eid and eid in doc.ents and doc.ents[eid].type in ("Organization", "Firm"):
            return eid
        if not (toks[q].key in ("the", "la", "l", "le", "les") or doc.meta_state[q]):
            return None
    return None


def _place_surname(doc: Doc, j: int) -> bool:
    """A one-word place right after a first name, with no preposition: a surname."""
    eid = doc.taken[j] or ""
    if not eid.startswith("place:") or not doc.tokens[j].upper:
        return False
    return any(m.ent == eid and m.i == j and m.j == j + 1 for m in doc.mentions) and \
        (j + 1 >= len(doc.tokens) or doc.taken[j + 1] != eid)


def _release_places(doc: Doc, lo: int, hi: int, pid: str) -> None:
    """Give a person the tokens of a place wrongly read inside the name; drop the place if unused."""
    for k in range(lo, hi):
        eid = doc.taken[k]
        if not eid or not eid.startswith("place:"):
            continue
        doc.mentions = [m for m in doc.mentions if not (m.ent == eid and m.i == k)]
        doc.taken[k] = pid
        rest = [m.start for m in doc.mentions if m.ent == eid]
        doc.ents[eid].first = min(rest) if rest else 1 << 30


@lru_cache(maxsize=1)
def _meta() -> frozenset[str]:
    from foedus.loaders.extract.lexicon import lexicon
    lx = lexicon()
    words = set(_strings(lx.cues.get("meta") or {}))
    cal = lx.calendar
    for spec in (cal.get("months") or {}).values():
        words.update(w[:1].upper() + w[1:] for w in _strings(spec))
    for spec in (cal.get("weekdays") or {}).values():
        words.update(w[:1].upper() + w[1:] for w in _strings(spec))
    return frozenset(words)


def _arabic_name(doc: Doc, k: int, w: dict, conj: bool = False) -> tuple[int, int] | None:
    toks = doc.tokens
    n = len(toks)
    j = k
    count = 0
    tail = False
    # right after a rank or honorific, "علي" is Ali, not "على" (on)
    titled = k - 1 in doc.person_lex_kind and doc.person_lex_kind[k - 1] in ("rank", "honorific")
    while j < n and count < 5:
        t = toks[j]
        if j > k and (not t.soft_gap or doc.tok_sent[j] != doc.tok_sent[k]):
            break
        if not t.arabic or doc.taken[j] or doc.meta_state[j] or _not_name(t, w):
            break      # "محمد بريد سلم": a name ends at a verb, a preposition or a common noun
        raw = fold(t.text)
        if (raw in w["stops"] and not (j == k and titled and raw in _NAME_LIKE_STOPS)) or \
                (not tail and (t.key in w["stops"] and not (j == k and titled and t.key in _NAME_LIKE_STOPS)
                               or t.key in w["led_by"])) or j in doc.person_lex:
            break      # after a name, "الصباح،" is the family Al-Sabah, not "morning
        if j == k and raw.startswith(("وال", "فال")):
            return None
        if j == k and raw.startswith("ال"):
            # a first name may carry the article (السعيد، الحسن) right after a rank or honorific
            ranked = k - 1 in doc.person_lex_kind and doc.person_lex_kind[k - 1] in ("rank", "honorific")
            nxt = toks[k + 1] if k + 1 < n else None
            if not ranked or nxt is None or not nxt.arabic or fold(nxt.text).startswith("ال") or not nxt.soft_gap:
                return None
            count += 1
            j += 1
            continue
        if j > k and raw.startswith("و") and count >= 2:
            break
        if j == k and raw.startswith("و") and len(raw) > 3 and t.variants[-1][1] == "و" and not conj:
            return None
        if j == k and conj:
            raw = raw[1:]
        count += 1
        j += 1
        if raw.startswith("ال") and raw != "ال" and count >= 2 and fold(toks[j - 2].text) not in w["particles"]:
            if count < 4 and _nisba_tail(doc, j, w):
                tail = True
                continue     # "محمد الهادي القاسمي،": a family name (nisba) closing the name before a comma
            break
        tail = False
    while j - k >= 2 and toks[j - 1].key in w["particles"]:
        j -= 1     # "خالد بن سالم آل" cut by the line's end: the particle opens a name that is not there
    if j == k:
        return None
    if j - k == 1 and fold(toks[k].text).startswith("ال"):
        return None
    return (k, j)


_NAME_LIKE_STOPS = {"علي"}


def _nisba_tail(doc: Doc, j: int, w: dict) -> bool:
    toks = doc.tokens
    if j >= len(toks) or not toks[j].arabic or not toks[j].soft_gap or doc.taken[j] or doc.meta_state[j]:
        return False
    raw = fold(toks[j].text)
    if not raw.startswith("ال") or raw in w["stops"] or j in doc.person_lex:
        return False
    if not raw.endswith("ي") and not (j + 1 < len(toks) and doc.text[toks[j].end:toks[j + 1].start].strip()
                                       in (",", "،")):
        return False      # a family name with the article ("فهد اليوسف الصباح،") only right before a comma
    return j + 1 >= len(toks) or not toks[j + 1].soft_gap


def _register(doc: Doc, lx: Lexicon, persons: dict, order: list, lo: int, hi: int, chain: dict,
              w: dict, pm: dict, prefix: str = "") -> Person | None:
    toks = doc.tokens
    name = doc.surface(lo, hi).strip(" ,")
    if prefix:
        name = doc.text[doc._strip_prefix(lo, prefix):toks[hi - 1].end]
    keys = tuple(t.key for t in toks[lo:hi])
    known = _known(persons, keys)
    if known is None and hi - lo >= 2:
        head = _known(persons, keys[:1])
        if head is not None and keys[0] == head.tokens[-1]:
            known, hi = head, lo + 1
            keys = keys[:1]
    if known is None and hi - lo < 2:
        return None
    sent = doc.tok_sent[lo]
    if known is None:
        eid = f"person:{slug(name)}"
        p = Person(eid, name, tokens=keys)
        persons[eid] = p
        order.append(p)
        doc.add(eid, "Person", name)
    else:
        p = known
    _release_places(doc, lo, hi, p.eid)
    doc.mention(p.eid, lo, hi, how="name" if known is None else "surname", prefix=prefix)
    # appositive titles after the name: "محمد بريد، المفتش العام ... وقائد ..."
    titles = list(chain["titles"])
    adjs = list(chain["adjs"])
    k = hi
    n = len(toks)
    while k < n:
        gap = doc.text[toks[k - 1].end:toks[k].start].strip()
        if gap not in (",", "،"):
            alt = _clitic_title(doc, lx, k) if gap == "" else None
            if alt is not None:
                sub = _chain_from(doc, lx, pm, k, alt, w)
                if _name(doc, sub["end"], w) is not None or \
                        (k in pm and _name(doc, _chain(doc, lx, pm, k, w)["end"], w) is not None):
                    break     # "السيد X ووزير الدفاع الأمريكي Y": the title is Y's, who is named next
                titles.extend(sub["titles"])
                k = sub["end"]
                continue
            break
        k2 = k
        while k2 < n and k2 not in pm and (toks[k2].key in w["mods"] or toks[k2].key in ("و", "and", "et")):
            k2 += 1
        if k2 == k and k2 + 1 < n and k2 not in pm and doc.meta_state[k2] and not toks[k2].arabic and (k2 + 1) in pm \
                and pm[k2 + 1][1][0] == "title":
            k2 += 1       # "X, Vietnamese Deputy Minister of National Defence": the chain reads the adjective
        if k2 in pm and pm[k2][1][0] == "title":
            sub = _chain(doc, lx, pm, k2, w)
            if _names_next(doc, sub["end"], w):
                break     # "Colonel X, Defence Secretary Y chaired": the title is Y's, who is named next
            titles.extend(sub["titles"])
            adjs.extend(a for a in sub["adjs"] if a not in adjs)
            k = sub["end"]
            continue
        break
    p.told_until = k
    if not titles and chain["rank"]:
        body = _body_of(doc, hi)
        if body is not None:
            titles.append([None, body])      # "Maj. Gen. Per Ekholm of the Swedish Defence Materiel Administration"
    if chain["rank"] and not p.rank:
        p.rank = chain["rank"]
    if chain["counterpart"] and not titles:
        prev = next((q for q in reversed(order) if q is not p and q.offices), None)
        if prev is not None:
            titles = [[prev.offices[0].title, None]]
    nat = adjs[0] if adjs else None
    start = chain.get("start")
    if nat is None and start and start >= 2 and toks[start - 1].key == "s" and doc.meta_state[start - 2] \
            and doc.text[toks[start - 2].end:toks[start - 1].start] in ("'", "’"):
        nat = doc.meta_state[start - 2]      # "Kenya's Defence Cabinet Secretary X"
    if nat is None and start and toks[start - 1].key in ("and", "et", "و") and order:
        prev = order[-1] if order[-1] is not p else (order[-2] if len(order) > 1 else None)
        if prev is not None and prev.nationality and doc.tok_sent[start] == doc.tok_sent[lo]:
            nat = prev.nationality      # "Japanese Foreign Minister X and Defence Minister Y"
    if nat is None and start:
        nat = _listed_after(doc, order, p, start) or _delegation_before(doc, start)
    if nat is None:
        for _, tgt in titles:
            if tgt and tgt.startswith("state:"):
                nat = tgt.split(":", 1)[1]
                break
            if tgt and tgt in doc.ents and doc.ents[tgt].meta.get("country"):
                nat = doc.ents[tgt].meta["country"]
                break
    if nat and not p.nationality:
        p.nationality = nat
    if p.nationality:
        _own_ministry(doc, lx, titles, p.nationality, chain.get("start", lo), k)
    for key, tgt in titles:
        p.offices.append(Office(key, tgt, sent))
    ent = doc.ents[p.eid]
    if p.rank:
        ent.attributes["rank"] = lx.ranks[p.rank]["name"]
    if p.offices and "title" not in ent.attributes and p.offices[0].title in lx.titles:
        ent.attributes["title"] = lx.titles[p.offices[0].title]["name"]
    if p.nationality:
        ent.attributes["nationality"] = p.nationality
    return p


def _listed_after(doc: Doc, order: list, p: Person, start: int) -> str | None:
    """The nationality of the person before in a list split by semicolons ("attended by the Saudi
    Ambassador X; Chief of the General Staff Gen. Y; Assistant Minister Z"): one delegation's members."""
    toks = doc.tokens
    prev = next((q for q in reversed(order) if q is not p), None)
    if prev is None or not prev.nationality or start == 0:
        return None
    k = start
    while k > 1 and toks[k - 1].key in ("and", "the", "et", "le", "la", "و"):
        k -= 1                      # "...; and the Military Attaché Y"
    gap = doc.text[toks[k - 1].end:toks[k].start]
    if ";" not in gap and "؛" not in gap:
        return None
    own = [m for m in doc.mentions if m.ent == prev.eid and m.i < start]
    if not own or doc.tok_sent[own[-1].i] != doc.tok_sent[start]:
        return None
    return prev.nationality


_DELEGATION = {"delegation", "delegations", "وفد", "الوفد"}
_DELEGATION_LINKS = {"including", "led", "headed", "by", "was", "is", "were", "comprising", "with", "dont",
                     "conduite", "conduit", "par", "menee", "برئاسة", "يضم", "بقيادة", "of", "the", "members", "member"}


def _delegation_before(doc: Doc, start: int) -> str | None:
    """"the Argentine delegation including Defence Minister X", "la délégation malienne conduite par
    le ministre X": the delegation's state is its members'."""
    toks = doc.tokens
    lo = doc.sent_range(doc.tok_sent[start])[0]
    k = start - 1
    while k >= lo and start - k <= 6:
        if toks[k].key in _DELEGATION:
            for q in (k - 1, k + 1):
                if lo <= q < start and doc.meta_state[q]:
                    return doc.meta_state[q]
            return None
        if toks[k].key not in _DELEGATION_LINKS and not doc.meta_state[k]:
            return None
        k -= 1
    return None


def _clitic_title(doc: Doc, lx: Lexicon, k: int):
    t = doc.tokens[k]
    if not t.arabic or len(t.variants) < 2:
        return None
    for key, pre in t.variants[1:]:
        if pre == "و":
            nxt = doc.tokens[k + 1].key if k + 1 < len(doc.tokens) else ""
            entries = lx.person_m._index.get(key, []) + lx.person_m._index.get((key, nxt), [])
            for keys, _mode, _exact, payload in entries:
                if payload[0] == "title":
                    ok = all(k + x < len(doc.tokens) and doc.tokens[k + x].key == keys[x] for x in range(1, len(keys)))
                    if ok:
                        return (k + len(keys), payload)
    return None


def _chain_from(doc: Doc, lx: Lexicon, pm: dict, k: int, alt, w: dict) -> dict:
    j, payload = alt
    fake = dict(pm)
    fake[k] = (j, payload)
    return _chain(doc, lx, fake, k, w)


def _known(persons: dict, keys: tuple[str, ...]) -> Person | None:
    for p in persons.values():
        if keys == p.tokens or (len(keys) == 1 and keys[0] in (p.tokens[-1], p.tokens[0])):
            return p
        if len(keys) >= 2 and keys[-1] == p.tokens[-1] and keys[0] == p.tokens[0]:
            return p
        if 2 <= len(keys) < len(p.tokens) and p.tokens[-len(keys):] == keys:
            return p      # "M. Ould Biya", "Ben Romdhane": the family name of two words
    return None


def _surnames(doc: Doc, persons: dict, order: list, pm: dict, w: dict) -> None:
    if not order:
        return
    index: dict[object, Person] = {}
    for p in order:
        if len(p.tokens) >= 2:
            index.setdefault(p.tokens[-1], p)
            hyphen = "-" in p.name.split()[-1] if p.name.split() else False
            if len(p.tokens) >= 2 and (hyphen or len(p.tokens[0]) > 2):
                index.setdefault(("first", p.tokens[0]), p)
    toks = doc.tokens
    hon = {x for k, (j, pl) in pm.items() if pl[0] in ("honorific", "rank") for x in range(k, j)}
    for k, t in enumerate(toks):
        if doc.taken[k] or doc.meta_state[k]:
            continue
        if not t.arabic and not t.upper:
            continue
        if not t.arabic and ((k + 1 < len(toks) and toks[k + 1].upper and toks[k + 1].soft_gap
                              and doc.tok_sent[k + 1] == doc.tok_sent[k])
                             or (k > 0 and toks[k - 1].upper and t.soft_gap and k - 1 not in hon
                                 and doc.tok_sent[k - 1] == doc.tok_sent[k] and toks[k - 1].text not in _meta())):
            continue   # "Tata Aircraft Complex" is not Ratan Tata
        p = None
        for key, _ in t.variants:
            if key in index and len(key) > 2:
                p = index[key]
                break
            if ("first", key) in index and ((k - 1) in hon or any(k - 1 in range(a, b) for a, (b, _) in pm.items())
                                            or _hyphen_name(index[("first", key)])):
                p = index[("first", key)]
                break
        if p is None:
            continue
        doc.mention(p.eid, k, k + 1, how="surname", alias=False)


def _hyphen_name(p: Person) -> bool:
    parts = p.name.split()
    return len(parts) == 2 and "-" in parts[1]
