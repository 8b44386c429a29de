"""Named things: states, places, firms, organisations, systems, domains - from the gazetteers and
from patterns (ministries and armed forces with a nationality, joint committees, acronyms, camps)."""
from __future__ import annotations

import re
from functools import lru_cache

from foedus.loaders.extract.context import Doc
from foedus.loaders.extract.lexicon import Lexicon, State, _strings
from foedus.loaders.extract.matcher import Match, PhraseMatcher
from foedus.loaders.extract.normalise import fold, slug, tokenize

__all__ = ["adjective_states", "ensure_state", "find_entities", "org_for_state", "state_of_token"]

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")


@lru_cache(maxsize=1)
def _tables(lx_id: int) -> dict:
    from foedus.loaders.extract.lexicon import lexicon
    lx = lexicon()
    c = lx.cues
    feats = {}
    for feat, words in (c.get("committee_features") or {}).items():
        for w in _strings(words):
            for t in tokenize(w):
                feats[t.key] = feat
    return {
        "heads": {t.key for w in _strings(c.get("committee_name_heads")) for t in tokenize(w)},
        "features": feats,
        "requires": {k: set(v) for k, v in (c.get("committee_requires") or {}).items()},
        "org_heads_en": {fold(w) for w in _strings((c.get("org_heads") or {}).get("en"))},
        "org_heads_fr": {fold(w) for w in _strings((c.get("org_heads") or {}).get("fr"))},
        "org_compl": {fold(w) for w in _strings(c.get("org_complements"))},
        "firm_heads": {t.key for w in _strings(c.get("firm_heads")) for t in tokenize(w)},
        "base_heads": {t.key for w in _strings(c.get("base_heads")) for t in tokenize(w)},
        "place_in": lx.words("place_in") | {"الي", "to", "near", "pres"},
        "host": {t.key for w in _strings((c.get("verbs") or {}).get("host")) for t in tokenize(w)}
                | {t.key for w in _strings((c.get("verbs") or {}).get("hold")) for t in tokenize(w)}
                | {t.key for w in _strings((c.get("events") or {}).get("visit")) for t in tokenize(w)},
        "meta": lx.words("meta"),
    }


def ensure_state(doc: Doc, lx: Lexicon, iso: str) -> str:
    """The id of a state entity, created on first use."""
    st: State | None = lx.states.get(iso)
    eid = f"state:{iso}"
    if eid not in doc.ents:
        name = st.name("en") if st else iso
        doc.add(eid, "State", name, iso2=iso, wikidata=st.wikidata if st else None)
    return eid


def _adjective(lx: Lexicon, iso: str, lang: str = "en") -> str:
    st = lx.states.get(iso)
    if st is None:
        return iso
    return st.adjective(lang) or st.name(lang)


def org_for_state(doc: Doc, lx: Lexicon, iso: str, family: str, branch: str) -> str:
    """A ministry or armed force of a state: the gazetteer's entry when there is one, else a stable new id."""
    words = {"defence": ("defen",), "foreign-affairs": ("foreign",), "interior": ("interior",),
             "armed_forces": ("armed forces", "army", "armée", "forces"), "navy": ("nav", "marine"),
             "air_force": ("air force", "air"), "army": ("army", "land")}.get(branch, (branch,))
    best = None
    for key, o in lx.orgs.items():
        if str(o.get("country") or "").upper() != iso:
            continue
        kind = o.get("kind")
        name = str(o.get("name", "")).lower()
        if family == "ministry" and kind == "ministry" and any(w in name for w in words):
            best = key
            break
        if family == "forces" and kind == "armed_forces":
            if branch == "armed_forces" and not o.get("part_of"):
                best = key
                break
            if branch != "armed_forces" and any(w in name for w in words) and o.get("part_of"):
                best = key
                break
    if best:
        eid = f"org:{best}"
        if eid not in doc.ents:
            o = lx.orgs[best]
            doc.add(eid, "Organization", o.get("name", best), wikidata=o.get("wikidata"),
                    attributes={"kind": o.get("kind")},
                    meta={"country": iso, "part_of": o.get("part_of"), "kind": o.get("kind")})
        return eid
    adj = _adjective(lx, iso)
    if family == "ministry":
        label = {"defence": "Ministry of Defence", "foreign-affairs": "Ministry of Foreign Affairs",
                 "interior": "Ministry of the Interior"}.get(branch, "Ministry")
        eid, kind = f"org:{iso.lower()}-ministry-of-{branch}", "ministry"
    else:
        label = {"armed_forces": "Armed Forces", "navy": "Navy", "air_force": "Air Force", "army": "Army"}[branch]
        eid, kind = f"org:{iso.lower()}-{branch.replace('_', '-')}", "armed_forces"
    doc.add(eid, "Organization", f"{adj} {label}", attributes={"kind": kind}, meta={"country": iso, "kind": kind})
    return eid


def state_of_token(doc: Doc, i: int) -> str | None:
    """The ISO code a state-like mention at token i refers to (name, adjective or capital)."""
    return doc.meta_state[i] if 0 <= i < len(doc.meta_state) else None


def adjective_states(doc: Doc, lo: int, hi: int) -> list[str]:
    """ISO codes named by state mentions (any kind) between tokens lo and hi, in order."""
    out: list[str] = []
    for k in range(max(0, lo), min(hi, len(doc.tokens))):
        iso = doc.meta_state[k]
        if iso and iso not in out:
            out.append(iso)
    return out


