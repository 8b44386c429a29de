"""Language detection by script and stopwords: ar, fr or en."""
from __future__ import annotations

import re

__all__ = ["detect_language"]

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("[A-Za-zÀ-ÿ]")
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ]+")
_FR = {"le", "la", "les", "des", "du", "de", "et", "un", "une", "est", "pour", "dans", "sur", "qui", "que",
       "avec", "au", "aux", "par", "en", "ses", "son", "sa", "été", "ont", "cette"}
_EN = {"the", "of", "and", "to", "in", "a", "is", "for", "on", "with", "by", "that", "was", "which", "as",
       "its", "his", "her", "from", "has", "have", "were", "be", "at"}


def detect_language(text: str) -> str:
    """'ar' when Arabic letters dominate, else 'fr' or 'en' by stopword counts."""
    sample = text[:5000]
    ar = len(_ARABIC.findall(sample))
    la = len(_LATIN.findall(sample))
    if ar > la:
        return "ar"
    words = _WORD.findall(sample.lower())
    fr = sum(w in _FR for w in words)
    en = sum(w in _EN for w in words)
    return "fr" if fr > en else "en"
