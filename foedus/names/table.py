"""The romanisation reference data (loaders/refdata/romanisation.yaml), loaded and indexed once."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

import foedus.loaders

__all__ = ["GivenName", "Table", "normalise", "table", "REFDATA"]

REFDATA = Path(foedus.loaders.__file__).resolve().parent / "refdata"
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Hamza carriers and letter variants; ة and ى are kept, they romanise differently from ه and ي.
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"})
_LATIN_EXTRA = str.maketrans({"ç": "s", "Ç": "s", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe",
                              "ı": "i", "đ": "d", "ð": "d", "þ": "th"})
_SPLIT = re.compile(r"[^\w\u0600-\u06ff]+")


def normalise(text: str) -> str:
    """Case, accents and Arabic marks folded; hamza carriers to their letter; apostrophes
    (ʿayn, hamza) dropped; words kept apart by single spaces and hyphens kept as '-'."""
    text = _AR_MARKS.sub("", text).translate(_AR_FOLD).translate(_LATIN_EXTRA)
    text = re.sub(r"['’ʿʾ‘`]", "", text)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff")
    text = unicodedata.normalize("NFC", text).casefold()
    # A final ه after a consonant (not ل) is a ة written without its dots (اسامه for أسامة);
    # a real final ه follows a long vowel or لل (وجيه، الله), or ends a word of two letters (طه).
    text = re.sub(r"(?<=[\u0600-\u06ff][^\sيالو])ه(?![\u0600-\u06ff])", "ة", text)
    text = re.sub(r"\s*-\s*", "- ", text)  # "al-Sisi" -> "al- sisi": the article stays a word of its own
    return " ".join(w for w in (_SPLIT.sub(" ", part).strip() + ("-" if part.endswith("-") else "")
                                for part in text.split()) if w and w != "-")


@dataclass(frozen=True)
class GivenName:
    """One given name in both scripts, with its display spelling per convention."""

    index: int
    ar: tuple[str, ...]
    latin: tuple[str, ...]
    display: dict[str, str]


@dataclass(frozen=True)
class Table:
    """The indexed reference data."""

    conventions: dict[str, frozenset[str]]
    letters: dict[str, dict[str, str]]
    particles: dict[str, dict[str, frozenset[str]]]
    given: tuple[GivenName, ...]

    def particle(self, word: str) -> str | None:
        """The kind of particle a normalised word is (article, family, filiation, abd, abu), if any."""
        script = "ar" if re.search("[\u0600-\u06ff]", word) else "latin"
        bare = word.rstrip("-")
        return next((kind for kind, forms in self.particles.items() if bare in forms[script]), None)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value or []]


@lru_cache(maxsize=1)
def table() -> Table:
    """The romanisation table, loaded once."""
    raw = yaml.safe_load((REFDATA / "romanisation.yaml").read_text(encoding="utf-8")) or {}
    given = tuple(GivenName(i, tuple(normalise(a) for a in _strings(g.get("ar"))),
                            tuple(_strings(g.get("latin"))),
                            {c: str(g[c]) for c in ("maghreb", "mashriq") if g.get(c)})
                  for i, g in enumerate(raw.get("given_names") or []))
    particles = {kind: {"ar": frozenset(normalise(x) for x in _strings(spec.get("ar"))),
                        "latin": frozenset(normalise(x) for x in _strings(spec.get("latin")))}
                 for kind, spec in (raw.get("particles") or {}).items()}
    return Table(conventions={k: frozenset(_strings(v)) for k, v in (raw.get("conventions") or {}).items()},
                 letters={k: dict(v) for k, v in (raw.get("letters") or {}).items()},
                 particles=particles, given=given)
