"""The `foedus` command line (Typer)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from foedus.settings import get_settings

app = typer.Typer(help="Foedus: a knowledge graph of defence partnerships.", no_args_is_help=True)
neo4j_app = typer.Typer(help="Run the local Neo4j server (not used when NEO4J_URI is set).", no_args_is_help=True)
export_app = typer.Typer(help="Export the graph.", no_args_is_help=True)
import_app = typer.Typer(help="Import a graph.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
err = Console(stderr=True)


_PUBLISHED_HELP = ("publication date (2025-12-10, 2025-12 or 2025): it wins over the metadata's and the "
                   "dateline's, and the text's relative and year-less dates resolve against it")


def _published(value: str | None) -> str | None:
    """Check a --published value: an ISO date prefix."""
    import re

    if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise typer.BadParameter("an ISO date: 2025-12-10, 2025-12 or 2025")
    return value


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def _local():
    from foedus.graph.server import LocalNeo4j

    return LocalNeo4j(get_settings())


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Fetch (once) and start the local Neo4j; wait until Bolt answers."""
    from foedus.graph.server import Neo4jServerError

    settings = get_settings()
    if not settings.uses_local_server:
        err.print(f"NEO4J_URI is set ({settings.neo4j_uri}): using that server, starting nothing.")
        return
    server = _local()
    try:
        seconds = server.start()
    except Neo4jServerError as exc:
        _fail(str(exc))
    err.print(f"Neo4j up in {seconds:.1f}s: {server.status()}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j (SIGTERM, by its recorded PID)."""
    err.print("stopped" if _local().stop() else "not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j runs."""
    print(_local().status())


@app.command()
def extract(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="a document file"),
    fmt: str = typer.Option("json", "--format", help="json | table"),
    published: str = typer.Option(None, "--published", help=_PUBLISHED_HELP, callback=_published),
) -> None:
    """Extract one document's entities and facts (no database)."""
    from foedus.ingest import extract as extract_document
    from foedus.loaders.llm import LLMError
    from foedus.loaders.readers import DocumentError, read_path

    try:
        document = read_path(path)
    except DocumentError as exc:
        _fail(str(exc), 2)
    if published:
        document.published, document.published_from = published, "given"
    try:
        extraction = extract_document(document)
    except LLMError as exc:
        _fail(str(exc))
    if fmt == "json":
        json.dump(extraction.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif fmt == "table":
        table = Table("type", "name", "rank / title", "aliases")
        for e in extraction.entities:
            detail = " / ".join(str(e.attributes[k]) for k in ("rank", "title") if e.attributes.get(k))
            table.add_row(e.type, e.name, detail, ", ".join(e.aliases))
        Console().print(table)
    else:
        _fail(f"unknown format {fmt!r}: json or table", 2)


def _driver():
    """A driver to the configured server; the local one is started if it is not running."""
    from foedus.graph.connection import open_driver
    from foedus.graph.schema import ensure_schema
    from foedus.graph.server import Neo4jServerError

    settings = get_settings()
    if settings.uses_local_server:
        try:
            _local().start()
        except Neo4jServerError as exc:
            _fail(str(exc))
    driver = open_driver(settings)
    try:
        driver.verify_connectivity()
    except Exception as exc:  # noqa: BLE001 - any connection failure ends the command with its reason
        _fail(f"cannot reach Neo4j: {exc}")
    ensure_schema(driver, settings.neo4j_database)
    return driver


@app.command()
def load(
    targets: list[str] = typer.Argument(None, help="files, folders (.txt .html .pdf .jsonl .zip .csv) or http(s) URLs",
                                        show_default=False),
    feed: list[str] = typer.Option(None, "--feed", help="an RSS, Atom or JSON feed (URL or file): each item's page "
                                   "is fetched and dated by the item; may be repeated", show_default=False),
    workers: int = typer.Option(1, min=1, max=64, help="extraction processes"),
    dry_run: bool = typer.Option(False, "--dry-run", help="show what would change, write nothing"),
    published: str = typer.Option(None, "--published", help=_PUBLISHED_HELP, callback=_published),
) -> None:
    """Extract documents (files, web pages, feeds' items) and write them to the graph, one transaction each;
    loading twice changes nothing. Whatever cannot be read is one line naming it; the rest still loads."""
    import neo4j
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from foedus.ingest import iter_files, load_paths, plan_paths
    from foedus.loaders.fetch import Fetcher, is_url

    targets, feeds = targets or [], feed or []
    if not targets and not feeds:
        _fail("nothing to load: name files, folders or URLs, or a --feed", 2)
    settings = get_settings()
    with _driver() as driver, Fetcher() as fetcher:
        if dry_run:
            report = plan_paths(driver, targets, workers=workers, database=settings.neo4j_database,
                                published=published, feeds=feeds, fetcher=fetcher)
        else:
            files = [Path(t) for t in targets if not is_url(t) and Path(t).exists()]
            # A feed's items are not known before it is fetched: no total then, only a count.
            total = None if feeds else sum(1 for _ in iter_files(files)) + len(targets) - len(files)
            with Progress(TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("load", total=total)

                def advance() -> None:
                    if total is None or bar.tasks[0].completed < total:
                        bar.advance(task)

                try:
                    report = load_paths(driver, targets, workers=workers, database=settings.neo4j_database,
                                        progress=advance, published=published, feeds=feeds,
                                        fetcher=fetcher)
                except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired):
                    _fail("Neo4j became unreachable during the load; what was written is whole. "
                          "Run the same command again to resume.")
    summary = report.as_dict()
    table = Table("", "count", title="foedus load (dry run: nothing written)" if dry_run else "foedus load")
    for key, value in summary.items():
        table.add_row(key.replace("_", " "), str(len(value) if isinstance(value, list) else value))
    err.print(table)
    for source, reason in report.failed:
        err.print(f"[red]failed[/red] {source}: {reason}", highlight=False, soft_wrap=True)
    if report.failed and not report.read:
        raise typer.Exit(1)


@app.command()
def watch(
    sources_file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a SOURCES.yaml of feeds and pages"),
    rounds: int = typer.Option(None, min=1, help="stop after this many rounds (default: until Ctrl-C)"),
    state: Path = typer.Option(None, help="the state file (default: .foedus/watch/NAME-HASH.json)"),
) -> None:
    """Poll feeds and pages, each on its own interval (conditional GETs), and load what is new.

    The state is kept whole under .foedus/, so a restart resumes; Ctrl-C stops cleanly."""
    import neo4j

    from foedus.loaders.fetch import Fetcher
    from foedus.loaders.readers import DocumentError
    from foedus.watch import RoundReport, Watcher, read_sources_file, state_path

    try:
        sources = read_sources_file(sources_file)
    except DocumentError as exc:
        _fail(str(exc), 2)
    settings = get_settings()
    path = state or state_path(settings.state_dir, sources_file)

    def show(report: RoundReport) -> None:
        err.print(report.line(), highlight=False, soft_wrap=True)
        for source, reason in report.failed:
            err.print(f"  [red]failed[/red] {source}: {reason}", highlight=False, soft_wrap=True)

    interrupted = False
    with _driver() as driver, Fetcher() as fetcher:
        try:
            watcher = Watcher(driver, sources, path, fetcher, database=settings.neo4j_database)
        except DocumentError as exc:
            _fail(str(exc), 2)
        err.print(f"watching {len(sources)} sources; state in {path}", highlight=False, soft_wrap=True)
        try:
            watcher.run(rounds, on_round=show)
        except KeyboardInterrupt:
            interrupted = True
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired):
            _fail(f"Neo4j became unreachable; the state as of the last source polled whole is in {path}. "
                  "Run the same command again to resume.")
    t = watcher.totals
    err.print(f"watch: {watcher.rounds_done} rounds, {t.polled} polls ({t.unchanged} unchanged), {t.new_items} new "
              f"items, {t.duplicates} already seen by content, {t.loaded} loaded, {len(t.failed)} failed",
              highlight=False, soft_wrap=True)
    if interrupted:
        err.print(f"interrupted: the state as of the last source polled whole is in {path}; run again to resume",
                  highlight=False, soft_wrap=True)
        raise typer.Exit(130)


@app.command()
def gdelt(
    targets: list[str] = typer.Argument(None, help="GDELT 2.0 event exports (files or URLs, .CSV or .CSV.zip)",
                                        show_default=False),
    fetch: bool = typer.Option(False, "--fetch", help="also fetch and load GDELT's latest event export"),
    lastupdate: str = typer.Option(None, help="the lastupdate.txt that names the latest export (with --fetch)"),
) -> None:
    """Load the events of military cooperation between two states from GDELT 2.0 event exports.

    The CAMEO codes kept are listed in loaders/gdelt.yaml; each event is marked as coded by GDELT
    (not read by Foedus), with its SOURCEURL as evidence; loading an event twice changes nothing."""
    from foedus.ingest import latest_gdelt_export, load_documents, read_gdelt
    from foedus.loaders.fetch import Fetcher
    from foedus.loaders.gdelt import LASTUPDATE_URL
    from foedus.loaders.readers import DocumentError

    targets = list(targets or [])
    if not targets and not fetch:
        _fail("nothing to load: name GDELT export files or URLs, or pass --fetch", 2)
    settings = get_settings()
    with _driver() as driver, Fetcher() as fetcher:
        if fetch:
            try:
                targets.append(latest_gdelt_export(fetcher, lastupdate or LASTUPDATE_URL))
            except DocumentError as exc:
                err.print(f"[red]failed[/red] {exc}", highlight=False, soft_wrap=True)
        report = load_documents(driver, read_gdelt(targets, fetcher), database=settings.neo4j_database)
    err.print(f"gdelt: {report.read} events of military cooperation read, {report.skipped} already loaded, "
              f"{report.totals.facts_created} facts created, {report.totals.facts_confirmed} confirmed, "
              f"{len(report.failed)} failed", highlight=False, soft_wrap=True)
    for source, reason in report.failed:
        err.print(f"[red]failed[/red] {source}: {reason}", highlight=False, soft_wrap=True)
    if report.failed and not report.read:
        raise typer.Exit(1)


@export_app.command("rdf")
def export_rdf_cmd(
    fmt: str = typer.Option("turtle", "--format", help="turtle | nt | nquads | trig | jsonld"),
    output: Path = typer.Option(None, "--output", "-o", help="file to write (default: standard output)"),
    entity: str = typer.Option(None, help="export only this entity's neighbourhood"),
    depth: int = typer.Option(2, help="hops around --entity"),
) -> None:
    """Stream the graph (or one entity's neighbourhood) as RDF."""
    from foedus.graph.rdf_export import FORMATS, export_rdf, iter_quads, neighbourhood

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}", 2)
    settings = get_settings()
    with _driver() as driver:
        ids = neighbourhood(driver, entity, depth, database=settings.neo4j_database) if entity else None
        quads = iter_quads(driver, settings.rdf_base, ids, database=settings.neo4j_database)
        if output:
            with output.open("w", encoding="utf-8") as out:
                count = export_rdf(quads, out, fmt)
        else:
            count = export_rdf(quads, sys.stdout, fmt)
    err.print(f"{count} statements written")


