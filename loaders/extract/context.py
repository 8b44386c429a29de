"""The working state of one extraction: tokens, sentences, entities, mentions and facts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from foedus.loaders.extract.normalise import Token, fold

__all__ = ["Doc", "Ent", "Mention"]


@dataclass
class Ent:
    """An entity being built: merged from all its mentions."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    iso2: str | None = None
    wikidata: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    first: int = 1 << 30
    meta: dict[str, Any] = field(default_factory=dict)   # internal: country, kind, gazetteer key...

    def alias(self, surface: str) -> None:
        s = surface.strip(" -–—,.«»\"'()")
        if not s:
            return
        f = fold(s)
        if f == fold(self.name) or any(fold(a) == f for a in self.aliases):
            return
        self.aliases.append(s)


@dataclass
class Mention:
    """One place in the text that names (or refers back to) an entity."""

    ent: str
    cls: str
    i: int          # token span
    j: int
    start: int      # character span
    end: int
    sent: int
    how: str = "name"   # name, adj, capital, place, acronym, anaphor, surname, pattern
    prefix: str = ""    # Arabic proclitic split off the first word


@dataclass
class Doc:
    """Everything known about the document while extracting."""

    text: str
    tokens: list[Token]
    sents: list[tuple[int, int]]
    sent_toks: list[tuple[int, int]]
    tok_sent: list[int]
    lang: str
    ref: date | None = None
    home: str | None = None
    pair: tuple[str, ...] = ()
    title_end: int = 0
    ents: dict[str, Ent] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    facts: dict[tuple[str, str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    taken: list[str | None] = field(default_factory=list)   # per token: entity id covering it
    meta_state: list[str | None] = field(default_factory=list)   # per token: ISO code of a state mention
    dateline_span: tuple[int, int] | None = None
    exercise_hits: list[Any] = field(default_factory=list)
    cues: list[Any] = field(default_factory=list)
    dynamic_names: list[tuple[str, str]] = field(default_factory=list)
    # generic ministries given the home state for want of another: (first token, last token + 1) -> department
    guessed_bodies: dict[tuple[int, int], str] = field(default_factory=dict)
    persons: list[Any] = field(default_factory=list)
    dates: list[Any] = field(default_factory=list)
    dates_by_sent: dict[int, list[Any]] = field(default_factory=dict)
    pending_sessions: list[Any] = field(default_factory=list)
    agreed_events: list[str] = field(default_factory=list)
    held_in: dict[str, list[str]] = field(default_factory=dict)
    short: str = "doc"
    person_lex: set[int] = field(default_factory=set)
    person_lex_kind: dict[int, str] = field(default_factory=dict)
    list_intro: dict[int, int] = field(default_factory=dict)   # sentence of a list item -> its announcing sentence
    _by_sent: dict[int, list[Mention]] = field(default_factory=dict, repr=False)
    _by_sent_of: list[Mention] | None = field(default=None, repr=False)
    _by_sent_len: int = -1

    def __post_init__(self) -> None:
        self.taken = [None] * len(self.tokens)
        self.meta_state = [None] * len(self.tokens)

    # --- entities and mentions
    def add(self, eid: str, etype: str, name: str, **kw: Any) -> Ent:
        ent = self.ents.get(eid)
        if ent is None:
            ent = Ent(eid, etype, name, **kw)
            self.ents[eid] = ent
        return ent

    def mention(self, eid: str, i: int, j: int, how: str = "name", prefix: str = "",
                take: bool = True, alias: bool = True) -> Mention:
        ent = self.ents[eid]
        start, end = self.tokens[i].start, self.tokens[j - 1].end
        if prefix and self.tokens[i].arabic:
            # keep the surface without the clitic letters (وبباريس -> باريس)
            start = self._strip_prefix(i, prefix)
        m = Mention(eid, ent.type, i, j, start, end, self.tok_sent[i], how, prefix)
        self.mentions.append(m)
        ent.first = min(ent.first, start)
        if alias and how not in ("anaphor", "adj"):
            surface = self.text[start:end]
            # "للجنة" / "للدفاع": the article was swallowed by the preposition; give it back
            if prefix and (prefix.endswith("لل") or (prefix.endswith("ل") and fold(surface[:1]) == "ل")):
                surface = "ال" + surface if not surface.startswith("ال") else surface
            ent.alias(surface)
        if take:
            for k in range(i, j):
                if self.taken[k] is None:
                    self.taken[k] = eid
        return m

    def _strip_prefix(self, i: int, prefix: str) -> int:
        tok = self.tokens[i]
        need = len(prefix) - 2 if prefix.endswith("ال") else len(prefix)
        n = seen = 0
        while n < len(tok.text) and seen < need:
            if fold(tok.text[n]):
                seen += 1
            n += 1
        while n < len(tok.text) and not fold(tok.text[n]):
            n += 1   # diacritics or tatweel after the clitic
        return tok.start + n

    def surface(self, i: int, j: int) -> str:
        return self.text[self.tokens[i].start:self.tokens[j - 1].end]

    def sent_mentions(self, sent: int, cls: str | tuple[str, ...] | None = None) -> list[Mention]:
        # indexed by sentence, rebuilt when the mention list is replaced or grows: the relation
        # stage asks this thousands of times on a long document
        if self._by_sent_of is not self.mentions or self._by_sent_len != len(self.mentions):
            index: dict[int, list[Mention]] = {}
            for m in self.mentions:
                index.setdefault(m.sent, []).append(m)
            self._by_sent, self._by_sent_of, self._by_sent_len = index, self.mentions, len(self.mentions)
        out = list(self._by_sent.get(sent, ()))
        if cls is not None:
            classes = (cls,) if isinstance(cls, str) else cls
            out = [m for m in out if m.cls in classes]
        return sorted(out, key=lambda m: m.start)

    def sent_range(self, sent: int) -> tuple[int, int]:
        return self.sent_toks[sent]

    # --- facts
    def fact(self, rtype: str, src: str, tgt: str, sent: int, **attrs: Any) -> None:
        if src == tgt or src not in self.ents or tgt not in self.ents:
            return
        key = (rtype, src, tgt)
        if key not in self.facts:
            self.facts[key] = (sent, {k: v for k, v in attrs.items() if v is not None})
