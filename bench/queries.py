"""Query latency: every canned query through the API and directly through the driver.

The API is the real app (`create_app`) served by uvicorn in this process, in a thread, on a free
port of 127.0.0.1, pointed at the benchmark server; clients are threads with one keep-alive
HTTP connection each. The direct figure runs the same Cypher with the same bound
parameters by `driver.execute_query` as a read. Concurrency 8 means 8 threads sending back to back.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import neo4j

from bench.common import Target, median, percentile
from bench.world import World
from foedus.graph.queries import catalogue

__all__ = ["api_server", "bench_queries", "query_params"]


def query_params(world: World) -> dict[str, dict[str, str]]:
    """Realistic parameters for each canned query, from the generated world."""
    p = world.sample_params
    a, b = p["a"], p["b"]
    return {
        "agreements": {"party": f"state:{a}"},
        "bilateral_timeline": {"a": a, "b": b},
        "committee_sessions": {"committee": p["committee"]},
        "documents_mentioning": {"id": f"state:{b}"},
        "entity_card": {"id": f"state:{a}"},
        "exercises": {"participant": f"state:{a}"},
        "fact_evidence": {"source": f"state:{min(a, b)}", "type": "PARTNERS_WITH", "target": f"state:{max(a, b)}"},
        "firms_active_with_state": {"iso2": a},
        "graph_statistics": {},
        "officials": {"id": f"state:{a}"},
        "partners_of_state": {"iso2": a},
        "search_entities": {"q": p["search"]},
        "shortest_paths": {"from": p["person"], "to": p["firm"]},
        "who_met_whom": {"person": p["person"]},
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def api_server(target: Target, log: Path) -> Iterator[str]:
    """The Foedus app served by uvicorn in this process (a thread), on a free port; yields its base URL.

    In-process rather than a `foedus serve` child: on a shared machine other jobs' clean-ups
    stopped the child mid-run. The server's thread shares the GIL with the client threads, so
    the API figures are an upper bound of what a separate process gives.
    """
    import uvicorn

    from foedus.api.app import create_app
    from foedus.settings import Settings

    port = _free_port()
    user, password = target.auth or ("neo4j", None)
    settings = Settings(neo4j_uri=target.uri, neo4j_user=user, neo4j_password=password,
                        neo4j_database=target.database or "neo4j")
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the in-process API server did not start")
            time.sleep(0.05)
        yield url
    finally:
        server.should_exit = True
        thread.join(10)


def _load(call_factory: Callable[[], Callable[[], None]], concurrency: int, requests: int,
          budget: float) -> list[float]:
    """Latencies (s) of `requests` calls spread over `concurrency` threads, stopping at `budget` seconds."""
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    errors: list[BaseException] = []
    calls = [call_factory() for _ in range(concurrency)]  # clients made before the clock starts
    stop_at = time.monotonic() + budget

    def worker(call: Callable[[], None]) -> None:
        while time.monotonic() < stop_at:
            with lock:
                if next(counter, None) is None:
                    return
            began = time.perf_counter()
            try:
                call()
            except BaseException as exc:  # noqa: BLE001 - reported after the threads end
                errors.append(exc)
                return
            with lock:
                latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return latencies


def bench_queries(target: Target, driver: neo4j.Driver, world: World, *, requests: int, budget: float,
                  log: Path, names: list[str] | None = None) -> dict[str, Any]:
    """Median and p99 (ms) of every canned query via the API and the driver, at concurrency 1 and 8."""
    params = query_params(world)
    queries = {n: q for n, q in catalogue().items() if not q.writes and (names is None or n in names)}
    results: dict[str, Any] = {}
    with api_server(target, log) as url:
        for name, query in sorted(queries.items()):
            given = params.get(name, {})
            bound = query.bind(given)
            row_counts: list[int] = []

            def api_call(name: str = name, given: dict = given, row_counts: list = row_counts
                         ) -> Callable[[], None]:
                client = httpx.Client(base_url=url, timeout=60)

                def call() -> None:
                    r = client.get(f"/queries/{name}", params=given)
                    r.raise_for_status()
                    row_counts.append(len(r.json()["rows"]))
                return call

            def direct_call(query: Any = query, bound: dict = bound) -> Callable[[], None]:
                def call() -> None:
                    driver.execute_query(query.body, bound, routing_=neo4j.RoutingControl.READ,
                                         database_=target.database)
                return call

            try:
                for factory in (api_call, direct_call):  # warm both paths (plans, connections)
                    _load(factory, 1, 2, budget)
            except (httpx.HTTPError, neo4j.exceptions.Neo4jError) as exc:  # e.g. a 504 past the query timeout
                results[name] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"}
                continue
            entry: dict[str, Any] = {"rows": row_counts[-1] if row_counts else None}
            for conc in (1, 8):
                n = requests if conc == 1 else requests * 2
                try:
                    api = _load(api_call, conc, n, budget)
                    direct = _load(direct_call, conc, n, budget)
                except (httpx.HTTPError, neo4j.exceptions.Neo4jError) as exc:
                    entry[f"c{conc}"] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"}
                    continue
                entry[f"c{conc}"] = {
                    "api_p50_ms": round(median(api) * 1000, 1), "api_p99_ms": round(percentile(api, 99) * 1000, 1),
                    "direct_p50_ms": round(median(direct) * 1000, 1),
                    "direct_p99_ms": round(percentile(direct, 99) * 1000, 1),
                    "overhead": round(median(api) / median(direct), 2) if median(direct) else None,
                    "n": len(api),
                }
            results[name] = entry
    return results
