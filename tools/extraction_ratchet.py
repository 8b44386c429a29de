"""The extraction ratchet: score `foedus extract` on the visible gold files and fail below the floor.

The floor lives in tests/extraction_floor.json and is raised whenever the score rises,
so extraction quality never silently regresses. Then the graph-level check (graph_check.py):
our own articles loaded together into the tests' Neo4j, Person precision and cross-script splits.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT / "tests" / "extraction_floor.json"
_TOTAL = re.compile(r"^TOTAL: entities .*F1=([\d.]+) \| relations .*F1=([\d.]+)")


def score(shared: Path, gold: list[Path], corpus: Path | None = None) -> tuple[float, float, str]:
    """Run the shared scorer; return (entities F1, relations F1, its output)."""
    foedus = Path(sys.executable).with_name("foedus")
    cmd = [sys.executable, str(shared / "tools" / "score_extraction.py"), "--quiet",
           "--run", f"{foedus} extract {{doc}} --format json", *map(str, gold)]
    if corpus:
        cmd[3:3] = ["--corpus", str(corpus)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        m = _TOTAL.match(line)
        if m:
            return float(m.group(1)), float(m.group(2)), out
    raise SystemExit(f"the scorer printed no TOTAL line:\n{out}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    gold = sorted((args.shared / "gold").glob("*.gold.yaml"))
    if not gold:
        print(f"ratchet: no gold files under {args.shared}/gold; nothing to score")
        return 0
    floor = json.loads(FLOOR.read_text()) if FLOOR.exists() else {"entities_f1": 0.0, "relations_f1": 0.0}
    ent, rel, out = score(args.shared, gold)
    print(out, end="")
    for label, folder in (("our own test articles", ROOT / "tests" / "extraction"),
                          ("our validation articles, unseen by whoever tunes the extractor",
                           ROOT / "tests" / "extraction" / "validation")):
        own = sorted((folder / "gold").glob("*.gold.yaml"))
        if own:
            print(f"-- {label} ({folder.relative_to(ROOT)}):")
            print(score(args.shared, own, folder / "corpus")[2], end="")
    print(f"ratchet: entities F1 {ent:.2f} (floor {floor['entities_f1']:.2f}), "
          f"relations F1 {rel:.2f} (floor {floor['relations_f1']:.2f})")
    if ent < floor["entities_f1"] or rel < floor["relations_f1"]:
        print("ratchet: FAILED - extraction quality fell below the recorded floor")
        return 1
    import graph_check  # tools/: Person precision and cross-script duplicates in a real graph

    if graph_check.main(["--shared", str(args.shared)]):
        return 1
    if ent > floor["entities_f1"] + 0.02 or rel > floor["relations_f1"] + 0.02:
        print(f"ratchet: the score rose; raise the floor in {FLOOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