def find_entities(doc: Doc, lx: Lexicon, dateline_span: tuple[int, int] | None) -> None:
    """Gazetteer and pattern mentions of states, places, firms, organisations, systems and domains."""
    tabs = _tables(id(lx))
    toks = doc.tokens
    n = len(toks)
    matches = lx.entities.find(toks)
    common = lx.words("common_words")
    ranked = {h.j for h in lx.person_m.find(toks) if h.payload[0] in ("rank", "honorific")}
    for m in matches:
        kind, key = m.payload
        if m.j - m.i == 1 and toks[m.i].arabic and kind != "adj" and \
                any(v in common for v, _ in toks[m.i].variants if v == toks[m.i].variants[0][0] or _ == m.prefix):
            continue
        if m.j - m.i == 1 and toks[m.i].arabic and kind in ("firm", "place", "system") and m.i in ranked:
            continue      # "اللواء الركن سامي العدوان": a first name after a rank, not the firm SAMI
        if kind in ("place", "capital", "system", "firm") and m.j - m.i == 1 and not toks[m.i].arabic \
                and m.j < n and toks[m.j].upper and toks[m.j].soft_gap and not toks[m.j].allcaps \
                and doc.text[toks[m.i].end:toks[m.j].start] == " " and kind != "system":
            continue   # "Florence Parly": a first name, not the city
        if kind == "state" and doc.lang == "fr" and _noun_not_name(lx, toks, m.i, m.j):
            continue
        in_dateline = dateline_span is not None and dateline_span[0] <= toks[m.i].start < dateline_span[1]
        if kind == "place" and m.j - m.i == 1 and toks[m.i].arabic and not in_dateline and not _arabic_locative(doc, m):
            continue
        if kind in ("state", "adj"):
            eid = ensure_state(doc, lx, key)
            doc.mention(eid, m.i, m.j, how="name" if kind == "state" else "adj", prefix=m.prefix)
            for k in range(m.i, m.j):
                doc.meta_state[k] = key
        elif kind == "capital":
            _capital(doc, lx, m, key, tabs, dateline_span)
        elif kind == "place":
            p = lx.places[key]
            eid = f"place:{key}"
            doc.add(eid, "Place", _best_name(p.get("names"), key), wikidata=p.get("wikidata"),
                    attributes={"kind": p.get("kind", "city")},
                    meta={"country": str(p.get("country") or "").upper() or None})
            doc.mention(eid, m.i, m.j, prefix=m.prefix)
        elif kind == "firm":
            f = lx.firms[key]
            parent = lx.firms.get(f.get("parent") or "")
            if parent is not None and str(f.get("name", "")).startswith(str(parent.get("name", "\0")) + " ") \
                    and f"firm:{f['parent']}" in doc.ents:
                key, f = f["parent"], parent
            eid = f"firm:{key}"
            doc.add(eid, "Firm", f.get("name", key), wikidata=f.get("wikidata"),
                    meta={"country": str(f.get("country") or "").upper() or None, "parent": f.get("parent")})
            doc.mention(eid, m.i, m.j, prefix=m.prefix)
        elif kind == "org":
            o = lx.orgs[key]
            eid = f"org:{key}"
            doc.add(eid, "Organization", o.get("name", key), wikidata=o.get("wikidata"),
                    attributes={"kind": o.get("kind")},
                    meta={"country": str(o.get("country") or "").upper() or None,
                          "part_of": o.get("part_of"), "kind": o.get("kind")})
            doc.mention(eid, m.i, m.j, prefix=m.prefix)
        elif kind == "system":
            s = lx.systems[key]
            eid = f"system:{key}"
            doc.add(eid, "System", s.get("name", key), wikidata=s.get("wikidata"),
                    meta={"manufacturer": s.get("manufacturer"), "country": s.get("country")})
            j = m.j
            # a model number glued by a hyphen: "تشونغونغ-2", "Cheongung-II"
            if j < n and doc.text[toks[j - 1].end:toks[j].start] == "-" and \
                    (toks[j].key.isdigit() or toks[j].key in ("ii", "iii", "iv")) and len(toks[j].key) <= 3:
                j += 1
            doc.mention(eid, m.i, j, prefix=m.prefix)
        elif kind == "exercise":
            doc.exercise_hits.append(m)
            for k in range(m.i, m.j):
                doc.taken[k] = "exercise"
    _dateline_place(doc, lx, dateline_span)
    # a national body implies its state ("الجيش الأمريكي" names the United States)
    for e in list(doc.ents.values()):
        iso = e.meta.get("country") if e.type == "Organization" else None
        if iso and iso in lx.states and f"state:{iso}" not in doc.ents:
            ensure_state(doc, lx, iso)
            first = next((m for m in doc.mentions if m.ent == e.id), None)
            if first is not None:
                doc.mention(f"state:{iso}", first.i, first.j, how="implied", take=False, alias=False)
    _home_and_pair(doc, lx)
    _kingdom(doc, lx)
    _capital_phrases(doc, lx)
    _patterns(doc, lx, tabs)
    _near_places(doc)
    _event_places(doc, lx)
    _domains(doc, lx)


_EVENT_KINDS = {"visit", "exercise", "meeting", "session", "talks", "ceremony", "inauguration"}
_AFTER_PLACE = {"on", "last", "this", "where", "le", "ou", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
                "samedi", "dimanche", "from", "du", "in", "en", "during", "pendant", "lors"}


def _noun_not_name(lx: Lexicon, toks: list, i: int, j: int) -> bool:
    """"Réunion de la commission": a state name that is also a noun, read as the noun unless its article
    comes right before it and no complement right after it ("La Réunion", "l'île de la Réunion")."""
    if j - i != 1 or toks[i].arabic or toks[i].key not in lx.words("article_names"):
        return False
    after_article = i > 0 and toks[i].soft_gap and toks[i - 1].key in lx.words("article_name_articles")
    complement = j < len(toks) and toks[j].soft_gap and toks[j].key in lx.words("article_name_complements")
    return not after_article or complement


def _event_places(doc: Doc, lx: Lexicon) -> None:
    """"Omenda visited BATUK in Nanyuki on Wednesday", "l'exercice s'est déroulé à Kaédi, du ...": one or two
    capitalised words after "in"/"à" in a sentence about an event, closed by a date word or punctuation,
    name the place it was held."""
    toks = doc.tokens
    n = len(toks)
    event_sents = {doc.tok_sent[c.i] for c in doc.cues
                   if c.payload[0] == "event" or (c.payload[0] == "verb" and c.payload[1] in ("hold", "visit_to"))}
    if not event_sents:
        return
    meta = lx.words("meta")
    for k in range(1, n - 1):
        t = toks[k]
        if t.arabic or doc.tok_sent[k] not in event_sents or toks[k - 1].key not in ("in", "a", "at") \
                or toks[k - 1].text not in ("in", "à", "at"):
            continue
        if not t.upper or t.allcaps or doc.taken[k] or doc.meta_state[k] or t.key in meta or t.text in _meta_words(lx):
            continue
        j = k + 1
        if j < n and toks[j].upper and toks[j].soft_gap and not doc.taken[j] and not toks[j].allcaps \
                and toks[j].text not in _meta_words(lx):
            j += 1
        if j < n and toks[j].soft_gap and toks[j].key not in _AFTER_PLACE:
            continue
        if j < n and toks[j].soft_gap and toks[j].upper:
            continue
        name = doc.surface(k, j)
        eid = f"place:{slug(name)}"
        if eid not in doc.ents:
            doc.add(eid, "Place", name, attributes={"kind": "city"}, meta={"country": None})
        doc.mention(eid, k, j, how="pattern")
        doc.dynamic_names.append((name, eid))


