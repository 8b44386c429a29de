"""Folding names for comparison and search, across Arabic and Latin scripts."""
from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_all", "is_latin"]

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case, Latin accents, Arabic diacritics, tatweel and letter variants, punctuation: folded away."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff")
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def is_latin(text: str) -> bool:
    """True when the text holds a Latin letter (a name a Latin-script reader can read)."""
    return bool(_LATIN_LETTER.search(text))


def fold_all(names: list[str]) -> list[str]:
    """The distinct folded forms of some names, in order."""
    seen: dict[str, None] = {}
    for name in names:
        folded = fold(name)
        if folded:
            seen.setdefault(folded, None)
    return list(seen)


# Arabic letters to the Latin consonants that usually spell them in names.
_ARABIC_TO_LATIN = str.maketrans({
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "ع": "", "غ": "g", "ف": "f", "ق": "k",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "", "ي": "", "ا": "", "ء": "", "پ": "p",
    "چ": "c", "ڤ": "v", "گ": "g",
})
_LATIN_FOLD = str.maketrans({"q": "k", "c": "k", "x": "ks", "p": "b", "v": "f", "j": "j", "g": "g"})
_VOWELS = re.compile(r"[aeiouwy]")
_DOUBLES = re.compile(r"(.)\1+")


def skeleton(name: str) -> str:
    """The consonant skeleton of a name, comparable across Arabic and Latin script.

    محمد بريد and Mohammed Berrid both give "mhmdbrd": Arabic letters become Latin
    consonants, vowels and w/y (often unwritten or written as long vowels) drop out,
    doubled letters collapse.
    """
    folded = fold(name).replace(" ", "")
    latin = folded.translate(_ARABIC_TO_LATIN)
    latin = latin.replace("sh", "s").replace("kh", "k").replace("ch", "s").replace("ou", "")
    latin = _VOWELS.sub("", latin.translate(_LATIN_FOLD))
    return _DOUBLES.sub(r"\1", latin)