@app.command()
def serve(host: str = typer.Option(None, help="address to bind (default 127.0.0.1)"),
          port: int = typer.Option(None, help="port (default 8000)"),
          access_log: bool = typer.Option(True, help="log every request")) -> None:
    """Serve the API (FastAPI on uvicorn, with the uvloop event loop and the httptools parser)."""
    import uvicorn

    from foedus.api.app import create_app

    settings = get_settings()
    # uvloop and httptools come with uvicorn[standard]; named here so that a missing one fails
    # loudly instead of falling back to the slower asyncio loop and h11 parser.
    uvicorn.run(create_app(settings), host=host or settings.api_host, port=port or settings.api_port,
                loop="uvloop", http="httptools", access_log=access_log)


ontology_app = typer.Typer(help="The ontology's generated files.", no_args_is_help=True)
app.add_typer(ontology_app, name="ontology")


@ontology_app.command("build")
def ontology_build() -> None:
    """Regenerate ontology/foedus.ttl, ontology/shapes.ttl and ontology/extraction.schema.json."""
    from foedus.ontology.generate import write_generated

    for path in write_generated():
        err.print(f"wrote {path}")


@import_app.command("rdf")
def import_rdf_cmd(path: Path = typer.Argument(..., exists=True, dir_okay=False, help="an N-Quads or TriG export"),
                   force: bool = typer.Option(False, help="import even into a non-empty graph")) -> None:
    """Load a Foedus RDF export back into an empty Neo4j."""
    from foedus.graph.admin import graph_counts
    from foedus.graph.rdf_import import RdfImportError, import_rdf

    settings = get_settings()
    with _driver() as driver:
        if graph_counts(driver, settings.neo4j_database)[0] and not force:
            _fail("the graph is not empty: import into an empty database, or pass --force", 2)
        try:
            counts = import_rdf(driver, path, database=settings.neo4j_database)
        except RdfImportError as exc:
            _fail(str(exc), 2)
    err.print(", ".join(f"{v} {k}" for k, v in counts.items()))


