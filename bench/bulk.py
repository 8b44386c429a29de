"""The first load of a big bench graph with Neo4j's own bulk importer (`neo4j-admin database import full`).

The world's documents become CSV files, one per node label and one per relationship type, holding
the graph the bare fill (`bench.writes.fill`, `bench.bare.BareWriter`) writes through Bolt:

- a `Document` per document: id, content hash, title, language, published, source, text, the
  extraction as JSON, loaded_at;
- an `Entity` node with its class label per entity id: the first document's name, every document's
  aliases and folded names (unions, in order), declared properties (Person `name_key` included)
  with the last document winning, first_seen/last_seen;
- a `MENTIONS` relationship from each document to each entity it holds;
- one relationship per fact (type, source, target and `distinct_by` values), with the parallel
  `sources`/`evidence`/`evidence_spans` arrays in document order and the last document's properties.

Documents and mentions are streamed to disk as they are made; entities and facts are held until the
end (they aggregate over documents), each fact as three pre-joined strings and a shared property
dict, so 3M relationships fit in about a gigabyte. The import replaces the instance's database
wholesale, so the server is stopped for it and started again; the schema is applied after.

`python -m bench.bulk csv --out DIR (--relationships N | --documents N)` writes the files and a
`summary.json` (`bulk_load` runs it as a child process, to measure its peak memory alone).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

from bench.bare import prepare
from bench.common import PROJECT, bench_settings, wait_peak_rss
from bench.world import World
from foedus.graph.server import JVM_FLAGS, LocalNeo4j
from foedus.loaders.model import Extraction
from foedus.ontology.model import ontology
from foedus.settings import Settings

__all__ = ["CsvGraph", "CsvSummary", "bulk_load", "import_csv", "load_csv", "local_server_for", "read_summary",
           "write_csv"]

# Between array elements: a control character that no text Foedus stores may hold (checked on write).
ARRAY_DELIMITER = "\x1f"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
_FACT_LIST_PROPS = ("sources", "evidence", "evidence_spans")


@dataclass
class CsvSummary:
    """What `write_csv` wrote: the importer's arguments and the counts."""

    folder: str
    nodes: list[tuple[str, str]] = field(default_factory=list)  # (labels "A:B", file)
    relationships: list[tuple[str, str]] = field(default_factory=list)  # (type, file)
    multiline: list[str] = field(default_factory=list)  # files with a newline inside a field
    documents: int = 0
    entities: int = 0
    facts: int = 0
    mentions: int = 0
    fact_rows: int = 0
    next_index: int = 0
    largest_field: int = 0  # bytes; the importer's read buffer must hold it
    seconds: float = 0.0

    @property
    def relationship_count(self) -> int:
        return self.facts + self.mentions


def _neo4j_type(value: Any) -> str:
    """The CSV header type of a property value (bool before int: a bool is an int in Python)."""
    if isinstance(value, list):
        kinds = {_neo4j_type(v) for v in value}
        if len(kinds) > 1:
            raise ValueError(f"a list mixes types {sorted(kinds)}: {value!r}")
        if not kinds:
            raise ValueError("an empty list cannot be typed for the importer")
        return f"{kinds.pop()}[]"
    for kind, name in ((bool, "boolean"), (int, "long"), (float, "double"), (str, "string")):
        if isinstance(value, kind):
            return name
    raise ValueError(f"no importer type for {value!r}")