def _meta_words(lx: Lexicon) -> frozenset[str]:
    from foedus.loaders.extract.people import _meta
    return _meta()


_NEAR_WORDS = {"pres", "near", "proximite", "outside", "قرب", "بالقرب", "nord", "sud", "ouest", "north", "south",
               "east", "west", "شمال", "جنوب", "شرق", "غرب", "northeast", "northwest", "southeast", "southwest"}
_AT_WORDS = {"a", "au", "in", "at", "to", "vers", "في", "الي"}
_AR_AREA = {"منطقه", "مدينه", "ميناء", "بلده", "قريه", "ولايه", "محافظه"}


def _near_places(doc: Doc) -> None:
    """"à Menzel Bourguiba, près de Bizerte", "in Nanyuki, north of Nairobi", "في منزل بورقيبة قرب بنزرت":
    a name set beside a known place by "near"/"north of" is a place in the same country."""
    toks = doc.tokens
    for m in [m for m in doc.mentions if m.cls in ("Place", "State") and m.how in ("name", "capital")]:
        k = m.i - 1
        while k >= 0 and m.i - k <= 3 and toks[k].key in ("de", "d", "du", "of", "from", "من", "la", "l", "the"):
            k -= 1
        if k < 1 or not any(v in _NEAR_WORDS for v, _ in toks[k].variants) or doc.tok_sent[k] != m.sent:
            continue
        near_at = k
        if toks[k].arabic:
            hi = k
        else:
            if toks[k].soft_gap:
                continue       # the comma before "près de" closes the name
            hi = k
            if toks[k - 1].key in ("a", "au", "just", "juste", "tout") and not toks[k - 1].soft_gap:
                hi = k - 1     # "à proximité de"
        lo = hi
        while lo > 0 and hi - lo < 3 and not doc.taken[lo - 1] and not doc.meta_state[lo - 1] \
                and doc.tok_sent[lo - 1] == m.sent and (toks[lo - 1].arabic or toks[lo - 1].upper) \
                and (lo == hi or toks[lo].soft_gap) and toks[lo - 1].key not in _AT_WORDS | _AR_AREA:
            lo -= 1
        if toks[hi - 1].arabic and lo > 0 and toks[lo - 1].key in _AR_AREA:
            lo_at = lo - 1      # "في منطقة توزلا قرب إسطنبول"
            if lo_at > 0 and any(v in _AT_WORDS for v, _ in toks[lo_at - 1].variants) or \
                    any(p in ("ب", "وب") for _, p in toks[lo_at].variants[1:]):
                name = doc.surface(lo, hi)
                eid = f"place:{slug(name)}"
                if eid not in doc.ents and lo < hi:
                    country = doc.ents[m.ent].meta.get("country") if m.cls == "Place" else doc.ents[m.ent].iso2
                    doc.add(eid, "Place", name, attributes={"kind": "city"}, meta={"country": country})
                    doc.mention(eid, lo, hi, how="pattern")
                    doc.dynamic_names.append((name, eid))
            continue
        if lo == hi or lo == 0 or not toks[lo].soft_gap:
            continue
        at = toks[lo - 1]
        if not any(v in _AT_WORDS for v, _ in at.variants) and not any(p.startswith(("ب", "وب")) for _, p in
                                                                        toks[lo].variants[1:2]):
            continue
        if toks[lo].arabic and near_at != hi:
            continue
        name = doc.surface(lo, hi)
        eid = f"place:{slug(name)}"
        if eid in doc.ents:
            continue
        country = doc.ents[m.ent].meta.get("country") if m.cls == "Place" else doc.ents[m.ent].iso2
        doc.add(eid, "Place", name, attributes={"kind": "city"}, meta={"country": country})
        doc.mention(eid, lo, hi, how="pattern")
        doc.dynamic_names.append((name, eid))


_AUX = {"has", "had", "a", "avait", "was", "is"}
_CAPITAL_NOUNS = {"capital", "capitale", "عاصمه"}


def _capital_phrases(doc: Doc, lx: Lexicon) -> None:
    """"the Swedish capital", "la capitale sénégalaise", "العاصمة المغربية": that state's capital city."""
    toks = doc.tokens
    n = len(toks)
    for k, t in enumerate(toks):
        if doc.taken[k] or not any(v in _CAPITAL_NOUNS for v, _ in t.variants):
            continue
        if t.arabic or t.key == "capitale":
            lo, hi, q = k, k + 1, k + 1
            if q >= n or not toks[q].soft_gap or not doc.meta_state[q] or not _is_adj(doc, q):
                continue
            iso = doc.meta_state[q]
            while hi < n and doc.meta_state[hi] == iso:
                hi += 1
        else:
            q = k - 1
            if q < 0 or not t.soft_gap or not doc.meta_state[q]:
                continue
            iso = doc.meta_state[q]
            lo, hi = q, k + 1
            while lo > 0 and doc.meta_state[lo - 1] == iso:
                lo -= 1
        st = lx.states.get(iso)
        cap = (st.capital or {}) if st is not None else {}
        if not cap.get("names"):
            continue
        name = _best_name(cap.get("names"), iso)
        eid = f"place:{slug(name)}"
        doc.add(eid, "Place", name, wikidata=cap.get("wikidata"), attributes={"kind": "city"},
                meta={"country": iso, "capital": True})
        pre = next((p for v, p in t.variants if v in _CAPITAL_NOUNS), "")
        doc.mention(eid, lo, hi, how="name", prefix=pre if lo == k else "", alias=False)
        for x in range(lo, hi):
            doc.taken[x] = eid


_AR_LOCATIVE = {"في", "الي", "من", "مدينه", "منطقه", "قرب", "شمال", "جنوب", "شرق", "غرب", "بمدينه", "ولايه",
                "اقليم", "اتجاه", "نحو", "قباله", "سواحل", "ساحل", "قاعده", "ميناء", "عند", "محافظه"}


