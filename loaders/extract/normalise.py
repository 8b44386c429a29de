"""Folding and tokenising for matching, with character offsets into the original text.

Arabic: diacritics and tatweel removed, alef/hamza/teh marbuta/yeh variants folded,
proclitics (و ف ب ل ك ال and their combinations: وبـ، للـ، وال...) split off into
alternative keys. Latin: case and accents folded (ł ø ß æ œ ı included).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Token", "ar_variants", "canon_ar", "fold", "fold_phrase", "is_arabic", "slug", "tokenize"]

_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
                          "ی": "ي", "ک": "ك", "ڤ": "ف", "گ": "ك", "پ": "ب", "چ": "ج",
                          "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7",
                          "٨": "8", "٩": "9"})
_LATIN_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss",
                              "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ð": "d", "þ": "th"})
_TOKEN = re.compile(r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+")
_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")
# Gaps that end a multi-word name: clause punctuation, quotes, brackets, line breaks.
_HARD_GAP = re.compile(r"[,;:()\[\]«»\"“”!?؟،؛\n|/]")

# Proclitic combinations, longest first: conjunction (و ف), then preposition (ب ل ك).
_ENCLITICS = ("تهما", "تهم", "تها", "ته")
_PROCLITICS = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
               "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


def is_arabic(text: str) -> bool:
    """True when the text contains Arabic letters."""
    return bool(_ARABIC_CHAR.search(text))


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Fold one word or phrase: case, Latin accents, Arabic marks and letter variants."""
    word = _AR_MARKS.sub("", word).translate(_AR_FOLD).translate(_LATIN_EXTRA)
    decomposed = unicodedata.normalize("NFKD", word)
    word = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", word).casefold()


def canon_ar(folded: str) -> str:
    """Drop a leading Arabic article so that المغرب and مغرب share one key."""
    if folded.startswith("ال") and len(folded) > 3:
        return folded[2:]
    return folded


@lru_cache(maxsize=200_000)
def ar_variants(folded: str) -> tuple[tuple[str, str], ...]:
    """(key, proclitic) pairs for an Arabic word: the word itself, then with clitics split off."""
    out: list[tuple[str, str]] = [(canon_ar(folded), "")]
    seen = {out[0][0]}
    for pre in _PROCLITICS:
        if not folded.startswith(pre):
            continue
        rest = folded[len(pre):]
        if len(rest) < 2 and not rest.isdigit():
            continue
        key = rest if pre.endswith(("ال", "لل")) else canon_ar(rest)
        if key not in seen:
            seen.add(key)
            out.append((key, pre))
    # possessive enclitics on a feminine noun: دورتها / زيارته -> دورة / زيارة ("its session", "his visit")
    for key, pre in list(out):
        for suf in _ENCLITICS:
            if key.endswith(suf) and len(key) - len(suf) >= 3:
                base = key[:-len(suf)] + "ه"
                if base not in seen:
                    seen.add(base)
                    out.append((base, pre))
                break
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the document with its offsets and folded keys."""

    text: str
    start: int
    end: int
    key: str                                  # canonical folded form
    variants: tuple[tuple[str, str], ...]     # (key, proclitic) alternatives, key first
    arabic: bool
    upper: bool                               # Latin word starting with a capital
    soft_gap: bool                            # no clause punctuation between this token and the previous one

    @property
    def allcaps(self) -> bool:
        return self.text.isupper() and len(self.text) > 1


def _make(text: str, start: int, end: int, soft: bool) -> Token:
    f = fold(text)
    arabic = is_arabic(text)
    if arabic:
        variants = ar_variants(f)
        if text.endswith(("\u0627\u064b", "\u064b\u0627")) and len(f) > 3:
            # the indefinite accusative "عقداً", "تمريناً": the noun without its alef of tanween
            variants = variants + tuple(v for v in ar_variants(f[:-1]) if v not in variants)
        key = variants[0][0]
    else:
        key = f
        variants = ((f, ""),)
    return Token(text, start, end, key, variants, arabic, text[:1].isupper(), soft)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split text into word tokens; offsets are relative to the full document when `offset` is given."""
    tokens: list[Token] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        gap = text[prev_end:m.start()]
        soft = not tokens or not _HARD_GAP.search(gap)
        tokens.append(_make(m.group(), m.start() + offset, m.end() + offset, soft))
        prev_end = m.end()
    return tokens


def fold_phrase(phrase: str) -> tuple[str, ...]:
    """The token keys of a lexicon phrase (how the matchers index it)."""
    return tuple(t.key for t in tokenize(phrase))


_TRANSLIT = str.maketrans({
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "", "ة": "a",
})


def slug(text: str) -> str:
    """An ASCII slug for ids: accents folded, Arabic transliterated letter by letter."""
    s = fold(text).translate(_TRANSLIT)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "x"
