"""End to end: `foedus load` of generated articles (a JSON Lines file), docs/s and peak memory.

The command runs as a child process, as a user runs it, against the benchmark server; its peak
resident memory from /proc (VmHWM), its time from the wall clock (start-up and
schema check included, so small loads understate the steady rate).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import PROJECT, Target, wait_peak_rss
from bench.world import World

__all__ = ["bench_load", "write_articles"]


def write_articles(world: World, n: int, path: Path, start: int = 0) -> Path:
    """n articles as one JSON Lines file."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + n):
            out.write(json.dumps(world.article(i), ensure_ascii=False) + "\n")
    return path


def _foedus() -> list[str]:
    exe = Path(sys.executable).with_name("foedus")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "foedus.cli"]


def bench_load(target: Target, world: World, *, n: int, start: int, workers: int = 1) -> dict[str, Any]:
    """Load n new articles with `foedus load --workers N`; documents per second and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="foedus-bench-") as tmp:
        path = write_articles(world, n, Path(tmp) / "articles.jsonl", start=start)
        log = Path(tmp) / "load.log"
        began = time.perf_counter()
        with log.open("wb") as err:
            proc = subprocess.Popen([*_foedus(), "load", str(path), "--workers", str(workers)], cwd=PROJECT,
                                    env=target.env(), stdout=err, stderr=subprocess.STDOUT)
            peak = wait_peak_rss(proc)
        seconds = time.perf_counter() - began
        tail = log.read_text(errors="replace")[-1500:]
    if proc.returncode != 0:
        raise RuntimeError(f"foedus load failed ({proc.returncode}):\n{tail}")
    return {"docs": n, "workers": workers, "seconds": round(seconds, 1), "docs_per_s": round(n / seconds, 1),
            "peak_rss_mb": round(peak, 1)}
