"""Sentence splitting with character offsets (lines, then . ! ? ؟ outside abbreviations)."""
from __future__ import annotations

import re

__all__ = ["split_sentences", "unwrap_lines"]

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


# Words that cannot end a sentence: a line that ends on one goes on in the next line
# ("talks between\nIndonesia and France", "la visite du\nchef d'état-major", "بين\nالمغرب").
_CONTINUES = {
    "and", "or", "of", "the", "a", "an", "between", "with", "in", "at", "on", "by", "for", "to", "from",
    "et", "ou", "de", "du", "des", "la", "le", "les", "un", "une", "entre", "avec", "à", "au", "aux", "en",
    "pour", "par", "sur", "d'", "l'",
    "بين", "و", "في", "مع", "من", "إلى", "الى", "على", "عن", "لدى",
}
_LAST_WORD = re.compile(r"([\w'’-]+)\s*$")


def unwrap_lines(text: str) -> str:
    """The text with each line break that cuts a sentence (hard-wrapped copy, PDF columns) made a
    space, so offsets stay those of the original. A break stays when a blank line follows it, when
    the line ends a sentence, or when nothing says the sentence goes on: the next line must start in
    lower case or the line must end on a comma, a hyphen or a word that cannot end a sentence."""
    out = list(text)
    lines = text.split("\n")
    pos = 0
    for line, nxt in zip(lines, lines[1:], strict=False):
        pos += len(line)
        head, tail = line.rstrip(), nxt.lstrip()
        if head and tail and not _END_CHAR.search(head) and _goes_on(head, tail):
            out[pos] = " "
        pos += 1
    return "".join(out)


_END_CHAR = re.compile(r"[.!?؟:;»”\"')]$")


def _goes_on(head: str, tail: str) -> bool:
    if head.endswith((",", "،", "-")):
        return True
    if tail[0].isalpha() and tail[0].islower() and not tail[0].isupper():
        return True
    m = _LAST_WORD.search(head)
    return bool(m) and m.group(1).lower().replace("’", "'") in _CONTINUES


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
