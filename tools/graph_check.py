"""The graph-level check of `make score`: our own articles in both scripts loaded together into
a disposable Neo4j, then Person-node precision and cross-script duplicates reported.

The server is the tests' (FOEDUS_TEST_BOLT_PORT / FOEDUS_TEST_HTTP_PORT, or NEO4J_URI): its
graph is wiped. Fails when a person is still split across scripts, or when Person precision
falls below the floor in tests/graph_floor.json.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT / "tests" / "graph_floor.json"


def documents(shared: Path) -> list[Path]:
    """Our own articles (tests/extraction/corpus), the seed and the French report of its meeting."""
    seed = shared / "corpus" / "ar-2025-12-morocco-france-jmc23.txt"
    if not seed.exists():
        seed = ROOT / "corpus" / seed.name
    return [*sorted((ROOT / "tests" / "extraction" / "corpus").glob("*.txt")), seed,
            ROOT / "tests" / "data" / "fr-jmc23-report.txt"]


def main(argv: list[str] | None = None) -> int:
    """Load, check, print; 1 when the check fails."""
    from foedus.graph.admin import wipe_graph
    from foedus.graph.connection import open_driver
    from foedus.graph.quality import check_graph
    from foedus.graph.schema import ensure_schema
    from foedus.ingest import load_paths
    from foedus.settings import Settings

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    settings = Settings().for_tests()
    if settings.uses_local_server:
        from foedus.graph.server import LocalNeo4j

        LocalNeo4j(settings).start()
    paths = documents(args.shared)
    driver = open_driver(settings)
    try:
        wipe_graph(driver)
        ensure_schema(driver)
        report = load_paths(driver, paths)
        result = check_graph(driver)
    finally:
        driver.close()
    print(f"-- graph check: {len(paths)} of our own articles in Arabic, French and English loaded together "
          f"({report.read} read, {len(report.failed)} failed)")
    for line in result.lines():
        print(line)
    floor = json.loads(FLOOR.read_text())["person_precision"] if FLOOR.exists() else 0.0
    print(f"graph check: Person precision {result.precision:.2f} (floor {floor:.2f}), "
          f"cross-script duplicates {len(result.splits)} (must be 0)")
    if result.precision < floor or result.splits or report.failed:
        print("graph check: FAILED")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
