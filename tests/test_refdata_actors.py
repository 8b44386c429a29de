"""Consistency checks for the actor gazetteers in loaders/refdata/.

firms.yaml, organizations.yaml, systems.yaml and exercises.yaml are read by
the offline extractor; these tests keep them well-formed and coherent.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
REFDATA = ROOT / "loaders" / "refdata"
ONTOLOGY = ROOT / "ontology" / "foedus.yaml"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO2 = re.compile(r"^[A-Z]{2}$")
QID = re.compile(r"^Q\d+$")
ALIAS_LANGS = {"en", "fr", "ar", "other"}

FILES = {
    "firms": "firms.yaml",
    "organizations": "organizations.yaml",
    "systems": "systems.yaml",
    "exercises": "exercises.yaml",
}


def _load(top: str) -> list[dict]:
    path = REFDATA / FILES[top]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and top in data, f"{path.name} must have a top-level '{top}' list"
    entries = data[top]
    assert isinstance(entries, list) and entries, f"{path.name}: '{top}' must be a non-empty list"
    return entries


@pytest.fixture(scope="module")
def firms() -> list[dict]:
    return _load("firms")


@pytest.fixture(scope="module")
def organizations() -> list[dict]:
    return _load("organizations")


@pytest.fixture(scope="module")
def systems() -> list[dict]:
    return _load("systems")


@pytest.fixture(scope="module")
def exercises() -> list[dict]:
    return _load("exercises")


def _enum(cls: str, prop: str) -> list[str]:
    onto = yaml.safe_load(ONTOLOGY.read_text(encoding="utf-8"))
    return list(onto["classes"][cls]["properties"][prop]["values"])


def _all(request) -> dict[str, list[dict]]:
    return {top: request.getfixturevalue(top) for top in FILES}


def _names(entry: dict) -> list[str]:
    """Canonical name plus every alias of an entry."""
    out = [entry["name"]]
    for values in (entry.get("aliases") or {}).values():
        out.extend(values or [])
    return out


# ----------------------------------------------------------------- every file
@pytest.mark.parametrize("top", list(FILES))
def test_file_parses_and_has_header(top):
    text = (REFDATA / FILES[top]).read_text(encoding="utf-8")
    assert text.lstrip().startswith("#"), f"{FILES[top]} must start with a comment block (sources, schema)"
    header = text[:4000].lower()
    assert "source" in header and "schema" in header, f"{FILES[top]}: header must name sources and schema"
    _load(top)


@pytest.mark.parametrize("top", list(FILES))
def test_keys_unique_ascii_slugs(top, request):
    entries = request.getfixturevalue(top)
    keys = [e.get("key") for e in entries]
    bad = [k for k in keys if not isinstance(k, str) or not SLUG.match(k)]
    assert not bad, f"{top}: keys that are not ascii slugs: {bad}"
    dups = sorted({k for k in keys if keys.count(k) > 1})
    assert not dups, f"{top}: duplicate keys: {dups}"


@pytest.mark.parametrize("top", list(FILES))
def test_names_and_aliases_well_formed(top, request):
    for e in request.getfixturevalue(top):
        assert isinstance(e.get("name"), str) and e["name"].strip(), f"{top}/{e['key']}: missing name"
        aliases = e.get("aliases")
        assert isinstance(aliases, dict), f"{top}/{e['key']}: aliases must be a mapping"
        assert set(aliases) <= ALIAS_LANGS, f"{top}/{e['key']}: unknown alias languages {set(aliases) - ALIAS_LANGS}"
        for lang, values in aliases.items():
            assert isinstance(values, list), f"{top}/{e['key']}: aliases.{lang} must be a list"
            for v in values:
                assert isinstance(v, str) and v.strip() == v and v, f"{top}/{e['key']}: bad alias {v!r} in {lang}"


@pytest.mark.parametrize("top", list(FILES))
def test_countries_are_iso2(top, request):
    for e in request.getfixturevalue(top):
        codes = []
        if "country" in e and e["country"] is not None:
            codes.append(e["country"])
        codes.extend(e.get("countries") or [])
        codes.extend(e.get("participants") or [])
        for c in codes:
            assert isinstance(c, str) and ISO2.match(c), f"{top}/{e['key']}: bad country code {c!r}"


@pytest.mark.parametrize("top", list(FILES))
def test_wikidata_qids(top, request):
    for e in request.getfixturevalue(top):
        if e.get("wikidata") is not None:
            assert isinstance(e["wikidata"], str) and QID.match(e["wikidata"]), f"{top}/{e['key']}: bad QID"


# ---------------------------------------------------------------------- firms
def test_firms_have_country_and_valid_parent(firms):
    keys = {f["key"] for f in firms}
    for f in firms:
        assert f.get("country"), f"firm {f['key']} has no country"
        assert "parent" in f, f"firm {f['key']} must state parent (null if none)"
        if f["parent"] is not None:
            assert f["parent"] in keys, f"firm {f['key']}: unknown parent {f['parent']}"
            assert f["parent"] != f["key"]
        if f.get("countries"):
            assert f["country"] == f["countries"][0], f"firm {f['key']}: country must be the first of countries"


def test_firm_parents_acyclic(firms):
    parent = {f["key"]: f.get("parent") for f in firms}
    for k in parent:
        seen, cur = set(), k
        while cur is not None:
            assert cur not in seen, f"parent cycle through {k}"
            seen.add(cur)
            cur = parent[cur]


# -------------------------------------------------------------- organizations
def test_organization_kinds_from_ontology(organizations):
    kinds = set(_enum("Organization", "kind"))
    for o in organizations:
        assert o.get("kind") in kinds, f"organization {o['key']}: kind {o.get('kind')!r} not in {sorted(kinds)}"


def test_organization_part_of_exists(organizations):
    keys = {o["key"] for o in organizations}
    parent = {}
    for o in organizations:
        assert "part_of" in o, f"organization {o['key']} must state part_of (null if none)"
        if o["part_of"] is not None:
            assert o["part_of"] in keys, f"organization {o['key']}: unknown part_of {o['part_of']}"
        parent[o["key"]] = o["part_of"]
    for k in parent:
        seen, cur = set(), k
        while cur is not None:
            assert cur not in seen, f"part_of cycle through {k}"
            seen.add(cur)
            cur = parent[cur]


# -------------------------------------------------------------------- systems
def test_system_manufacturers_exist(systems, firms):
    firm_keys = {f["key"] for f in firms}
    for s in systems:
        assert s.get("category"), f"system {s['key']} has no category"
        man = s.get("manufacturer")
        mans = man if isinstance(man, list) else [man]
        for m in mans:
            assert m in firm_keys, f"system {s['key']}: unknown manufacturer {m!r}"


# ------------------------------------------------------------------ exercises
def test_exercise_kinds_and_organizers(exercises, organizations):
    kinds = set(_enum("Exercise", "kind"))
    org_keys = {o["key"] for o in organizations}
    for x in exercises:
        assert x.get("kind") in kinds, f"exercise {x['key']}: kind {x.get('kind')!r} not in {sorted(kinds)}"
        org = x.get("organizer")
        if org is not None:
            assert (isinstance(org, str) and ISO2.match(org)) or org in org_keys, (
                f"exercise {x['key']}: organizer {org!r} is neither ISO2 nor an organisation key")


# --------------------------------------------------------- alias uniqueness
@pytest.mark.parametrize("top", list(FILES))
def test_no_alias_names_two_entries(top, request):
    owners: dict[str, set[str]] = defaultdict(set)
    for e in request.getfixturevalue(top):
        for n in _names(e):
            owners[n.casefold()].add(e["key"])
    clashes = {n: sorted(k) for n, k in owners.items() if len(k) > 1}
    assert not clashes, f"{top}: names/aliases shared by several entries: {clashes}"


GENERIC = [
    "ministry of defence", "ministry of defense", "defence ministry", "defense ministry",
    "ministry of national defence", "ministry of national defense",
    "ministère de la défense", "ministère de la défense nationale",
    "وزارة الدفاع", "وزارة الدفاع الوطني", "the army", "army", "navy", "air force",
    "armed forces", "الجيش", "القوات المسلحة", "البحرية", "القوات الجوية", "armée", "armée de l'air",
    "الحرس الملكي", "البحرية الملكية", "القوات الجوية الملكية", "general staff", "هيئة الأركان",
]


def test_generic_names_are_not_aliases(organizations):
    for o in organizations:
        for n in _names(o):
            assert n.casefold() not in GENERIC, f"organization {o['key']}: generic name {n!r} must not be an alias"


# Aliases that are ordinary English/French/Arabic words or phrases once
# case-folded would fire everywhere ("far", "un", "au", "mon", "plan", the
# Arabic "حصار" = siege, "red flag"...). They are given only in longer,
# unambiguous forms.
COMMON_WORDS = {
    "far", "un", "au", "eu", "mon", "plan", "ran", "fan", "fat", "ant", "arc", "fab", "fad", "mit",
    "hit", "bel", "edge", "tas", "cos", "adn", "fds", "mil", "av", "al", "le", "la", "les", "des",
    "shape", "sang", "commit", "fac", "caf", "ema", "usc", "hind", "havoc", "felon", "fulcrum",
    "pars", "tor", "sigma", "puma", "dingo", "ajax", "leclerc", "bradley", "lancet", "aegis", "hammer",
    "bastion", "sherpa", "tiger", "cobra", "jaguar", "serval", "arrow", "spike", "giraffe",
    "حصار", "قيصر", "لينكس", "جاسم", "كام", "ميكا", "لورا", "بولس", "إسكندر", "الخالد",
    "red flag", "blue flag", "bright star", "sea breeze", "peace mission", "marine nationale",
    "armée de terre", "المنطقة الجنوبية", "القوات المساعدة", "النجم الساطع", "العلم الأحمر",
}


@pytest.mark.parametrize("top", list(FILES))
def test_no_common_word_aliases(top, request):
    for e in request.getfixturevalue(top):
        for n in _names(e):
            assert n.casefold() not in COMMON_WORDS, f"{top}/{e['key']}: alias {n!r} is a common word"


def test_arabic_coverage(firms, organizations):
    def share(entries):
        return sum(1 for e in entries if (e.get("aliases") or {}).get("ar")) / len(entries)

    assert share(firms) > 0.6
    assert share(organizations) > 0.8