def _arabic_locative(doc: Doc, m: Match) -> bool:
    """A one-word Arabic place name needs a preposition or a noun like مدينة before it."""
    if "ب" in m.prefix or m.prefix.endswith("ل") or m.prefix == "من":
        return True
    if m.i > 0 and doc.tokens[m.i - 1].key in _AR_LOCATIVE:
        return True
    # a list of places: "طانطان وأكادير وبنجرير"
    return m.prefix == "و" and m.i > 0 and doc.taken[m.i - 1] is not None and doc.taken[m.i - 1].startswith("place:")


def _best_name(names, fallback: str) -> str:
    if isinstance(names, dict):
        for lg in ("en", "fr", "ar"):
            v = _strings(names.get(lg))
            if v:
                return v[0]
    v = _strings(names)
    return v[0] if v else fallback


def _capital(doc: Doc, lx: Lexicon, m: Match, iso: str, tabs: dict, dateline_span) -> None:
    toks = doc.tokens
    st = lx.states.get(iso)
    prev = toks[m.i - 1].key if m.i > 0 else ""
    as_place = ("ب" in m.prefix or prev in tabs["place_in"] or prev in tabs["host"]
                or (dateline_span is not None and dateline_span[0] <= toks[m.i].start < dateline_span[1]))
    if not toks[m.i].arabic and m.i > 0 and prev in ("in", "at", "a", "to") and toks[m.i - 1].text in ("à",):
        as_place = True
    # "which Manila hosted", "que Paris a accueillie": the city that hosted
    after = [t.key for t in toks[m.j:m.j + 2] if t.soft_gap]
    if not toks[m.i].arabic and after and (after[0] in tabs["host"] or
                                           after[0] in _AUX and len(after) > 1 and after[1] in tabs["host"]):
        as_place = True
    # "Seoul's Defense Acquisition..." is the state, not the city
    if m.j < len(toks) and toks[m.j].key == "s" and doc.text[toks[m.j - 1].end:toks[m.j].start] in ("'", "’"):
        as_place = False
    sid = ensure_state(doc, lx, iso)
    if as_place and st is not None:
        cap = st.capital or {}
        name = _best_name(cap.get("names"), iso)
        eid = f"place:{slug(name)}"
        doc.add(eid, "Place", name, wikidata=cap.get("wikidata"), attributes={"kind": "city"},
                meta={"country": iso, "capital": True})
        doc.mention(eid, m.i, m.j, prefix=m.prefix)
    else:
        doc.mention(sid, m.i, m.j, how="capital", prefix=m.prefix, alias=False)  # a capital is not a name of its state
        for k in range(m.i, m.j):
            doc.meta_state[k] = iso


def _dateline_place(doc: Doc, lx: Lexicon, span) -> None:
    if not span:
        return
    toks = doc.tokens
    idx = [k for k, t in enumerate(toks) if span[0] <= t.start < span[1]]
    if not idx:
        return
    if any(doc.taken[k] for k in idx):
        return
    first = idx[0]
    # "VADODARA, Gujarat": the city is the part before the first comma
    last = first
    while last + 1 <= idx[-1] and toks[last + 1].soft_gap:
        last += 1
    name = " ".join(t.text.capitalize() if t.text.isupper() else t.text for t in toks[first:last + 1])
    eid = f"place:{slug(name)}"
    doc.add(eid, "Place", name, attributes={"kind": "city"}, meta={"country": None, "dateline": True})
    doc.mention(eid, first, last + 1)
    doc.ents[eid].alias(doc.surface(first, last + 1))
    doc.dynamic_names.append((name, eid))


def _home_and_pair(doc: Doc, lx: Lexicon) -> None:
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    for m in doc.mentions:
        if m.cls == "State":
            iso = doc.ents[m.ent].iso2
            w = {"name": 2.0, "capital": 2.0, "adj": 1.0}.get(m.how, 1.0)
            if m.start < doc.title_end:
                w *= 1.5
            scores[iso] = scores.get(iso, 0) + w
            first_seen.setdefault(iso, m.start)
        elif m.cls == "Place" and doc.ents[m.ent].meta.get("country"):
            iso = doc.ents[m.ent].meta["country"]
            scores[iso] = scores.get(iso, 0) + 1.0
            first_seen.setdefault(iso, m.start)
    home = None
    for m in doc.mentions:
        if m.cls == "Place" and doc.ents[m.ent].meta.get("dateline"):
            continue
    dl = [e for e in doc.ents.values() if e.type == "Place" and e.meta.get("dateline") is None
          and e.meta.get("capital") and e.first < doc.title_end + 200]
    for e in doc.ents.values():
        if e.type == "Place" and e.meta.get("country") and any(
                m.ent == e.id and doc.dateline_span and doc.dateline_span[0] <= m.start < doc.dateline_span[1]
                for m in doc.mentions):
            home = e.meta["country"]
    if home is None and scores:
        home = min(first_seen, key=lambda k: first_seen[k])
    ranked = sorted(scores, key=lambda k: (-scores[k], first_seen[k]))
    doc.home = home
    pair = ranked[:2]
    doc.pair = tuple(sorted(pair, key=lambda k: first_seen[k])) if len(pair) == 2 else tuple(pair)
    del dl


def _kingdom(doc: Doc, lx: Lexicon) -> None:
    """"المملكة" alone refers to the home state when that state is a kingdom."""
    home = doc.home
    st = lx.states.get(home or "")
    if st is None or not any(fold(n).startswith("المملكه") for n in st.names.get("ar", [])):
        return
    for k, t in enumerate(doc.tokens):
        if doc.taken[k] is None and any(v == "مملكه" for v, _ in t.variants):
            nxt = doc.tokens[k + 1] if k + 1 < len(doc.tokens) else None
            if nxt is not None and nxt.soft_gap and doc.meta_state[k + 1]:
                continue
            pre = next(p for v, p in t.variants if v == "مملكه")
            doc.mention(f"state:{home}", k, k + 1, how="capital", prefix=pre, alias=False)
            doc.meta_state[k] = home


