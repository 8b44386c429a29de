"""The canned-query catalogue and a generic runner."""
from __future__ import annotations

from typing import Any

import pydantic_core
from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from foedus.api.deps import DriverDep, SettingsDep
from foedus.graph.queries import CannedQuery, catalogue
from foedus.graph.reader import run_query

router = APIRouter(prefix="/queries", tags=["queries"])


class ParamOut(BaseModel):
    name: str
    type: str
    default: Any = None
    required: bool
    description: str


class QueryOut(BaseModel):
    name: str
    summary: str
    clock: str = Field(description="which time its dates are: valid (from the texts), learned (when Foedus "
                                   "read them), both, or none, then what that means for this query")
    parameters: list[ParamOut]
    columns: list[str]
    example: dict[str, str]


class QueryResult(BaseModel):
    query: str
    parameters: dict[str, Any]
    rows: list[dict[str, Any]]
    next: str | None = Field(None, description="for a paged query, the `before` that gives the next page; null "
                                               "when this page was not full (a full last page is followed by an "
                                               "empty one)")


def describe(query: CannedQuery) -> QueryOut:
    """The public description of a canned query."""
    return QueryOut(
        name=query.name, summary=query.summary, clock=query.clock, columns=list(query.columns), example=query.example,
        parameters=[ParamOut(name=p.name, type=p.type, default=p.default, required=p.required,
                             description=p.description) for p in query.params],
    )


def json_response(data: Any) -> Response:
    """Data already JSON-ready (rows from `run_query`) as a JSON response, serialised in one pass.

    Returning a Response skips FastAPI's validation of the result against the route's model (a
    copy of every row) and its encoding in pure Python; the model still documents the route.
    """
    return Response(pydantic_core.to_json(data), media_type="application/json")


def execute(driver, settings, name: str, given: dict[str, Any]) -> QueryResult:
    """Run a read-only canned query by name with validated parameters."""
    query = catalogue().get(name)
    if query is None or query.writes:
        raise HTTPException(404, f"no canned query named {name!r}")
    bound = query.bind(given)
    if "limit" in bound:
        bound["limit"] = max(1, min(int(bound["limit"]), settings.max_page_size))
    rows = run_query(driver, query, bound, timeout=settings.query_timeout, database=settings.neo4j_database)
    next_page = None
    if rows and len(rows) == bound.get("limit") and "cursor" in query.columns \
            and any(p.type == "cursor" for p in query.params):
        next_page = rows[-1]["cursor"]
    # Built without validation: the parameters were bound above and the rows are plain values.
    return QueryResult.model_construct(query=name, parameters=bound, rows=rows, next=next_page)


@router.get("", response_model=list[QueryOut], summary="List the canned queries")
def list_queries() -> list[QueryOut]:
    """Every read-only canned query: name, summary, parameters, result columns."""
    return [describe(q) for q in catalogue().values() if not q.writes]


@router.get("/{name}", response_model=QueryResult, summary="Run one canned query",
            responses={400: {"description": "bad parameters"}, 404: {"description": "no such query"},
                       503: {"description": "Neo4j unreachable"}, 504: {"description": "query timed out"}})
def run(name: str, request: Request, driver: DriverDep, settings: SettingsDep) -> Response:
    """Run a canned query; its parameters come as query-string arguments, checked against its header."""
    return json_response(execute(driver, settings, name, dict(request.query_params)))
