"""Are two names the same person? Keys decide, rapidfuzz scores, doubt keeps two nodes.

`same` needs the same surname key, given names that agree (one entry of the given-name
table, or the same key when neither is in it), no contradicting middle name (Khalid bin
Mohammed is not Khalid bin Zayed), surnames that also sound alike with their vowels
(Berrid is not Bowardi, though both are b-r-d: the w is counted back), and no contradiction in what else is known
(two nationalities). Below that, a pair that scores well is a `candidate` for review.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from foedus.names.keys import NameParts, Word, parse

__all__ = ["Match", "compare", "compare_any", "SAME", "CANDIDATE", "DIFFERENT"]

SAME, CANDIDATE, DIFFERENT = "same", "candidate", "different"
_CANDIDATE_SCORE = 75.0
_SAME_SCRIPT_SPELLING = 80.0  # Mohamed/Mohammed Berrid, Chengriha/Changriha
_SHORT_KEY_SPELLING = 85.0
_MIN_KEY = 5             # letters of key a full name needs before it may be merged on keys


@dataclass(frozen=True)
class Match:
    """How two names compare."""

    score: float
    verdict: str
    reason: str
    a: str = ""
    b: str = ""


def _key_sim(a: Word, b: Word) -> float:
    if set(a.keys) & set(b.keys) or a.given & b.given:
        return 100.0
    return max(fuzz.ratio(x, y) for x in a.keys for y in b.keys)


def _spelling_sim(a: Word, b: Word) -> float:
    return max(fuzz.ratio(x, y) for x in a.spellings for y in b.spellings)


def _w_agree(a: Word, b: Word) -> bool:
    return a.w[0] <= b.w[1] and b.w[0] <= a.w[1]


def _spelled_alike(a: Word, b: Word, spelling: float) -> bool:
    """In one script the spellings themselves are compared (Attaf is not Atef, عطاف is not عاطف);
    across scripts, a surname of one consonant (Sisi, Ali) must also be spelled alike."""
    if a.arabic == b.arabic:
        return fuzz.ratio(a.text, b.text) >= _SAME_SCRIPT_SPELLING
    return len(a.keys[0]) >= 2 or spelling >= _SHORT_KEY_SPELLING


def _given_sim(a: Word, b: Word) -> tuple[float, str]:
    if a.given and b.given:
        return (100.0, "") if a.given & b.given else (0.0, "different given names")
    if set(a.keys) & set(b.keys):
        return 100.0, ""
    if len(a.text) == 1 or len(b.text) == 1:  # an initial: "M. Berrid"
        short, other = (a, b) if len(a.text) == 1 else (b, a)
        return (70.0, "an initial") if any(s.startswith(short.text) for s in other.spellings) else (0.0, "")
    return _key_sim(a, b), ""


def _middle_conflict(a: NameParts, b: NameParts) -> bool:
    ma, mb = [set(w.keys) for w in a.middle], [set(w.keys) for w in b.middle]
    if not ma or not mb:
        return False
    short, long_ = (ma, mb) if len(ma) <= len(mb) else (mb, ma)
    it = iter(long_)
    return not all(any(k & other for other in it) for k in short)


def compare(a: str, b: str, nationality_a: str | None = None, nationality_b: str | None = None) -> Match:
    """Compare two names (any script), with what is known of each person's nationality."""
    pa, pb = parse(a), parse(b)
    if len(pa.words) < 2 or len(pb.words) < 2:
        return Match(0.0, DIFFERENT, "a name of one word identifies no one", a, b)
    assert pa.given and pb.given and pa.surname and pb.surname
    surname = _key_sim(pa.surname, pb.surname)
    spelling = _spelling_sim(pa.surname, pb.surname)
    given, given_note = _given_sim(pa.given, pb.given)
    conflict = _middle_conflict(pa, pb)
    score = round(0.45 * surname + 0.35 * given + 0.20 * spelling - (25.0 if conflict else 0.0), 1)
    why = f"keys {pa.key} ~ {pb.key}"
    nat_conflict = bool(nationality_a and nationality_b and nationality_a != nationality_b)
    sound = _w_agree(pa.surname, pb.surname) and _spelled_alike(pa.surname, pb.surname, spelling)
    if (surname == 100.0 and given == 100.0 and not conflict and sound
            and min(len(pa.key), len(pb.key)) >= _MIN_KEY):
        if nat_conflict:
            return Match(score, CANDIDATE, f"{why}; nationalities differ ({nationality_a}, {nationality_b})", a, b)
        return Match(score, SAME, why, a, b)
    notes = [n for n in (given_note, "middle names differ" if conflict else "",
                         "surnames sound unlike (a w, vowels)" if not sound else "") if n]
    verdict = CANDIDATE if score >= _CANDIDATE_SCORE else DIFFERENT
    return Match(score, verdict, "; ".join([why, *notes]), a, b)


def compare_any(names_a: list[str], names_b: list[str], nationality_a: str | None = None,
                nationality_b: str | None = None) -> Match:
    """The best comparison between any name of one person and any name of another."""
    best = Match(0.0, DIFFERENT, "no names of two words", "", "")
    rank = {SAME: 2, CANDIDATE: 1, DIFFERENT: 0}
    for x in dict.fromkeys(names_a):
        for y in dict.fromkeys(names_b):
            m = compare(x, y, nationality_a, nationality_b)
            if (rank[m.verdict], m.score) > (rank[best.verdict], best.score):
                best = m
    return best
