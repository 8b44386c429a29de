"""`foedus judge ...` and `foedus review`: analysts' judgements on the command line (the API's verbs)."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.prompt import Prompt
from rich.table import Table

from foedus.settings import get_settings

__all__ = ["judge_app", "review"]

judge_app = typer.Typer(help="Analysts' judgements: merge, not-same, split, reject or confirm a fact, set a value.",
                        no_args_is_help=True)
out = Console()
err = Console(stderr=True)
_AUTHOR = typer.Option(..., "--author", help="who judges (recorded with the judgement)")
_REASON = typer.Option(None, "--reason", help="why (recorded with the judgement)")


def _judge(call: Callable[[Any, str], Any]) -> None:
    """Run one judgement against the configured graph and print what changed; a refusal exits 2."""
    from foedus.cli import _driver, _fail
    from foedus.graph.judgements import JudgementError

    with _driver() as driver:
        try:
            outcome = call(driver, get_settings().neo4j_database)
        except JudgementError as exc:
            _fail(f"{exc} (HTTP {exc.status}); nothing was written", 2)
    out.print_json(data={"judgement": outcome.judgement, "changed": outcome.changed})


@judge_app.command("merge")
def merge(keep: str = typer.Argument(..., help="the entity that stays"),
          other: str = typer.Argument(..., help="the same thing, merged into KEEP"),
          author: str = _AUTHOR, reason: str = _REASON) -> None:
    """Two entities are the same thing: OTHER becomes KEEP, now and in every later load."""
    from foedus.graph.judgements import judge_merge

    _judge(lambda d, db: judge_merge(d, keep, other, author, reason, database=db))


@judge_app.command("not-same")
def not_same(a: str, b: str, author: str = _AUTHOR, reason: str = _REASON) -> None:
    """Two entities are not the same: never merged (a merge between them is undone)."""
    from foedus.graph.judgements import judge_not_same

    _judge(lambda d, db: judge_not_same(d, a, b, author, reason, database=db))


@judge_app.command("unsure")
def unsure(a: str, b: str, author: str = _AUTHOR, reason: str = _REASON) -> None:
    """Looked at, left as they are (the pair leaves the review queue)."""
    from foedus.graph.judgements import judge_unsure

    _judge(lambda d, db: judge_unsure(d, a, b, author, reason, database=db))


@judge_app.command("split")
def split(merge_id: str = typer.Argument(..., help="a merge id from `foedus merges list`"),
          author: str = _AUTHOR, reason: str = _REASON) -> None:
    """Undo a merge and keep it from being redone."""
    from foedus.graph.judgements import judge_split

    _judge(lambda d, db: judge_split(d, merge_id, author, reason, database=db))


def _key(values: list[str]) -> dict[str, str]:
    pairs = [v.partition("=") for v in values]
    if any(not sep for _, sep, _ in pairs):
        raise typer.BadParameter("each --key is name=value (SUPPLIES: system=...)")
    return {k: v for k, _, v in pairs}


def _fact_command(kind: str) -> Callable[..., None]:
    def command(source: str, relation: str = typer.Argument(..., help="PARTNERS_WITH, HOLDS_POSITION, ..."),
                target: str = typer.Argument(...), author: str = _AUTHOR, reason: str = _REASON,
                key: list[str] = typer.Option([], "--key", help="what tells the fact apart: name=value")) -> None:
        from foedus.graph.judgements import judge_fact

        _judge(lambda d, db: judge_fact(d, kind, source, relation, target, author, reason, key=_key(key),
                                        database=db))
    return command


judge_app.command("reject", help="A fact is not true: kept with its sources, marked rejected (disputed if "
                                 "a later document restates it).")(_fact_command("reject_fact"))
judge_app.command("confirm", help="A fact is true: marked confirmed.")(_fact_command("confirm_fact"))


@judge_app.command("set")
def set_property(entity: str, name: str = typer.Argument(..., help="name (the display name) or a declared property"),
                 value: str = typer.Argument(..., help="the value (JSON for a number or a list)"),
                 author: str = _AUTHOR, reason: str = _REASON) -> None:
    """Set an entity's display name or a property; it stays over what later documents tell."""
    from foedus.graph.judgements import judge_property

    try:
        parsed: Any = json.loads(value)
        if not isinstance(parsed, (int, float, list)) or isinstance(parsed, bool):
            parsed = value
    except json.JSONDecodeError:
        parsed = value
    _judge(lambda d, db: judge_property(d, entity, name, parsed, author, reason, database=db))