class _Writer:
    """One CSV file: RFC 4180 quoting by hand, so that null (an empty field) and "" differ."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self.multiline = False
        self.largest = 0

    def text(self, value: str) -> str:
        if "\n" in value or "\r" in value:
            self.multiline = True
        self.largest = max(self.largest, 4 * len(value))  # bytes, at most, in UTF-8
        return '"' + value.replace('"', '""') + '"'

    def field(self, value: Any) -> str:
        if value is None:
            return ""  # unquoted and empty: the importer sets no property
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            items = [v if isinstance(v, str) else self.field(v) for v in value]
            for item in items:
                if ARRAY_DELIMITER in item:
                    raise ValueError(f"array element holds the array delimiter U+001F: {item[:80]!r}")
            if items == [""]:  # the importer reads "" in an array column as no property at all
                raise ValueError(f"the importer cannot write [''] (it reads it as no property): {value!r}")
            return self.text(ARRAY_DELIMITER.join(items))
        raise ValueError(f"cannot write {value!r} to CSV")


    def row(self, fields: list[str]) -> None:
        self.file.write(",".join(fields))
        self.file.write("\n")

    def close(self) -> None:
        self.file.close()


class CsvGraph:
    """The bare fill's graph of some world documents, accumulated document by document, then written."""

    def __init__(self, folder: Path, now: str | None = None) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.now = now or datetime.now(UTC).isoformat(timespec="microseconds")
        self.onto = ontology()
        self.docs = _Writer(folder / "nodes_Document.csv")
        self.docs.row(["id:ID(Document)", "content_hash:string", "title:string", "language:string",
                       "published:string", "source:string", "text:string", "loaded_at:string", "extraction:string",
                       "extractor:string"])
        self.mentions = _Writer(folder / "rels_MENTIONS.csv")
        self.mentions.row([":START_ID(Document)", ":END_ID(Entity)"])
        self.entities: dict[str, tuple[str, dict[str, Any]]] = {}  # id -> (class, properties)
        # (type, source, target, *distinct values) -> [properties, sources, evidence, spans] (joined)
        self.facts: dict[tuple[str, ...], list[Any]] = {}
        self._props: dict[tuple[Any, ...], dict[str, Any]] = {}  # one dict per distinct property set
        self._ids: dict[str, str] = {}
        self.summary = CsvSummary(folder=str(folder))

    def _id(self, value: str) -> str:
        return self._ids.setdefault(value, value)

    def _shared(self, props: dict[str, Any]) -> dict[str, Any]:
        key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(props.items()))
        return self._props.setdefault(key, props)

    def add(self, extraction: Extraction) -> None:
        """One document: in the order BareWriter's statements apply it (document, entities, mentions, facts)."""
        batch = prepare([extraction])
        (doc,) = batch.docs
        self.docs.row([self.docs.field(doc[k]) for k in ("id", "hash", "title", "language", "published", "source",
                                                         "text")]
                      + [self.docs.field(self.now)]
                      + [self.docs.field(doc[k]) for k in ("extraction", "extractor")])
        self.summary.documents += 1
        for cls, rows in batch.entities.items():
            for row in rows:
                eid = self._id(row["id"])
                if eid not in self.entities:  # MERGE ... ON CREATE SET n:Class, n.name = row.name
                    self.entities[eid] = (cls, {"name": row["name"]})
                props = self.entities[eid][1]
                props.update(row["props"])  # SET n += row.props, n.aliases = ..., n.search_names = ...
                props["aliases"] = list(dict.fromkeys([*props.get("aliases", []), *row["aliases"]]))
                props["search_names"] = list(dict.fromkeys([*props.get("search_names", []), *row["search_names"]]))
                if props.get("id", eid) != eid:
                    raise ValueError(f"entity {eid}: a property would rename its id")
        for m in batch.mentions:
            self.mentions.row([self.mentions.field(m["doc"]), self.mentions.field(self._id(m["id"]))])
        self.summary.mentions += len(batch.mentions)
        for rtype, rows in batch.facts.items():
            distinct_by = self.onto.relation(rtype).distinct_by
            for row in rows:
                for text in (row["doc"], row["evidence"], row["span"]):
                    if ARRAY_DELIMITER in text:
                        raise ValueError(f"{rtype} {row['source']} -> {row['target']}: text holds U+001F")
                key = (rtype, self._id(row["source"]), self._id(row["target"]),
                       *(row["props"][k] for k in distinct_by))
                fact = self.facts.get(key)
                if fact is None:
                    self.facts[key] = [self._shared(dict(row["props"])), row["doc"], row["evidence"], row["span"]]
                else:
                    fact[0] = self._shared({**fact[0], **row["props"]})
                    fact[1] += ARRAY_DELIMITER + row["doc"]
                    fact[2] += ARRAY_DELIMITER + row["evidence"]
                    fact[3] += ARRAY_DELIMITER + row["span"]
                self.summary.fact_rows += 1

    @property
    def relationships(self) -> int:
        """Relationships the graph would hold now."""
        return len(self.facts) + self.summary.mentions

    def close(self) -> CsvSummary:
        """Write the entity and fact files; the summary of everything written."""
        s = self.summary
        self.docs.close()
        self.mentions.close()
        s.nodes.append(("Document", str(self.docs.path)))
        s.relationships.append(("MENTIONS", str(self.mentions.path)))
        writers = [self.docs, self.mentions]
        by_class: dict[str, list[str]] = {}
        for eid, (cls, _) in self.entities.items():
            by_class.setdefault(cls, []).append(eid)
        for cls, ids in sorted(by_class.items()):
            columns = _columns(self.entities[i][1] for i in ids)
            w = _Writer(self.folder / f"nodes_{cls}.csv")
            w.row(["id:ID(Entity)", "first_seen:string", "last_seen:string"]
                  + [f"{k}:{t}" for k, t in columns])
            now = w.field(self.now)
            for eid in ids:
                props = self.entities[eid][1]
                w.row([w.field(eid), now, now] + [w.field(props.get(k)) for k, _ in columns])
            w.close()
            writers.append(w)
            s.nodes.append((f"Entity:{cls}", str(w.path)))
        s.entities = len(self.entities)
        self.entities.clear()
        by_type: dict[str, list[tuple[str, ...]]] = {}
        for key in self.facts:
            by_type.setdefault(key[0], []).append(key)
        for rtype, keys in sorted(by_type.items()):
            columns = [c for c in _columns(self.facts[k][0] for k in keys) if c[0] not in _FACT_LIST_PROPS]
            w = _Writer(self.folder / f"rels_{rtype}.csv")
            w.row([":START_ID(Entity)", ":END_ID(Entity)", "first_seen:string", "last_seen:string",
                   "sources:string[]", "evidence:string[]", "evidence_spans:string[]"]
                  + [f"{k}:{t}" for k, t in columns])
            now = w.field(self.now)
            for key in keys:
                props, sources, evidence, spans = self.facts.pop(key)
                if evidence == "" or spans == "":  # one source, no evidence: [""] reads as no property
                    raise ValueError(f"{key}: a fact with a single source and no evidence cannot be imported")
                w.row([w.field(key[1]), w.field(key[2]), now, now, w.text(sources), w.text(evidence),
                       w.text(spans)] + [w.field(props.get(k)) for k, _ in columns])
            w.close()
            writers.append(w)
            s.relationships.append((rtype, str(w.path)))
            s.facts += len(keys)
        s.multiline = [str(w.path) for w in writers if w.multiline]
        s.largest_field = max(w.largest for w in writers)
        (self.folder / "summary.json").write_text(json.dumps(asdict(s), indent=1), encoding="utf-8")
        return s