def _patterns(doc: Doc, lx: Lexicon, tabs: dict) -> None:
    toks = doc.tokens
    cue_matches = lx.cue_m.find(toks)
    doc.cues = cue_matches
    for m in cue_matches:
        kind, val = m.payload
        if kind not in ("ministry", "forces") or any(doc.taken[k] for k in range(m.i, m.j)):
            continue
        iso, hi = _nationality(doc, m.i, m.j)
        guessed = False
        if iso is None and kind == "ministry":
            iso = _possessive(doc, m.i)
            guessed = iso is None
            iso = iso or doc.home
        elif iso is None and m.i >= 2 and toks[m.i - 1].key == "s" and doc.meta_state[m.i - 2] \
                and toks[m.i].upper:
            iso = doc.meta_state[m.i - 2]      # "Argentina's Air Force"
        if iso is None:
            continue
        eid = org_for_state(doc, lx, iso, "ministry" if kind == "ministry" else "forces", val)
        lo = m.i
        if lo > 0 and doc.meta_state[lo - 1] == iso and not toks[lo].arabic and toks[lo - 1].soft_gap:
            lo -= 1
        elif lo > 1 and toks[lo - 1].key == "s" and doc.meta_state[lo - 2] == iso:
            lo -= 2          # "Denmark's defence ministry"
        doc.mention(eid, lo, max(hi, m.j))
        if guessed:
            doc.guessed_bodies[(lo, max(hi, m.j))] = val
    _committees(doc, lx, tabs)
    _acronyms_and_heads(doc, lx, tabs)
    _ships(doc, lx)
    _system_anaphors(doc)


_SYSTEM_NOUNS = {"منظومه", "system", "systeme"}


def _system_anaphors(doc: Doc) -> None:
    """"المنظومة ذاتها", "the system": the system named last, when it was named before."""
    toks = doc.tokens
    last: str | None = None
    for k, t in enumerate(toks):
        eid = doc.taken[k]
        if eid and eid.startswith("system:"):
            last = eid
            continue
        if last is None or eid or t.key not in _SYSTEM_NOUNS:
            continue
        raw = fold(t.text)
        definite = raw.startswith(("ال", "لل", "بال", "وال")) or (k > 0 and toks[k - 1].key in ("the", "ce", "le"))
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if definite and (nxt is None or not nxt.soft_gap or not (doc.taken[k + 1] or "").startswith("system:")):
            pre = next((p for v, p in t.variants if v in _SYSTEM_NOUNS), "")
            doc.mention(last, k, k + 1, how="anaphor", alias=False, prefix=pre)


def _nationality(doc: Doc, i: int, j: int) -> tuple[str | None, int]:
    """A nationality right after (Arabic, French) or right before (English) a phrase."""
    toks = doc.tokens
    k = j
    # skip a parenthesised acronym: "armées (CEMGA) sénégalaises"
    while k < len(toks) and k < j + 3 and toks[k].allcaps and not doc.meta_state[k]:
        k += 1
    if k < len(toks) and doc.meta_state[k] and _is_adj(doc, k):
        end = k
        while end < len(toks) and doc.meta_state[end] == doc.meta_state[k]:
            end += 1
        return doc.meta_state[k], end
    if i > 0 and doc.meta_state[i - 1] and not toks[i].arabic and toks[i].soft_gap:
        return doc.meta_state[i - 1], j
    return None, j


def _is_adj(doc: Doc, k: int) -> bool:
    return any(m.i <= k < m.j and m.how in ("adj", "name") for m in doc.mentions if m.cls == "State")


_OF_WORDS = {"of", "the", "for", "at", "in"}


def _possessive(doc: Doc, i: int) -> str | None:
    """The state whose ministry a generic "Ministry of Defence" at token i is: the possessive or state
    adjective that opens its noun phrase ("Denmark's defence ministry", "Indonesia's Secretary General
    of the Ministry of Defence", "the Indonesian Secretary General of the Ministry"), if any.
    The phrase runs back over capitalised title words and "of"/"the", never over a comma or a verb."""
    toks = doc.tokens
    k = i
    while k > 0 and i - k < 8 and toks[k].soft_gap and not toks[k - 1].arabic:
        prev = k - 1
        if prev >= 1 and toks[prev].key == "s" and doc.meta_state[prev - 1]:
            return doc.meta_state[prev - 1]
        if doc.meta_state[prev] and _is_adj(doc, prev):
            return doc.meta_state[prev]
        if not (toks[prev].upper or toks[prev].key in _OF_WORDS) or doc.taken[prev]:
            break
        k = prev
    return None


_EVENT_HEADS = {"meeting", "summit", "conference", "talks", "exercise", "exercises", "forum", "show", "exhibition"}

# heads that name a joint body only with a qualifier of its kind ("Consultative Group", "Policy Dialogue")
_GROUP_HEADS = {"group", "groupe", "dialogue"}


def _committees(doc: Doc, lx: Lexicon, tabs: dict) -> None:
    """Joint bodies: a head noun with qualifiers and the two states' adjectives around it.
    Mentions that name no states ("اللجنة المشتركة") refer to a committee named elsewhere."""
    toks = doc.tokens
    heads, feats, requires = tabs["heads"], tabs["features"], tabs["requires"]
    found_all = []
    for i, t in enumerate(toks):
        hv = next(((v, p) for v, p in t.variants if v in heads), None)
        if hv is None:
            continue
        if doc.taken[i] and not doc.taken[i].startswith("org:"):
            continue
        gaz = doc.taken[i] if doc.taken[i] and doc.ents[doc.taken[i]].meta.get("kind") == "joint_committee" else None
        lo_s, hi_s = doc.sent_range(doc.tok_sent[i])
        found: set[str] = set()
        states: list[str] = []
        lo, hi = i, i + 1
        k = i - 1
        skipped = 0
        while k >= lo_s and k >= i - 6 and toks[k + 1].soft_gap and not toks[k].arabic:
            f = feats.get(toks[k].key)
            if f:
                found.add(f)
                lo = k
            elif doc.meta_state[k]:
                states.insert(0, doc.meta_state[k])
                lo = k
            elif toks[k].upper and toks[i].upper and skipped < 2 and not doc.taken[k]:
                skipped += 1          # "Joint Defence Committee"
            else:
                break
            k -= 1
        k = i + 1
        while k < hi_s and k <= i + 7 and toks[k].soft_gap:
            f = feats.get(toks[k].key) or next((feats[v] for v, _ in toks[k].variants if v in feats), None)
            if f:
                found.add(f)
                hi = k + 1
            elif doc.meta_state[k]:
                if doc.meta_state[k] not in states:
                    states.append(doc.meta_state[k])
                hi = k + 1
            elif toks[k].arabic and k + 1 < hi_s and toks[k + 1].soft_gap and (
                    feats.get(toks[k + 1].key) or doc.meta_state[k + 1]
                    or any(v in feats for v, _ in toks[k + 1].variants)):
                pass   # "اللجنة الاستشارية للدفاع المغربية": a complement between qualifiers and adjectives
            else:
                break
            k += 1
        kind = None
        for cand, req in sorted(requires.items(), key=lambda kv: -len(kv[1])):
            if req <= found:
                kind = cand
                break
        if gaz is None and (kind is None or (hv[0] in _GROUP_HEADS and not found - {"joint"})):
            continue      # "a bilateral dialogue", "the cooperation group": talks and firms, not bodies
        found_all.append((i, lo, hi, hv[1], gaz, kind, list(dict.fromkeys(states))))
    # first the committees that name their states, then the bare mentions
    named: list[tuple[int, str, str | None]] = []
    for i, lo, hi, pre, gaz, kind, states in found_all:
        if gaz is None and len(states) < 2:
            continue
        eid = gaz or _committee_entity(doc, lx, kind, states)
        if gaz and len(states) >= 2:
            doc.ents[eid].meta["members"] = states[:2]
        elif gaz and not doc.ents[eid].meta.get("members"):
            doc.ents[eid].meta["members"] = list(doc.pair)
        named.append((i, eid, kind))
        _committee_mention(doc, lx, eid, lo, hi, pre)
    for i, lo, hi, pre, gaz, kind, states in found_all:
        if gaz is not None or len(states) >= 2:
            continue
        same = [x for x in named if x[2] == kind] or ([x for x in named] if kind == "jc" else [])
        if same:
            before = [x for x in same if x[0] < i]
            eid = (before[-1] if before else same[0])[1]
        else:
            members = list(dict.fromkeys(states + list(doc.pair)))[:2]
            if len(members) < 2:
                continue
            eid = _committee_entity(doc, lx, kind, members)
            named.append((i, eid, kind))
        _committee_mention(doc, lx, eid, lo, hi, pre)


