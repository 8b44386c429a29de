"""An agreement's step in its life, as the report tells it: announced, negotiated, ratified, in force,
delivered or ended (signing is read by the signing verbs). The phrases are data, in
loaders/refdata/agreement_status.yaml, beside the examples that test them."""
from __future__ import annotations

import re
from functools import lru_cache

import yaml

from foedus.loaders.extract.lexicon import REFDATA
from foedus.loaders.extract.normalise import fold

__all__ = ["LIFE", "status_cues", "statuses_in"]

LIFE = ("announced", "negotiated", "signed", "ratified", "in_force", "delivered", "ended")  # in order


@lru_cache(maxsize=1)
def status_cues() -> dict[str, dict[str, re.Pattern[str]]]:
    """language -> status -> one pattern of its folded phrases."""
    raw = yaml.safe_load((REFDATA / "agreement_status.yaml").read_text(encoding="utf-8"))["statuses"]
    cues: dict[str, dict[str, re.Pattern[str]]] = {}
    for status, by_lang in raw.items():
        if status not in LIFE:
            raise ValueError(f"agreement_status.yaml: {status!r} is not a step of {LIFE}")
        for lang, phrases in by_lang.items():
            body = "|".join(sorted((re.escape(fold(p)) for p in phrases), key=len, reverse=True))
            lead = r"(?<!\w)[وف]?" if lang == "ar" else r"(?<!\w)"
            cues.setdefault(lang, {})[status] = re.compile(f"{lead}(?:{body})(?!\\w)")
    return cues


def statuses_in(text: str, lang: str) -> list[tuple[str, int]]:
    """The steps a sentence tells, with where (in the folded text), in the order of the life."""
    folded = fold(text)
    found = []
    for status, pattern in status_cues().get(lang, {}).items():
        m = pattern.search(folded)
        if m:
            found.append((status, m.start()))
    return sorted(found, key=lambda f: LIFE.index(f[0]))