def _columns(rows: Any) -> list[tuple[str, str]]:
    """(property, importer type) over some property dicts; a property of two types fails loudly."""
    types: dict[str, str] = {}
    for props in rows:
        for k, v in props.items():
            if isinstance(v, list) and not v:
                raise ValueError(f"property {k} is an empty list, which the importer cannot write")
            t = _neo4j_type(v)
            if types.setdefault(k, t) != t:
                raise ValueError(f"property {k} has two types ({types[k]}, {t}): one CSV column cannot hold both")
    return sorted(types.items())


def write_csv(world: World, folder: Path, *, relationships: int | None = None, documents: int | None = None,
              start_index: int = 0) -> CsvSummary:
    """The CSV files of world documents from `start_index` on: `documents` of them, or as many as it takes
    to reach `relationships` relationships (facts plus mentions)."""
    if (relationships is None) == (documents is None):
        raise ValueError("give either relationships or documents")
    began = time.perf_counter()
    graph = CsvGraph(folder)
    index = start_index
    while (documents is not None and index - start_index < documents) or \
            (relationships is not None and graph.relationships < relationships):
        graph.add(world.extraction(index))
        index += 1
    graph.summary.next_index = index
    graph.summary.seconds = round(time.perf_counter() - began, 1)
    return graph.close()


