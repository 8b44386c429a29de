"""Run the benchmarks: `python -m bench.run [--sizes 100k,1m,3m] [--smoke] [--only writes,queries,...]`.

Uses its own local Neo4j ("bench": Bolt 7689, HTTP 7476, auth off, 4g heap, 4g page cache),
wiped and given Foedus's schema at the start and stopped at the end (`--keep` leaves it up).
`--uri` points at another disposable server instead. A full run (not `--smoke`, not `--only`)
rewrites the results section of bench/README.md; every run writes bench/results/latest.json.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import neo4j

from bench.common import PROJECT, Target, bench_settings, machine
from bench.world import World

__all__ = ["FULL", "SMOKE", "main", "run"]

BENCHES = ("writes", "extraction", "e2e", "queries", "rdf", "distributed")
SMOKE: dict[str, Any] = {
    "sizes": [3_000], "write_docs": 2, "write_rounds": 2, "per_row_docs": 1, "extract_docs": 60,
    "extract_rounds": 1, "load_docs": 20, "query_requests": 2, "query_budget": 0.5, "rdf_rounds": 1,
    "rdflib_limit": 5_000, "spread_docs": 6, "fill_rows": 2000,
}
FULL: dict[str, Any] = {
    "sizes": [100_000, 1_000_000, 3_000_000], "write_docs": 12, "write_rounds": 5, "per_row_docs": 1,
    "extract_docs": 1000, "extract_rounds": 3, "load_docs": 10_000, "query_requests": 200, "query_budget": 6.0,
    "rdf_rounds": 2,
    "rdflib_limit": 1_000_000, "rdf_limit": 0, "spread_docs": 200, "fill_rows": 5000,
}
README = Path(__file__).resolve().parent / "README.md"
RESULTS = Path(__file__).resolve().parent / "results"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def parse_size(text: str) -> int:
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * mult)


def say(message: str) -> None:
    print(message, flush=True)


def run(target: Target, cfg: dict[str, Any], only: set[str] | None = None, wipe: bool = True,
        previous: dict[str, Any] | None = None, save: Any = None) -> dict[str, Any]:
    """Every benchmark at every size; the results as one dict (printed as it goes)."""
    from bench.bulk import bulk_load, local_server_for
    from bench.distributed import check_routing, load_extraction_files, spread_extraction
    from bench.e2e import bench_load
    from bench.extraction import bench_extraction
    from bench.queries import bench_queries
    from bench.rdf import bench_rdf
    from bench.writes import bench_writes, fill
    from foedus.graph.admin import relationship_count, wipe_graph
    from foedus.graph.schema import ensure_schema

    want = set(BENCHES) if only is None else only
    world = World()
    results: dict[str, Any] = {"machine": machine(), "config": cfg, "sizes": {},
                               "started": time.strftime("%Y-%m-%d %H:%M")}
    if previous:  # a run continued on the same graph (--reuse): keep the figures it does not redo
        results.update({k: v for k, v in previous.items() if k in ("extraction", "e2e", "distributed")})
        results["sizes"] = dict(previous.get("sizes", {}))
        results["started"] = previous.get("started", results["started"])
    driver = target.driver()
    db = target.database
    if wipe:
        wipe_graph(driver, db)
    ensure_schema(driver, db)
    next_doc = next_fill_index(driver, db)
    load_start = 50_000_000
    tmp = Path(tempfile.mkdtemp(prefix="foedus-bench-"))
    try:
        if "extraction" in want and not (previous and "extraction" in previous):
            say(f"== extraction: {cfg['extract_docs']} generated articles (ar/fr/en)")
            r = bench_extraction(world, n=cfg["extract_docs"], rounds=cfg["extract_rounds"])
            results["extraction"] = r
            say(f"   1 process: {r['docs_per_s_1']:,} docs/s; 2 workers: {r['docs_per_s_2']:,} docs/s "
                f"(speed-up {r['speedup_2_workers']}x); {r['entities_per_doc']} entities, "
                f"{r['facts_per_doc']} facts/doc")
        for size in cfg["sizes"]:
            label = f"{size / 1e6:g}M" if size >= 1_000_000 else f"{size / 1e3:g}k"
            say(f"== graph of {label} relationships")
            if cfg.get("fill") == "bulk" and relationship_count(driver, db) < size:
                # neo4j-admin import replaces the database: world documents 0.. up to the size, from scratch
                # (simpler than growing), then a sample of the bare UNWIND fill for its rate on this graph.
                server = local_server_for(target.uri)
                if server is None:
                    raise SystemExit(f"--fill bulk stops and restarts the server: {target.uri} is not a running "
                                     "local instance (the bench's own, or the one FOEDUS_LOCAL_* names)")
                driver.close()  # its bookmarks name transactions the imported store never had
                filled = bulk_load(server, tmp / "bulk", relationships=size, database=db or "neo4j", say=say)
                driver = target.driver()
                have = imported = filled["relationships"]  # exact: the import tolerates no bad line
                try:
                    next_doc, sample = fill(driver, world, have + 3 * cfg.get("fill_rows", 2000),
                                            filled["next_index"], rows_per_tx=cfg.get("fill_rows", 2000),
                                            database=db, say=say)
                except neo4j.exceptions.Neo4jError as exc:  # a figure missing, not the whole run lost
                    say(f"   bare UNWIND sample after the import failed: {exc}")
                    next_doc = filled["next_index"]
                    sample = {"relationships": have, "facts_per_s": 0.0, "error": str(exc)[:300]}
                filled.update(unwind_sample=sample, facts_per_s=sample["facts_per_s"],
                              relationships=sample["relationships"])
                say(f"   bulk: {imported:,} relationships imported in "
                    f"{filled['import_seconds']}s ({filled['import_rels_per_s']:,} relationships/s; "
                    f"{filled['seconds']}s and {imported / filled['seconds']:,.0f}/s "
                    f"with CSV, restart and schema; Python peak RSS {filled['csv_peak_rss_mb']} MB) | bare UNWIND "
                    f"on a sample of {sample['relationships'] - have:,} relationships: {sample['facts_per_s']:,} "
                    "facts/s")
            else:
                next_doc, filled = fill(driver, world, size, next_doc, rows_per_tx=cfg.get("fill_rows", 2000),
                                        database=db, say=say)
            entry: dict[str, Any] = dict(results["sizes"].get(label, {}))  # --reuse --only: keep the rest
            if filled["documents"] or "fill" not in entry:  # nothing to add: keep how it was filled
                entry["fill"] = filled
            results["sizes"][label] = entry
            say(f"   filled: {filled['relationships']:,} relationships from {filled['documents']:,} documents "
                f"at {filled['facts_per_s']:,} facts/s (bare UNWIND, {cfg.get('fill_rows', 2000)} facts a transaction)")
            if "writes" in want:
                w = bench_writes(driver, world, docs=cfg["write_docs"], rounds=cfg["write_rounds"],
                                 per_row_docs=cfg["per_row_docs"], database=db)
                entry["writes"] = w
                f = w["facts_per_s"]
                say(f"   writes (facts/s, median of {w['rounds']}): foedus {f['foedus']:,} | bare per doc "
                    f"{f['bare_per_doc']:,} (ratio {w['ratio_vs_bare_per_doc']}, goal >= 0.8) | bare batched "
                    f"{f['bare_batched']:,} (ratio {w['ratio_vs_bare_batched']}) | one MERGE per row "
                    f"{f['per_row']:,} (foedus {w['speedup_vs_per_row']}x faster, goal >= 20x) | foedus batched "
                    f"{f.get('foedus_batched', 0):,} ({w.get('batched_ratio_vs_bare_batched')} of bare batched, "
                    f"{w.get('batched_speedup_vs_per_row')}x per row)")
            if "e2e" in want and size == cfg["sizes"][0] and not (previous and "e2e" in previous):
                say(f"== foedus load of {cfg['load_docs']:,} articles (JSON Lines)")
                r = bench_load(target, world, n=cfg["load_docs"], start=load_start)
                load_start += cfg["load_docs"]
                results["e2e"] = r
                say(f"   {r['docs_per_s']:,} docs/s ({r['seconds']}s), peak RSS {r['peak_rss_mb']} MB")
            if "queries" in want:
                say("   queries (ms: API p50/p99 | driver p50/p99 | API/driver)")
                q = bench_queries(target, driver, world, requests=cfg["query_requests"], budget=cfg["query_budget"],
                                  log=tmp / "serve.log")
                entry["queries"] = q
                for name, e in q.items():
                    if "error" in e or "error" in e.get("c1", {}) or "error" in e.get("c8", {}):
                        say(f"   {name:25} {e.get('error') or e.get('c1', {}).get('error') or e['c8']['error']}")
                        continue
                    c1, c8 = e["c1"], e["c8"]
                    say(f"   {name:25} c1 {c1['api_p50_ms']:>7}/{c1['api_p99_ms']:<7} | {c1['direct_p50_ms']:>7}/"
                        f"{c1['direct_p99_ms']:<7} | {c1['overhead']}x   c8 {c8['api_p50_ms']:>7}/{c8['api_p99_ms']:<7}"
                        f" | {c8['direct_p50_ms']:>7}/{c8['direct_p99_ms']:<7} | {c8['overhead']}x  rows={e['rows']}")
            if "rdf" in want:
                rounds = cfg["rdf_rounds"] if size <= 100_000 else 1
                r = bench_rdf(target, rounds=rounds, rdflib_limit=cfg["rdflib_limit"],
                              limit=cfg.get("rdf_limit", 0) if size > 100_000 else 0)
                entry["rdf"] = r
                say(f"   RDF: foedus {r['foedus_triples_per_s']:,} triples/s ({r['foedus_triples']:,} triples, "
                    f"{r['foedus_seconds']}s), peak RSS {r['foedus_peak_rss_mb']} MB | rdflib "
                    f"{r.get('rdflib_triples_per_s', 0):,} triples/s on {r.get('rdflib_triples', 0):,} triples, "
                    "peak RSS "
                    f"{r.get('rdflib_peak_rss_mb')} MB (foedus {r.get('speedup_vs_rdflib')}x)")
            entry["relationships_after"] = relationship_count(driver, db)
            if save:
                save(results)
        if "distributed" in want and not (previous and "distributed" in previous):
            say("== beyond one machine: routing URI, extraction spread over 2 processes")
            routing = check_routing(target.uri, target.auth, world, 90_000_000, database=db)
            paths = spread_extraction(world, tmp, cfg["spread_docs"], 2, 91_000_000)
            loaded = load_extraction_files(driver, paths, database=db)
            results["distributed"] = {"routing": routing, "spread": loaded}
            say(f"   {routing['uri']}: wrote {routing['facts_written']} facts, read back: {routing['read_back']}, "
                f"routing table {routing['routing_table']}")
            say(f"   2 extraction processes -> {len(paths)} JSON Lines files -> one writer: "
                f"{loaded['documents']} docs, "
                f"{loaded['facts']} facts, {loaded['skipped']} skipped, {loaded['seconds']}s")
    finally:
        driver.close()
    results["finished"] = time.strftime("%Y-%m-%d %H:%M")
    results["machine"]["load_avg_end"] = machine()["load_avg"]
    return results


def next_fill_index(driver: Any, database: str | None) -> int:
    """The first world document index the graph does not hold yet (fill documents are unsalted)."""
    record = driver.execute_query(
        "MATCH (d:Document) WHERE d.source STARTS WITH 'bench://doc/' AND NOT d.source CONTAINS '-' "
        "RETURN max(toInteger(substring(d.source, 12))) AS top", database_=database).records[0]
    return 0 if record["top"] is None else record["top"] + 1


def _fmt(x: Any) -> str:
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:,.2f}" if abs(x) < 10 else f"{x:,.1f}"
    if isinstance(x, int):
        return f"{x:,}"
    return "-" if x is None else str(x)


def results_markdown(results: dict[str, Any]) -> str:
    """The results section of bench/README.md."""
    m = results["machine"]
    header = (f"Run {results['started']} - {results['finished']} UTC on {m['nproc']} CPUs ({m['cpu']}), "
              f"{m['ram_gb']} GB RAM, Python {m['python']}; load average at start {m['load_avg']}, at end "
              f"{m.get('load_avg_end')} (the machine was shared: figures are noisy; ratios are measured "
              "interleaved in the same run).")
    lines = [header, ""]
    sizes = results["sizes"]
    if sizes:
        lines += ["| figure | goal | " + " | ".join(sizes) + " |", "|---|---|" + "---|" * len(sizes)]

        def row(name: str, goal: str, get: Any) -> None:
            vals = []
            for s in sizes.values():
                try:
                    vals.append(_fmt(get(s)))
                except (KeyError, TypeError):
                    vals.append("-")
            lines.append(f"| {name} | {goal} | " + " | ".join(vals) + " |")

        row("relationships in graph", "", lambda s: s["fill"]["relationships"])
        row("fill: bare UNWIND, ~5000 facts/tx (facts/s)", "", lambda s: s["fill"]["facts_per_s"])
        row("fill: neo4j-admin import (s, relationships/s; whole load s; Python peak RSS MB)", "",
            lambda s: f"{s['fill']['import_seconds']} s, {_fmt(s['fill']['import_rels_per_s'])}/s; "
                      f"{s['fill']['seconds']} s; {s['fill']['csv_peak_rss_mb']} MB")
        row("write: Foedus write_extraction (facts/s)", "", lambda s: s["writes"]["facts_per_s"]["foedus"])
        row("write: bare UNWIND, 1 doc/tx (facts/s)", "", lambda s: s["writes"]["facts_per_s"]["bare_per_doc"])
        row("write: bare UNWIND, ~2000 facts/tx (facts/s)", "", lambda s: s["writes"]["facts_per_s"]["bare_batched"])
        row("write: one MERGE per row (facts/s)", "", lambda s: s["writes"]["facts_per_s"]["per_row"])
        row("Foedus / bare 1 doc/tx", ">= 0.8", lambda s: s["writes"]["ratio_vs_bare_per_doc"])
        row("Foedus / bare ~2000 facts/tx", "", lambda s: s["writes"]["ratio_vs_bare_batched"])
        row("Foedus / one MERGE per row", ">= 20x", lambda s: s["writes"]["speedup_vs_per_row"])
        row("write: Foedus write_extractions, ~2000 facts/tx (facts/s)", "",
            lambda s: s["writes"]["facts_per_s"]["foedus_batched"])
        row("Foedus batched / bare ~2000 facts/tx", ">= 0.8", lambda s: s["writes"]["batched_ratio_vs_bare_batched"])
        row("Foedus batched / one MERGE per row", ">= 20x", lambda s: s["writes"]["batched_speedup_vs_per_row"])
        first = next(iter(sizes.values()))
        for qname in (first.get("queries") or {}):
            row(f"query {qname}: API p50 / p99 ms (c1)", "p99 < 50" if qname in (
                "entity_card", "partners_of_state", "bilateral_timeline") else "",
                lambda s, q=qname: f"{s['queries'][q]['c1']['api_p50_ms']} / {s['queries'][q]['c1']['api_p99_ms']}")
            row(f"query {qname}: API p50 / p99 ms (c8)", "",
                lambda s, q=qname: f"{s['queries'][q]['c8']['api_p50_ms']} / {s['queries'][q]['c8']['api_p99_ms']}")
            row(f"query {qname}: API / driver p50 (c1, c8)", "<= 1.5",
                lambda s, q=qname: f"{s['queries'][q]['c1']['overhead']}, {s['queries'][q]['c8']['overhead']}")
        row("RDF: Foedus triples/s", ">= 100,000", lambda s: s["rdf"]["foedus_triples_per_s"])
        row("RDF: Foedus triples exported", "", lambda s: s["rdf"]["foedus_triples"])
        row("RDF: whole graph (else its first N quads)", "", lambda s: s["rdf"].get("foedus_whole_graph", True))
        row("RDF: Foedus peak RSS (MB)", "flat", lambda s: s["rdf"]["foedus_peak_rss_mb"])
        row("RDF: rdflib triples/s (capped sample)", "", lambda s: s["rdf"]["rdflib_triples_per_s"])
        row("RDF: rdflib triples in sample", "", lambda s: s["rdf"]["rdflib_triples"])
        row("RDF: rdflib peak RSS (MB)", "", lambda s: s["rdf"]["rdflib_peak_rss_mb"])
    lines.append("")
    if "extraction" in results:
        e = results["extraction"]
        lines.append(f"Extraction ({e['docs']} articles): {e['docs_per_s_1']:,} docs/s on one process, "
                     f"{e['docs_per_s_2']:,} docs/s with 2 workers (x{e['speedup_2_workers']}); "
                     f"{e['facts_per_doc']} facts/doc.")
    if "e2e" in results:
        e = results["e2e"]
        lines.append(f"End to end (`foedus load`, {e['docs']:,} articles in one JSON Lines file, workers "
                     f"{e['workers']}): {e['docs_per_s']:,} docs/s, {e['seconds']}s, peak RSS {e['peak_rss_mb']} MB.")
    if "distributed" in results:
        d = results["distributed"]
        lines.append(f"Routing URI {d['routing']['uri']}: write and read back ok = {d['routing']['read_back']}; "
                     f"extraction JSON Lines from 2 processes loaded by one writer: {d['spread']['documents']} "
                     f"documents, {d['spread']['skipped']} skipped.")
    return "\n".join(lines) + "\n"


def write_readme(results: dict[str, Any]) -> None:
    """Rewrite the results section of bench/README.md."""
    text = README.read_text(encoding="utf-8") if README.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{START}\n{results_markdown(results)}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", help="graph sizes in relationships (default 100k,1m,3m)")
    parser.add_argument("--smoke", action="store_true", help="everything on tiny sizes, about 30 s")
    parser.add_argument("--only", help=f"some of: {','.join(BENCHES)}")
    parser.add_argument("--uri", help="a disposable Neo4j to use instead of the bench instance (it is wiped)")
    parser.add_argument("--load-docs", type=int, help="articles for the end-to-end load (default 10000)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the graph (no wipe) and add to bench/results/latest.json, e.g. --sizes 1m --reuse")
    parser.add_argument("--rdflib-limit", type=int, help="quads rdflib holds in memory (default 1000000)")
    parser.add_argument("--rdf-limit", type=int,
                        help="quads Foedus exports past 100k relationships (default 0: the whole graph)")
    parser.add_argument("--query-budget", type=float, help="seconds per query and mode (default 8)")
    parser.add_argument("--table", action="store_true",
                        help="only rewrite bench/README.md's table from bench/results/latest.json")
    parser.add_argument("--keep", action="store_true", help="leave the bench Neo4j running")
    parser.add_argument("--fill", choices=("bulk", "unwind"),
                        help="how the graph reaches a size: bulk (neo4j-admin import from scratch, the default; "
                             "needs a local server) or unwind (bare UNWIND MERGE; the default with --smoke)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    if args.table:
        write_readme(json.loads((RESULTS / "latest.json").read_text(encoding="utf-8")))
        return 0
    cfg = dict(SMOKE if args.smoke else FULL)
    if args.sizes:
        cfg["sizes"] = [parse_size(s) for s in args.sizes.split(",")]
    cfg["fill"] = args.fill or ("unwind" if args.smoke else "bulk")
    if args.load_docs:
        cfg["load_docs"] = args.load_docs
    if args.query_budget:
        cfg["query_budget"] = args.query_budget
    if args.rdflib_limit:
        cfg["rdflib_limit"] = args.rdflib_limit
    if args.rdf_limit:
        cfg["rdf_limit"] = args.rdf_limit
    only = set(args.only.split(",")) if args.only else None
    server = None
    if args.uri:
        target = Target(args.uri)
    else:
        from foedus.graph.server import LocalNeo4j

        server = LocalNeo4j(bench_settings())
        say(f"bench Neo4j up in {server.start():.1f}s at {server.bolt_uri}")
        target = Target(server.bolt_uri)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("smoke.json" if args.smoke else "latest.json")
    previous = json.loads(out.read_text(encoding="utf-8")) if args.reuse and out.exists() else None

    def save(results: dict[str, Any]) -> None:
        out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")

    try:
        results = run(target, cfg, only, wipe=not args.reuse, previous=previous, save=save)
    finally:
        if server is not None and not args.keep:
            server.stop()
    save(results)
    if not args.smoke and only is None:
        write_readme(results)
        say(f"results written to {README.relative_to(PROJECT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
