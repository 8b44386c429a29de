"""Phonetic keys of personal names, shared by their Arabic and Latin spellings.

A key is a consonant skeleton in one alphabet for both scripts: Arabic letters map to the
consonant classes their romanisations use, Latin digraphs fold to one class (sh, ch -> s;
kh, q, c -> k; j, dj, gh, g -> g; th -> t; dh -> d; ph, v -> f; p -> b), and what either
script writes inconsistently drops out: vowels, w and y (long vowels in Arabic), ʿayn and
hamza, a word-final h (ه, ة; Abdallah/Abdalla), doubled letters. محمد بريد and
Mohammed Berrid both give mhmd + brd. Where a spelling has two readings, a word has two
keys (ق is k or g: Gasmi, Kacemi; "Alshamsi" may hide an article).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import yaml

from foedus.names.romanise import word_spellings
from foedus.names.table import REFDATA, normalise, table

__all__ = ["NameParts", "Word", "block_keys", "is_bare_given_name", "parse", "word_keys"]

_ARABIC = re.compile("[\u0600-\u06ff]")
_AR_CLASSES: dict[str, tuple[str, ...]] = {
    "ب": ("b",), "ت": ("t",), "ث": ("t",), "ج": ("g",), "ح": ("h",), "خ": ("k",), "د": ("d",), "ذ": ("d",),
    "ر": ("r",), "ز": ("z",), "س": ("s",), "ش": ("s",), "ص": ("s",), "ض": ("d",), "ط": ("t",),
    "ظ": ("d", "z"), "غ": ("g",), "ف": ("f",), "ق": ("k", "g"), "ك": ("k",), "ل": ("l",), "م": ("m",),
    "ن": ("n",), "ه": ("h",), "پ": ("b",), "چ": ("s",), "ڤ": ("f",), "گ": ("g",),
}
_LATIN_DIGRAPHS = (("tch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"),
                   ("dh", "d"), ("ph", "f"), ("dj", "g"), ("ck", "k"), ("ou", "u"))
_LATIN_LETTERS = str.maketrans({"q": "k", "j": "g", "p": "b", "v": "f", "x": "k"})
_DOUBLES = re.compile(r"(.)\1+")
_MAX_KEYS = 6
_ARTICLE_JOINED = "\u200c"  # marks "ال" before ʿayn or alif kept as "l": Maghreb L'Arbaoui, Larbi
_DIN = frozenset({"din", "eddine", "eddin", "uddin", "ddine", "dine", "الدين"})


def _collapse(key: str) -> str:
    return _DOUBLES.sub(r"\1", key)


def _latin_skeleton(word: str, final_h: bool = False) -> str:
    w = re.sub(r"[^a-z]", "", word)
    for digraph, sound in _LATIN_DIGRAPHS:
        w = w.replace(digraph, sound)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k").translate(_LATIN_LETTERS)
    if not final_h and len(w) > 2 and w.endswith("h") and w[-2] in "aeiou":
        w = w[:-1]
    return _collapse(re.sub(r"[aeiouyw]", "", w))


def _arabic_skeletons(word: str) -> tuple[str, ...]:
    classes = [_AR_CLASSES.get(ch, ("",)) for ch in word]
    # Latin may or may not write a final h (Abdallah, Abdalla; Salah for صالح): both readings.
    if len(word) > 2 and word[-1] in "هة":
        classes[-1] = ("", "h") if word[-1] == "ه" else ("",)  # a ة written ه: see table.normalise

    keys: list[str] = []
    for combo in product(*classes):
        keys.append(_collapse("".join(combo)))
        if len(keys) >= _MAX_KEYS:
            break
    return tuple(dict.fromkeys(keys))


@lru_cache(maxsize=100_000)
def word_keys(word: str) -> tuple[str, ...]:
    """The keys of one normalised word, most likely first (abd- compounds: 'bd' + the rest's)."""
    if _ARTICLE_JOINED in word:
        bare = word.split(_ARTICLE_JOINED)[1]
        return tuple(dict.fromkeys([*word_keys(bare), *("l" + k for k in word_keys(bare))]))
    if _ARABIC.search(word):
        if word.startswith("عبد") and len(word) > 3:
            return tuple("bd" + k for k in _arabic_skeletons(word[3:]))
        return _arabic_skeletons(word)
    if word.startswith("abd") and len(word) > 4:
        rest = re.sub(r"^[aeiou]+", "", word[3:])
        # "Abdelaziz": the l is the article's, which the Arabic key drops; "Abdelatif" may fold it in.
        rests = [rest[1:], rest] if rest.startswith("l") else [rest]
        return tuple(dict.fromkeys("bd" + _latin_skeleton(r, h) for r in rests for h in (False, True)))
    keys = [_latin_skeleton(word, final_h=True), _latin_skeleton(word)]  # Salah = صالح, Abdalla = عبدالله
    if re.match(r"^(al|el)[^aeiouhl]", word) and len(word) >= 6:
        keys.insert(0, _latin_skeleton(word[2:]))  # "Alshamsi" = Al Shamsi
    elif re.match(r"^l[aeiou]", word) and len(word) >= 5:
        keys.append(_latin_skeleton(word[1:]))     # Maghreb "Larbaoui" = L'Arbaoui, العرباوي
    return tuple(dict.fromkeys(k for k in keys if k))


@dataclass(frozen=True)
class Word:
    """One word of a name, particles taken out, with its keys and Latin spellings."""

    text: str
    arabic: bool
    keys: tuple[str, ...]
    given: frozenset[int]       # the given-name entries it spells (romanisation.yaml)
    known_given: bool           # a given name (of the table or of names.yaml)
    spellings: tuple[str, ...]  # Latin spellings, for comparing how the word sounds with its vowels
    w: tuple[int, int]          # how many consonantal w it has, at least and at most (Bowardi 1, Berrid 0)


@dataclass(frozen=True)
class NameParts:
    """A name as given name, middle names and surname (particles set aside)."""

    name: str
    words: tuple[Word, ...]

    @property
    def given(self) -> Word | None:
        """The first word, when the name has two words or more."""
        return self.words[0] if len(self.words) >= 2 else None

    @property
    def surname(self) -> Word | None:
        """The last word."""
        return self.words[-1] if self.words else None

    @property
    def middle(self) -> tuple[Word, ...]:
        """The words between the given name and the surname (a father's name, a second given name)."""
        return self.words[1:-1]

    @property
    def key(self) -> str:
        """The name's first key per word, space separated."""
        return " ".join(w.keys[0] for w in self.words if w.keys)


def _merge(words: list[str]) -> list[tuple[str, bool]]:
    """Words and particles: compounds joined (عبد + الله, Abdel + Fattah, نور + الدين), articles
    and filiation words flagged as particles (True)."""
    t = table()
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(words):
        w = words[i]
        kind = t.particle(w)
        arabic = bool(_ARABIC.search(w))
        if kind == "abd" and i + 1 < len(words):
            j = i + 1
            while j + 1 < len(words) and t.particle(words[j]) == "article":
                j += 1
            rest = words[j].rstrip("-")
            if arabic:
                rest = rest[2:] if rest.startswith("ال") and len(rest) > 2 else rest
                out.append(("عبد" + rest, False))
            else:
                out.append((w.rstrip("-") + "".join(x.rstrip("-") for x in words[i + 1:j]) + rest, False))
            i = j + 1
            continue
        if kind == "abu" and i + 1 < len(words):
            rest = words[i + 1]
            if arabic and rest.startswith("ال") and len(rest) > 3:
                rest = rest[2:]
            out.append((w + rest.rstrip("-"), False))
            i += 2
            continue
        if w.rstrip("-") in _DIN and out and not out[-1][1]:
            out[-1] = (out[-1][0] + "din", False) if not arabic else (out[-1][0] + "دين", False)
            i += 1
            continue
        if arabic and w.startswith("عبدال") and len(w) > 5:
            out.append(("عبد" + w[5:], False))
        elif (kind in ("article", "family") and i + 1 < len(words)) or (kind == "filiation" and out):
            out.append((w, True))
        elif arabic and w.startswith("ال") and len(w) > 3:
            out.append((w[2:] if w[2] not in "عا" else "ل" + _ARTICLE_JOINED + w[2:], False))
        else:
            out.append((w.rstrip("-"), False))
        i += 1
    return out


@lru_cache(maxsize=1)
def _given_index() -> tuple[dict[str, frozenset[int]], frozenset[str]]:
    index: dict[str, set[int]] = {}
    for g in table().given:
        for form in (*g.ar, *(normalise(x) for x in g.latin)):
            for text, particle in _merge(form.split()):
                if not particle:
                    index.setdefault(text, set()).add(g.index)
    names = yaml.safe_load((REFDATA / "names.yaml").read_text(encoding="utf-8")) or {}
    more = {text for form in (names.get("given_names") or {}).get("ar") or []
            for text, particle in _merge(normalise(form).split()) if not particle}
    return {k: frozenset(v) for k, v in index.items()}, frozenset(more) | frozenset(index)


def _consonantal_w(text: str) -> tuple[int, int]:
    """Keys drop w with the vowels; this counts it back: a Latin w (or ou, u) before a vowel, an
    Arabic و at the start or before ا (surely), or before ي or ع (maybe: "ويل" wil, "لويد" Lloyd, "مزروعي" Mazrouei)."""
    if _ARABIC.search(text):
        sure = sum(1 for i, ch in enumerate(text) if ch == "و" and (i == 0 or text[i + 1:i + 2] == "ا"))
        maybe = sum(1 for i, ch in enumerate(text) if ch == "و" and i and text[i + 1:i + 2] in ("ي", "ع"))
        return sure, sure + maybe
    n = len(re.findall(r"(?<![gq])(?:ou|u|w)(?=[aeioy])", text))
    return n, n


def _word(text: str) -> Word:
    index, known = _given_index()
    keys = word_keys(text)
    text = text.split(_ARTICLE_JOINED)[-1]
    arabic = bool(_ARABIC.search(text))
    spellings = word_spellings(text) if arabic else (text,)
    return Word(text, arabic, keys, index.get(text, frozenset()), text in known, spellings,
                _consonantal_w(text))


@lru_cache(maxsize=50_000)
def parse(name: str) -> NameParts:
    """A name's words (compounds joined, particles set aside) with their keys."""
    words = tuple(_word(text) for text, particle in _merge(normalise(name).split()) if not particle)
    return NameParts(name, tuple(w for w in words if w.keys))


def is_bare_given_name(name: str) -> bool:
    """A name that is only a given name ("Mohammed", «محمد», "Abdel Fattah"): as an alias it
    would match every bearer."""
    parts = parse(name)
    return len(parts.words) == 1 and parts.words[0].known_given


def block_keys(name: str) -> tuple[str, ...]:
    """The surname's coarse keys (k = g, d = z), most likely first: a node stores the first, and
    a new name looks up all of its own; none for a name of one word or too short a key."""
    parts = parse(name)
    if len(parts.words) < 2 or parts.surname is None or len(parts.key.replace(" ", "")) < 4:
        return ()
    coarse = str.maketrans({"g": "k", "z": "d"})
    return tuple(dict.fromkeys(k.translate(coarse) for k in parts.surname.keys))