# -- the importer ---------------------------------------------------------------------------------


def import_command(server: LocalNeo4j, csv: CsvSummary, database: str = "neo4j", *, heap: str = "1g",
                   off_heap: str = "2G", threads: int | None = None) -> list[str]:
    """The `neo4j-admin database import full` command line (the admin tool's main class, on the server's jars)."""
    java = shutil.which("java")
    if not java:
        raise RuntimeError("Java is needed to run Neo4j's importer")
    home = server.home
    # The database first: --nodes and --relationships take several files each and would swallow it.
    cmd = [java, f"-Xmx{heap}", *JVM_FLAGS, "-cp", f"{home}/lib/*", ADMIN_TOOL, "database", "import", "full",
           database, "--overwrite-destination=true", "--array-delimiter=U+001F", "--delimiter=,", '--quote="',
           "--id-type=string", "--bad-tolerance=0", "--skip-bad-relationships=false",
           "--skip-duplicate-nodes=false", "--strict=true", f"--max-off-heap-memory={off_heap}",
           f"--read-buffer-size={max(4 << 20, 2 * csv.largest_field)}",
           f"--report-file={Path(csv.folder) / 'import.report'}", f"--threads={threads or os.cpu_count() or 2}"]
    cmd += [f"--nodes={labels}={path}" for labels, path in csv.nodes]
    cmd += [f"--relationships={rtype}={path}" for rtype, path in csv.relationships]
    if csv.multiline:  # only the files that need it: multi-line parsing is slow
        cmd += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(csv.multiline)}"]
    return cmd


def import_csv(server: LocalNeo4j, csv: CsvSummary, database: str = "neo4j", **options: Any) -> dict[str, Any]:
    """Run the importer into the (stopped) server's database; its seconds and peak memory."""
    if server.pid():
        raise RuntimeError("the server must be stopped for an import")
    conf_dir = server.write_config()
    env = {k: v for k, v in os.environ.items() if k not in ("JAVA_OPTS", "JAVA_TOOL_OPTIONS")}
    env["NEO4J_HOME"], env["NEO4J_CONF"] = str(server.home), str(conf_dir)
    log_path = Path(csv.folder) / "import.log"
    began = time.perf_counter()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(import_command(server, csv, database, **options), stdout=log,
                                stderr=subprocess.STDOUT, env=env)
        peak = wait_peak_rss(proc)
    seconds = time.perf_counter() - began
    if proc.returncode != 0:
        raise RuntimeError(f"neo4j-admin database import failed ({proc.returncode}); see {log_path}:\n"
                           + log_path.read_text(errors="replace")[-3000:])
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak)}


def local_server_for(uri: str) -> LocalNeo4j | None:
    """The local instance that serves `uri` (the bench's own, or the one FOEDUS_LOCAL_* names), if it runs here."""
    port = urlparse(uri).port
    for settings in (bench_settings(), Settings()):
        server = LocalNeo4j(settings)
        if settings.local_bolt_port == port and urlparse(uri).hostname in ("127.0.0.1", "localhost") \
                and server.pid():
            return server
    return None


