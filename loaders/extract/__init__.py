"""The offline extractor: a document in, ontology objects out.

Rule-based and deterministic: gazetteers and lexicons from `loaders/refdata`, token n-gram
lookups, sentence-level cues for events, agreements and relations. No network, no database.

Modules, in the order the pipeline runs them:
    normalise   folding (Arabic letters and marks, Latin accents), clitics, tokens with offsets
    matcher     phrase lookup over token keys (one dict lookup per token, longest match)
    lexicon     loading the reference data once; the matchers built from it
    language    ar / fr / en by script and stopwords
    sentences   sentence spans (abbreviation-aware)
    dates       absolute, ranged, Maghreb/Levantine and relative dates; dateline; ordinals
    entities    states, capitals as metonyms or places, firms, bodies, systems, domains,
                ministries and forces by nationality, joint committees, acronyms, camps
    people      ranks, titles, names, appositions, counterparts, dual titles, surnames
    events      sessions, talks, ceremonies, visits, exercises; agreements and their coreference
    relations   the facts, each with its evidence sentence
    pipeline    the stages in order, stable ids, the Extraction
"""
from __future__ import annotations

from foedus.loaders.extract.pipeline import extract_document

__all__ = ["extract_document"]