merges_app = typer.Typer(help="Entity merges made across documents.", no_args_is_help=True)
app.add_typer(merges_app, name="merges")


@merges_app.command("list")
def merges_list() -> None:
    """Every merge with its reason, newest first."""
    from foedus.graph.resolve import list_merges

    with _driver() as driver:
        rows = list_merges(driver, get_settings().neo4j_database)
    table = Table("id", "status", "type", "merged", "into", "reason", "document")
    for r in rows:
        table.add_row(r["id"], r["status"], r["type"], r["merged"], r["kept"], r["reason"], r["document"])
    Console().print(table)


@merges_app.command("undo")
def merges_undo(merge_id: str = typer.Argument(..., help="a merge id from `foedus merges list`")) -> None:
    """Undo a merge: its document is loaded again and the entity becomes a node of its own."""
    from foedus.graph.resolve import undo_merge

    with _driver() as driver:
        try:
            doc = undo_merge(driver, merge_id, get_settings().neo4j_database)
        except LookupError as exc:
            _fail(str(exc), 2)
    err.print(f"undone; {doc} loaded again (`foedus judge split` records it, to keep it undone after a rebuild)")


# Analysts' judgements (foedus/judge_cli.py): `foedus judge merge|not-same|split|reject|...` and `foedus review`.
from foedus.judge_cli import judge_app, review  # noqa: E402 - registered after the app's own commands

app.add_typer(judge_app, name="judge")
app.command("review")(review)
