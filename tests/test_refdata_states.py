"""Sanity checks for the gazetteers in loaders/refdata (states.yaml, places.yaml)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

REFDATA = Path(__file__).resolve().parents[1] / "loaders" / "refdata"
QID = re.compile(r"^Q\d+$")
LANGS = ("en", "fr", "ar")
ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def states() -> list[dict]:
    data = yaml.safe_load((REFDATA / "states.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("states"), list)
    return data["states"]


@pytest.fixture(scope="module")
def places() -> list[dict]:
    data = yaml.safe_load((REFDATA / "places.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("places"), list)
    return data["places"]


def _strings(xs) -> bool:
    return isinstance(xs, list) and all(isinstance(x, str) and x.strip() == x and x for x in xs)


def test_state_count(states):
    assert len(states) >= 249


def test_state_keys(states):
    seen = set()
    for s in states:
        iso = s.get("iso2")
        assert isinstance(iso, str) and re.fullmatch(r"[A-Z]{2}", iso), s
        assert iso not in seen, f"duplicate iso2 {iso}"
        seen.add(iso)
        assert QID.match(str(s.get("wikidata", ""))), f"{iso}: bad QID {s.get('wikidata')!r}"
        for lang in LANGS:
            names = s["names"].get(lang)
            assert names and _strings(names), f"{iso}: names.{lang}"
        assert all(ARABIC.search(n) for n in s["names"]["ar"]), iso
        assert not any(ARABIC.search(n) for n in s["names"]["en"] + s["names"]["fr"]), iso


def test_core_states_present(states):
    isos = {s["iso2"] for s in states}
    for iso in ("MA", "DZ", "TN", "LY", "EG", "MR", "FR", "US", "GB", "PS", "XK", "TW", "VA", "EH"):
        assert iso in isos


def test_qids_unique(states):
    by_qid = defaultdict(list)
    for s in states:
        by_qid[s["wikidata"]].append(s["iso2"])
    dups = {q: v for q, v in by_qid.items() if len(v) > 1}
    assert not dups, dups


def test_known_qids(states):
    m = {s["iso2"]: s["wikidata"] for s in states}
    expected = {
        "MA": "Q1028",
        "FR": "Q142",
        "US": "Q30",
        "GB": "Q145",
        "DZ": "Q262",
        "CN": "Q148",
        "RU": "Q159",
        "DE": "Q183",
        "IN": "Q668",
        "TR": "Q43",
    }
    for iso, q in expected.items():
        assert m[iso] == q


def test_adjectives_and_capitals(states):
    for s in states:
        adj = s.get("adjectives", {})
        for key in ("en", "fr", "fr_prefix", "ar"):
            if key in adj:
                assert _strings(adj[key]), (s["iso2"], key)
        for w in adj.get("fr", []):
            assert w == w.lower(), (s["iso2"], w)
        for w in adj.get("ar", []):
            assert not w.startswith("ال"), (s["iso2"], w)
        cap = s.get("capital")
        if cap:
            if "wikidata" in cap:
                assert QID.match(cap["wikidata"]), s["iso2"]
            for lang in LANGS:
                assert _strings(cap["names"][lang]), (s["iso2"], lang)


def test_names_not_shared_between_states(states):
    for lang in LANGS:
        owner: dict[str, str] = {}
        for s in states:
            for n in s["names"][lang]:
                k = n.casefold()
                assert owner.get(k, s["iso2"]) == s["iso2"], f"{lang} {n!r}: {owner[k]} and {s['iso2']}"
                owner[k] = s["iso2"]


def test_adjectives_not_shared_between_states(states):
    for key in ("en", "fr", "ar", "fr_prefix"):
        owner: dict[str, str] = {}
        for s in states:
            for n in s.get("adjectives", {}).get(key, []):
                k = n.casefold()
                assert owner.get(k, s["iso2"]) == s["iso2"], f"{key} {n!r}: {owner[k]} and {s['iso2']}"
                owner[k] = s["iso2"]


def test_places(places, states):
    isos = {s["iso2"] for s in states}
    keys = set()
    for p in places:
        key = p.get("key")
        assert isinstance(key, str) and re.fullmatch(r"[a-z0-9_]+", key), p
        assert key not in keys, f"duplicate place key {key}"
        keys.add(key)
        assert p.get("kind") in {"city", "region", "base", "site"}, key
        if "country" in p:
            assert p["country"] in isos, f"{key}: unknown country {p['country']}"
        if "wikidata" in p:
            assert QID.match(str(p["wikidata"])), key
        names = p.get("names") or {}
        assert names.get("en") and _strings(names["en"]), key
        for lang, ns in names.items():
            assert lang in LANGS and _strings(ns), (key, lang)
        assert "ar" not in names or all(ARABIC.search(n) for n in names["ar"]), key


def test_place_qids_unique(places):
    seen = {}
    for p in places:
        q = p.get("wikidata")
        if q:
            assert q not in seen, f"{q}: {seen[q]} and {p['key']}"
            seen[q] = p["key"]


def test_place_names_do_not_shadow_states(places, states):
    """A place name must not equal a state name/adjective or a capital name in the same language."""
    taken: dict[tuple[str, str], str] = {}
    for s in states:
        for lang in LANGS:
            forms = list(s["names"][lang]) + list(s.get("adjectives", {}).get(lang, []))
            forms += s.get("capital", {}).get("names", {}).get(lang, [])
            for n in forms:
                taken[(lang, n.casefold())] = s["iso2"]
    clashes = []
    for p in places:
        for lang, ns in p["names"].items():
            for n in ns:
                if (lang, n.casefold()) in taken:
                    clashes.append((p["key"], lang, n, taken[(lang, n.casefold())]))
    assert not clashes, clashes
