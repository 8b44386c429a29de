"""RDF export: triples per second and peak memory, Foedus's streaming exporter vs rdflib.

Each export runs in a child process (`python -m bench.rdf --child ...`) so its peak resident
memory is its own (VmHWM from /proc, polled). Foedus: `iter_quads` + `export_rdf` as N-Triples into /dev/null.
rdflib: the same quads turned into rdflib terms, added to a `Graph`, then `Graph.serialize` as
N-Triples (capped at `--limit` quads: it holds the whole graph in memory).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench.common import PROJECT, Target, median, wait_peak_rss

__all__ = ["bench_rdf"]

BASE = "https://w3id.org/foedus/id/"


def _child(uri: str, mode: str, limit: int) -> dict[str, Any]:
    import itertools

    import neo4j

    from foedus.graph.rdf_export import export_rdf, iter_quads

    driver = neo4j.GraphDatabase.driver(uri, auth=None, notifications_min_severity="OFF")
    began, cpu = time.perf_counter(), time.process_time()
    quads = iter_quads(driver, BASE)
    if limit:
        quads = itertools.islice(quads, limit)
    with open(os.devnull, "w", encoding="utf-8") as out:
        if mode == "foedus":
            triples = export_rdf(quads, out, "nt")
        else:
            from rdflib import Graph, Literal, URIRef

            def term(t: tuple) -> Any:
                return URIRef(t[1]) if t[0] == "iri" else Literal(t[1], lang=t[2], datatype=t[3])

            g = Graph()
            for s, p, o, _ in quads:
                g.add((term(s), term(p), term(o)))
            triples = len(g)
            out.write(g.serialize(format="nt"))
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    driver.close()
    return {"triples": triples, "seconds": seconds, "cpu_seconds": cpu}


def _run(target: Target, mode: str, limit: int) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "bench.rdf", "--child", mode, "--uri", target.uri,
                                 "--limit", str(limit)], cwd=PROJECT, stdout=out, stderr=err)
        peak = wait_peak_rss(proc)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"RDF export child ({mode}) failed:\n{err.read().decode(errors='replace')[-2000:]}")
        result = json.loads(out.read())
    result["peak_rss_mb"] = peak
    return result


def bench_rdf(target: Target, *, rounds: int, rdflib_limit: int, rdflib: bool = True, limit: int = 0
              ) -> dict[str, Any]:
    """Triples/s and peak RSS of Foedus's exporter (whole graph, or its first `limit` quads) and of
    rdflib (first `rdflib_limit` quads)."""
    fo = [_run(target, "foedus", limit) for _ in range(rounds)]
    result: dict[str, Any] = {
        "foedus_triples": fo[0]["triples"],
        "foedus_triples_per_s": round(median([r["triples"] / r["seconds"] for r in fo])),
        "foedus_peak_rss_mb": round(max(r["peak_rss_mb"] for r in fo), 1),
        "foedus_seconds": round(median([r["seconds"] for r in fo]), 1),
        # The exporter's own CPU time: steadier than wall time on a shared machine (the server's is not in it).
        "foedus_cpu_seconds": round(median([r["cpu_seconds"] for r in fo]), 1),
        "foedus_whole_graph": not limit,
    }
    if rdflib:
        rl = [_run(target, "rdflib", rdflib_limit) for _ in range(max(1, rounds - 1))]
        rate = median([r["triples"] / r["seconds"] for r in rl])
        result.update({
            "rdflib_triples": rl[0]["triples"], "rdflib_triples_per_s": round(rate),
            "rdflib_peak_rss_mb": round(max(r["peak_rss_mb"] for r in rl), 1),
            "speedup_vs_rdflib": round(result["foedus_triples_per_s"] / rate, 1),
        })
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=["foedus", "rdflib"], required=True)
    parser.add_argument("--uri", required=True)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    print(json.dumps(_child(args.uri, args.child, args.limit)))
