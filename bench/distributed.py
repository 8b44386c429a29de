"""The two ways past one machine that can be exercised on one (see docs/scaling.md).

- Routing: a `neo4j://` URI against the server. The driver fetches a routing table and sends
  write transactions to the writer and read transactions to readers; on a single server both
  are that server, so the same code runs unchanged against a cluster or Aura.
- Extraction spread over processes: each worker writes its documents' extractions as JSON Lines
  (with the text, so the document keeps its content hash), and one writer loads them all with
  `Extraction.from_json` and `write_extraction`, in one transaction per document.
"""
from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path
from typing import Any

import neo4j

from bench.world import World
from foedus.graph.queries import catalogue
from foedus.graph.reader import run_query
from foedus.graph.writer import write_extraction
from foedus.loaders.model import Extraction

__all__ = ["check_routing", "extraction_to_line", "load_extraction_files", "routing_uri", "spread_extraction"]


def routing_uri(uri: str) -> str:
    """The `neo4j://` (routing) form of a `bolt://` URI."""
    scheme, _, rest = uri.partition("://")
    return "neo4j://" + rest if scheme in ("bolt", "neo4j") else "neo4j+s://" + rest


def check_routing(uri: str, auth: tuple[str, str] | None, world: World, index: int,
                  database: str | None = None) -> dict[str, Any]:
    """Write one document and read it back through a routing driver; what the routing table says."""
    port = uri.rsplit(":", 1)[-1]
    with neo4j.GraphDatabase.driver(routing_uri(uri), auth=auth, notifications_min_severity="OFF") as driver:
        driver.verify_connectivity()
        # The local server advertises Bolt's default port in its routing table (no
        # server.bolt.advertised_address in its config): make sure the routed session reaches
        # this server, never another instance on 7687, before writing anything.
        answered = driver.execute_query("RETURN 1 AS one", database_=database,
                                        routing_=neo4j.RoutingControl.WRITE).summary.server.address
        if str(answered).rsplit(":", 1)[-1] != port:
            raise RuntimeError(f"routing sent writes to {answered}, not to port {port}: not writing")
        ex = world.extraction(index, salt="routing")
        summary = write_extraction(driver, ex, database=database)
        query = catalogue()["entity_card"]
        card = run_query(driver, query, query.bind({"id": ex.entities[0].id, "limit": 5}), database=database)
        routers = driver.execute_query("CALL dbms.routing.getRoutingTable({}) YIELD servers RETURN servers",
                                       database_=database, routing_=neo4j.RoutingControl.READ).records
    roles = {s["role"]: s["addresses"] for s in routers[0]["servers"]} if routers else {}
    return {"uri": routing_uri(uri), "facts_written": summary.facts_created + summary.facts_confirmed,
            "read_back": bool(card), "routing_table": roles}


def extraction_to_line(ex: Extraction) -> str:
    """One JSON Lines record of an extraction, with the document's text (its key is the text's hash)."""
    data = ex.to_json()
    data["document"]["text"] = ex.document.text
    return json.dumps(data, ensure_ascii=False)


def _worker(args: tuple[int, int, int, int, str]) -> str:
    seed, start, stop, step, path = args
    world = World(seed=seed)
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(extraction_to_line(world.extraction(i, salt="spread")) + "\n" for i in range(start, stop, step))
    return path


def spread_extraction(world: World, folder: Path, n: int, workers: int, start: int) -> list[Path]:
    """n documents' extractions written by `workers` processes, one JSON Lines file each."""
    jobs = [(world.seed, start + k, start + n, workers, str(folder / f"part-{k}.jsonl")) for k in range(workers)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return [Path(p) for p in pool.map(_worker, jobs)]


def load_extraction_files(driver: neo4j.Driver, paths: list[Path], database: str | None = None) -> dict[str, Any]:
    """One writer loads every extraction file, one transaction per document."""
    began = time.perf_counter()
    docs = written = skipped = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            summary = write_extraction(driver, Extraction.from_json(json.loads(line)), database=database)
            docs += 1
            skipped += summary.skipped
            written += summary.facts_created + summary.facts_confirmed
    seconds = time.perf_counter() - began
    return {"documents": docs, "skipped": skipped, "facts": written, "seconds": round(seconds, 2)}