def load_csv(server: LocalNeo4j, csv: CsvSummary, database: str = "neo4j", say: Any = print) -> dict[str, Any]:
    """Replace the server's database with the CSV files: stop it, import, start it, apply Foedus's schema.

    Returns the seconds of each step and the importer's peak memory; the indexes are online on return.
    """
    import neo4j

    from foedus.graph.schema import ensure_schema

    t = time.perf_counter()
    server.stop()
    stop_seconds = time.perf_counter() - t
    try:
        imported = import_csv(server, csv, database)
    except RuntimeError:
        server.start()  # as it was, if with a database the failed import may have emptied
        raise
    rels = csv.relationship_count
    say(f"  bulk: neo4j-admin import of {rels:,} relationships in {imported['seconds']}s "
        f"({rels / imported['seconds']:,.0f} relationships/s, JVM peak RSS {imported['peak_rss_mb']} MB)")
    start_seconds = server.start()
    t = time.perf_counter()
    with neo4j.GraphDatabase.driver(server.bolt_uri, auth=_auth(server)) as driver:
        ensure_schema(driver, database)
    schema_seconds = time.perf_counter() - t
    say(f"  bulk: server restarted in {start_seconds:.1f}s, schema online in {schema_seconds:.1f}s")
    return {"relationships": rels, "documents": csv.documents, "next_index": csv.next_index, "facts": csv.facts,
            "mentions": csv.mentions, "entities": csv.entities, "stop_seconds": round(stop_seconds, 1),
            "import_seconds": imported["seconds"], "import_peak_rss_mb": imported["peak_rss_mb"],
            "import_rels_per_s": round(rels / imported["seconds"], 1), "start_seconds": round(start_seconds, 1),
            "schema_seconds": round(schema_seconds, 1)}


def bulk_load(server: LocalNeo4j, folder: Path, *, relationships: int | None = None, documents: int | None = None,
              database: str = "neo4j", say: Any = print) -> dict[str, Any]:
    """Replace the server's graph with world documents 0.. by a bulk import; the figures.

    The CSV files are written by a child process, so its peak memory is the Python side's alone;
    then `load_csv`. `seconds` counts everything from the first CSV line to the schema online.
    """
    if folder.exists():
        shutil.rmtree(folder)
    cmd = [sys.executable, "-m", "bench.bulk", "csv", "--out", str(folder)]
    cmd += ["--relationships", str(relationships)] if relationships is not None else ["--documents", str(documents)]
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=PROJECT, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    csv_peak = wait_peak_rss(proc)
    if proc.returncode != 0:
        raise RuntimeError(f"writing the CSV files failed ({proc.returncode})")
    csv_seconds = time.perf_counter() - began
    csv = read_summary(folder)
    say(f"  bulk: {csv.documents:,} documents -> {csv.facts:,} facts + {csv.mentions:,} mentions in CSV "
        f"({csv_seconds:.1f}s, Python peak RSS {csv_peak:.0f} MB)")
    figures = load_csv(server, csv, database, say)
    return {"method": "bulk", **figures, "csv_seconds": round(csv_seconds, 1), "csv_peak_rss_mb": round(csv_peak),
            "csv_mb": round(sum(p.stat().st_size for p in folder.glob("*.csv")) / 2**20, 1),
            "seconds": round(time.perf_counter() - began, 1)}


def read_summary(folder: Path) -> CsvSummary:
    """The summary `CsvGraph.close` left in a folder."""
    data = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    data["nodes"] = [tuple(x) for x in data["nodes"]]
    data["relationships"] = [tuple(x) for x in data["relationships"]]
    return CsvSummary(**data)


def _auth(server: LocalNeo4j) -> tuple[str, str] | None:
    password = server.password()
    return None if password is None else ("neo4j", password)


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.bulk csv --out DIR (--relationships N | --documents N)`."""
    parser = argparse.ArgumentParser(prog="python -m bench.bulk")
    sub = parser.add_subparsers(dest="command", required=True)
    csv = sub.add_parser("csv", help="write the import files of the bench world")
    csv.add_argument("--out", type=Path, required=True)
    group = csv.add_mutually_exclusive_group(required=True)
    group.add_argument("--relationships", type=int)
    group.add_argument("--documents", type=int)
    args = parser.parse_args(argv)
    summary = write_csv(World(), args.out, relationships=args.relationships, documents=args.documents)
    print(f"  bulk: wrote {summary.documents:,} documents, {summary.entities:,} entities, {summary.facts:,} facts, "
          f"{summary.mentions:,} mentions in {summary.seconds}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