@judge_app.command("list")
def list_cmd() -> None:
    """Every judgement, oldest first."""
    from foedus.cli import _driver
    from foedus.graph.judgements import list_judgements

    with _driver() as driver:
        rows = list_judgements(driver, get_settings().neo4j_database)
    table = Table("id", "kind", "concerns", "author", "at", "reason")
    for r in rows:
        concerns = " ".join(str(r[k]) for k in ("entity", "other", "fact_source", "fact_type", "fact_target",
                                                "property_name", "property_value") if r.get(k))
        table.add_row(r["id"], r["kind"], concerns, r["author"], r["at"], r.get("reason") or "")
    out.print(table)


@judge_app.command("export")
def export_cmd(output: Path = typer.Option(None, "--output", "-o", help="file (default: standard output)")) -> None:
    """Every judgement as JSON Lines, to apply again after reloading the corpus (`foedus judge apply`)."""
    from foedus.cli import _driver
    from foedus.graph.judgements import list_judgements

    with _driver() as driver:
        rows = list_judgements(driver, get_settings().neo4j_database)
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    err.print(f"{len(rows)} judgements")


@judge_app.command("apply")
def apply_cmd(path: Path = typer.Argument(..., exists=True, dir_okay=False, help="a `foedus judge export` file")
              ) -> None:
    """Replay exported judgements (oldest first) on the graph, e.g. the corpus reloaded into an empty database."""
    from foedus.cli import _driver, _fail
    from foedus.graph.judgements import apply_judgements

    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        _fail(f"{path.name}: not JSON Lines: {exc}", 2)
    with _driver() as driver:
        done = apply_judgements(driver, rows, get_settings().neo4j_database)
    for jid, what in done:
        err.print(f"{jid}: {what}")


def _show(candidate: Any, position: int, total: int) -> None:
    names = Table.grid(padding=(0, 2))
    names.add_row("[bold]a[/bold]", candidate.a, candidate.name_a, f"[dim]{candidate.latin_a or ''}[/dim]")
    names.add_row("[bold]b[/bold]", candidate.b, candidate.name_b, f"[dim]{candidate.latin_b or ''}[/dim]")
    for line in candidate.evidence_for:
        names.add_row("[green]for[/green]", line, "", "")
    for line in candidate.evidence_against:
        names.add_row("[red]against[/red]", line, "", "")
    merged = f", merged by resolution ({candidate.merge})" if candidate.merge else ""
    out.print(Panel(names, title=f"{position}/{total}  {candidate.type}  score {candidate.score}{merged}",
                    subtitle=candidate.id))


def review(author: str = _AUTHOR,
           limit: int = typer.Option(50, min=1, max=1000, help="most pairs to walk")) -> None:
    """Walk the review queue: for each candidate pair, same, not the same, unsure, skip or quit."""
    from foedus.cli import _driver
    from foedus.graph.judgements import JudgementError
    from foedus.graph.review import judge_candidate, review_queue

    database = get_settings().neo4j_database
    answers = {"s": "same", "n": "not_same", "u": "unsure"}
    with _driver() as driver:
        queue = review_queue(driver, limit, database)
        if not queue:
            err.print("the review queue is empty")
            return
        for i, candidate in enumerate(queue, 1):
            _show(candidate, i, len(queue))
            choice = Prompt.ask("[s]ame, [n]ot the same, [u]nsure, s[k]ip, [q]uit", choices=["s", "n", "u", "k", "q"],
                                default="k", console=out)
            if choice == "q":
                break
            if choice == "k":
                continue
            reason = Prompt.ask("reason", default="", console=out) or None
            try:
                outcome = judge_candidate(driver, candidate.id, answers[choice], author, reason, database)
            except JudgementError as exc:
                err.print(f"[red]refused[/red]: {exc}")
                continue
            changed = {k: v for k, v in outcome.changed.items() if k != "candidate"}
            out.print(f"recorded {outcome.judgement['id']} ({outcome.judgement['kind']}): {changed}")
