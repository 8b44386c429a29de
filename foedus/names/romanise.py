"""Arabic personal names in Latin letters, as the press of each region writes them.

Unvocalised Arabic does not write short vowels or doubled consonants, so a romanisation is
a reading, not a transcription: given names come from the table (محمد -> Mohammed or
Mohamed), other words letter by letter with the rules below, and `variants` lists the other
likely spellings (Berrid, Berid, Brid) so that a reader's spelling finds the name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from foedus.names.table import normalise, table

__all__ = ["convention_for", "romanise", "variants", "word_spellings"]

_ARABIC = re.compile("[\u0600-\u06ff]")
_SUN = set("تثدذرزسشصضطظلن")
_VOWEL_LETTERS = set("اويىة")
_PARTICLE_DISPLAY = {"بن": ("bin", "ben"), "ابن": ("ibn", "ibn"), "بنت": ("bint", "bent"), "ولد": ("wuld", "ould"),
                     "ال": ("al", "el")}
_CONVENTIONS = ("mashriq", "maghreb")


def convention_for(nationality: str | None) -> str:
    """The spelling convention of a person's press: 'maghreb' (French-based) or 'mashriq'."""
    if nationality and nationality.upper() in table().conventions.get("maghreb", frozenset()):
        return "maghreb"
    return "mashriq"


def _given_display(word: str, convention: str) -> str | None:
    for g in table().given:
        if word in g.ar:
            return g.display.get(convention) or g.latin[0]
    return None


def _letters(word: str, convention: str, epenthesis: bool = True, geminate: bool = False) -> str:
    """One Arabic word (no article) letter by letter: consonants from the table, vowel letters
    by where they stand, a short vowel after a word's first consonant when a second follows."""
    letters = table().letters
    short = "e" if convention == "maghreb" else "a"
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < n else ""
        if ch == "ا":
            out.append("" if prev == "ا" else "a")
        elif ch in "ىة":
            out.append("a")
        elif ch == "ء":
            continue
        elif ch == "و":
            if nxt == "ي" and i + 2 == n and prev and prev not in _VOWEL_LETTERS:  # nisba -awi
                out.append("aou" if convention == "maghreb" else "aw")
            elif i == 0 and nxt and nxt not in _VOWEL_LETTERS:   # وليد Walid, وزاني Ouazzani
                out.append("oua" if convention == "maghreb" else "wa")
            elif i == 0 or prev == "ا" or nxt == "ا":
                out.append("ou" if convention == "maghreb" and i == 0 else "w")
            else:
                out.append("ou" if convention == "maghreb" else "u")
        elif ch == "ي":
            if i == 0 and nxt and nxt not in _VOWEL_LETTERS:        # يشار Yashar, يزيد Yazid
                out.append("y" + short)
            else:
                out.append("y" if i == 0 or nxt in ("ا", "و") else "i")
        elif ch == "ع":
            out.append("" if prev in _VOWEL_LETTERS or nxt in _VOWEL_LETTERS else "a")
        else:
            spelling = letters.get(ch, {}).get(convention, "")
            out.append(spelling)
            # The first consonant of a word followed by a second: a short vowel between them
            # ("بريد" Barid, Berid); the Maghreb's French spelling doubles the second (Berrid).
            if epenthesis and i == 0 and nxt and nxt not in _VOWEL_LETTERS and nxt not in "ع":
                second = letters.get(nxt, {}).get(convention, "")
                third = word[2] if n > 2 else ""
                out.append(short + (second if geminate and third in _VOWEL_LETTERS and len(second) == 1 else ""))
    return "".join(out)


def _with_article(body: str, first: str, convention: str) -> str:
    if convention == "maghreb":
        return "El " + body.capitalize()
    return "Al-" + body.capitalize()


def _abd(rest: str, convention: str) -> str:
    body = _letters(rest, convention, epenthesis=False) if not _given_display(rest, convention) else \
        (_given_display(rest, convention) or "").lower()
    if convention == "maghreb":
        if rest[:1] in _SUN and rest[:1] != "ل":
            return "Abde" + table().letters[rest[0]]["maghreb"] + body
        return "Abdel" + body
    return "Abdul " + body.capitalize()


@lru_cache(maxsize=50_000)
def word_spellings(word: str) -> tuple[str, ...]:
    """Latin spellings of one normalised Arabic word (no article), most usual first, lower case."""
    spellings: list[str] = []
    for g in table().given:
        if word in g.ar:
            spellings.extend(s.lower() for s in (*g.display.values(), *g.latin))
    for convention in _CONVENTIONS:
        spellings.append(_letters(word, convention))
        spellings.append(_letters(word, convention, geminate=True))
        spellings.append(_letters(word, convention, epenthesis=False))
    return tuple(s for s in dict.fromkeys(normalise(x).replace(" ", "") for x in spellings) if s)


def _word(word: str, convention: str, index: int, geminate: bool) -> str:
    if word in _PARTICLE_DISPLAY and index > 0:
        return _PARTICLE_DISPLAY[word][convention == "maghreb"]
    if word == "ال":
        return "Al"
    if (given := _given_display(word, convention)) is not None:
        return given
    if word.startswith("عبد") and len(word) > 4 and word not in ("عبده", "عبدو"):
        rest = word[5:] if word.startswith("عبدال") else word[3:]
        return _abd(rest, convention)
    if word.startswith("ال") and len(word) > 3:
        body = word[2:]
        return _with_article(_given_display(body, convention) or _letters(body, convention, geminate=geminate),
                             body[0], convention)
    return _letters(word, convention, geminate=geminate).capitalize()


def _arabic_words(name: str) -> list[str]:
    words = normalise(name).split()
    merged: list[str] = []
    for w in words:
        if merged and merged[-1] == "عبد":   # "عبد اللطيف" is one name, as "عبداللطيف"
            merged[-1] = "عبد" + w
        elif merged and w == "الدين":        # "نور الدين"
            merged[-1] += " الدين"
        else:
            merged.append(w)
    return merged


def romanise(name: str, convention: str = "mashriq") -> str:
    """An Arabic name in Latin letters under a convention ('maghreb' or 'mashriq');
    a name without Arabic letters is returned as it is."""
    if not _ARABIC.search(name):
        return name
    words = _arabic_words(name)
    out = []
    for i, w in enumerate(words):
        if " الدين" in w:
            head = w.split()[0]
            given = _given_display(w, convention) or _given_display(w.replace(" ", ""), convention)
            out.append(given or _word(head, convention, i, convention == "maghreb") +
                       ("eddine" if convention == "maghreb" else " al-Din"))
        else:
            out.append(_word(w, convention, i, geminate=convention == "maghreb"))
    return " ".join(out)


def variants(name: str) -> list[str]:
    """The likely Latin spellings of an Arabic name: each convention's, and each word's other
    readings (with and without the short vowel and the doubled consonant) in a few lines."""
    if not _ARABIC.search(name):
        return [name]
    lines = [romanise(name, c) for c in ("maghreb", "mashriq")]
    words = [w.replace(" ", "") for w in _arabic_words(name)]
    per_word = [[s.capitalize() for s in word_spellings(w[2:] if w.startswith("ال") and len(w) > 3 else w)]
                for w in words]
    depth = max((len(p) for p in per_word), default=0)
    for j in range(min(depth, 6)):
        lines.append(" ".join(p[min(j, len(p) - 1)] for p in per_word if p))
    return list(dict.fromkeys(x for x in lines if x))