def _committee_entity(doc: Doc, lx: Lexicon, kind: str | None, states: list[str]) -> str:
    pair = sorted(states[:2])
    eid = f"org:{kind}-{pair[0].lower()}-{pair[1].lower()}"
    if eid not in doc.ents:
        spec = (lx.cues.get("committees") or {}).get(kind) or {}
        adjs = "-".join(_short_adjective(lx, x) for x in states[:2])
        doc.add(eid, "Organization", f"{adjs} {spec.get('name', 'Joint Committee')}",
                attributes={"kind": "joint_committee"}, meta={"kind": "joint_committee", "members": states[:2]})
    for x in states[:2]:
        ensure_state(doc, lx, x)
    return eid


def _short_adjective(lx: Lexicon, iso: str) -> str:
    st = lx.states.get(iso)
    adjs = (st.adjectives.get("en") if st else None) or []
    return min(adjs, key=len) if adjs else _adjective(lx, iso)


def _committee_mention(doc: Doc, lx: Lexicon, eid: str, lo: int, hi: int, pre: str) -> None:
    for k2 in range(lo, hi):
        if doc.taken[k2] == eid or (doc.taken[k2] or "").startswith("state:"):
            doc.taken[k2] = None
    doc.mention(eid, lo, hi, prefix=pre)


@lru_cache(maxsize=1)
def _ship_words(_: int) -> tuple[frozenset[str], PhraseMatcher]:
    from foedus.loaders.extract.lexicon import lexicon
    spec = lexicon().cues.get("ships") or {}
    nouns: PhraseMatcher = PhraseMatcher(case_sensitive_names=False)
    nouns.add_all(_strings(spec.get("nouns")), "ship")
    return frozenset(str(p) for p in _strings(spec.get("prefixes"))), nouns


def _ships(doc: Doc, lx: Lexicon) -> None:
    """Named warships: "HMS Trent", "KNS Jasiri", "la frégate Forbin", "الفرقاطة «الجلالة»" (Systems)."""
    prefixes, nouns = _ship_words(0)
    toks = doc.tokens
    n = len(toks)
    k = 0
    while k < n:
        t = toks[k]
        if doc.taken[k]:
            k += 1
            continue
        lo = hi = None
        if t.text in prefixes and k + 1 < n and toks[k + 1].upper and toks[k + 1].soft_gap and not doc.taken[k + 1]:
            lo, hi = k, _name_end(doc, k + 1)
            short = doc.surface(k + 1, hi)
        else:
            m = nouns.match_at(toks, k)
            if m is not None and m.j < n and not doc.taken[m.j]:
                gap = doc.text[toks[m.j - 1].end:toks[m.j].start]
                if "«" in gap or "\"" in gap or "“" in gap:
                    end = m.j
                    while end < n and end - m.j < 4 and (end == m.j or toks[end].soft_gap) and not doc.taken[end]:
                        end += 1
                    lo, hi = m.j, end
                elif gap == " " and toks[m.j].upper and not toks[m.j].arabic and not doc.meta_state[m.j]:
                    lo, hi = m.j, _name_end(doc, m.j)
            if lo is not None and hi is not None:
                # "the patrol vessel HMS Trent": the name without its prefix is the short form
                short = doc.surface(lo + 1 if toks[lo].text in prefixes and hi - lo > 1 else lo, hi)
        if lo is None or hi is None:
            k += 1
            continue
        k = _add_ship(doc, lo, hi, short)
        # "الفرقاطتين «الجلالة» و«برنيس»", "HMS Trent and HMS Tamar": the next ones of a list
        while k + 1 < n and not doc.taken[k] and not doc.taken[k + 1] and toks[k].key in ("and", "et", "و") \
                and "«" in doc.text[toks[k].end:toks[k + 1].start]:
            j = k + 1
            end = j + 1
            while end < n and end - j < 4 and toks[end].soft_gap and not doc.taken[end]:
                end += 1
            k = _add_ship(doc, j, end, doc.surface(j, end))


def _add_ship(doc: Doc, lo: int, hi: int, short: str, prefix: str = "") -> int:
    eid = f"system:ship-{slug(short)}"
    ent = doc.add(eid, "System", doc.surface(lo, hi), attributes={"category": "ship"}, meta={"ship": True})
    ent.alias(short)
    doc.mention(eid, lo, hi, prefix=prefix)
    return hi


