"""Folding names for comparison and search, across Arabic and Latin scripts."""
from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_all"]

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


def fold_all(names: list[str]) -> list[str]:
    """The distinct folded forms of some names, in order."""
    seen: dict[str, None] = {}
    for name in names:
        folded = fold(name)
        if folded:
            seen.setdefault(folded, None)
    return list(seen)
