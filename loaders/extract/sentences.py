"""Sentence splitting with character offsets (lines, then . ! ? ؟ outside abbreviations)."""
from __future__ import annotations

import re

__all__ = ["split_sentences"]

_END = re.compile(r"[.!?؟]+[\"»”')]*(?=\s+)")
# Words after which a full stop does not end a sentence.
_ABBREV = {
    "gen", "brig", "lt", "col", "maj", "capt", "adm", "vadm", "cdr", "sgt", "mr", "mrs", "ms", "dr", "st",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vol",
    "m", "mme", "mlle", "co", "corp", "inc", "ltd", "jr", "sr", "prof", "u.s", "etc", "vs", "eng", "gov",
}


def _is_abbrev(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():          # initials: "N. Chandrasekaran"
        return True
    return word in _ABBREV


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of a text; every line break ends a sentence."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        start = 0
        for m in _END.finditer(line):
            if line[m.start()] == "." and m.end() - m.start() == 1 and _is_abbrev(line, m.start()):
                continue
            rest = line[m.end():].lstrip()
            if rest and rest[0].islower():
                continue
            end = m.end()
            if line[start:end].strip():
                spans.append(_trim(line, line_start, start, end))
            start = end
        if line[start:].strip():
            spans.append(_trim(line, line_start, start, len(line)))
    return spans


def _trim(line: str, base: int, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return base + start, base + end
