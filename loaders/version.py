"""Versions of what makes extractions, so a document made by an older one is re-extracted."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__all__ = ["extractor_version", "table_loader_version"]

HERE = Path(__file__).parent


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:12]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of the text extractor's code and reference data, and of the name rules that decide
    how its persons are resolved and romanised (a graph made by older ones is made again)."""
    import foedus.names

    names = Path(foedus.names.__file__).parent
    return "text:" + _digest([*HERE.glob("extract/*.py"), *HERE.glob("refdata/*.yaml"), *names.glob("*.py")])


@lru_cache(maxsize=1)
def table_loader_version() -> str:
    """A digest of the arms-transfer table loader and the state names it resolves."""
    return "table:" + _digest([HERE / "sipri.py", HERE / "state_names.py", HERE / "refdata" / "states.yaml"])
