"""A phrase matcher over token keys: one dict lookup per token, longest match first."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from foedus.loaders.extract.normalise import Token, fold, tokenize

__all__ = ["Match", "PhraseMatcher"]

P = TypeVar("P")

# Case rules for Latin phrases: acronyms (all capitals, <= 5 letters) must match exactly,
# capitalised names must start with a capital in the text.
EXACT, CAPITAL, ANY, ARTICLE, NO_ARTICLE, ACCENT = 2, 1, 0, 3, 4, 5


@dataclass(frozen=True, slots=True)
class Match(Generic[P]):
    """A phrase found in the token list: tokens [i, j), the payload, the clitic split off its first word."""

    i: int
    j: int
    payload: P
    prefix: str
    start: int
    end: int


def _case_mode(toks: list[Token]) -> tuple[int, tuple[str, ...]]:
    if not toks or toks[0].arabic:
        return ANY, ()
    exact = tuple(t.text for t in toks)
    if all(t.text.isupper() or t.text.isdigit() for t in toks) and any(t.text.isalpha() for t in toks) \
            and sum(len(t.text) for t in toks) <= 5:
        return EXACT, exact
    if toks[0].text[:1].isupper():
        return CAPITAL, exact
    return ANY, exact


class PhraseMatcher(Generic[P]):
    """Index phrases by the key of their first token; match greedily, longest phrase first."""

    def __init__(self, case_sensitive_names: bool = True) -> None:
        self._index: dict[Any, list[tuple[tuple[str, ...], int, tuple[str, ...], Any]]] = {}
        self._seen: set[Any] = set()
        self._case = case_sensitive_names
        self._sorted = True
        self._firsts: set[str] = set()

    def add(self, phrase: str, payload: P, strict_article: bool = False, strict_accent: bool = False) -> None:
        """Index one phrase (any language) under a payload.

        strict_article: a one-word Arabic phrase matches only a word with the same article
        status (الخالد is not خالد).
        """
        toks = tokenize(phrase)
        keys = tuple(t.key for t in toks)
        if not keys:
            return
        mode, exact = _case_mode(toks) if self._case else (ANY, ())
        if strict_article and len(toks) == 1 and toks[0].arabic:
            mode = ARTICLE if fold(toks[0].text).startswith("ال") else NO_ARTICLE
        if strict_accent and not toks[0].arabic and any(ord(c) > 127 for c in phrase):
            # "commandé" (verb) is not "commande" (noun): accents must match
            mode, exact = ACCENT, tuple(t.text.casefold() for t in toks)
        sig = (keys, payload, mode if mode not in (EXACT, ACCENT) else exact)
        if sig in self._seen:
            return
        self._seen.add(sig)
        # one-word phrases under their word, longer ones under their first two words
        bucket_key = keys[0] if len(keys) == 1 else (keys[0], keys[1])
        self._index.setdefault(bucket_key, []).append((keys, mode, exact, payload))
        self._firsts.add(keys[0])
        self._sorted = False

    def add_all(self, phrases: Iterable[str], payload: P, strict_article: bool = False,
                strict_accent: bool = False) -> None:
        for p in phrases:
            if p:
                self.add(str(p), payload, strict_article, strict_accent)

    def _fits(self, tokens: list[Token], i: int, keys: tuple[str, ...], mode: int, exact: tuple[str, ...],
              prefix: str = "") -> bool:
        n = len(keys)
        if i + n > len(tokens):
            return False
        for k in range(1, n):
            t = tokens[i + k]
            if not t.soft_gap:
                return False
            if t.key != keys[k] and not (t.arabic and any(v == keys[k] for v, _ in t.variants[1:])):
                return False
        first = tokens[i]
        if mode in (ARTICLE, NO_ARTICLE):
            raw = fold(first.text)
            rest = raw[len(prefix):] if prefix and not prefix.endswith(("ال", "لل")) else raw
            had = prefix.endswith(("ال", "لل")) or rest.startswith("ال")
            return had == (mode == ARTICLE)
        if mode == EXACT:
            return all(tokens[i + k].text == exact[k] for k in range(n))
        if mode == ACCENT:
            return all(tokens[i + k].text.casefold() == exact[k] for k in range(n))
        if mode == CAPITAL and not first.arabic:
            return first.upper
        return True

    def _sort(self) -> None:
        for bucket in self._index.values():
            bucket.sort(key=lambda e: -len(e[0]))
        self._sorted = True

    def match_at(self, tokens: list[Token], i: int) -> Match[P] | None:
        """The longest phrase starting at token i, or None."""
        if not self._sorted:
            self._sort()
        firsts = self._firsts
        if not any(key in firsts for key, _ in tokens[i].variants):
            return None
        best: tuple[int, tuple[str, ...], Any, str] | None = None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        second = () if nxt is None else ((nxt.key,) if not nxt.arabic else tuple(v for v, _ in nxt.variants))
        index = self._index
        for key, prefix in tokens[i].variants:
            buckets = [index[(key, k2)] for k2 in second if (key, k2) in index]
            if key in index:
                buckets.append(index[key])
            for bucket in buckets:
                for keys, mode, exact, payload in bucket:
                    if best is not None and len(keys) <= best[0]:
                        break
                    if self._fits(tokens, i, keys, mode, exact, prefix):
                        best = (len(keys), keys, payload, prefix)
                        break
        if best is None:
            return None
        n, _, payload, prefix = best
        return Match(i, i + n, payload, prefix, tokens[i].start, tokens[i + n - 1].end)

    def find(self, tokens: list[Token], lo: int = 0, hi: int | None = None) -> list[Match[P]]:
        """Non-overlapping matches, left to right, longest first."""
        hi = len(tokens) if hi is None else hi
        out: list[Match[P]] = []
        i = lo
        while i < hi:
            m = self.match_at(tokens, i)
            if m is not None and m.j <= hi:
                out.append(m)
                i = m.j
            else:
                i += 1
        return out