def _name_end(doc: Doc, k: int) -> int:
    """The end of a capitalised name starting at k (up to four words, "de" allowed inside)."""
    toks = doc.tokens
    end = k + 1
    while end < len(toks) and end - k < 4 and toks[end].soft_gap and not doc.taken[end] and not toks[end].arabic:
        if toks[end].upper and not doc.meta_state[end]:
            end += 1
        elif toks[end].key in ("de", "du", "of") and end + 1 < len(toks) and toks[end + 1].upper:
            end += 2
        else:
            break
    return end


def _acronyms_and_heads(doc: Doc, lx: Lexicon, tabs: dict) -> None:
    toks = doc.tokens
    text = doc.text
    n = len(toks)
    # "Full Name (ACR)": the acronym becomes an alias of the entity just before it, or names a new body
    for k in range(1, n):
        t = toks[k]
        if not _ACRONYM.match(t.text) or doc.taken[k]:
            continue
        before = text[toks[k - 1].end:t.start]
        after = text[t.end:t.end + 1]
        if "(" not in before or after != ")":
            continue
        prev_ent = doc.taken[k - 1]
        if prev_ent and prev_ent in doc.ents and doc.ents[prev_ent].type in ("Organization", "Firm", "System"):
            doc.mention(prev_ent, k, k + 1, how="acronym")
            doc.dynamic_names.append((t.text, prev_ent))
            continue
        # initials of the capitalised words before: École nationale ... à vocation régionale (ENVR)
        j = k - 1
        words: list[int] = []
        absorbed: str | None = None
        while j >= 0 and len(words) < 8 and doc.tok_sent[j] == doc.tok_sent[k]:
            if doc.taken[j] and not (doc.taken[j] or "").startswith("state:"):
                # "British Army Training Unit Kenya (BATUK)": a body named inside the longer name
                inner = doc.taken[j]
                q = j
                while q > 0 and doc.taken[q - 1] == inner:
                    q -= 1
                wider = list(range(q, j + 1)) + words
                if inner in doc.ents and doc.ents[inner].type in ("Organization", "Firm") and \
                        toks[q].upper and _initials_fit(toks, wider, t.text):
                    words, absorbed = wider, inner
                break       # a name ends where another entity's does
            words.insert(0, j)
            if toks[j].upper and _initials_fit(toks, words, t.text):
                break
            if j < k - 1 and not toks[j + 1].soft_gap:
                break
            j -= 1
        if not words or not toks[words[0]].upper or not _initials_fit(toks, words, t.text):
            continue
        if toks[words[-1]].key in _EVENT_HEADS:
            continue       # "Defence Ministers' Meeting (ANZDMM)" is a meeting (events.py), not a body
        name = doc.surface(words[0], words[-1] + 1)
        iso = None
        if absorbed is not None:
            iso = doc.ents[absorbed].meta.get("country")
            doc.mentions = [m for m in doc.mentions if not (m.ent == absorbed and words[0] <= m.i <= words[-1])]
            for w in words:
                if doc.taken[w] == absorbed:
                    doc.taken[w] = None
            rest = [m.start for m in doc.mentions if m.ent == absorbed]
            doc.ents[absorbed].first = min(rest) if rest else 1 << 30
        for w in words:
            if doc.meta_state[w] and iso is None:
                iso = doc.meta_state[w]
                break
        firmish = any(toks[w].key in ("limited", "ltd", "inc", "sa", "group", "corporation", "company") for w in words)
        etype, prefix = ("Firm", "firm") if firmish else ("Organization", "org")
        eid = f"{prefix}:{slug(t.text if etype == 'Organization' else name)}"
        doc.add(eid, etype, name, attributes={} if firmish else {"kind": "other"},
                meta={"country": iso or doc.home, "kind": "other"})
        doc.mention(eid, words[0], words[-1] + 1, how="pattern")
        doc.mention(eid, k, k + 1, how="acronym")
        doc.dynamic_names.append((t.text, eid))
    # "the Armament Agency": capitalised words ending with a head noun (English)
    heads_en = tabs["org_heads_en"]
    in_title = _title_tokens(doc, lx)
    for k in range(n):
        t = toks[k]
        if t.arabic or doc.taken[k] or t.key not in heads_en or not t.upper or k in in_title:
            continue      # "Chief of Army Staff" is an office, not a body called "Army Staff"
        j = k
        while j - 1 >= 0 and toks[j - 1].upper and not doc.taken[j - 1] and toks[j].soft_gap \
                and toks[j - 1].text not in tabs["meta"] and not toks[j - 1].allcaps:
            j -= 1
        if j == k:
            continue
        name = doc.surface(j, k + 1)
        eid = f"org:{slug(name)}"
        doc.add(eid, "Organization", name, attributes={"kind": "agency"},
                meta={"country": doc.home, "kind": "agency"})
        doc.mention(eid, j, k + 1, how="pattern")
    # French: "commandement pour l'Afrique", "camp Geille"; Arabic and French firms: شركة «X», la société X
    for k in range(n - 1):
        t = toks[k]
        if doc.taken[k]:
            continue
        if not t.arabic and t.key in tabs["org_heads_fr"] and not t.upper:
            j = k + 1
            if j < n and toks[j].key in tabs["org_compl"] or (j < n and toks[j].key == "l"):
                while j < n and toks[j].key in tabs["org_compl"] | {"l", "la"}:
                    j += 1
                if j < n and toks[j].upper and not doc.taken[j] and not doc.meta_state[j]:
                    name = doc.surface(k, j + 1)
                    eid = f"org:{slug(name)}"
                    doc.add(eid, "Organization", name, attributes={"kind": "command"},
                            meta={"country": None, "kind": "command"})
                    doc.mention(eid, k, j + 1, how="pattern")
                    continue
        if _base_after_name(doc, k, tabs):
            continue
        if t.key in tabs["base_heads"] and t.arabic:
            _arabic_base(doc, k)
            continue
        if t.key in tabs["base_heads"] and not t.arabic:
            j = k + 1
            while j < n and (toks[j].key in _BASE_ADJ or toks[j].key.isdigit()) and toks[j].soft_gap:
                j += 1       # "base aérienne 104 d'Al Dhafra", "base navale de Toulon"
            while j < n and toks[j].key in ("de", "d", "du"):
                j += 1
            known = doc.taken[j] if j < n and j > k + 1 and doc.tok_sent[j] == doc.tok_sent[k] else None
            if known and known.startswith("place:"):
                q = j
                while q < n and doc.taken[q] == known:
                    q += 1
                doc.ents[known].alias(doc.surface(k, q))      # "base navale de Toulon"
                continue
            if j < n and toks[j].upper and not toks[j].allcaps and toks[j].soft_gap and not doc.taken[j] \
                    and doc.tok_sent[j] == doc.tok_sent[k]:
                end = j + 1
                while end < n and toks[end].upper and toks[end].soft_gap and not doc.taken[end] \
                        and doc.tok_sent[end] == doc.tok_sent[k] and toks[end].text not in tabs["meta"]:
                    end += 1
                name = doc.surface(k, end)
                name = name[:1].upper() + name[1:]
                eid = f"place:{slug(doc.surface(j, end))}"
                doc.add(eid, "Place", name, attributes={"kind": "base"}, meta={"country": None})
                doc.mention(eid, k, end, how="pattern")
                doc.dynamic_names.append((doc.surface(j, end), eid))
                continue
        if any(v in tabs["firm_heads"] for v, _ in t.variants):
            _firm_after(doc, lx, k)


