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
) -> None:
    """Extract one document's entities and facts (no database)."""
    from foedus.loaders.extract import extract_document
    from foedus.loaders.readers import DocumentError, read_path

    try:
        document = read_path(path)
    except DocumentError as exc:
        _fail(str(exc), 2)
    extraction = extract_document(document)
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
