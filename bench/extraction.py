"""Extraction benchmark: documents per second through `extract_document`, on one core and with workers.

The two-worker figure goes through `foedus.ingest`'s own pool (fork, `imap`, chunks of 8), the
path `foedus load --workers 2` takes.
"""
from __future__ import annotations

import time
from typing import Any

from bench.common import median
from bench.world import World
from foedus.ingest import _extracted  # the pool `foedus load --workers N` uses
from foedus.loaders.extract import extract_document
from foedus.loaders.model import SourceDocument

__all__ = ["articles", "bench_extraction"]


def articles(world: World, n: int, start: int = 0) -> list[SourceDocument]:
    """n generated articles as documents, as the JSON Lines reader would make them."""
    docs = []
    for i in range(start, start + n):
        rec = world.article(i)
        docs.append(SourceDocument(text=rec["text"], title=rec["title"], published=rec["published"],
                                   language=rec["language"], source=rec["url"]))
    return docs


def bench_extraction(world: World, *, n: int, rounds: int) -> dict[str, Any]:
    """Documents per second with one process and with two workers (medians over rounds)."""
    docs = articles(world, n)
    one, two, entities, facts = [], [], 0, 0
    extract_document(docs[0])  # gazetteers and lexicons load once, before the clock (and before the fork)
    for _ in range(rounds):
        began = time.perf_counter()
        results = [extract_document(d) for d in docs]
        one.append(n / (time.perf_counter() - began))
        entities = sum(len(x.entities) for x in results)
        facts = sum(len(x.relations) for x in results)
        began = time.perf_counter()
        count = sum(1 for _ in _extracted(iter(docs), 2))
        two.append(count / (time.perf_counter() - began))
    return {"docs": n, "docs_per_s_1": round(median(one), 1), "docs_per_s_2": round(median(two), 1),
            "speedup_2_workers": round(median(two) / median(one), 2),
            "entities_per_doc": round(entities / n, 2), "facts_per_doc": round(facts / n, 2),
            "runs_1": [round(x, 1) for x in one], "runs_2": [round(x, 1) for x in two]}