def _title_tokens(doc: Doc, lx: Lexicon) -> set[int]:
    """Token indexes inside a title of office ("Chief of Defence Staff", "Director General")."""
    return {k for h in lx.person_m.find(doc.tokens) if h.payload[0] == "title" for k in range(h.i, h.j)}


_BASE_ADJ = {"aerienne", "navale", "aeronavale", "militaire", "logistique", "operationnelle", "avancee", "projetee",
             "interarmees", "de", "d"}
_BASE_TAILS = {("air", "base"), ("naval", "base"), ("air", "station"), ("naval", "station"), ("barracks",),
               ("training", "area"), ("air", "force", "base"), ("military", "base"), ("naval", "air", "station"),
               ("training", "centre"), ("training", "center"), ("garrison",)}
_AR_BASE_ADJ = {"جويه", "بحريه", "عسكريه", "بريه", "الجويه", "البحريه", "العسكريه", "البريه"}


def _base_after_name(doc: Doc, k: int, tabs: dict) -> bool:
    """"Al Dhafra Air Base", "Kahawa Barracks", "Archers Post Training Area": a place named before its head."""
    toks = doc.tokens
    n = len(toks)
    t = toks[k]
    if t.arabic or not t.upper or doc.taken[k] or doc.meta_state[k] or t.text in tabs["meta"]:
        return False
    if k > 0 and toks[k - 1].upper and toks[k].soft_gap and not doc.taken[k - 1] \
            and doc.tok_sent[k - 1] == doc.tok_sent[k]:
        return False      # only at the start of a capitalised run
    j = k
    while j < n and j - k < 4 and toks[j].upper and (j == k or toks[j].soft_gap) and not doc.taken[j] \
            and not doc.meta_state[j]:
        for tail in _BASE_TAILS:
            if j > k and tuple(x.key for x in toks[j:j + len(tail)]) == tail and \
                    all(x.upper and x.soft_gap for x in toks[j:j + len(tail)]):
                end = j + len(tail)
                name = doc.surface(k, end)
                eid = f"place:{slug(doc.surface(k, j))}"
                doc.add(eid, "Place", name, attributes={"kind": "base"}, meta={"country": None})
                doc.mention(eid, k, end, how="pattern")
                doc.ents[eid].alias(doc.surface(k, j))
                doc.dynamic_names.append((doc.surface(k, j), eid))
                return True
        j += 1
    return False


def _arabic_base(doc: Doc, k: int) -> None:
    """"قاعدة الظفرة الجوية", "قاعدة محمد الخامس الجوية": a base named between its head and its kind."""
    toks = doc.tokens
    n = len(toks)
    j = k + 1
    while j < n and j - k <= 5 and toks[j].arabic and toks[j].soft_gap and not doc.taken[j] \
            and not doc.meta_state[j]:
        if j > k + 1 and any(v in _AR_BASE_ADJ for v, _ in toks[j].variants):
            name = doc.surface(k, j + 1)
            inner = doc.surface(k + 1, j)
            eid = f"place:{slug(inner)}"
            doc.add(eid, "Place", name, attributes={"kind": "base"}, meta={"country": None})
            doc.mention(eid, k, j + 1, how="pattern")
            doc.ents[eid].alias(inner)
            doc.dynamic_names.append((inner, eid))
            return
        j += 1


def _firm_after(doc: Doc, lx: Lexicon, k: int) -> None:
    toks = doc.tokens
    text = doc.text
    n = len(toks)
    j = k + 1
    if j >= n:
        return
    gap = text[toks[k].end:toks[j].start]
    if "«" in gap:
        end = j
        while end < n and "»" not in text[toks[end - 1].end:toks[end].start] and end - j < 6:
            end += 1
        if doc.taken[j] or end == j:
            return
        name = doc.surface(j, end)
    elif not toks[j].arabic and toks[j].upper and not doc.taken[j] and toks[j].text not in ("L",):
        end = j
        while end < n and toks[end].upper and toks[end].soft_gap and not doc.taken[end] and end - j < 4:
            end += 1
        name = doc.surface(j, end)
    else:
        return
    iso = doc.meta_state[end] if end < n else None
    eid = f"firm:{slug(name)}"
    doc.add(eid, "Firm", name, meta={"country": iso})
    doc.mention(eid, j, end, how="pattern")
    doc.dynamic_names.append((name, eid))


def _initials_fit(toks, idx: list[int], acr: str) -> bool:
    letters = [fold(toks[w].text[0]).upper() for w in idx if len(toks[w].text) > 2 or toks[w].upper]
    acr_l = [c for c in acr.upper() if c.isalpha()]
    if not letters or not acr_l or letters[0] != acr_l[0]:
        return False
    # the acronym is a subsequence of the initials, using the first and last capitalised words
    it = iter(letters)
    return all(c in it for c in acr_l) and len(acr_l) >= 2


def _domains(doc: Doc, lx: Lexicon) -> None:
    for m in lx.domain_m.find(doc.tokens):
        if any(doc.taken[k] and not doc.taken[k].startswith(("domain:", "system:")) for k in range(m.i, m.j)):
            continue
        c = lx.domains[m.payload]
        pref = c.get("prefLabel") or {}
        eid = f"domain:{m.payload}"
        doc.add(eid, "Domain", pref.get("en") or m.payload)
        doc.mention(eid, m.i, m.j, prefix=m.prefix)
