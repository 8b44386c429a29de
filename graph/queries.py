"""The catalogue of canned Cypher queries in `queries/*.cypher`.

Each file holds one query under a header of `//` lines:

    // name: partners_of_state
    // summary: The states a state partners with, with domains, dates and sources.
    // param iso2: string - ISO code of the state
    // param limit: int = 50 - most rows
    // clock: valid - first and last are when the tie existed, from the texts
    // columns: partner, name, sources
    // writes: false

A `cursor` parameter is a place in a paged query's order: a date, or the `cursor` column of the previous
page's last row ("2025-12-09|meeting:..."; "--12-09|..." year-less, "|..." undated).

`clock` says which time the query's dates and date parameters are: `valid` (when a thing happened
or held, from the texts), `learned` (when Foedus read it: first_seen, last_seen, loaded_at), `both`
(and which is which), or `none`. The loader fails at start-up if the body's `$parameters` and the
header disagree, or if the clock is not said.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from foedus.settings import PROJECT_ROOT
from foedus.textnorm import fold

__all__ = ["QueryError", "Param", "CannedQuery", "load_catalogue", "catalogue", "lucene_query", "CURSOR_PATTERN"]

QUERY_DIR = PROJECT_ROOT / "queries"
CLOCKS = ("valid", "learned", "both", "none")
PARAM_TYPES = {"string": str, "int": int, "float": float, "bool": bool, "date": str, "search": str, "cursor": str}
# A date (or a year-less one), then optionally "|" and an id; or "|" and an id alone (an undated event).
CURSOR_PATTERN = r"^(?:(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}(?:-\d{2})?)(?:\|.+)?|\|.+)$"
_HEADER = re.compile(r"^//\s*(name|summary|clock|columns|writes|example):\s*(.*)$|^//\s*(param)\s+(.*)$")
_PARAM = re.compile(r"^(\w+)\s*:\s*(\w+)(?:\s*=\s*(\S+))?\s*(?:-\s*(.*))?$")
_USED = re.compile(r"\$(\w+)")
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


class QueryError(ValueError):
    """A canned query file is malformed, or a call gives bad parameters."""


@dataclass(frozen=True)
class Param:
    """One declared parameter."""

    name: str
    type: str
    default: Any
    description: str

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class CannedQuery:
    """One query file, parsed."""

    name: str
    summary: str
    clock: str                  # valid, learned, both or none, then what it means here
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    body: str
    writes: bool
    example: dict[str, str]

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Check and convert call parameters; fold and escape `search` ones for the full-text index."""
        unknown = set(given) - {p.name for p in self.params}
        if unknown:
            raise QueryError(f"{self.name}: unknown parameters {sorted(unknown)}")
        bound: dict[str, Any] = {}
        for p in self.params:
            value = given.get(p.name, p.default)
            if value is None:
                raise QueryError(f"{self.name}: parameter {p.name!r} is required")
            value = _convert(p, value)
            if p.type == "search":
                value = lucene_query(value)
                if not value:
                    raise QueryError(f"{self.name}: parameter {p.name!r} has nothing to search for")
            bound[p.name] = value
        return bound


def lucene_query(text: str) -> str:
    """Folded words, Lucene-escaped, each matched as a word or a prefix."""
    words = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in fold(text).split()]
    return " AND ".join(f"({w} OR {w}*)" for w in words[:12])


def _convert(param: Param, value: Any) -> Any:
    kind = PARAM_TYPES[param.type]
    if param.type == "cursor" and not (isinstance(value, str) and re.fullmatch(CURSOR_PATTERN, value, re.DOTALL)):
        raise QueryError(f"parameter {param.name!r} must be a date (2025-10-03) or the previous page's "
                         "`next` (date|id)")
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    try:
        if kind is bool:
            if str(value).lower() in ("true", "1", "yes"):
                return True
            if str(value).lower() in ("false", "0", "no"):
                return False
            raise ValueError(value)
        converted = kind(value)
    except (TypeError, ValueError):
        raise QueryError(f"parameter {param.name!r} must be {param.type}, not {value!r}") from None
    if param.type == "date" and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", converted):
        raise QueryError(f"parameter {param.name!r} must be an ISO date (2025, 2025-10 or 2025-10-03)")
    return converted


def parse_query(text: str, origin: str) -> CannedQuery:
    """Parse one query file; QueryError if its header and body disagree."""
    header: dict[str, Any] = {"param": [], "writes": "false", "columns": "", "example": ""}
    body_lines: list[str] = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match and not body_lines:
            key, value = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
            if key == "param":
                header["param"].append(value)
            else:
                header[key] = value.strip()
        elif line.strip() or body_lines:
            body_lines.append(line)
    if not header.get("name") or not header.get("summary"):
        raise QueryError(f"{origin}: the header needs a name and a summary")
    clock = header.get("clock", "")
    if clock.split(" ", 1)[0] not in CLOCKS:
        raise QueryError(f"{origin}: the header must say its clock ({', '.join(CLOCKS)}), not {clock!r}")
    params = []
    for spec in header["param"]:
        m = _PARAM.match(spec.strip())
        if not m or m.group(2) not in PARAM_TYPES:
            raise QueryError(f"{origin}: bad param line {spec!r} (types: {', '.join(PARAM_TYPES)})")
        name, ptype, default, desc = m.groups()
        param = Param(name, ptype, None, desc or "")
        if default is not None:
            param = Param(name, ptype, _convert(param, default), desc or "")
        params.append(param)
    body = "\n".join(body_lines).strip()
    declared = {p.name for p in params}
    used = set(_USED.findall(_strip_comments(body)))
    if used != declared:
        raise QueryError(f"{origin}: body uses {sorted(used)} but the header declares {sorted(declared)}")
    example = dict(kv.split("=", 1) for kv in header["example"].split() if "=" in kv)
    return CannedQuery(
        name=header["name"], summary=header["summary"], clock=clock, params=tuple(params),
        columns=tuple(c.strip() for c in header["columns"].split(",") if c.strip()),
        body=body, writes=header["writes"].lower() == "true", example=example,
    )


def _strip_comments(body: str) -> str:
    return "\n".join(line.split("//", 1)[0] if "//" in line and "://" not in line else line
                     for line in body.splitlines())


def load_catalogue(folder: Path = QUERY_DIR) -> dict[str, CannedQuery]:
    """Every query under a folder, by name; QueryError on any malformed file or duplicate name."""
    queries: dict[str, CannedQuery] = {}
    for path in sorted(folder.glob("*.cypher")):
        query = parse_query(path.read_text(encoding="utf-8"), path.name)
        if query.name != path.stem:
            raise QueryError(f"{path.name}: header name {query.name!r} differs from the file name")
        queries[query.name] = query
    return queries


@lru_cache(maxsize=1)
def catalogue() -> dict[str, CannedQuery]:
    """The project's canned queries, loaded once."""
    return load_catalogue()
