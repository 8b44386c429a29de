"""What every benchmark shares: the target server, timing statistics, the machine's description."""
from __future__ import annotations

import logging
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j

from foedus.settings import Settings

__all__ = ["Target", "bench_settings", "log", "machine", "median", "percentile", "timed", "wait_peak_rss"]

PROJECT = Path(__file__).resolve().parents[1]
log = logging.getLogger("bench")


def bench_settings() -> Settings:
    """The benchmarks' own local Neo4j: never the user's graph (7687) nor the tests' (7688)."""
    return Settings(neo4j_uri=None, local_instance="bench", local_bolt_port=7689, local_http_port=7476,
                    local_auth=False, local_heap="4g", local_pagecache="4g")


@dataclass
class Target:
    """A Neo4j server to benchmark against: its URI and auth (None with auth off)."""

    uri: str
    auth: tuple[str, str] | None = None
    database: str | None = None

    def driver(self, uri: str | None = None) -> neo4j.Driver:
        """A driver with server notifications off (they are warnings about absent labels on an empty graph)."""
        return neo4j.GraphDatabase.driver(uri or self.uri, auth=self.auth, max_connection_pool_size=50,
                                          notifications_min_severity="OFF")

    def env(self) -> dict[str, str]:
        """Environment for a `foedus` child process pointed at this server."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "FOEDUS_"))}
        env["NEO4J_URI"] = self.uri
        if self.auth:
            env["NEO4J_USER"], env["NEO4J_PASSWORD"] = self.auth
        if self.database:
            env["NEO4J_DATABASE"] = self.database
        return env


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def wait_peak_rss(proc: subprocess.Popen, interval: float = 0.1) -> float:
    """Wait for a child and return its peak resident memory in MB.

    Read from /proc/<pid>/status (VmHWM, which starts afresh at exec), polled until the child
    ends. Not `wait4`'s ru_maxrss: that one keeps the parent's resident size from the moment of
    the fork, so every child of a 150 MB parent would "peak" at 150 MB at least.
    """
    status = Path(f"/proc/{proc.pid}/status")
    peak_kb = 0
    while True:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak_kb = max(peak_kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        if proc.poll() is not None:
            return peak_kb / 1024
        time.sleep(interval)


def machine() -> dict[str, Any]:
    """nproc, RAM, CPU model and load: what the figures ran on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "ram_gb": round(ram_gb, 1), "cpu": cpu, "python": platform.python_version(),
            "load_avg": [round(x, 1) for x in os.getloadavg()]}
