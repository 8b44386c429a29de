"""Looking up a state by any of its names (English, French, Arabic), folded."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from foedus.textnorm import fold

__all__ = ["StateRef", "state_by_name", "state_by_code", "common_names", "with_common_names"]

STATES_FILE = Path(__file__).parent / "refdata" / "states.yaml"
# Forms the trade registers use that are not common names.
_EXTRA = {"turkiye": "TR", "uae": "AE", "usa": "US", "ussr": "RU", "soviet union": "RU"}


@dataclass(frozen=True)
class StateRef:
    """A state as the gazetteer knows it."""

    iso2: str
    wikidata: str | None
    name: str


@lru_cache(maxsize=1)
def _states() -> list[dict]:
    data = yaml.safe_load(STATES_FILE.read_text(encoding="utf-8")) if STATES_FILE.exists() else {}
    return (data or {}).get("states", [])


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, StateRef], dict[str, StateRef]]:
    by_name: dict[str, StateRef] = {}
    by_code: dict[str, StateRef] = {}
    for entry in _states():
        names = entry.get("names", {})
        ref = StateRef(entry["iso2"], entry.get("wikidata"), (names.get("en") or [entry["iso2"]])[0])
        by_code[ref.iso2] = ref
        for forms in names.values():
            for form in forms or []:
                by_name.setdefault(fold(form), ref)
    for form, code in _EXTRA.items():
        if code in by_code:
            by_name.setdefault(form, by_code[code])
    return by_name, by_code


def state_by_name(name: str) -> StateRef | None:
    """The state a name stands for, or None."""
    return _index()[0].get(fold(name))


def state_by_code(iso2: str) -> StateRef | None:
    """The state of an ISO 3166-1 alpha-2 code, or None."""
    return _index()[1].get(iso2.upper())


@lru_cache(maxsize=1)
def _names_by_code() -> dict[str, list[str]]:
    return {entry["iso2"]: [forms[0] for forms in entry.get("names", {}).values() if forms] for entry in _states()}


def common_names(iso2: str) -> list[str]:
    """A state's common name in each language of the gazetteer (English, French, Arabic)."""
    return _names_by_code().get(iso2.upper(), [])


def with_common_names(extraction):  # noqa: ANN001, ANN201 - Extraction in, same out
    """Give every state of an extraction its common names in the three languages as aliases,
    so that a search in any language finds it whatever language the document was in."""
    for entity in extraction.entities:
        if entity.type == "State" and entity.iso2:
            entity.aliases = list(dict.fromkeys([*entity.aliases, *common_names(entity.iso2)]))
    return extraction
