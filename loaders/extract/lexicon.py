"""Reference data for the extractor: gazetteers and lexicons from loaders/refdata, loaded once.

A missing or unreadable file counts as empty, so the extractor runs while reference
data is still being written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from foedus.loaders.extract.matcher import PhraseMatcher
from foedus.loaders.extract.normalise import fold, tokenize

__all__ = ["REFDATA", "Lexicon", "lexicon"]

REFDATA = Path(__file__).resolve().parent.parent / "refdata"
LANGS = ("en", "fr", "ar")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_COMMAND_HEADS = {"قياده"}
_DESIGNATOR = re.compile(r"^[A-Z]{1,4}-?\d{1,4}[A-Z]{0,3}$")


def _load(name: str) -> dict[str, Any]:
    path = REFDATA / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        out: list[str] = []
        for v in value.values():
            out.extend(_strings(v))
        return out
    if isinstance(value, (list, tuple)):
        out = []
        for v in value:
            out.extend(_strings(v))
        return out
    return [str(value)]


def _nisba_forms(adj: str) -> list[str]:
    """Inflections of an Arabic relative adjective (مغربي -> مغربية، مغربيين، مغربيون، مغربيات)."""
    base = adj.strip()
    if base.startswith("ال") and len(base) > 4:
        base = base[2:]
    forms = [base]
    if base.endswith("ي"):
        forms += [base + "ة", base + "ين", base + "ون", base + "ات", base + "ان", base + "تين"]
    elif base.endswith("ية"):
        stem = base[:-1]
        forms += [stem, stem + "ين", stem + "ون", stem + "ات"]
    return forms


@dataclass
class State:
    iso2: str
    wikidata: str | None
    names: dict[str, list[str]]
    adjectives: dict[str, list[str]]
    capital: dict[str, Any]

    def name(self, lang: str = "en") -> str:
        for lg in (lang, "en", "fr", "ar"):
            if self.names.get(lg):
                return self.names[lg][0]
        return self.iso2

    def adjective(self, lang: str = "en") -> str | None:
        vals = self.adjectives.get(lang) or []
        return vals[0] if vals else None


@dataclass
class Lexicon:
    """Everything the extractor looks up, with its matchers."""

    states: dict[str, State] = field(default_factory=dict)
    places: dict[str, dict] = field(default_factory=dict)
    firms: dict[str, dict] = field(default_factory=dict)
    orgs: dict[str, dict] = field(default_factory=dict)
    systems: dict[str, dict] = field(default_factory=dict)
    exercises: dict[str, dict] = field(default_factory=dict)
    domains: dict[str, dict] = field(default_factory=dict)
    ranks: dict[str, dict] = field(default_factory=dict)
    titles: dict[str, dict] = field(default_factory=dict)
    agreement_kinds: list[dict] = field(default_factory=list)
    cues: dict[str, Any] = field(default_factory=dict)
    calendar: dict[str, Any] = field(default_factory=dict)
    # matchers
    entities: PhraseMatcher = field(default_factory=PhraseMatcher)
    domain_m: PhraseMatcher = field(default_factory=PhraseMatcher)
    person_m: PhraseMatcher = field(default_factory=PhraseMatcher)      # ranks, titles, honorifics, counterpart
    agreement_m: PhraseMatcher = field(default_factory=PhraseMatcher)
    cue_m: PhraseMatcher = field(default_factory=PhraseMatcher)         # events, verbs, committees, forces...
    date_m: PhraseMatcher = field(default_factory=lambda: PhraseMatcher(case_sensitive_names=False))
    number_m: PhraseMatcher = field(default_factory=lambda: PhraseMatcher(case_sensitive_names=False))
    word_sets: dict[str, frozenset[str]] = field(default_factory=dict)

    def words(self, name: str) -> frozenset[str]:
        return self.word_sets.get(name, frozenset())


def _add_words(lx: Lexicon, name: str, phrases: list[str]) -> None:
    keys = set()
    for p in phrases:
        toks = tokenize(p)
        if len(toks) == 1:
            keys.add(toks[0].key)
    lx.word_sets[name] = frozenset(keys)


def _build() -> Lexicon:
    lx = Lexicon()
    em = lx.entities
    # --- states, adjectives, capitals
    for s in _load("states.yaml").get("states") or []:
        iso = str(s.get("iso2") or "").upper()
        if len(iso) != 2:
            continue
        names = {lg: _strings((s.get("names") or {}).get(lg)) for lg in LANGS}
        adjs_raw = s.get("adjectives") or {}
        adjs = {k: _strings(v) for k, v in adjs_raw.items()}
        cap = s.get("capital") or {}
        st = State(iso, s.get("wikidata"), names, adjs, cap if isinstance(cap, dict) else {})
        lx.states[iso] = st
        for n in _strings(s.get("names")):
            em.add(n, ("state", iso), strict_article=True)
        for lg in ("en", "fr", "fr_prefix"):
            for a in adjs.get(lg, []):
                em.add(a, ("adj", iso))
                if lg == "fr" and a[:1].islower():
                    em.add(a[:1].upper() + a[1:], ("adj", iso))
        for a in adjs.get("ar", []):
            for f in _nisba_forms(a):
                em.add(f, ("adj", iso))
                if fold(f).startswith("ال"):
                    # ألماني، ألباني: the stem's own alef-lam is read as an article, so the
                    # definite الألماني would key as the bare word; index it whole as well
                    em.add("ال" + f, ("adj", iso))
        for n in _strings(cap.get("names") if isinstance(cap, dict) else None):
            em.add(n, ("capital", iso), strict_article=True)
    # --- places, firms, organisations, systems, exercises
    for p in _load("places.yaml").get("places") or []:
        if p.get("key"):
            lx.places[p["key"]] = p
            for n in _strings(p.get("names")):
                em.add(n, ("place", p["key"]), strict_article=True)
    for f in _load("firms.yaml").get("firms") or []:
        if f.get("key"):
            lx.firms[f["key"]] = f
            em.add_all([f.get("name", "")] + _strings(f.get("aliases")), ("firm", f["key"]), strict_article=True)
    for o in _load("organizations.yaml").get("organizations") or []:
        if o.get("key"):
            lx.orgs[o["key"]] = o
            org_names = [o.get("name", "")] + _strings(o.get("aliases"))
            em.add_all(org_names, ("org", o["key"]), strict_article=True)
            # "قائد المنطقة الجنوبية": a command is often named without its head word
            for n in org_names:
                toks = tokenize(n)
                if len(toks) >= 3 and toks[0].key in _COMMAND_HEADS:
                    em.add(n[toks[1].start:], ("org", o["key"]))
    designators: dict[str, set[str]] = {}
    for s in _load("systems.yaml").get("systems") or []:
        if s.get("key"):
            lx.systems[s["key"]] = s
            sys_names = [s.get("name", "")] + _strings(s.get("aliases"))
            em.add_all(sys_names, ("system", s["key"]), strict_article=True)
            for n in sys_names:
                words = str(n).split()
                # English plural of a designation: "K2 tank" -> "K2 tanks"
                if len(words) >= 2 and words[-1].isalpha() and words[-1].islower() and not words[-1].endswith("s"):
                    em.add(str(n) + "s", ("system", s["key"]))
                # a model designation alone: "K2 Black Panther" -> "K2", "AH-64E Apache" -> "AH-64E"
                if words and _DESIGNATOR.match(words[0]):
                    designators.setdefault(words[0], set()).add(s["key"])
    for code, keys in designators.items():
        if len(keys) == 1:
            em.add(code, ("system", next(iter(keys))))
    for x in _load("exercises.yaml").get("exercises") or []:
        if x.get("key"):
            lx.exercises[x["key"]] = x
            em.add_all([x.get("name", "")] + _strings(x.get("aliases")), ("exercise", x["key"]), strict_article=True)
    # --- domains
    for c in _load("domains.yaml").get("concepts") or []:
        if c.get("key"):
            lx.domains[c["key"]] = c
            lx.domain_m.add_all(_strings(c.get("prefLabel")) + _strings(c.get("altLabel")), c["key"])
    # --- ranks, titles, honorifics
    name_data = _load("names.yaml")
    qualifiers: dict[str, Any] = name_data.get("rank_qualifiers") or {}
    ranks = _load("ranks.yaml").get("ranks") or []

    def phrase_key(phrase: str) -> tuple[str, ...]:
        return tuple(t.key for t in tokenize(phrase))
    named = {phrase_key(f) for r in ranks for f in _strings([r.get(lg) for lg in LANGS])}
    for r in ranks:
        lx.ranks[r["key"]] = r
        for lg in LANGS:
            forms = _strings(r.get(lg))
            # "الفريق أول جوي", "général de corps d'armée aérienne": the qualifier belongs to the rank,
            # unless rank and qualifier together name another rank ("لواء بحري" is a rear admiral)
            forms += [q for q in (f"{f} {q}" for f in forms for q in _strings(qualifiers.get(lg)))
                      if phrase_key(q) not in named]
            lx.person_m.add_all(forms, ("rank", r["key"]), strict_article=True)
    _add_words(lx, "given_names", _strings(name_data.get("given_names")))
    _add_words(lx, "not_names", _strings(name_data.get("not_names")))
    tdata = _load("titles.yaml")
    for t in tdata.get("titles") or []:
        lx.titles[t["key"]] = t
        lx.person_m.add_all(_strings([t.get(lg) for lg in LANGS]), ("title", t["key"]), strict_article=True)
        # wire copy lowercases a title before a name ("Japanese defense minister Kihara Minoru")
        lx.person_m.add_all([f.lower() for f in _strings(t.get("en")) if " " in f], ("title", t["key"]))
    lx.person_m.add_all(_strings(tdata.get("honorifics")), ("honorific", ""))
    lx.person_m.add_all(_strings(tdata.get("counterpart")), ("counterpart", ""))
    for dept, spec in (tdata.get("departments") or {}).items():
        lx.person_m.add_all(_strings(spec), ("dept", dept))
    _add_words(lx, "dual", _strings(tdata.get("dual")))
    # --- agreements
    adata = _load("agreements.yaml")
    for i, k in enumerate(adata.get("kinds") or []):
        lx.agreement_kinds.append(k)
        lx.agreement_m.add_all(_strings([k.get(lg) for lg in LANGS]), ("kind", i))
    lx.agreement_m.add_all(_strings(adata.get("anaphors")), ("anaphor", -1))
    _add_words(lx, "year_markers", _strings(adata.get("year_markers")))
    # --- cues
    cues = _load("cues.yaml")
    lx.cues = cues
    for kind, spec in (cues.get("events") or {}).items():
        lx.cue_m.add_all(_strings([spec.get(lg) for lg in LANGS]), ("event", kind))
    for kind, spec in (cues.get("committees") or {}).items():
        lx.cue_m.add_all(_strings([spec.get(lg) for lg in LANGS]), ("committee", kind))
    for kind, spec in (cues.get("ministries") or {}).items():
        lx.cue_m.add_all(_strings([spec.get(lg) for lg in LANGS]), ("ministry", kind))
    for kind, spec in (cues.get("forces") or {}).items():
        lx.cue_m.add_all(_strings([spec.get(lg) for lg in LANGS]), ("forces", kind))
    for verb, spec in (cues.get("verbs") or {}).items():
        lx.cue_m.add_all(_strings(spec), ("verb", verb), strict_accent=True)
    lx.cue_m.add_all(_strings(cues.get("two_sides")), ("two_sides", ""))
    _add_words(lx, "partnership", _strings(cues.get("partnership")))
    _add_words(lx, "with", _strings(cues.get("with")))
    _add_words(lx, "place_in", _strings(cues.get("place_in")))
    _add_words(lx, "meta", _strings(cues.get("meta")))
    _add_words(lx, "committee_heads", _strings(cues.get("committee_heads")))
    _add_words(lx, "common_words", _strings(cues.get("common_words")))
    for name in ("article_names", "article_name_articles", "article_name_complements"):
        _add_words(lx, name, _strings(cues.get(name)))
    _add_words(lx, "close_words", _strings(cues.get("close_words")))
    # --- calendar
    cal = _load("calendar.yaml")
    lx.calendar = cal
    dm = lx.date_m
    for num, spec in (cal.get("months") or {}).items():
        dm.add_all(_strings(spec), ("month", int(num)))
    for num, spec in (cal.get("weekdays") or {}).items():
        dm.add_all(_strings(spec), ("weekday", int(num)))
    rel = cal.get("relative") or {}
    for word, off in (rel.get("day_offset") or {}).items():
        dm.add(str(word), ("dayoff", int(off)))
    for word, off in (rel.get("week_offset") or {}).items():
        dm.add(str(word), ("weekoff", int(off)))
    dm.add_all(_strings(rel.get("last")), ("last", 0))
    dm.add_all(_strings(rel.get("next")), ("next", 0))
    ords = cal.get("ordinals") or {}
    ar = ords.get("ar") or {}
    lx.word_sets["ar_teens"] = frozenset(fold(w) for w in _strings(ar.get("teens")))
    lx.word_sets["first_of_month"] = frozenset(fold(w) for w in _strings(ar.get("first_of_month")))
    for spec in (cal.get("cardinals") or {}).values():
        for word, value in (spec or {}).items():
            lx.number_m.add(str(word), int(value))
    _add_words(lx, "counted", _strings(cal.get("counted")))
    return lx


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The extractor's reference data, built once per process."""
    return _build()


@lru_cache(maxsize=1)
def ordinal_tables() -> dict[str, dict[str, int]]:
    """Folded ordinal words -> value, per group (units, tens) over all languages."""
    cal = lexicon().calendar.get("ordinals") or {}
    units: dict[str, int] = {}
    tens: dict[str, int] = {}
    for spec in cal.values():
        for w, v in (spec.get("units") or {}).items():
            units[fold(str(w))] = int(v)
        for w, v in (spec.get("tens") or {}).items():
            tens[fold(str(w))] = int(v)
    return {"units": units, "tens": tens}
