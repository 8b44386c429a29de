"""Persons: a name after a rank, title or honorific, or before an appositive title; later mentions
by surname resolve to the same person. Each person keeps rank, title and the bodies it serves."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from foedus.loaders.extract.context import Doc
from foedus.loaders.extract.lexicon import Lexicon, _strings
from foedus.loaders.extract.matcher import PhraseMatcher
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
    }


def _person_matches(doc: Doc, lx: Lexicon) -> dict[int, tuple]:
    out = {}
    for m in lx.person_m.find(doc.tokens):
        out[m.i] = (m.j, m.payload)
    return out


def find_persons(doc: Doc, lx: Lexicon) -> None:
    """Detect persons, their ranks and offices; record mentions and surname mentions."""
    w = _words(0)
    pm = _person_matches(doc, lx)
    toks = doc.tokens
    n = len(toks)
    persons: dict[str, Person] = {}
    order: list[Person] = []
    i = 0
    while i < n:
        if i in pm and not doc.taken[i]:
            chain = _chain(doc, lx, pm, i, w)
            k = chain["end"]
            if k < n and doc.text[toks[k - 1].end:toks[k].start].strip() == "," and (chain["titles"] or chain["rank"]):
                k2 = k
                while k2 < n and toks[k2].key in w["mods"] | {"m", "mme"}:
                    k2 += 1
                if _name_start_ok(doc, k2, w):
                    k = k2
            span = _name(doc, k, w)
            if span is None and k < n and toks[k].key in w["mods"]:
                span = _name(doc, k + 1, w)
            if span is not None:
                lo, hi = span
                p = _register(doc, lx, persons, order, lo, hi, chain, w, pm)
                if p is not None:
                    i = hi
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
        if toks[i].key in w["led_by"]:
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


def _chain(doc: Doc, lx: Lexicon, pm: dict, i: int, w: dict) -> dict:
    """Ranks, titles, honorifics and the nationalities and bodies named along them."""
    toks = doc.tokens
    n = len(toks)
    rank = None
    titles: list[list] = []     # [title key, target id or None]
    adjs: list[str] = []
    counterpart = False
    k = i
    while k < n:
        if k > i and not toks[k].soft_gap and not _quote_gap(doc, k):
            # a comma may separate the title from its body only in "..., PDG du groupe"
            break
        if k in pm:
            j, (kind, key) = pm[k]
            if kind == "rank":
                rank = rank or key
            elif kind == "title":
                titles.append([key, None])
            elif kind == "counterpart":
                counterpart = True
            k = j
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
        if key in w["preps"] or key in w["mods"] or key in ("و", "and", "et") or toks[k].allcaps and titles:
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
        if any(v in w["stops"] for v, _ in toks[k].variants[:1]) and toks[k].key not in ("ال",):
            break
        break
    return {"end": k, "rank": rank, "titles": titles, "adjs": adjs, "counterpart": counterpart}


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
        if j > k and not t.soft_gap:
            break
        if doc.taken[j] or doc.meta_state[j]:
            break
        if t.upper and not t.allcaps or (t.allcaps and len(t.text) == 1):
            out = j + 1
        elif t.key in w["particles"] and j + 1 < n and toks[j + 1].upper:
            pass
        else:
            break
        j += 1
    if out == k or toks[k].key in w["particles"]:
        return None
    if any(toks[x].text in _meta() for x in range(k, out)):
        return None
    return (k, out)


@lru_cache(maxsize=1)
def _meta() -> frozenset[str]:
    from foedus.loaders.extract.lexicon import lexicon
    lx = lexicon()
    words = set(_strings((lx.cues.get("meta") or {})))
    cal = lx.calendar
    for spec in (cal.get("months") or {}).values():
        words.update(w[:1].upper() + w[1:] for w in _strings(spec))
    for spec in (cal.get("weekdays") or {}).values():
        words.update(w[:1].upper() + w[1:] for w in _strings(spec))
    return frozenset(words)


def _arabic_name(doc: Doc, k: int, w: dict) -> tuple[int, int] | None:
    toks = doc.tokens
    n = len(toks)
    j = k
    count = 0
    while j < n and count < 5:
        t = toks[j]
        if j > k and not t.soft_gap:
            break
        if not t.arabic or doc.taken[j] or doc.meta_state[j]:
            break
        raw = fold(t.text)
        if raw in w["stops"] or t.key in w["stops"]:
            break
        if j > k and raw.startswith("و") and count >= 2:
            break
        if j == k and raw.startswith("و") and len(raw) > 3 and t.variants[-1][1] == "و":
            return None
        count += 1
        j += 1
        if raw.startswith("ال") and count >= 2 and fold(toks[j - 2].text) not in w["particles"]:
            break
    if count < 1:
        return None
    if count == 1 and fold(toks[k].text).startswith("ال"):
        return None
    return (k, j)


def _register(doc: Doc, lx: Lexicon, persons: dict, order: list, lo: int, hi: int, chain: dict,
              w: dict, pm: dict) -> Person | None:
    toks = doc.tokens
    name = doc.surface(lo, hi).strip(" ,")
    keys = tuple(t.key for t in toks[lo:hi])
    known = _known(persons, keys)
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
    doc.mention(p.eid, lo, hi, how="name" if known is None else "surname")
    # appositive titles after the name: "محمد بريد، المفتش العام ... وقائد ..."
    titles = list(chain["titles"])
    adjs = list(chain["adjs"])
    k = hi
    n = len(toks)
    while k < n and doc.text[toks[k - 1].end:toks[k].start].strip() in (",", "،", "") :
        k2 = k
        while k2 < n and (toks[k2].key in w["mods"] or toks[k2].key in ("و", "and", "et")):
            k2 += 1
        if k2 in pm and pm[k2][1][0] == "title":
            sub = _chain(doc, lx, pm, k2, w)
            titles.extend(sub["titles"])
            adjs.extend(a for a in sub["adjs"] if a not in adjs)
            k = sub["end"]
            continue
        if toks[k].variants[-1][1] == "و" and k in pm:
            sub = _chain(doc, lx, pm, k, w)
            titles.extend(sub["titles"])
            k = sub["end"]
            continue
        # "وقائد المنطقة الجنوبية": a clitic conjunction glued to the title
        alt = _clitic_title(doc, lx, k)
        if alt is not None:
            sub = _chain_from(doc, lx, pm, k, alt, w)
            titles.extend(sub["titles"])
            k = sub["end"]
            continue
        break
    if chain["rank"] and not p.rank:
        p.rank = chain["rank"]
    if chain["counterpart"] and not titles:
        prev = next((q for q in reversed(order) if q is not p and q.offices), None)
        if prev is not None:
            titles = [[prev.offices[0].title, None]]
    nat = adjs[0] if adjs else None
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
    for key, tgt in titles:
        p.offices.append(Office(key, tgt, sent))
    ent = doc.ents[p.eid]
    if p.rank:
        ent.attributes["rank"] = lx.ranks[p.rank]["name"]
    if p.offices and "title" not in ent.attributes:
        ent.attributes["title"] = lx.titles[p.offices[0].title]["name"]
    if p.nationality:
        ent.attributes["nationality"] = p.nationality
    return p


def _clitic_title(doc: Doc, lx: Lexicon, k: int):
    t = doc.tokens[k]
    if not t.arabic or len(t.variants) < 2:
        return None
    for key, pre in t.variants[1:]:
        if pre == "و":
            for keys, mode, exact, payload in lx.person_m._index.get(key, ()):
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
    return None


def _surnames(doc: Doc, persons: dict, order: list, pm: dict, w: dict) -> None:
    if not order:
        return
    index: dict[str, Person] = {}
    for p in order:
        if len(p.tokens) >= 2:
            index.setdefault(p.tokens[-1], p)
            hyphen = "-" in p.name.split()[-1] if p.name.split() else False
            if len(p.tokens) >= 2 and (hyphen or len(p.tokens[0]) > 2):
                index.setdefault(("first", p.tokens[0]), p)
    toks = doc.tokens
    hon = {k for k, (j, pl) in pm.items() if pl[0] in ("honorific", "rank")}
    for k, t in enumerate(toks):
        if doc.taken[k] or doc.meta_state[k]:
            continue
        if not t.arabic and not t.upper:
            continue
        p = None
        for key, pre in t.variants:
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
