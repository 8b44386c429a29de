"""Query latency: every canned query through the API and directly through the driver.

The API is `foedus serve` (uvicorn with uvloop and httptools) run as a child process on a free
port of 127.0.0.1, pointed at the benchmark server, so it does not share a GIL with the clients.
With more than one CPU the child is pinned to the last one and the clients to the others, so
neither steals the other's core (the Neo4j server runs unpinned). API clients are threads, each
with one keep-alive `http.client` connection, timing until the whole body is read (the body is
parsed once, outside the timings, to count rows). The direct figure runs the same Cypher with
the same bound parameters by `driver.execute_query` as a read, from the same process and
threads. The two alternate in rounds so that the machine's load drifts over both alike.
Concurrency 8 means 8 threads sending back to back.
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import neo4j

from bench.common import Target, median, percentile
from bench.world import World
from foedus.graph.queries import catalogue

__all__ = ["ApiServer", "api_server", "bench_queries", "query_params"]

ROUNDS = 2  # API and driver alternate: api, driver, then driver, api


def query_params(world: World) -> dict[str, dict[str, str]]:
    """Realistic parameters for each canned query, from the generated world."""
    p = world.sample_params
    a, b = p["a"], p["b"]
    return {
        "agreement_history": {"party": a},
        "agreements": {"party": f"state:{a}"},
        "bilateral_timeline": {"a": a, "b": b, "limit": "50"},   # the first page, newest first
        "changes_since": {"since": date.today().isoformat()},   # the whole world was learned today
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


class ApiServer:
    """A `foedus serve` child process; `ensure()` starts it again if something stopped it."""

    def __init__(self, target: Target, log: Path, cpus: set[int] | None) -> None:
        self.target, self.log, self.cpus = target, log, cpus
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        self.restarts = -1

    def ensure(self) -> None:
        """Start the child unless it runs; wait until it answers `/health`."""
        if self.proc is not None and self.proc.poll() is None:
            return
        self.restarts += 1
        foedus = Path(sys.executable).with_name("foedus")
        cpus = self.cpus

        def pin() -> None:  # in the child, before exec: the server and its threads stay on `cpus`
            if cpus:
                os.sched_setaffinity(0, cpus)

        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([str(foedus), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                         env=self.target.env(), stdout=out, stderr=subprocess.STDOUT,
                                         preexec_fn=pin)
        deadline = time.monotonic() + 90
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"foedus serve exited ({self.proc.returncode}); see {self.log}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"foedus serve did not answer within 90 s; see {self.log}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after 10 s)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextmanager
def api_server(target: Target, log: Path) -> Iterator[ApiServer]:
    """The API as a `foedus serve` child; with 2+ CPUs it gets the last CPU and this process the others."""
    cpus = sorted(os.sched_getaffinity(0))
    mine = set(cpus)
    server_cpus = None
    if len(cpus) > 1:
        server_cpus = {cpus[-1]}
        os.sched_setaffinity(0, set(cpus[:-1]))
    server = ApiServer(target, log, server_cpus)
    try:
        server.ensure()
        yield server
    finally:
        server.stop()
        os.sched_setaffinity(0, mine)


class ApiError(RuntimeError):
    """The API answered with an error status (e.g. 504 past the query timeout)."""


def _api_client(port: int, path: str) -> Callable[[], bytes]:
    """One keep-alive connection; each call is a GET of `path`, returning the body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call() -> bytes:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise ApiError(f"HTTP {response.status}: {body[:160].decode(errors='replace')}")
        return body
    return call


def _load(call_factory: Callable[[], Callable[[], Any]], concurrency: int, requests: int,
          budget: float) -> list[float]:
    """Latencies (s) of `requests` calls spread over `concurrency` threads, stopping at `budget` seconds."""
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    errors: list[BaseException] = []
    calls = [call_factory() for _ in range(concurrency)]  # clients made before the clock starts
    stop_at = time.monotonic() + budget

    def worker(call: Callable[[], Any]) -> None:
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


def _error(exc: BaseException) -> dict[str, str]:
    return {"error": f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:160]}"}


def bench_queries(target: Target, driver: neo4j.Driver, world: World, *, requests: int, budget: float,
                  log: Path, names: list[str] | None = None) -> dict[str, Any]:
    """Median and p99 (ms) of every canned query via the API and the driver, at concurrency 1 and 8."""
    params = query_params(world)
    queries = {n: q for n, q in catalogue().items() if not q.writes and (names is None or n in names)}
    results: dict[str, Any] = {}
    errors = (OSError, ApiError, neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError)
    with api_server(target, log) as server:
        for name, query in sorted(queries.items()):
            given = params.get(name, {})
            bound = query.bind(given)
            path = f"/queries/{name}" + (f"?{urlencode(given)}" if given else "")

            def api_call(path: str = path) -> Callable[[], bytes]:
                return _api_client(server.port, path)

            def direct_call(query: Any = query, bound: dict = bound) -> Callable[[], Any]:
                def call() -> Any:
                    return driver.execute_query(query.body, bound, routing_=neo4j.RoutingControl.READ,
                                                database_=target.database)
                return call

            try:
                server.ensure()
                body = api_call()()  # warm both paths (plans, connections); count the rows once
                _load(api_call, 1, 1, budget)
                _load(direct_call, 1, 2, budget)
            except errors as exc:  # e.g. a 504 past the query timeout
                results[name] = _error(exc)
                continue
            entry: dict[str, Any] = {"rows": len(json.loads(body)["rows"]), "bytes": len(body)}
            for conc in (1, 8):
                n = (requests if conc == 1 else requests * 2) // ROUNDS + 1
                api: list[float] = []
                direct: list[float] = []
                try:
                    for round_ in range(ROUNDS):
                        pair: list[tuple[list[float], Callable[[], Callable[[], Any]]]] = [
                            (api, api_call), (direct, direct_call)]
                        for into, factory in pair if round_ % 2 == 0 else reversed(pair):
                            into.extend(_load(factory, conc, n, budget / ROUNDS))
                except errors as exc:
                    entry[f"c{conc}"] = _error(exc)
                    continue
                entry[f"c{conc}"] = {
                    "api_p50_ms": round(median(api) * 1000, 1), "api_p99_ms": round(percentile(api, 99) * 1000, 1),
                    "direct_p50_ms": round(median(direct) * 1000, 1),
                    "direct_p99_ms": round(percentile(direct, 99) * 1000, 1),
                    "overhead": round(median(api) / median(direct), 2) if median(direct) else None,
                    "n": len(api), "n_direct": len(direct),
                }
            results[name] = entry
        if server.restarts:
            for entry in results.values():
                entry["server_restarts"] = server.restarts
    return results
